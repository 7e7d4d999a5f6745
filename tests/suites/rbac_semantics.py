#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""tests/suites/rbac_semantics.py — authorizer semantics of `ringwall rbac`:
who-can / can-i / paths answers over tests/rbac/cluster.yaml, and the
create-pods escalation step over tests/rbac/pod-escalation.yaml, as data.
Rows give the command's arguments and the expected verdict, subjects or
path sources."""
import json
import os
import sys
import tempfile

import yaml

from suitelib import ROOT, ringwall, status, tap

CLUSTER = os.path.join(ROOT, "tests", "rbac", "cluster.yaml")
POD_ESCALATION = os.path.join(ROOT, "tests", "rbac", "pod-escalation.yaml")

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

# can-i's text for a "no": a plain no, then the closest grants (exact stdout)
CAN_I_NO = [
    ("only some resourceNames", ["User:alice", "get", "secrets", "-n", "prod"],
     "no: User alice may not get secrets in namespace prod\n"
     "closest grants of User alice:\n"
     "  can get secrets named db-password only, in namespace prod\n"
     "    via RoleBinding prod/alice-named (Role prod/named-secret rules[0])\n", ["resourceNames"]),
    ("other namespace", ["User:bob", "get", "pods", "-n", "prod"],
     "no: User bob may not get pods in namespace prod\n"
     "closest grants of User bob:\n"
     "  can get,list pods in namespace dev\n"
     "    via RoleBinding dev/bob-pods (ClusterRole pod-reader rules[0])\n", ["namespace"]),
    ("other verbs", ["User:bob", "delete", "pods", "-n", "dev"],
     "no: User bob may not delete pods in namespace dev\n"
     "closest grants of User bob:\n"
     "  can get,list pods in namespace dev\n"
     "    via RoleBinding dev/bob-pods (ClusterRole pod-reader rules[0])\n", ["verb"]),
    ("closest first", ["User:ann", "get", "configmaps", "-n", "prod"],
     "no: User ann may not get configmaps in namespace prod\n"
     "closest grants of User ann:\n"
     "  can get configmaps named settings only, in namespace prod\n"
     "    via RoleBinding prod/ann-cm (Role prod/cm-partial rules[1])\n"
     "  can list,watch configmaps in namespace prod\n"
     "    via RoleBinding prod/ann-cm (Role prod/cm-partial rules[0])\n"
     "  can get configmaps in namespace dev\n"
     "    via RoleBinding dev/ann-cm (Role dev/cm-reader rules[0])\n", ["resourceNames", "verb", "namespace"]),
    ("nothing close", ["User:nobody", "get", "pods"],
     "no: User nobody may not get pods in namespace default\n"
     "closest grants: none (no rule of User nobody's bindings comes near)\n", []),
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
    "ServiceAccount ci/deployer": ["create deployments.apps", "in namespace prod", "ServiceAccount prod/admin-sa"],
    "User erin": ["nodes/proxy", "Deployment ops/runner", "bind"],
    "ServiceAccount ops/runner": ["bind"],
    "ServiceAccount prod/admin-sa": ["'*' on '*'"],
}
NO_PATH = ["User bob", "User alice", "User carol"]

# create-pods steps over POD_ESCALATION: source → (words of its first step,
# the service account it becomes (a prefix), the kind of the manifest)
POD_STEPS = {
    "User x": (["can create pods in namespace kube-system"], "ServiceAccount kube-system/", "Pod"),
    "User lead": (["can create jobs.batch", "in namespace team"], "ServiceAccount team/release", "Job"),
    "User y": (["can create cronjobs.batch", "cluster-wide"], "ServiceAccount ", "CronJob"),
}
POD_NO_PATH = ["User viewer", "User quiet"]


def run(args):
    p = ringwall("rbac", *args)
    return p.returncode, p.stdout, p.stderr


def key(grant):
    s = grant["subject"]
    if s["kind"] == "ServiceAccount":
        return f"ServiceAccount:{s.get('namespace', '')}/{s['name']}"
    return f"{s['kind']}:{s['name']}"


def pod_spec(obj):
    """The pod spec inside a Pod or a workload's template."""
    spec = obj["spec"]
    if obj["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"] if "template" in spec else spec


def check_manifest(source, step, kind):
    """The manifest parses, is the kind the grant allows, runs as the service
    account the step becomes with its token, and passes restricted PSS."""
    text = step.get("manifest", "")
    try:
        obj = yaml.safe_load(text)
        ns, name = step["becomes"].split(" ", 1)[1].split("/", 1)
        spec = pod_spec(obj)
        ok = (obj["kind"] == kind and obj["metadata"]["namespace"] == ns and
              spec["serviceAccountName"] == name and spec["automountServiceAccountToken"] is True)
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as e:
        tap(False, f"paths: {source} manifest parses", f"{e}\n{text}")
        return
    tap(ok, f"paths: {source} manifest is a {kind} running as {step['becomes']}", text)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
        f.write(text)
        f.flush()
        p = ringwall("pss", "--level", "restricted", f.name)
    tap(p.returncode == 0, f"paths: {source} manifest passes restricted PSS", p.stdout + p.stderr)


