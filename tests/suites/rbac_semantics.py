#!/usr/bin/env python3
"""tests/suites/rbac_semantics.py — authorizer semantics of `ringwall rbac`:
who-can / can-i / paths answers over tests/rbac/cluster.yaml, as data.
Rows give the command's arguments and the expected verdict, subjects or
path sources."""
import json
import os
import subprocess
import sys

RINGWALL = os.environ.get("RINGWALL", "./ringwall")
ROOT = os.environ.get("RINGWALL_ROOT", ".")
CLUSTER = os.path.join(ROOT, "tests", "rbac", "cluster.yaml")

# (name, can-i arguments, exit status: 0 allowed, 1 denied)
CAN_I = [
    ("resourceNames allow get by name", ["User:alice", "get", "secrets", "-n", "prod", "--name", "db-password"], 0),
    ("resourceNames deny another name", ["User:alice", "get", "secrets", "-n", "prod", "--name", "other"], 1),
    ("resourceNames never allow list", ["User:alice", "list", "secrets", "-n", "prod"], 1),
    ("RoleBinding to ClusterRole: its namespace", ["User:bob", "get", "pods", "-n", "dev"], 0),
    ("RoleBinding to ClusterRole: not elsewhere", ["User:bob", "get", "pods", "-n", "prod"], 1),
    ("subresource listed explicitly", ["User:bob", "get", "pods/log", "-n", "dev"], 0),
    ("subresource not implied by resource", ["User:bob", "get", "pods/exec", "-n", "dev"], 1),
    ("--subresource form", ["User:bob", "get", "pods", "--subresource", "log", "-n", "dev"], 0),
    ("*/status matches any resource's status", ["Group:monitoring", "update", "deployments.apps/status", "-n", "x"], 0),
    ("*/status is not the resource itself", ["Group:monitoring", "update", "deployments.apps", "-n", "x"], 1),
    ("non-resource URL exact", ["Group:monitoring", "get", "/metrics"], 0),
    ("non-resource URL trailing star", ["Group:monitoring", "get", "/logs/kube-apiserver.log"], 0),
    ("non-resource URL no prefix match without star", ["Group:monitoring", "get", "/metrics/cadvisor"], 1),
    ("SA subject namespace defaults to the RoleBinding's", ["system:serviceaccount:ci:builder", "get", "pods", "-n", "ci"], 0),
    ("SA subject without namespace in a ClusterRoleBinding matches no one", ["ServiceAccount:default/nowhere", "get", "/metrics"], 1),
    ("implicit group system:serviceaccounts:NS", ["ServiceAccount:dev/anyone", "get", "configmaps", "-n", "dev"], 0),
    ("implicit group is per namespace", ["ServiceAccount:prod/anyone", "get", "configmaps", "-n", "dev"], 1),
    ("implicit group system:authenticated (users)", ["User:zoe", "list", "namespaces"], 0),
    ("implicit group system:authenticated (service accounts)", ["ServiceAccount:x/y", "list", "namespaces"], 0),
    ("system:anonymous is not authenticated", ["User:system:anonymous", "list", "namespaces"], 1),
    ("cluster-scoped resource ignores -n", ["User:zoe", "list", "namespaces", "-n", "prod"], 0),
    ("aggregation, chained through an aggregated role", ["User:carol", "list", "endpoints", "-n", "a"], 0),
    ("aggregation replaces the aggregated role's own rules", ["User:carol", "get", "endpoints", "-n", "a"], 1),
    ("default role from the bootstrap policy (view)", ["User:dave", "list", "deployments", "-n", "prod"], 0),
    ("default view role cannot read secrets", ["User:dave", "get", "secrets", "-n", "prod"], 1),
    ("binding to a missing role grants nothing", ["User:frank", "get", "pods", "-n", "prod"], 1),
]

