#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""outputs.py — report formats, -o, exit codes, colour and scan options.

SARIF is validated against the SARIF 2.1.0 schema in tests/data (see
tests/data/SOURCE.md), JSON and JSON Lines against docs/json-schema.json,
JUnit by parsing it and checking its structure. Prints TAP-style lines.
"""
import json
import os
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET

import jsonschema

from suitelib import RINGWALL, ROOT, ringwall, status, tap

TMP = tempfile.mkdtemp(prefix="ringwall-outputs-")

FIXTURE = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  annotations:
    ringwall.io/ignore: 'image/latest-tag="vendor image, pinned upstream"'
spec:
  hostNetwork: true
  containers:
  - name: app
    image: nginx
    securityContext: {privileged: true}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      hostPID: true
      containers:
      - name: api
        image: registry.example.com/api:1.0
        securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}
"""

EXEMPT = """\
exemptions:
  - check: workload/host-pid
    name: api
    reason: "debug agent <needs> & \\"host\\" pids"
"""

CLEAN = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: b}
"""


def write(name, text, mode="w"):
    path = os.path.join(TMP, name)
    with open(path, mode) as f:
        f.write(text)
    return path


def run(*args, stdin=None, env=None, cwd=None, **kw):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    return ringwall(*args, text=False, input=stdin, env=e, cwd=cwd or ROOT, **kw)


def scan(*args, **kw):
    return run("scan", "--fail-on", "none", *args, **kw)


def load_json(p):
    try:
        return json.loads(p.stdout)
    except ValueError as e:
        return {"error": str(e), "stdout": p.stdout[:2000]}


def catalog_ids():
    p = run("checks")
    return [line.split()[0] for line in p.stdout.decode().splitlines() if line.strip()]


fixture = write("fixture.yaml", FIXTURE)
exempt = write("exempt.yaml", EXEMPT)
clean = write("clean.yaml", CLEAN)
ids = catalog_ids()


# ---------------------------------------------------------------- JSON, JSONL

def test_json():
    schema = json.load(open(os.path.join(ROOT, "docs", "json-schema.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    pss = ["--pss", "restricted"] if any(i.startswith("pss/") for i in ids) else []
    p = scan("-f", "json", *pss, "--config", exempt, fixture, os.path.join(ROOT, "examples"))
    report = load_json(p)
    errors = list(v.iter_errors(report))
    tap(p.returncode == 0 and not errors, "json: report validates against docs/json-schema.json",
        "\n".join(e.message for e in errors) or p.stderr)
    s = report.get("summary", {})
    f = report.get("findings", [])
    tap(s.get("suppressed") == sum(x["suppressed"] for x in f) == 2 and
        s.get("findings") == len(f) - 2 == sum(s.get("bySeverity", {}).values()),
        "json: summary counts active and suppressed findings", json.dumps(s))
    by = {x["check"]: x for x in f if x["suppressed"]}
    tap(by.get("image/latest-tag", {}).get("suppressedBy") == "annotation" and
        by["image/latest-tag"]["suppressionReason"] == "vendor image, pinned upstream" and
        by.get("workload/host-pid", {}).get("suppressedBy") == "config",
        "json: suppressions keep their source and reason (commas included)", json.dumps(by))

    p2 = scan("-f", "jsonl", *pss, "--config", exempt, fixture, os.path.join(ROOT, "examples"))
    lines = p2.stdout.decode().splitlines()
    finding_schema = dict(schema["$defs"]["finding"], **{"$defs": schema["$defs"]})
    fv = jsonschema.Draft202012Validator(finding_schema)
    try:
        objs = [json.loads(l) for l in lines]
        bad = [e.message for o in objs for e in fv.iter_errors(o)]
    except ValueError as e:
        objs, bad = [], [str(e)]
    def canon(findings):  # jsonl is in the order made, json in report order
        return sorted(json.dumps(x, sort_keys=True) for x in findings)
    tap(p2.returncode == 0 and not bad and canon(objs) == canon(f),
        "jsonl: one finding per line, each valid, same findings as json", "\n".join(bad[:5]))

    # findings stream out while the input is still being read
    pods = "".join(
        f"---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\nspec:\n  containers:\n"
        f"  - {{name: c, image: nginx, securityContext: {{privileged: true}}}}\n"
        for i in range(2000)).encode()
    proc = subprocess.Popen([RINGWALL, "scan", "--fail-on", "none", "-f", "jsonl", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd=ROOT)
    release = threading.Event()

    def feed():
        proc.stdin.write(pods)
        proc.stdin.flush()
        release.wait(20)
        proc.stdin.close()

    writer = threading.Thread(target=feed)
    writer.start()
    ready = select.select([proc.stdout], [], [], 15)[0]
    first = proc.stdout.readline() if ready else b""
    release.set()
    rest = proc.stdout.read()
    writer.join()
    proc.wait()
    tap(first.startswith(b'{"check":') and proc.returncode == 0 and rest.count(b"\n") > 1000,
        "jsonl: findings stream out before the input ends", first[:200])


# ---------------------------------------------------------------- SARIF

def sarif_of(*args, **kw):
    p = scan("-f", "sarif", *args, **kw)
    return p, load_json(p)


def test_sarif():
    schema = json.load(open(os.path.join(ROOT, "tests", "data", "sarif-schema-2.1.0.json")))
    v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    pss = ["--pss", "restricted"] if any(i.startswith("pss/") for i in ids) else []
    p, log = sarif_of(*pss, "--config", exempt, fixture, "examples/", "-", stdin=FIXTURE.encode())
    errors = list(v.iter_errors(log))
    tap(p.returncode == 0 and not errors, "sarif: valid against the SARIF 2.1.0 schema",
        "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10]) or p.stderr)
    p0, log0 = sarif_of(clean)
    tap(not list(v.iter_errors(log0)) and log0["runs"][0]["results"] == [],
        "sarif: a clean scan is valid with no results")
    run0 = log["runs"][0]
    driver = run0["tool"]["driver"]
    rules = driver["rules"]
    tap(driver["name"] == "ringwall" and driver.get("version") and
        driver.get("informationUri", "").startswith("https://"),
        "sarif: tool.driver has name, version, informationUri")
    tap([r["id"] for r in rules] == ids, "sarif: rules are the whole catalog, in order",
        f"{[r['id'] for r in rules]} vs {ids}")
    sev_ok = all(0.0 <= float(r["properties"]["security-severity"]) <= 10.0 and
                  r["shortDescription"]["text"] and r["fullDescription"]["text"] and
                  "Remediation" in r["help"]["text"] and r["help"]["markdown"] and
                  r["name"] and "security" in r["properties"]["tags"] for r in rules)
    tap(sev_ok, "sarif: each rule has descriptions, help with remediation, a 0-10 "
        "security-severity and tags")
    results = run0["results"]
    level = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
              "info": "note"}
    good = all(rules[r["ruleIndex"]]["id"] == r["ruleId"] and
                r["level"] == level[r["properties"]["severity"]] for r in results)
    tap(results and good, "sarif: ruleIndex points at the rule; level follows severity")
    locs = [r["locations"][0]["physicalLocation"] for r in results]
    rel = [l for l in locs if l["artifactLocation"].get("uriBaseId") == "%SRCROOT%"]
    tap(all(not l["artifactLocation"]["uri"].startswith(("/", "./")) for l in rel) and
        any(l["artifactLocation"]["uri"] == "examples/deployment.yaml" for l in rel) and
        all(l["region"]["startLine"] >= 1 and l["region"]["startColumn"] >= 1 for l in locs),
        "sarif: relative uri with uriBaseId, region with line and column",
        json.dumps(locs[:3]))
    tap(any(l["artifactLocation"]["uri"] == "%3Cstdin%3E" for l in locs),
        "sarif: the stdin input is a percent-encoded relative reference")
    absolute = os.path.join(ROOT, "examples", "deployment.yaml")
    _, log_abs = sarif_of(absolute, cwd="/")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
             for r in log_abs["runs"][0]["results"]}
    tap(uris == {absolute.lstrip("/")}, "sarif: absolute paths under the working directory "
        "become relative", uris)
    _, log_out = sarif_of(absolute, cwd=TMP)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
             for r in log_out["runs"][0]["results"]}
    tap(uris == {"file://" + absolute}, "sarif: paths outside it are file: URIs", uris)
    logical = [r["locations"][0]["logicalLocations"][0] for r in results]
    tap(all(l["fullyQualifiedName"] and l["kind"] == "resource" for l in logical) and
        any(l["fullyQualifiedName"] == "Pod/shop/web" for l in logical),
        "sarif: logical location names the object")
    sup = {r["ruleId"]: r.get("suppressions") for r in results
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] != "%3Cstdin%3E"
            and r.get("suppressions")}
    tap(sup.get("image/latest-tag") == [{"kind": "inSource", "status": "accepted",
                                         "justification": "vendor image, pinned upstream"}] and
        sup.get("workload/host-pid", [{}])[0].get("kind") == "external" and
        sup["workload/host-pid"][0]["justification"] == 'debug agent <needs> & "host" pids',
        "sarif: suppressions: inSource for annotations, external for config, with justification",
        json.dumps(sup))

    # fingerprints survive edits that move lines, and differ between findings
    fps = {(r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
             r["properties"].get("container")): r["partialFingerprints"]["ringwall/v1"]
            for r in sarif_of(fixture)[1]["runs"][0]["results"]}
    shifted = os.path.join(TMP, "shifted", "fixture.yaml")
    os.makedirs(os.path.dirname(shifted), exist_ok=True)
    edited = "# a comment\n\n" + FIXTURE.replace("  name: web\n", "  name: web\n  labels: {a: b}\n")
    shutil.copy(fixture, fixture + ".bak")
    with open(fixture, "w") as f:
         f.write(edited)
    moved = sarif_of(fixture)[1]["runs"][0]["results"]
    shutil.move(fixture + ".bak", fixture)
    fps2 = {(r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
              r["properties"].get("container")): r["partialFingerprints"]["ringwall/v1"]
             for r in moved}
    lines_moved = all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 2
                       for r in moved)
    tap(fps == fps2 and lines_moved and len(set(fps.values())) == len(fps),
        "sarif: partialFingerprints are unique and stable when lines move",
        f"{fps}\n{fps2}")
    other = write("other.yaml", FIXTURE)
    fps3 = {r["partialFingerprints"]["ringwall/v1"]
             for r in sarif_of(other)[1]["runs"][0]["results"]}
    tap(not fps3 & set(fps.values()), "sarif: the same object in another file has other "
        "fingerprints")


# ---------------------------------------------------------------- JUnit

def test_junit():
    nasty = write("nasty.yaml", """\