def check_pod_escalation():
    rc, out, err = run(["paths", "--to", "cluster-admin", "--format", "json", POD_ESCALATION])
    paths = {p["from"]: p["steps"] for p in json.loads(out or '{"paths": []}')["paths"]}
    tap(rc == 0, "paths: create-pods input loads", err)
    for source, (words, becomes, kind) in POD_STEPS.items():
        steps = paths.get(source, [])
        first = steps[0] if steps else {}
        ok = (len(steps) == 2 and all(w in first.get("text", "") for w in words) and
              first.get("becomes", "").startswith(becomes))
        tap(ok, f"paths: {source} creates a {kind} and acts as {becomes}...", json.dumps(steps, indent=1))
        if ok:
            check_manifest(source, first, kind)
    x = paths.get("User x", [{}, {}])
    tap(x[-1].get("becomes") == "cluster-admin" and "(default)" in x[-1].get("grant", {}).get("binding", ""),
        "paths: the kube-system controller's grant comes from the bootstrap policy", json.dumps(x, indent=1))
    for source in POD_NO_PATH:
        tap(source not in paths, f"paths: none from {source}", json.dumps(paths.get(source), indent=1))
    unlisted = [s for s in paths if s.startswith("ServiceAccount kube-system/")]
    tap(not unlisted, "paths: the bootstrap policy's own principals are not listed as sources", str(unlisted))
    rc, out, err = run(["paths", "--to", "cluster-admin", "--no-bootstrap", "--from", "User:z", "--format", "json",
                        POD_ESCALATION])
    z = json.loads(out or '{"paths": []}')["paths"]
    tap(rc == 0 and len(z) == 1 and z[0]["steps"][0]["becomes"] == "ServiceAccount build/default",
        "paths: a system:serviceaccounts:NS group gives NS a default service account to become", out + err)
    rc, out, err = run(["paths", "--to", "cluster-admin", "--no-bootstrap", "--from", "User:x", POD_ESCALATION])
    tap(rc == 0 and out.strip() == "no path to cluster-admin",
        "paths: without the bootstrap policy kube-system has no controller to become", out + err)


# commands answered from what loaded when another input fails to load
PARTIAL = [
    ["who-can", "get", "secrets", "-n", "prod"],
    ["can-i", "User:alice", "get", "secrets", "-n", "prod", "--name", "db-password"],
    ["list", "User:bob"],
    ["paths", "--to", "cluster-admin"],
]


def check_partial_input():
    """One input with a YAML error: the answer over the others is printed
    as it would be without it, a warning names it, and the exit status is 2."""
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "broken.yaml")
        with open(bad, "w") as f:
            f.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\n")
        for args in PARTIAL:
            _, want, _ = run(args + [CLUSTER])
            rc, out, err = run(args + [CLUSTER, bad])
            warned = f"the answer may be incomplete: {bad} did not load completely" in err
            tap(rc == 2 and out == want and want and warned,
                f"{args[0]}: answers from what loaded, warns and exits 2 when an input fails",
                f"exit {rc}\n{out}{err}")


def main():
    for name, args, want in CAN_I:
        rc, out, err = run(["can-i", "--format", "json"] + args + [CLUSTER])
        ok = rc == want and json.loads(out or "{}").get("allowed") == (want == 0)
        tap(ok, f"can-i: {name}", f"exit {rc}, want {want}\n{out}{err}")
    for name, args, text, misses in CAN_I_NO:
        rc, out, err = run(["can-i"] + args + [CLUSTER])
        tap(rc == 1 and out == text, f"can-i text: no, then the closest grants: {name}",
            f"exit {rc}\n{out}--- want\n{text}")
        rc, out, err = run(["can-i", "--format", "json"] + args + [CLUSTER])
        doc = json.loads(out or "{}")
        got = [g["miss"] for g in doc["closest"]] if "closest" in doc else None
        tap(rc == 1 and got == misses, f"can-i json: closest grants: {name}", f"got {got}, want {misses}")
    for name, args, want, unwanted in WHO_CAN:
        rc, out, err = run(["who-can", "--format", "json"] + args + [CLUSTER])
        got = {key(g) for g in json.loads(out)["grants"]} if rc == 0 else set()
        ok = rc == 0 and want <= got and not (unwanted & got)
        tap(ok, f"who-can: {name}", f"got {sorted(got)}, want {sorted(want)} without {sorted(unwanted)}\n{err}")
    rc, out, err = run(["paths", "--to", "cluster-admin", "--format", "json", CLUSTER])
    paths = {p["from"]: " ".join(s["text"] for s in p["steps"]) for p in json.loads(out)["paths"]}
    for source, words in PATHS.items():
        text = paths.get(source, "")
        tap(all(w in text for w in words), f"paths: {source}", f"got {text!r}, want {words}")
    for source in NO_PATH:
        tap(source not in paths, f"paths: none from {source}", paths.get(source, ""))
    check_pod_escalation()
    check_partial_input()
    rc, out, err = run(["paths", "--to", "cluster-admin", "--from", "User:erin", CLUSTER])
    tap(rc == 0 and out.count("path ") == 1 and "1. User erin" in out, "paths --from", out)
    rc, out, err = run(["who-can", "get", "pods", "-n", "prod", CLUSTER])
    tap(rc == 0 and "prod/ghost refers to Role does-not-exist" in err, "unknown role reported", err)
    rc, out, err = run(["list", "--format", "json", "User:bob", CLUSTER])
    scopes = {g["scope"] for g in json.loads(out)["grants"]}
    tap(rc == 0 and scopes == {"cluster", "dev"}, "list: every scope of a subject", str(scopes))
    rc, out, err = run(["can-i", "Bogus:x", "get", "pods", CLUSTER])
    tap(rc == 2, "bad subject is a usage error", err)
    rc, out, err = run(["who-can", "get", "widgets", CLUSTER])
    tap(rc == 2 and "RESOURCE.GROUP" in err, "unknown resource asks for a group", err)
    rc, out, err = run(["who-can", "get", "pods", "--no-bootstrap", "-n", "prod", CLUSTER])
    tap(rc == 0 and "User dave" not in out and "refers to ClusterRole view" in err,
        "--no-bootstrap leaves default roles unresolved", out + err)
    return status()


if __name__ == "__main__":
    sys.exit(main())
