#!/usr/bin/env python3
# asan: skip (reads data files and a generator; runs no ringwall binary)
"""node_crosscheck.py — ringwall's CIS node definitions (data/node/) against
kube-bench's (../shared/conformance/kube-bench-cfg), check by check, for
cis-1.11 and cis-1.12 sections 1-4: the same checks, manual or scored alike,
and for each test the same flag (or config key), comparison and value, or
the same file, permission mask and owner. Every difference is listed below
with its reason; one not listed fails, and so does a listed one that is gone.
Also: src/node/node_defs.c is what data/node/gen_defs.py makes of the data."""
import os
import subprocess
import sys
import tempfile

import yaml

from suitelib import ROOT, status, tap

REF = os.path.join(ROOT, "..", "shared", "conformance", "kube-bench-cfg")
sys.path.insert(0, os.path.join(ROOT, "data", "node"))
import gen_defs  # noqa: E402

BENCHMARKS = ["cis-1.11", "cis-1.12"]
FILES = ["master", "etcd", "controlplane", "node"]

# kube-bench's comparison operators in ringwall's words
OPS = {None: "present", "eq": "is", "noteq": "is-not", "has": "contains", "nothave": "lacks",
       "gte": "at-least", "valid_elements": "only-from"}

# the shell variable a kube-bench file check stats -> ringwall's file role
FILE_ROLES = {
    "$apiserverconf": "apiserver-manifest", "$controllermanagerconf": "controller-manager-manifest",
    "$schedulerconf": "scheduler-manifest", "$etcdconf": "etcd-manifest",
    "cni-conf-dir": "cni-files", "$etcddatadir": "etcd-data-dir",
    "admin.conf": "admin-kubeconfigs", "$schedulerkubeconfig": "scheduler-kubeconfig",
    "$controllermanagerkubeconfig": "controller-manager-kubeconfig",
    "-name '*.crt'": "pki-certificates", "-name '*.key'": "pki-keys",
    "/etc/kubernetes/pki/": "pki-files", "$kubeletsvc": "kubelet-service",
    "$proxykubeconfig": "proxy-kubeconfig", "$kubeletkubeconfig": "kubelet-kubeconfig",
    "--client-ca-file": "kubelet-client-ca", "$kubeletconf": "kubelet-config",
}
COMPONENTS = {"$apiserverbin": "apiserver", "$controllermanagerbin": "controller-manager",
              "$schedulerbin": "scheduler", "$etcdbin": "etcd", "$kubeletbin": "kubelet",
              "$proxybin": "proxy"}

# Where ringwall's definition says something else than kube-bench's, and why.
# (id -> reason), for both benchmarks unless the id is "benchmark:id".
DIFFERENCES = {
    "1.2.28": "kube-bench greps the encryption config for the word after 'providers:'; ringwall "
              "parses the file and takes the first provider of the resources entry that covers "
              "secrets (fact encryption-provider), which is what the API server uses",
    "4.2.11": "kube-bench looks for a flag named RotateKubeletServerCertificate; the setting is a "
              "feature gate, read inside --feature-gates (gate) or featureGates in the config",
    "4.2.12": "kube-bench reads tlsCipherSuites with a jsonpath range joining with commas; ringwall "
              "reads the list at key tlsCipherSuites and joins it the same way",
}


def kube_bench_checks(bench):
    for f in FILES:
        with open(os.path.join(REF, bench, f + ".yaml")) as fh:
            doc = yaml.safe_load(fh)
        for g in doc["groups"]:
            for c in g["checks"]:
                yield f, c


def file_role(audit):
    # the most specific marker wins (find ... -name '*.crt' also names the directory)
    hits = [role for mark, role in FILE_ROLES.items() if mark in audit]
    for role in ("pki-certificates", "pki-keys", "cni-files", "etcd-data-dir",
                 "kubelet-client-ca"):
        if role in hits:
            return role
    return hits[0] if hits else None


def text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return None if v is None else str(v)