# (name, who-can arguments, subjects that must appear, subjects that must not)
WHO_CAN = [
    ("who-can in a namespace", ["get", "pods", "-n", "dev"], {"User:bob", "ServiceAccount:prod/admin-sa"}, {"ServiceAccount:ci/builder"}),
    ("who-can all namespaces", ["get", "pods", "-A"], {"User:bob", "ServiceAccount:ci/builder", "User:dave"}, {"User:alice"}),
    ("who-can with a name", ["get", "secrets", "-n", "prod", "--name", "db-password"], {"User:alice"}, {"User:dave"}),
    ("who-can non-resource URL", ["get", "/metrics"], {"Group:monitoring"}, {"ServiceAccount:/nowhere"}),
]

# path source → words its steps must contain
PATHS = {
    "ServiceAccount ci/deployer": ["create pods", "ServiceAccount prod/admin-sa"],
    "User erin": ["nodes/proxy", "Deployment ops/runner", "bind"],
    "ServiceAccount ops/runner": ["bind"],
    "ServiceAccount prod/admin-sa": ["'*' on '*'"],
}
NO_PATH = ["User bob", "User alice", "User carol"]


def run(args):
    p = subprocess.run([RINGWALL, "rbac"] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def key(grant):
    s = grant["subject"]
    if s["kind"] == "ServiceAccount":
        return f"ServiceAccount:{s.get('namespace', '')}/{s['name']}"
    return f"{s['kind']}:{s['name']}"


def report(ok, name, detail=""):
    print(f"{'ok' if ok else 'not ok'} - {name}")
    if not ok and detail:
        print("  " + detail.replace("\n", "\n  "))


def main():
    for name, args, want in CAN_I:
        rc, out, err = run(["can-i", "--format", "json"] + args + [CLUSTER])
        ok = rc == want and json.loads(out or "{}").get("allowed") == (want == 0)
        report(ok, f"can-i: {name}", f"exit {rc}, want {want}\n{out}{err}")
    for name, args, want, unwanted in WHO_CAN:
        rc, out, err = run(["who-can", "--format", "json"] + args + [CLUSTER])
        got = {key(g) for g in json.loads(out)["grants"]} if rc == 0 else set()
        ok = rc == 0 and want <= got and not (unwanted & got)
        report(ok, f"who-can: {name}", f"got {sorted(got)}, want {sorted(want)} without {sorted(unwanted)}\n{err}")
    rc, out, err = run(["paths", "--to", "cluster-admin", "--format", "json", CLUSTER])
    paths = {p["from"]: " ".join(s["text"] for s in p["steps"]) for p in json.loads(out)["paths"]}
    for source, words in PATHS.items():
        text = paths.get(source, "")
        report(all(w in text for w in words), f"paths: {source}", f"got {text!r}, want {words}")
    for source in NO_PATH:
        report(source not in paths, f"paths: none from {source}", paths.get(source, ""))
    rc, out, err = run(["paths", "--to", "cluster-admin", "--from", "User:erin", CLUSTER])
    report(rc == 0 and out.count("path ") == 1 and "1. User erin" in out, "paths --from", out)
    rc, out, err = run(["who-can", "get", "pods", "-n", "prod", CLUSTER])
    report(rc == 0 and "prod/ghost refers to Role does-not-exist" in err, "unknown role reported", err)
    rc, out, err = run(["list", "--format", "json", "User:bob", CLUSTER])
    scopes = {g["scope"] for g in json.loads(out)["grants"]}
    report(rc == 0 and scopes == {"cluster", "dev"}, "list: every scope of a subject", str(scopes))
    rc, out, err = run(["can-i", "Bogus:x", "get", "pods", CLUSTER])
    report(rc == 2, "bad subject is a usage error", err)
    rc, out, err = run(["who-can", "get", "widgets", CLUSTER])
    report(rc == 2 and "RESOURCE.GROUP" in err, "unknown resource asks for a group", err)
    rc, out, err = run(["who-can", "get", "pods", "--no-bootstrap", "-n", "prod", CLUSTER])
    report(rc == 0 and "User dave" not in out and "refers to ClusterRole view" in err,
           "--no-bootstrap leaves default roles unresolved", out + err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