apiVersion: v1
kind: Pod
metadata:
  name: "a<b>&\\"c'\\x01\\x1b[31m"
  annotations:
    ringwall.io/ignore: 'workload/host-network=reason with <xml> & "quotes"'
spec:
  hostNetwork: true
  containers:
  - name: "x]]>y\\u0007"
    image: nginx
    securityContext: {privileged: true}
""")
    p = scan("-f", "junit", fixture, nasty)
    try:
        root = ET.fromstring(p.stdout)
    except ET.ParseError as e:
        tap(False, "junit: well-formed XML despite markup and control characters", e)
        return
    tap(p.returncode == 0 and root.tag == "testsuites",
        "junit: well-formed XML despite markup and control characters")
    suites = root.findall("testsuite")
    counts_ok = all(int(s.get("tests")) == len(s.findall("testcase")) and
                    int(s.get("failures")) == len(s.findall("testcase/failure")) and
                    int(s.get("skipped")) == len(s.findall("testcase/skipped")) for s in suites)
    total = sum(int(s.get("tests")) for s in suites)
    tap(counts_ok and int(root.get("tests")) == total and
        int(root.get("failures")) == sum(int(s.get("failures")) for s in suites),
        "junit: tests/failures/skipped attributes match the elements")
    families = {c.split("/")[0] for c in ids}
    names = [s.get("name") for s in suites]
    tap(set(names) <= families and len(suites) >= 2 and len(set(names)) == len(names),
        "junit: one testsuite per check family", [s.get("name") for s in suites])
    cases = root.findall(".//testcase")
    names = [(c.get("classname"), c.get("name")) for c in cases]
    tap(len(names) == len(set(names)), "junit: one testcase per check and object", names)
    priv = [c for c in cases if c.get("classname") == "workload.privileged"
            and c.find("failure") is not None]
    fail = priv[0].find("failure") if priv else None
    tap(fail is not None and fail.get("type") == "critical" and "privileged" in fail.get("message")
        and len(priv) == 2, "junit: a failure typed by severity with the message")
    nasty_case = [c for c in priv if "a<b>" in c.get("name")]
    tap(nasty_case and nasty_case[0].get("name") == "Pod/a<b>&\"c'\\x01\\x1b[31m" and
        "x]]>y\\x07" in nasty_case[0].find("failure").text,
       "junit: names and messages survive escaping; control characters shown as \\xNN",
       nasty_case and nasty_case[0].get("name"))
    skipped = [c for c in cases if c.find("skipped") is not None]
    tap(len(skipped) == 2 and any(
         'reason with <xml> & "quotes"' in c.find("skipped").get("message") for c in skipped),
        "junit: suppressed findings are skipped test cases with the reason",
        [ET.tostring(c)[:200] for c in skipped])
    passing = [c for c in cases if c.get("name") == "no findings"]
    tap(passing and all(len(c) == 0 for c in passing),
        "junit: checks that found nothing are passing test cases")
    bad = write("broken.yaml", "a: [\n")
    root2 = ET.fromstring(scan("-f", "junit", bad, fixture).stdout)
    tap(root2.find("testsuite[@name='input']/testcase/error") is not None,
        "junit: input errors show as an error test case")


# ---------------------------------------------------------------- -o FILE

def test_output_file():
    out = os.path.join(TMP, "out", "report.json")
    os.makedirs(os.path.dirname(out))
    p = scan("-f", "json", "-o", out, fixture)
    tap(p.returncode == 0 and p.stdout == b"" and json.load(open(out))["findings"],
        "-o: writes the report to the file, nothing to stdout")
    before = open(out, "rb").read()

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    p = ringwall("scan", "-f", "sarif", "-o", out, fixture, text=False, cwd=ROOT,
                 preexec_fn=limit)
    tap(p.returncode == 2 and open(out, "rb").read() == before and
        os.listdir(os.path.dirname(out)) == ["report.json"] and b"report.json" in p.stderr,
        "-o: a write error exits 2, keeps the previous report, leaves no temp file",
        f"exit {p.returncode} {os.listdir(os.path.dirname(out))} {p.stderr[-300:]}")
    p = scan("-f", "json", "-o", out, "--checks", "no/such-check", fixture)
    tap(p.returncode == 2 and open(out, "rb").read() == before,
        "-o: a usage error leaves the previous report alone")
    p = scan("-o", os.path.join(TMP, "missing", "dir", "r.txt"), fixture)
    tap(p.returncode == 2 and b"missing/dir/r.txt" in p.stderr,
        "-o: an unwritable destination exits 2 with a message")
    with open("/dev/full", "wb") as full:
        p = subprocess.run([RINGWALL, "scan", "-f", "sarif", fixture], stdout=full,
                           stderr=subprocess.PIPE, cwd=ROOT)
    tap(p.returncode == 2 and b"standard output" in p.stderr,
        "stdout: a write error exits 2", p.stderr)
    p = scan("-f", "jsonl", "-o", out, fixture, os.path.join(TMP, "nope.yaml"))
    tap(p.returncode == 2 and len(open(out).read().splitlines()) >= 3 and
        os.listdir(os.path.dirname(out)) == ["report.json"],
        "-o: an input error still writes the report of the other inputs, exit 2")


# ---------------------------------------------------------------- exit codes, options

def test_exit_codes():
    r = lambda *a: run("scan", *a).returncode  # noqa: E731
    tap(r(clean) == 0, "exit 0 on a clean scan")
    tap(r(fixture) == 1, "exit 1 with findings at or above high (the default --fail-on)")
    tap(r("--fail-on", "critical", "--skip", "workload/privileged", fixture) == 0,
        "--fail-on critical ignores high findings")
    tap(r("--fail-on", "none", fixture) == 0, "--fail-on none never fails")
    tap(r("--fail-on", "medium", "--checks", "image/latest-tag",
          "--no-annotation-ignores", fixture) == 1,
        "--fail-on medium fails on a medium finding")
    tap(r("--checks", "image/latest-tag", fixture) == 0,
        "a suppressed finding does not fail the scan")
    tap(r(write("bad.yaml", "a: b: c\n")) == 2, "exit 2 on an input error")
    for args, want, name in [
        (["--format", "xml", fixture], b"unknown format", "unknown format"),
        (["--fail-on", "severe", fixture], b"unknown severity", "unknown --fail-on severity"),
        (["--min-severity", "none", fixture], b"unknown severity", "--min-severity none"),
        (["--checks", "nope/*", fixture], b"no check matches 'nope/*'", "--checks matching nothing"),
        (["--skip", "", fixture], b"empty list", "--skip with an empty list"),
        (["--bogus", fixture], b"usage:", "unknown option"),
        ([], b"no input", "no input path"),
        (["--config", os.path.join(TMP, "none.yaml"), fixture], b"none.yaml", "missing --config"),
    ]:
        p = run("scan", *args)
        tap(p.returncode == 2 and want in p.stderr, f"usage error exits 2: {name}", p.stderr)
    tap(run("scan", "--help").returncode == 0 and b"--trusted-registry" in run("scan", "--help").stdout,
        "--help prints the options, exit 0")


def findings_of(*args):
    return load_json(scan("-f", "json", *args)).get("findings", [])


def test_selection():
    all_checks = {f["check"] for f in findings_of(fixture)}
    only = {f["check"] for f in findings_of("--checks", "workload/*", fixture)}
    tap(only and all(c.startswith("workload/") for c in only) and only < all_checks,
        "--checks glob keeps only matching checks", only)
    skipped = {f["check"] for f in findings_of("--skip", "workload/*", fixture)}
    tap(skipped == all_checks - only, "--skip glob drops matching checks", skipped)
    alias = {f["check"] for f in findings_of("--checks", "KSV-0017", fixture)}
    tap(alias == {"workload/privileged"}, "--checks takes another tool's id (alias)", alias)
    two = {f["check"] for f in findings_of("--checks", "workload/privileged, image/*", fixture)}
    tap("workload/privileged" in two and "image/latest-tag" in two and
        all(c == "workload/privileged" or c.startswith("image/") for c in two),
        "--checks takes a comma-separated list", two)
    later = {f["check"] for f in findings_of("--checks", "workload/*", "--skip",
                                             "workload/host-*", fixture)}
    tap(later and not any(c.startswith("workload/host-") for c in later),
        "--skip applies after --checks")
    report = load_json(scan("-f", "json", "--min-severity", "critical", fixture))
    tap({f["severity"] for f in report["findings"]} == {"critical"} and
        report["summary"]["filtered"] > 0, "--min-severity filters and counts what it dropped")
    d = os.path.join(TMP, "tree")
    os.makedirs(os.path.join(d, "vendor"))
    shutil.copy(fixture, os.path.join(d, "app.yaml"))
    shutil.copy(fixture, os.path.join(d, "vendor", "lib.yaml"))
    files = {f["file"] for f in findings_of("--exclude", "vendor", d)}
    tap(files == {os.path.join(d, "app.yaml")}, "--exclude skips a directory by name", files)
    files = {f["file"] for f in findings_of("--exclude", "*.yaml", d)}
    tap(files == set(), "--exclude skips files by glob")


def test_config_errors():
    cases = [
        ("unknown.yaml", "checks: [workload/*]\nchekcs: []\n", "2:1: unknown key \"chekcs\""),
        ("type.yaml", "fail-on: [high]\n", "1:10: fail-on must be a non-empty string"),
        ("sev.yaml", "severity:\n  workload/privileged: severe\n", "2:24: workload/privileged: unknown severity \"severe\""),
        ("nomatch.yaml", "skip:\n  - workload/privileged\n  - nope/*\n",
         "3:5: no check matches \"nope/*\""),
        ("reason.yaml", "exemptions:\n- check: workload/*\n  namespace: x\n",
         "2:3: an exemption needs a \"reason\""),
        ("exkey.yaml", "exemptions:\n- check: '*'\n  reason: r\n  names: x\n",
         "4:3: unknown key \"names\" in an exemption"),
        ("notmap.yaml", "- a\n", "1:1: the configuration must be a mapping"),
        ("dup.yaml", "fail-on: high\nfail-on: low\n", "2:1: duplicate key"),
        ("syntax.yaml", "checks: [a\n", "ringwall: "),
        ("bool.yaml", "annotation-ignores: maybe\n", "1:21: annotation-ignores must be true or false"),
        ("podloc.yaml", "pod-locations:\n- kind: Workflow\n", "2:3: a pod location needs"),
        ("empty.yaml", "checks: []\n", "1:9: checks is an empty list"),
        ("twodocs.yaml", "fail-on: high\n---\nfail-on: low\n", "3:1: a configuration file holds one"),
    ]
    for name, text, want in cases:
        path = write(name, text)
        p = scan("--config", path, fixture)
        err = p.stderr.decode()
        tap(p.returncode == 2 and (want == "ringwall: " and err.startswith(f"ringwall: {path}:")
                                   or f"ringwall: {path}:{want}" in err),
            f"config error with position: {name}", err)
    p = scan("--config", os.path.join(ROOT, "docs", "ringwall.yaml"), "-f", "json", fixture)
    tap(p.returncode == 0 and "findings" in load_json(p), "docs/ringwall.yaml loads", p.stderr)
    pods = write("crd.yaml", """\
