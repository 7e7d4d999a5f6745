#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""node_fixtures.py — `ringwall node` on node filesystems built under a
temporary root (tests/node/fixture.py: manifests, kubelet config at a
non-default path, systemd unit and drop-ins, openssl-made PKI, modes and
owners), with the components found two ways: as running processes (a stub
started as kube-apiserver, kubelet, ... with their flags, read from the root's
/proc) and offline (static Pod manifests, the kubelet's systemd unit). A
hardened node passes every automated check and a weak one fails every one, for
a control-plane and a worker node; then formats, benchmark choice, input
errors, and flag-over-config precedence."""
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import jsonschema

from suitelib import ROOT, failures, ringwall, skip, status, tap

sys.path.insert(0, os.path.join(ROOT, "tests", "node"))
import fixture  # noqa: E402

with open(os.path.join(ROOT, "docs", "json-schema.json")) as f:
    SCHEMA = json.load(f)


def node(root, *args):
    return ringwall("node", "--root", root, *args)


def results(root, *args):
    p = node(root, "--format", "json", *args)
    try:
        return p, json.loads(p.stdout)
    except json.JSONDecodeError:
        return p, {"results": [], "findings": []}


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


class Processes:
    """The node's components as stub processes (argv[0] is the component)."""

    def __init__(self, stub, argvs, root):
        # the root's /proc holds the stubs' own /proc entries (the kernel's
        # cmdline files), not the whole machine's: suites running alongside
        # may start an etcd of their own
        self.procs = [subprocess.Popen(argv, executable=stub) for argv in argvs]
        self.proc = os.path.join(root, "proc")
        os.mkdir(self.proc)
        os.symlink("/proc/self", os.path.join(self.proc, "self"))
        for p in self.procs:
            os.symlink(f"/proc/{p.pid}", os.path.join(self.proc, str(p.pid)))
        # a child shows its parent's command line until it has run exec
        for p, argv in zip(self.procs, argvs):
            want = ("\0".join(argv) + "\0").encode()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and cmdline(p.pid) != want:
                time.sleep(0.01)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.terminate()
            p.wait()
        for name in os.listdir(self.proc):
            os.unlink(os.path.join(self.proc, name))
        os.rmdir(self.proc)


def verdicts(doc):
    return {r["id"]: r for r in doc["results"]}


def check_node(label, root, role, weak, running):
    p, doc = results(root)
    v = verdicts(doc)
    try:
        jsonschema.validate(doc, SCHEMA)
        valid = ""
    except jsonschema.ValidationError as e:
        valid = str(e)[:800]
    tap(not valid, f"{label}: the JSON report follows docs/json-schema.json", valid)
    tap(p.returncode == (1 if weak else 0), f"{label}: exit status {1 if weak else 0}",
        p.stderr + p.stdout[:500])
    want_targets = ["master", "etcd", "controlplane", "node"] if role == "master" else ["node"]
    tap(doc.get("targets") == want_targets, f"{label}: targets detected", doc.get("targets"))
    tap(doc.get("benchmark") == "cis-1.12", f"{label}: benchmark from the v1.32 images or newest",
        doc.get("benchmark"))
    # kube-proxy runs only as a process: offline its checks cannot tell
    absent = set() if running or role == "master" and running else {"4.1.3", "4.1.4", "4.3.1"}
    bad = []
    for r in doc["results"]:
        if r["check"].startswith("node/cis-"):
            rid = r["id"]
            manual = r["evidence"] == "manual check: review by hand"
            if manual:
                want = "WARN"
            elif rid in absent:
                want = r["status"] if r["status"] in ("INFO", "WARN") else "INFO/WARN"
            elif not weak or rid == "1.2.27":
                # the weak API server has an encryption config (identity
                # first, for 1.2.28); 1.2.27 fails in missing_encryption()
                want = "PASS"
            else:
                want = "FAIL" if r["scored"] else "WARN"
        else:
            if r["check"] == "node/no-seccomp":
                want = "PASS" if running else "INFO"
            elif r["check"] in ("node/audit-logging",) and weak:
                want = "FAIL"
            else:
                want = "FAIL" if weak else "PASS"
        if r["status"] != want:
            bad.append(f"{rid if r['check'].startswith('node/cis-') else r['check']}: "
                       f"{r['status']} (want {want}): {r['evidence']}")
    tap(not bad, f"{label}: every check gives the expected verdict ({len(doc['results'])} checks)",
        "\n".join(bad))
    return doc


def main():
    with tempfile.TemporaryDirectory() as tmp:
        stub = os.path.join(tmp, "stub")
        subprocess.run(["cc", "-O2", "-o", stub, os.path.join(ROOT, "tests", "node", "stub.c")],
                       check=True)
        roots = {}
        for role in ("master", "worker"):
            for flavour in ("hardened", "weak"):
                r = os.path.join(tmp, f"{role}-{flavour}")
                roots[role, flavour] = (r, fixture.build(r, role, flavour))
        # offline: manifests and the systemd unit
        docs = {}
        for (role, flavour), (r, _) in roots.items():
            docs[role, flavour, "offline"] = check_node(f"{role} {flavour} offline", r, role,
                                                        flavour == "weak", False)
        # running: the root's /proc is the real one, the stubs the components
        for (role, flavour), (r, argvs) in roots.items():
            with Processes(stub, argvs, r):
                docs[role, flavour, "proc"] = check_node(f"{role} {flavour} running", r, role,
                                                         flavour == "weak", True)
                if (role, flavour) == ("worker", "hardened"):
                    running_checks(r)
        detail_checks(roots, docs)
        missing_encryption(roots["master", "weak"][0])
        format_checks(roots["master", "weak"][0])
        scan_checks(roots)
        error_checks(tmp, roots)
    print(f"# {failures()} failed" if failures() else "# all passed")


def running_checks(root):
    p, doc = results(root)
    v = verdicts(doc)
    tap("/proc/" in (v["4.2.1"]["file"] or "") or "custom-config" in (v["4.2.1"]["file"] or ""),
        "running kubelet: its flags come from /proc, its settings from its --config",
        v["4.2.1"])
    tap("metricsBindAddress=127.0.0.1:10249" in v["4.3.1"]["evidence"],
        "running kube-proxy: its --config file is read", v["4.3.1"])


def detail_checks(roots, docs):
    hw = verdicts(docs["worker", "hardened", "offline"])
    tap("--read-only-port=0" in hw["4.2.4"]["evidence"],
        "flags win over the config file (readOnlyPort 10255 in the file, 0 on the command line)",
        hw["4.2.4"])
    tap("authentication.anonymous.enabled=false" in hw["4.2.1"]["evidence"] and
        "custom-config.yaml" in hw["4.2.1"]["evidence"],
        "the kubelet config is the one --config names (a non-default path, JSON)", hw["4.2.1"])
    tap(hw["4.2.1"]["status"] == "PASS",
        "ExecStart= in a drop-in resets the unit's own ExecStart (--anonymous-auth=true there)")
    ww = verdicts(docs["worker", "weak", "offline"])
    tap("--anonymous-auth=true" in ww["4.2.1"]["evidence"],
        "a flag from /etc/default/kubelet ($KUBELET_EXTRA_ARGS) overrides the file's false",
        ww["4.2.1"])
    tap("10-kubeadm.conf" in ww["4.1.1"]["evidence"], "the unit file check stats kubeadm's drop-in",
        ww["4.1.1"])
    mw = docs["master", "weak", "proc"]
    ids = {f["check"] for f in mw["findings"]}
    tap({"node/cert-expired", "node/cert-expiring", "node/weak-key"} <= ids,
        "expired, expiring and 1024-bit certificates are findings", sorted(ids))
    expired = [f for f in mw["findings"] if f["check"] == "node/cert-expired"]
    tap(expired and expired[0]["file"] == "/etc/kubernetes/pki/front-proxy-ca.crt",
        "a certificate finding names its file", expired)
    tap(all(f["severity"] == "critical" for f in expired), "an expired certificate is critical")
    weak = [f for f in mw["findings"] if f["check"] == "node/weak-key"]
    tap(any(f["file"] == "/etc/kubernetes/pki/sa.key" and "RSA 1024 bits" in f["message"]
            for f in weak), "a 1024-bit key without a certificate is judged itself", weak)
    mv = verdicts(mw)
    tap(mv["1.1.12"]["evidence"].endswith("owner root:root"),
        "file owners are named from the node's own /etc/passwd and /etc/group", mv["1.1.12"])
    tap(mv["1.2.28"]["status"] == "WARN" and "identity" in mv["1.2.28"]["evidence"],
        "identity first in the encryption config is seen", mv["1.2.28"])
    tap(mv["node/encryption-at-rest"]["status"] == "FAIL", "encryption at rest: identity first fails")
    tap("/proc/" in (mv["1.2.15"]["file"] or ""), "running API server: flags read from /proc",
        mv["1.2.15"])


def missing_encryption(root):
    path = root + "/etc/kubernetes/manifests/kube-apiserver.yaml"
    text = open(path).read()
    with open(path, "w") as f:
        f.write("".join(l for l in text.splitlines(True) if "--encryption-provider-config" not in l))
    p, doc = results(root, "--targets", "master")
    v = verdicts(doc)
    tap(v["1.2.27"]["status"] == "WARN" and "not set" in v["1.2.27"]["evidence"],
        "no --encryption-provider-config: 1.2.27 warns", v["1.2.27"])
    tap(v["node/encryption-at-rest"]["status"] == "FAIL" and
        "not set" in v["node/encryption-at-rest"]["evidence"],
        "no --encryption-provider-config: node/encryption-at-rest fails",
        v["node/encryption-at-rest"])
    with open(path, "w") as f:
        f.write(text)


def scan_findings(*paths):
    p = ringwall("scan", "--format", "json", "--fail-on", "none", *paths)
    try:
        return json.loads(p.stdout)["findings"]
    except json.JSONDecodeError:
        return [{"check": "scan failed", "message": p.stderr}]


def scan_checks(roots):
    """`ringwall scan` applies the same definitions to the manifests."""
    control_plane = ("1.2.", "1.3.", "1.4.", "2.")
    for flavour in ("weak", "hardened"):
        root = roots["master", flavour][0]
        found = scan_findings(root + "/etc/kubernetes/manifests",
                              root + "/etc/kubernetes/kubelet/custom-config.yaml")
        scanned = {f["check"][len("node/cis-"):] for f in found
                   if f["check"].startswith("node/cis-")}
        p, doc = results(root)
        failed = {r["id"] for r in doc["results"] if r["status"] == "FAIL"
                  and r["id"].startswith(control_plane)}
        tap({i for i in scanned if i.startswith(control_plane)} == failed,
            f"scan of the {flavour} static Pods fails the control-plane checks node fails",
            f"scan only: {sorted(scanned - failed)}; node only: {sorted(failed - scanned)}")
        kubelet = {i for i in scanned if i.startswith("4.")}
        want = {"4.2.2", "4.2.3", "4.2.6", "4.2.10"} if flavour == "weak" else set()
        tap(kubelet == want, f"scan of the {flavour} KubeletConfiguration: its keys judged",
            sorted(kubelet))
    weak = roots["master", "weak"][0]
    f = [x for x in scan_findings(weak + "/etc/kubernetes/manifests/kube-apiserver.yaml")
         if x["check"] == "node/cis-1.2.15"]
    tap(f and f[0]["path"].startswith("spec.containers[0].command[") and f[0]["line"] > 1 and
        f[0]["severity"] == "low", "scan: a flag finding points at the flag's line", f)


def format_checks(root):
    p = node(root, "--format", "kube-bench-json")
    try:
         kb = json.loads(p.stdout)
    except json.JSONDecodeError:
         kb = {}
    controls = kb.get("Controls", [])
    tap([c["id"] for c in controls] == ["1", "2", "3", "4"] and
        all(c["version"] == "cis-1.12" for c in controls),
        "kube-bench-json: one control per target", [c.get("id") for c in controls])
    res = [r for c in controls for t in c["tests"] for r in t["results"]]
    tap(res and all({"test_number", "test_desc", "status", "remediation", "scored",
                     "expected_result", "actual_value"} <= set(r) for r in res),
        "kube-bench-json: results carry kube-bench's fields", res[:1])
    tot = kb.get("Totals", {})
    tap(tot.get("total_fail") == sum(1 for r in res if r["status"] == "FAIL") and
        tot.get("total_pass", -1) + tot.get("total_fail", 0) + tot.get("total_warn", 0) +
        tot.get("total_info", 0) == len(res), "kube-bench-json: totals add up", tot)
    p = node(root, "--format", "sarif")
    try:
         sarif = json.loads(p.stdout)
         rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
         sres = sarif["runs"][0]["results"]
    except (json.JSONDecodeError, KeyError, IndexError):
         rules, sres = set(), []
    tap("node/cis-1.2.15" in rules and any(r["ruleId"] == "node/cis-1.2.15" for r in sres),
        "sarif: node checks as rules and results")
    p = node(root, "--format", "junit")
    try:
         tree = ET.fromstring(p.stdout)
         fails = len(tree.findall(".//failure"))
    except ET.ParseError:
         fails = -1
    tap(fails > 50, "junit: failures for the failed checks", fails)
    p = node(root)
    tap("[FAIL] 1.2.15" in p.stdout and "seen: kube-apiserver: --profiling=true" in p.stdout,
        "text: verdict, evidence and fix", p.stdout[:400])
    out = os.path.join(os.path.dirname(root), "report.json")
    p = node(root, "--format", "json", "-o", out)
    tap(p.returncode == 1 and json.load(open(out))["benchmark"] == "cis-1.12",
        "-o writes the report to a file")


def error_checks(tmp, roots):
    master = roots["master", "hardened"][0]
    p, doc = results(master, "--kubernetes-version", "v1.30.4")
    tap(doc.get("benchmark") == "cis-1.11" and "4.2.15" in verdicts(doc),
        "--kubernetes-version 1.30 maps to cis-1.11 (as kube-bench's config.yaml)")
    p, doc = results(master, "--benchmark", "cis-1.11", "--targets", "etcd")
    tap(doc.get("targets") == ["etcd"] and
        all(r["id"].startswith("2.") for r in doc["results"] if r["check"].startswith("node/cis")),
        "--targets limits the sections run", doc.get("targets"))
    p = node(master, "--benchmark", "cis-0.1")
    tap(p.returncode == 2 and "unknown benchmark" in p.stderr, "unknown benchmark: exit 2", p.stderr)
    p = node(os.path.join(tmp, "no-such-root"))
    tap(p.returncode == 2 and "no-such-root: No such file or directory" in p.stderr,
        "a --root that does not exist: exit 2", p.stderr)
    p = node(master, "--targets", "moon")
    tap(p.returncode == 2 and "unknown target" in p.stderr, "unknown target: exit 2", p.stderr)
    p = node(master, "--kubernetes-version", "1.20")
    tap(p.returncode == 2, "a version no built-in benchmark covers: exit 2", p.stderr)
    broken = roots["worker", "weak"][0]
    cfg = broken + "/etc/kubernetes/kubelet/custom-config.yaml"
    with open(cfg, "w") as f:
         f.write("kind: KubeletConfiguration\nauthentication: [unclosed\n")
    p = node(broken)
    tap(p.returncode == 2 and "custom-config.yaml:3:1:" in p.stderr or
        ("custom-config.yaml:" in p.stderr and p.returncode == 2),
        "a kubelet config that does not parse: FILE:LINE:COL, exit 2", p.stderr)
    bare = os.path.join(tmp, "bare")
    os.makedirs(bare + "/proc/self")
    with open(bare + "/proc/self/status", "w") as f:
         f.write("Name:\tx\nState:\tR\n")
    p, doc = results(bare)
    v = verdicts(doc)
    tap(v.get("node/no-seccomp", {}).get("status") == "FAIL",
        "a kernel without seccomp fails node/no-seccomp", v.get("node/no-seccomp"))
    tap(doc.get("targets") == [] and p.returncode == 1, "an empty node: no target detected",
        doc.get("targets"))


if os.geteuid() != 0:  # the fixtures chown files to root, etcd and nobody
    skip("node fixtures", "needs root (file owners)")
else:
    main()
sys.exit(status())
