#!/usr/bin/env python3
# asan: skip (one can-i process per finding, thousands under ASan; rbac_semantics and rbac_kubescape run scan and can-i on the sanitizer build)
"""tests/suites/rbac_scan_vs_authorizer.py — every rbac/* finding of `scan`
is a grant the authorizer (`ringwall rbac can-i`) confirms.

For each input (the rbac cases, tests/rbac, Kubescape's RBAC test inputs in
../shared/conformance/rbac and every corpus project) the scan's rbac
findings are read from its JSON report; each finding's subject must then be
allowed, in the finding's scope (the RoleBinding's namespace, or cluster-wide),
at least one request that the check stands for. The requests are written out
here, independently of the scanner's own table. Findings that are not grants
(a binding to a missing role, a latent role no binding uses) are counted
apart: they must name no subject."""
import glob
import json
import os
import sys

from suitelib import ROOT, ringwall, status, tap

SHARED = os.path.join(ROOT, "..", "shared", "conformance")

ADMISSION = "admissionregistration.k8s.io"
RBAC = "rbac.authorization.k8s.io"

# check -> (verbs, resources): any verb on any resource confirms the finding
REQUESTS = {
    "rbac/secrets-read": (["get", "list", "watch"], ["secrets"]),
    "rbac/pod-exec": (["create", "get"], ["pods/exec", "pods/attach"]),
    "rbac/create-pods": (["create"], ["pods", "replicationcontrollers", "podtemplates",
                                      "deployments.apps", "daemonsets.apps", "statefulsets.apps",
                                      "replicasets.apps", "jobs.batch", "cronjobs.batch"]),
    "rbac/node-proxy": (["get", "create", "update", "patch", "delete"], ["nodes/proxy"]),
    "rbac/token-create": (["create"], ["serviceaccounts/token"]),
    "rbac/csr-approve": (["update", "patch"],
                         ["certificatesigningrequests.certificates.k8s.io/approval"]),
    "rbac/webhook-config": (["create", "update", "patch", "delete"],
                            [f"mutatingwebhookconfigurations.{ADMISSION}",
                             f"validatingwebhookconfigurations.{ADMISSION}"]),
    "rbac/persistentvolume-create": (["create"], ["persistentvolumes"]),
    "rbac/ephemeral-containers": (["update", "patch"], ["pods/ephemeralcontainers"]),
    "rbac/port-forward": (["create", "get"], ["pods/portforward"]),
    "rbac/node-status": (["update", "patch"], ["nodes/status"]),
    "rbac/escalate-bind-impersonate": (
        ["escalate", "bind", "impersonate"],
        [f"roles.{RBAC}", f"clusterroles.{RBAC}", "users", "groups", "serviceaccounts",
         "uids.authentication.k8s.io", "userextras.authentication.k8s.io"]),
    "rbac/admin-equivalent": (["create", "update", "patch", "delete"], ["*"]),
}
# checks about who a binding names or which role it names: the binding must
# grant the subject something
BY_BINDING = {"rbac/anonymous-binding", "rbac/cluster-admin-binding",
              "rbac/namespace-admin-binding"}
NOT_GRANTS = {"rbac/unknown-role"}


def inputs():
    yield from sorted(glob.glob(os.path.join(ROOT, "tests", "cases", "rbac", "*.yaml")))
    yield from sorted(glob.glob(os.path.join(ROOT, "tests", "rbac", "*.yaml")))
    yield from sorted(glob.glob(os.path.join(SHARED, "rbac", "kubescape-regolibrary", "rules",
                                             "*", "test", "*", "input")))
    yield from sorted(d for d in glob.glob(os.path.join(SHARED, "corpus", "*")) if os.path.isdir(d))


def subject_of(message):
    """'ServiceAccount ns/name can ...' -> 'ServiceAccount:ns/name'."""
    kind, name = message.split(" ", 2)[:2]
    return f"{kind}:{name}"


def wildcard_resources(path, subject, binding):
    """The '*' resources of the subject's wildcard rules through binding, one
    per API group ('*' for every group, '*.' for the core group)."""
    p = ringwall("rbac", "list", subject, "--format", "json", path)
    out = []
    for g in json.loads(p.stdout or "{}").get("grants", []):
        rule = g["rule"]
        if g["binding"]["name"] != binding or "*" not in rule.get("verbs", []) or \
                "*" not in rule.get("resources", []):
            continue
        out += ["*" if grp == "*" else f"*.{grp}" for grp in rule.get("apiGroups", [])]
    return out


def allowed(path, subject, verbs, resources, ns):
    for r in resources:
        for v in verbs:
            if ringwall("rbac", "can-i", subject, v, r, "-n", ns, path).returncode == 0:
                return True
    return False


def confirm(path, f):
    """None when the authorizer confirms f, else why not."""
    check, obj = f["check"], f["object"]
    subject = subject_of(f["message"])
    ns = obj["namespace"] if obj["kind"] == "RoleBinding" else "default"
    if check == "rbac/wildcard":
        resources = wildcard_resources(path, subject, obj["name"])
        return None if allowed(path, subject, ["*"], resources, ns) else "no '*' on '*'"
    if check in BY_BINDING:
        p = ringwall("rbac", "list", subject, "--format", "json", path)
        grants = json.loads(p.stdout or "{}").get("grants", [])
        return None if any(g["binding"]["name"] == obj["name"] for g in grants) else "no grant"
    if check not in REQUESTS:
        return "no request known for this check"
    verbs, resources = REQUESTS[check]
    return None if allowed(path, subject, verbs, resources, ns) else f"can-i says no in {ns}"


def main():
    total = confirmed = not_grants = 0
    nin = 0
    for path in inputs():
        p = ringwall("scan", "--checks", "rbac/*", "--format", "json", "--fail-on", "none", path)
        if p.returncode != 0:
            continue  # inputs the API server would reject: no findings to confirm
        nin += 1
        name = os.path.relpath(path, ROOT)
        for f in json.loads(p.stdout)["findings"]:
            total += 1
            obj = f["object"]
            if f["check"] in NOT_GRANTS or obj["kind"] in ("Role", "ClusterRole"):
                ok = not f["path"].startswith("subjects")
                not_grants += ok
                if not ok:
                    tap(False, f"{name}: {f['check']} on {obj['kind']} {obj['name']} names "
                        "a subject")
                continue
            why = confirm(path, f)
            if why:
                tap(False, f"{name}: {f['check']} not confirmed ({why}): {f['message']}")
            else:
                confirmed += 1
        tap(True, f"{name}: scanned")
    print(f"# {nin} inputs, {total} rbac findings: {confirmed} grants confirmed by can-i, "
          f"{not_grants} not grants")
    tap(total > 100, f"enough findings to compare ({total})")
    return status()


if __name__ == "__main__":
    sys.exit(main())