apiVersion: example.io/v1
kind: Workflow
metadata: {name: wf}
spec:
  runner:
    podSpec:
      containers:
      - {name: step, image: nginx, securityContext: {privileged: true}}
""")
    conf = write("podloc-ok.yaml", "pod-locations:\n- kind: Workflow\n  path: spec.runner.podSpec\n")
    before = {f["check"] for f in findings_of(pods)}
    after = {f["check"] for f in findings_of("--config", conf, pods)}
    tap("workload/privileged" in after and "workload/privileged" not in before,
        "config pod-locations add a pod spec location for a custom resource", after)


def test_trusted_registry():
    conf = write("trusted.yaml", "trusted-registries: [registry.example.com]\n")
    p = scan("--trusted-registry", "ghcr.io/acme", "--config", conf, fixture)
    tap(p.returncode == 0, "--trusted-registry (repeatable) and trusted-registries are accepted",
        p.stderr)
    if "image/untrusted-registry" not in ids:
        return
    f = findings_of("--checks", "image/untrusted-registry", "--trusted-registry",
                    "registry.example.com", fixture)
    imgs = {x["message"] for x in f}
    tap(len(f) == 1 and "nginx" in f[0]["message"],
        "--trusted-registry feeds image/untrusted-registry", imgs)


# ---------------------------------------------------------------- text

ESC = b"\x1b["


def pty(cmd, env=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    return subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, env=e,
                          cwd=ROOT, stdin=subprocess.DEVNULL).stdout


def test_text():
    if shutil.which("script"):
        base = f"{RINGWALL} scan --fail-on none {fixture}"
        def coloured(want, name, out):
            tap((ESC in out) == want, name, repr(out[:3000]).replace("\\n", "\n"))
        coloured(True, "text: colour on a terminal", pty(base))
        coloured(False, "text: NO_COLOR turns colour off", pty(base, {"NO_COLOR": "1"}))
        coloured(True, "text: an empty NO_COLOR does not", pty(base, {"NO_COLOR": ""}))
        coloured(False, "text: --no-color turns colour off", pty(base + " --no-color"))
        tap(ESC not in pty(base + f" -o {TMP}/t.txt") and ESC not in open(f"{TMP}/t.txt", "rb").read(),
            "text: no colour in a file")
    tap(ESC not in scan(fixture).stdout, "text: no colour when piped")
    two = write("two.yaml", FIXTURE)
    out = scan(fixture, two, "-").stdout.decode() if False else \
        scan(fixture, two, "-", stdin=FIXTURE.encode()).stdout.decode()
    lines = out.splitlines()
    headers = [l for l in lines if l and not l.startswith(" ")]
    objects = [l for l in lines if l.startswith("  ") and not l.startswith("   ")]
    tap(headers[:3] == [fixture, two, "<stdin>"] and
        objects == ["  Pod/shop/web", "  Deployment/shop/api"] * 3,
        "text: grouped by file, then object, each printed once", out)
    summary = lines[-1]
    tap(re.match(r"^\d+ findings \(.*\), 3 suppressed in 6 objects from 3 files$", summary),
        "text: the summary counts suppressed findings", summary)
    evil = write("evil.yaml", 'apiVersion: v1\nkind: Pod\nmetadata: {name: "x\\e]0;pwned\\a"}\n'
                 'spec: {hostNetwork: true, containers: [{name: c, image: a/b:1}]}\n')
    out = scan(evil).stdout
    tap(b"\x1b" not in out and b"\\x1b]0;pwned\\x07" in out,
       "text: control characters from manifests are escaped", out)
    many = write("many-text.yaml", "".join(
        f"---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i % 50}, namespace: n{i}}}\n"
        f"spec:\n  hostPID: true\n  containers:\n  - {{name: c, image: nginx}}\n"
        for i in range(300)))
    out = scan(many).stdout.decode().splitlines()
    objs = [l for l in out if l.startswith("  ") and not l.startswith("   ")]
    tap(len(objs) == len(set(objs)) == 300, "text: 300 objects in one file each printed once")
    p = scan("-v", write("nokind.yaml", "a: 1\n---\n" + CLEAN))
    tap(b"skipped 1 document" in p.stderr and b"1 document without apiVersion/kind skipped"
        in p.stdout, "-v lists skipped documents", p.stderr)


def test_non_utf8_names():
    d = os.path.join(TMP, "bytes").encode()
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, b"caf\xe9-\xff.yaml")
    with open(path, "w") as f:
        f.write(FIXTURE)
    p = ringwall("scan", "--fail-on", "none", "-f", "json", d, text=False, cwd=ROOT)
    report = load_json(p)
    files = {f["file"] for f in report.get("findings", [])}
    tap(p.returncode == 0 and files and all(f.endswith("caf\ufffd-\ufffd.yaml") for f in files),
        "json: a file name that is not UTF-8 comes out as valid JSON with U+FFFD", files)
    p = ringwall("scan", "--fail-on", "none", "-f", "sarif", d, text=False, cwd=ROOT)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in load_json(p)["runs"][0]["results"]}
    tap(all(u.endswith("caf%E9-%FF.yaml") for u in uris), "sarif: such bytes are percent-encoded",
        uris)
    p = ringwall("scan", "--fail-on", "none", "-f", "junit", d, text=False, cwd=ROOT)
    try:
        ET.fromstring(p.stdout)
        parsed = True
    except ET.ParseError:
        parsed = False
    tap(parsed, "junit: such bytes become U+FFFD, the XML stays well-formed")


# ---------------------------------------------------------------- report layout

WILDCARD_RBAC = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
rules:
- {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everything}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}
subjects:
- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
"""