def reference_shape(target, c):
    """kube-bench's check as (kind, facts) in ringwall's terms."""
    manual = c.get("type") == "manual"
    shape = {"id": str(c["id"]), "target": target, "scored": bool(c.get("scored")),
             "manual": manual}
    items = (c.get("tests") or {}).get("test_items") or []
    if manual or not items:
        shape["manual"] = True
        return shape
    audit = c.get("audit") or ""
    first = items[0]
    if first["flag"] in ("permissions", "ownership") or ":" in first["flag"]:
        shape["file"] = file_role(audit)
        for it in items:
            cmp_ = it.get("compare") or {}
            if it["flag"] == "permissions":
                shape["mode"] = str(cmp_["value"])
            elif it["flag"] == "File not found":
                shape["missing"] = "pass"
            else:
                shape["owner"] = cmp_.get("value", it["flag"])
        return shape
    shape["component"] = next((v for k, v in COMPONENTS.items() if k in audit), None)
    tests = []
    for it in items:
        cmp_ = it.get("compare") or {}
        op = cmp_.get("op")
        t = {"flag": it["flag"]}
        if it.get("path"):
            t["key"] = it["path"].strip("{}").lstrip(".")
        if it.get("set") is False and not op:
            t["op"] = "absent"
        else:
            t["op"] = OPS[op]
            if op:
                t["value"] = text(cmp_["value"])
        tests.append(t)
    shape["combine"] = "any" if (c["tests"].get("bin_op") == "or" and len(tests) > 1) else "all"
    shape["tests"] = tests
    return shape


def ringwall_shape(c):
    shape = {"id": c["id"], "target": c["target"], "scored": bool(c.get("scored")),
             "manual": bool(c.get("manual"))}
    if shape["manual"]:
        return shape
    if "file" in c:
        shape["file"] = c["file"]
        for k in ("mode", "owner", "missing"):
            if k in c:
                shape[k] = str(c[k])
        return shape
    shape["component"] = c["component"]
    items = [c["test"]] if "test" in c else c.get("any") or c.get("all")
    shape["combine"] = "any" if "any" in c and len(items) > 1 else "all"
    tests = []
    for t in items:
        out = {k: t[k] for k in ("flag", "gate", "fact") if k in t}
        if "key" in t:
            out["key"] = t["key"]
        out["op"] = t["op"]
        if "value" in t:
            out["value"] = text(t["value"])
        tests.append(out)
    shape["tests"] = tests
    return shape


def main():
    seen_differences = set()
    for bench in BENCHMARKS:
        mine = {c["id"]: c for c in gen_defs.load(os.path.join(ROOT, "data", "node"), bench)["checks"]}
        ref_ids, automated, unexplained = [], 0, []
        for target, c in kube_bench_checks(bench):
            ref = reference_shape(target, c)
            ref_ids.append(ref["id"])
            if not ref["manual"] and "(Automated)" in c["text"]:
                automated += 1
            if ref["id"] not in mine:
                unexplained.append(f"{ref['id']}: missing from ringwall's data")
                continue
            have = ringwall_shape(mine[ref["id"]])
            if have != ref:
                if ref["id"] in DIFFERENCES:
                    seen_differences.add(ref["id"])
                else:
                    unexplained.append(f"{ref['id']}:\n  kube-bench {ref}\n  ringwall   {have}")
        extra = sorted(set(mine) - set(ref_ids))
        tap(not unexplained, f"{bench}: {len(ref_ids)} checks of sections 1-4 "
            f"({automated} automated) match kube-bench's flag, comparison and value",
            "\n".join(unexplained))
        tap(not extra, f"{bench}: no check that kube-bench's definitions lack", extra)
        tap(automated >= 60, f"{bench}: every automated check covered ({automated})")
    stale = sorted(set(DIFFERENCES) - seen_differences)
    tap(not stale, "every listed difference is still a difference", stale)
    for k, why in sorted(DIFFERENCES.items()):
        print(f"# difference {k}: {why}")

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "node_defs.c")
        subprocess.run([sys.executable, os.path.join(ROOT, "data", "node", "gen_defs.py"),
                        os.path.join(ROOT, "data", "node"), "cis-1.12,cis-1.11", out], check=True)
        with open(out) as a, open(os.path.join(ROOT, "src", "node", "node_defs.c")) as b:
            tap(a.read() == b.read(), "src/node/node_defs.c is fresh (make node-defs)")


main()
sys.exit(status())
