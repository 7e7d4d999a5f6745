#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""audit_builtin.py — ringwall's built-in audit rules and the audit command.

1. Every row of tests/audit/EXPECTED.tsv: the case file run with the built-in
   rules gives exactly the listed alert counts and nothing else.
2. Every built-in rule has a case where it fires and one where it must not,
   and a row in `ringwall checks` with the same id.
3. Decoding: the same events as JSON lines, gzip, an EventList, a JSON array,
   AKS and GKE records and standard input give the same alerts; a malformed
   line is reported with file:line and skipped; exit statuses; output formats.
4. src/audit/audit_builtin.c is what data/audit/gen_builtin.py makes of
   data/audit/builtin_rules.yaml.
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile

from suitelib import ROOT, prefixed, present, ringwall, status

CASES = os.path.join(ROOT, "tests", "audit")
tap = prefixed("audit ")


def audit(args, stdin=None):
    return ringwall("audit", *args, input=stdin)


def counts(stdout):
    c = {}
    for line in stdout.splitlines():
        if line.strip():
            r = json.loads(line)["rule"]
            c[r] = c.get(r, 0) + 1
    return c


def check_cases():
    rows = []
    with open(os.path.join(CASES, "EXPECTED.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                rows.append(line.rstrip("\n").split("\t"))
    fires, quiet = set(), set()
    for name, expect in rows:
        want = {}
        if expect != "-":
            for pair in expect.split(","):
                rule, n = pair.rsplit("=", 1)
                want[rule] = int(n)
                (fires if int(n) else quiet).add(rule)
        p = audit(["--format", "jsonl", os.path.join(CASES, name)])
        got = counts(p.stdout)
        expected_rc = 1 if any(want.values()) else 0
        bad = [f"{r}: want {n}, got {got.get(r, 0)}" for r, n in want.items()
               if got.get(r, 0) != n]
        bad += [f"unexpected {r}={n}" for r, n in got.items() if r not in want]
        if p.returncode != expected_rc:
            bad.append(f"exit {p.returncode}, want {expected_rc}: {p.stderr.strip()}")
        tap(not bad, f"case {name}", "\n".join(bad))
    return fires, quiet


def check_coverage(fires, quiet):
    p = audit(["rules"])
    rules = [line.split()[1] for line in p.stdout.splitlines() if line.split()[:1] and
             line.split()[0] in ("Emergency", "Alert", "Critical", "Error", "Warning",
                                 "Notice", "Informational", "Debug")]
    tap(p.returncode == 0 and len(rules) == 13, "rules lists the 13 built-in rules", p.stdout)
    checks = ringwall("checks").stdout
    ids = {line.split()[0] for line in checks.splitlines() if line.startswith("audit/")}
    for r in rules:
        missing = [what for what, ok in (("a case that fires", r in fires),
                                         ("a case that does not", r in quiet),
                                         ("a checks row", r in ids)) if not ok]
        tap(not missing, f"built-in {r} has cases and a catalog row", ", ".join(missing))
    tap(ids == set(rules), "catalog audit rows match the built-in rules",
        f"only in catalog: {ids - set(rules)}; only in rules: {set(rules) - ids}")


def event(aid, **extra):
    e = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "auditID": aid,
         "stage": "ResponseComplete", "verb": "get", "user": {"username": "alice"},
         "objectRef": {"resource": "secrets", "namespace": "prod", "name": f"s-{aid}"},
         "responseStatus": {"code": 200}, "stageTimestamp": "2026-11-30T10:00:00Z"}
    e.update(extra)
    return e


def check_formats(tmp):
    evs = [event("f1"), event("f2")]
    lines = "".join(json.dumps(e) + "\n" for e in evs)
    paths = {}

    def put(name, data, opener=open, mode="w"):
        path = os.path.join(tmp, name)
        with opener(path, mode) as f:
            f.write(data)
        paths[name] = path

    put("lines.jsonl", lines)
    put("lines.jsonl.gz", lines.encode(), gzip.open, "wb")
    put("list.json", json.dumps({"kind": "EventList", "apiVersion": "audit.k8s.io/v1",
                                 "items": evs}, indent=2))
    put("array.json", json.dumps(evs, indent=1))
    put("aks.jsonl", "".join(json.dumps({"category": "kube-audit",
                                         "properties": {"log": json.dumps(e)}}) + "\n"
                             for e in evs))
    gke = [{"insertId": f"g{i}", "timestamp": "2026-11-30T10:00:00Z",
            "protoPayload": {"methodName": "io.k8s.core.v1.secrets.get",
                             "resourceName": f"core/v1/namespaces/prod/secrets/s{i}",
                             "authenticationInfo": {"principalEmail": "alice"},
                             "requestMetadata": {"callerIp": "1.2.3.4"}}} for i in (1, 2)]
    put("gke.jsonl", "".join(json.dumps(r) + "\n" for r in gke))
    v1beta1 = [dict(e, apiVersion="audit.k8s.io/v1beta1") for e in evs]
    put("v1beta1.jsonl", "".join(json.dumps(e) + "\n" for e in v1beta1))
    for name, path in paths.items():
        p = audit(["--format", "jsonl", path])
        got = counts(p.stdout)
        tap(p.returncode == 1 and got == {"audit/secret-read-by-user": 2},
            f"decodes {name}", f"exit {p.returncode} {got} {p.stderr}")
    p = audit(["--format", "jsonl", "-"], stdin=lines)
    tap(counts(p.stdout) == {"audit/secret-read-by-user": 2} and
        '"source":"<stdin>:2"' in p.stdout.replace(" ", ""), "reads standard input", p.stdout)

    put("bad.jsonl", json.dumps(evs[0]) + "\n{\"kind\": \"Event\", \n" + json.dumps(evs[1]) +
        "\n{\"kind\": 0}\n")
    p = audit(["--format", "jsonl", paths["bad.jsonl"]])
    tap(p.returncode == 1 and counts(p.stdout) == {"audit/secret-read-by-user": 2} and
        "bad.jsonl:2:" in p.stderr and "bad.jsonl:4:" in p.stderr,
        "malformed lines are reported with file:line and skipped",
        f"exit {p.returncode}\n{p.stdout}\n{p.stderr}")

    put("long.jsonl", json.dumps(evs[0]) + "\n" + '{"kind": "Event", "x": "' +
        "a" * (65 << 20) + '"}\n' + json.dumps(evs[1]) + "\n")
    p = audit(["--format", "jsonl", paths["long.jsonl"]])
    tap(p.returncode == 1 and counts(p.stdout) == {"audit/secret-read-by-user": 2} and
        "long.jsonl:2: a line is longer than" in p.stderr and "long.jsonl:3" in p.stdout,
        "a line over the 64 MiB document limit is reported and skipped",
        f"exit {p.returncode}\n{p.stderr}")
    os.unlink(paths["long.jsonl"])

    stages = [event("s1", stage="ResponseStarted"), event("s1"), event("s1", stage="Panic")]
    put("stages.jsonl", "".join(json.dumps(e) + "\n" for e in stages))
    p = audit(["--format", "jsonl", paths["stages.jsonl"]])
    tap(counts(p.stdout) == {"audit/secret-read-by-user": 1},
        "an event at several stages alerts once", p.stdout)

    p = audit(["--format", "jsonl", paths["lines.jsonl"]])
    a = json.loads(p.stdout.splitlines()[0])
    want = {"rule", "priority", "auditID", "time", "output", "source", "user", "verb", "object"}
    tap(want <= set(a) and a["source"].endswith("lines.jsonl:1") and a["auditID"] == "f1"
        and a["user"] == "alice" and a["verb"] == "get", "jsonl alert fields", a)
    p = audit(["--format", "falco", paths["lines.jsonl"]])
    a = json.loads(p.stdout.splitlines()[0])
    tap({"time", "rule", "priority", "output", "output_fields"} <= set(a) and
        a["output_fields"].get("ka.user.name") == "alice", "falco alert layout", a)
    p = audit(["--format", "json", paths["lines.jsonl"]])
    doc = json.loads(p.stdout)
    tap(len(doc["alerts"]) == 2 and doc["summary"]["events"] == 2, "json report", p.stdout)
    out = os.path.join(tmp, "alerts.txt")
    p = audit(["-o", out, paths["lines.jsonl"]])
    with open(out, encoding="utf-8") as f:
        text = f.read()
    tap(p.returncode == 1 and p.stdout == "" and text.count("audit/secret-read-by-user") == 2,
        "-o writes the text alerts to a file", text)

    p = audit(["--fail-on", "warning", paths["lines.jsonl"]])
    tap(p.returncode == 0, "--fail-on above the alerts' priority exits 0", p.returncode)
    p = audit(["--fail-on", "none", paths["lines.jsonl"]])
    tap(p.returncode == 0 and p.stdout.count("audit/secret-read-by-user") == 2,
        "--fail-on none reports and exits 0", p.returncode)
    p = audit(["--fail-on", "loud", paths["lines.jsonl"]])
    tap(p.returncode == 2 and "usage" in p.stderr, "an unknown --fail-on is a usage error")
    p = audit([os.path.join(tmp, "missing.jsonl")])
    tap(p.returncode == 2, "an unreadable log exits 2", p.stderr)
    p = audit([])
    tap(p.returncode == 2 and "usage" in p.stderr, "no log is a usage error", p.stderr)
    p = audit(["--help"])
    tap(p.returncode == 0 and "Exit status" in p.stdout, "--help names the exit statuses")
    put("broken_rules.yaml", "- rule: x\n  condition: ka.nosuch = 1\n  output: o\n"
                             "  priority: WARNING\n  source: k8s_audit\n")
    p = audit(["--rules", paths["broken_rules.yaml"], paths["lines.jsonl"]])
    tap(p.returncode == 2 and "broken_rules.yaml:1:" in p.stderr and "ka.nosuch" in p.stderr,
        "a rule with an unknown field is an error at its file:line", p.stderr)
    put("mine.yaml", "- rule: mine\n  condition: ka.verb = get\n  output: got %ka.target.name"
                     " %ka.impuser.name\n  priority: INFO\n  source: k8s_audit\n")
    p = audit(["--format", "jsonl", "--rules", paths["mine.yaml"], paths["lines.jsonl"]])
    got = counts(p.stdout)
    tap(got == {"mine": 2} and "got s-f1 <NA>" in p.stdout, "--rules replaces the built-ins",
        p.stdout)
    p = audit(["--format", "jsonl", "--rules", paths["mine.yaml"], "--builtin",
               paths["lines.jsonl"]])
    tap(counts(p.stdout) == {"mine": 2, "audit/secret-read-by-user": 2},
        "--builtin adds them back", p.stdout)


def check_generated():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "gen.c")
        subprocess.run([sys.executable, os.path.join(ROOT, "data", "audit", "gen_builtin.py"),
                        os.path.join(ROOT, "data", "audit", "builtin_rules.yaml"), out],
                       check=True)
        with open(out, encoding="utf-8") as a, \
                open(os.path.join(ROOT, "src", "audit", "audit_builtin.c"),
                     encoding="utf-8") as b:
            tap(a.read() == b.read(), "audit_builtin.c is generated from builtin_rules.yaml"
                " (run make builtin-rules)")


def main():
    if not present(os.path.join(CASES, "EXPECTED.tsv"), "audit built-in cases"):
        return status()
    fires, quiet = check_cases()
    check_coverage(fires, quiet)
    with tempfile.TemporaryDirectory() as tmp:
        check_formats(tmp)
    check_generated()
    return status()


if __name__ == "__main__":
    sys.exit(main())