def test_report_layout():
    catalog = {c["id"]: c["remediation"]
               for c in load_json(run("checks", "--format", "json")).get("checks", [])}
    found = load_json(scan("-f", "json", fixture)).get("findings", [])
    tap(found and all(f.get("remediation") == catalog.get(f["check"]) for f in found),
        "json: each finding carries its check's remediation",
        [(f["check"], f.get("remediation")) for f in found][:5])
    lines = scan("--no-color", fixture).stdout.decode().splitlines()
    heads = [i for i, l in enumerate(lines) if re.match(r"^    [A-Z]+ +\S+/\S+  ", l)]
    fixes = [lines[i + 2].strip() if i + 2 < len(lines) else "" for i in heads]
    ids_shown = [lines[i].split()[1] for i in heads]
    tap(heads and fixes == [f"fix: {catalog.get(c)}" for c in ids_shown],
        "text: the remediation (fix:) under each finding", "\n".join(lines[:12]))

    b = write("b-rbac.yaml", WILDCARD_RBAC)
    a = write("a-pod.yaml", FIXTURE)
    out = scan("--no-color", b, a).stdout.decode().splitlines()
    headers = [l for l in out if l and not l.startswith(" ")][:2]
    tap(headers == [b, a], "text: files in command-line order, also when one holds only "
        "findings made at the end (RBAC)", out[:6])
    files = [f["file"] for f in load_json(scan("-f", "json", b, a)).get("findings", [])]
    tap(files and files[0] == b and files == sorted(files, key=lambda x: x != b),
        "json: findings of the first path come first", files)

    if not shutil.which("script"):
        tap(False, "progress: script(1) is needed to test a terminal")
        return
    d = os.path.join(TMP, "progress")
    os.makedirs(d, exist_ok=True)
    for i in range(200):
        with open(os.path.join(d, f"p{i:05d}.yaml"), "w") as f:
            f.write(f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\n"
                    f"spec: {{containers: [{{name: c, image: a/b:1}}]}}\n")
    # standard input last, written 0.3 s later: the scan outlasts the
    # progress interval however fast it reads the files
    last = os.path.join(TMP, "progress-last.yaml")
    with open(last, "w") as f:
        f.write("apiVersion: v1\nkind: Pod\nmetadata: {name: last}\n"
                "spec: {containers: [{name: c, image: a/b:1}]}\n")
    term = pty(f"(sleep 0.3; cat {last}) | {RINGWALL} scan --fail-on none {d} - >/dev/null")
    tap(re.search(rb"\rscanned \d+ files, \d+ objects", term) and term.endswith(b"\r\x1b[K"),
        "progress: counted on a terminal's stderr, erased at the end", term[-200:])
    p = scan(d)
    tap(b"scanned" not in p.stderr and b"\r" not in p.stderr,
        "progress: never when stderr is not a terminal", p.stderr[-200:])


def main():
    try:
         for t in (test_json, test_sarif, test_junit, test_output_file, test_exit_codes,
                   test_selection, test_config_errors, test_trusted_registry, test_text,
                   test_non_utf8_names, test_report_layout):
             try:
                 t()
             except Exception as e:  # a crash in one group must not hide the others
                 tap(False, f"{t.__name__} raised {type(e).__name__}", repr(e))
    finally:
         shutil.rmtree(TMP, ignore_errors=True)
    return status()


if __name__ == "__main__":
    sys.exit(main())
