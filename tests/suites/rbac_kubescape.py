#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""tests/suites/rbac_kubescape.py — `ringwall rbac risks` against Kubescape's
regolibrary RBAC test cases (../shared/conformance/rbac/kubescape-regolibrary).

MAPPING says which ringwall check answers a Kubescape rule and how alerts
are compared: "subjects" (the set of flagged User/Group/ServiceAccount) or
"bindings" (the set of flagged bindings). rbac/admin-equivalent and
rbac/wildcard imply every rule-based check (they are reported alone for a
rule that is admin-equivalent or a full wildcard), so they count for them.
Latent findings (on roles no binding uses) name no subject and are left out. Rules without a ringwall counterpart are listed in UNMAPPED.
DISAGREE lists the cases where ringwall intentionally answers differently,
with ringwall's own expected answer and the reason; REJECTED the inputs the
API server would refuse, which ringwall reports as errors; every other
mapped case must agree exactly. The agreement count is printed at the end."""
import json
import os
import sys

from suitelib import ROOT, present, ringwall, status, tap

DATA = os.path.join(ROOT, "..", "shared", "conformance", "rbac", "kubescape-regolibrary")

MAPPING = {
    "cluster-admin-role": ("rbac/cluster-admin-binding", "subjects"),
    "exec-into-container-v1": ("rbac/pod-exec", "subjects"),
    "rule-can-access-proxy-subresource": ("rbac/node-proxy", "subjects"),
    "rule-can-approve-cert-signing-request": ("rbac/csr-approve", "subjects"),
    "rule-can-bind-escalate": ("rbac/escalate-bind-impersonate", "subjects"),
    "rule-can-impersonate-users-groups-v1": ("rbac/escalate-bind-impersonate", "subjects"),
    "rule-can-create-pod": ("rbac/create-pods", "subjects"),
    "rule-can-create-pv": ("rbac/persistentvolume-create", "subjects"),
    "rule-can-create-service-account-token": ("rbac/token-create", "subjects"),
    "rule-can-list-get-secrets-v1": ("rbac/secrets-read", "subjects"),
    "rule-can-modify-admission-webhooks": ("rbac/webhook-config", "subjects"),
    "rule-can-portforward-v1": ("rbac/port-forward", "subjects"),
    "rule-list-all-cluster-admins-v1": ("rbac/wildcard", "subjects"),
    "anonymous-access-enabled": ("rbac/anonymous-binding", "bindings"),
    "system-authenticated-allowed-to-take-over-cluster": ("rbac/anonymous-binding", "subjects"),
}

UNMAPPED = {
    "access-container-service-account-v1": "workload token mounts: a workload check, not an RBAC grant",
    "ensure-default-service-accounts-has-only-default-roles": "EKS/AKS service-account hygiene",
    "review-roles-with-aws-iam-authenticator": "EKS aws-auth review",
    "role-in-default-namespace": "namespace hygiene, not a grant",
    "rolebinding-in-default-namespace": "namespace hygiene, not a grant",
    "rule-access-dashboard-subject-v1": "Kubernetes dashboard access",
    "rule-can-delete-k8s-events-v1": "event deletion (audit evasion); not a ringwall check",
    "rule-can-update-configmap-v1": "CoreDNS ConfigMap updates; not a ringwall check",
    "rule-excessive-delete-rights-v1": "delete rights in general; not a ringwall check",
    "serviceaccount-token-mount": "workload token mounts",
    "workload-with-administrative-roles": "covered by `rbac paths`, not by a finding",
    "workload-with-cluster-takeover-roles": "covered by `rbac paths`, not by a finding",
}

# (rule, case) -> (ringwall's expected flagged set, reason)
DISAGREE = {
    ("system-authenticated-allowed-to-take-over-cluster", "success"): (
        {"Group:system:authenticated"},
        "ringwall flags system:authenticated for anything beyond discovery (here: reading "
        "configmaps cluster-wide); Kubescape only for takeover permissions"),
    ("exec-into-container-v1", "clusterrole"): (
        set(), "'pods/*' is not a wildcard for the RBAC authorizer (only '*' and '*/SUB' are), "
        "so it grants no pods/exec"),
    ("rule-can-access-proxy-subresource", "clusterrole-rolebinding"): (
        set(), "a RoleBinding grants only in its namespace, where the cluster-scoped nodes/proxy do not exist (the authorizer never applies RoleBindings to cluster-scoped requests)"),
    ("rule-can-access-proxy-subresource", "role-rolebinding"): (
        set(), "a RoleBinding grants only in its namespace, where the cluster-scoped nodes/proxy do not exist (the authorizer never applies RoleBindings to cluster-scoped requests)"),
    ("rule-can-approve-cert-signing-request", "clusterrole-rolebinding"): (
        set(), "a RoleBinding grants only in its namespace, where the cluster-scoped certificate signing requests do not exist (the authorizer never applies RoleBindings to cluster-scoped requests)"),
    ("rule-can-approve-cert-signing-request", "role-rolebinding"): (
        set(), "a RoleBinding grants only in its namespace, where the cluster-scoped certificate signing requests do not exist (the authorizer never applies RoleBindings to cluster-scoped requests)"),
    ("rule-can-bind-escalate", "role-rolebinding"): (
        set(), "a RoleBinding grants only in its namespace, where the cluster-scoped ClusterRoles do not exist (the authorizer never applies RoleBindings to cluster-scoped requests)"),
    ("rule-can-create-pv", "clusterrole-rolebinding"): (
        set(), "a RoleBinding grants only in its namespace, where the cluster-scoped persistent volumes do not exist (the authorizer never applies RoleBindings to cluster-scoped requests)"),
    ("rule-can-create-pv", "role-rolebinding"): (
        set(), "a RoleBinding grants only in its namespace, where the cluster-scoped persistent volumes do not exist (the authorizer never applies RoleBindings to cluster-scoped requests)"),
    ("rule-can-modify-admission-webhooks", "clusterrole-rolebinding"): (
        set(), "a RoleBinding grants only in its namespace, where the cluster-scoped webhook configurations do not exist (the authorizer never applies RoleBindings to cluster-scoped requests)"),
    ("rule-can-modify-admission-webhooks", "role-rolebinding"): (
        set(), "a RoleBinding grants only in its namespace, where the cluster-scoped webhook configurations do not exist (the authorizer never applies RoleBindings to cluster-scoped requests)"),
    ("rule-can-portforward-v1", "clusterrole-clusterrolebinding"): (
        set(), "'pods/*' is not a wildcard for the RBAC authorizer, so it grants no "
        "pods/portforward"),
}

# (rule, case) -> the error ringwall reports: inputs the API server would
# reject, which ringwall refuses instead of analysing (Kubescape: no alert)
REJECTED = {
    ("cluster-admin-role", "role-clusterrolebinding"):
        "roleRef: expected kind ClusterRole",  # a ClusterRoleBinding cannot refer to a Role
}

RULE_CHECKS = {v[0] for v in MAPPING.values()} - {"rbac/cluster-admin-binding", "rbac/anonymous-binding"}
# reported alone for a rule that implies every rule-based check
SUBSUMING = {"rbac/wildcard", "rbac/admin-equivalent"}


def subject_of(message):
    """'Group dev can ...' -> 'Group:dev'; 'ServiceAccount ns/name ...' -> 'ServiceAccount:ns/name'."""
    kind, name = message.split(" ", 2)[:2]
    return f"{kind}:{name}"


def flagged(check, mode, findings):
    out = set()
    for f in findings:
        if f["object"]["kind"] in ("Role", "ClusterRole"):
            continue
        if f["check"] != check and not (check in RULE_CHECKS and f["check"] in SUBSUMING):
            continue
        if mode == "subjects":
            out.add(subject_of(f["message"]))
        else:
            out.add(f"{f['object']['kind']}:{f['object']['name']}")
    return out


def expected_rows():
    with open(os.path.join(DATA, "EXPECTED.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            rule, _, case, _, objects = line.rstrip("\n").split("\t")
            yield rule, case, set() if objects == "-" else set(objects.split(";"))


def main():
    if not present(DATA, "rbac kubescape"):
        return status()
    agree = disagree_ok = rejected = mapped = 0
    seen = set()
    for rule, case, want in expected_rows():
        if rule not in MAPPING:
            continue
        mapped += 1
        seen.add(rule)
        check, mode = MAPPING[rule]
        inp = os.path.join(DATA, "rules", rule, "test", case, "input")
        p = ringwall("rbac", "risks", "--format", "json", "--fail-on", "none", inp)
        if (rule, case) in REJECTED:
            ok = p.returncode == 2 and REJECTED[(rule, case)] in p.stderr and not want
            rejected += ok
            tap(ok, f"{rule}/{case}: invalid input rejected")
            continue
        if p.returncode != 0:
            tap(False, f"{rule}/{case}: exit {p.returncode}", p.stderr)
            continue
        got = flagged(check, mode, json.loads(p.stdout)["findings"])
        differs = f"ringwall {sorted(got)}, kubescape {sorted(want)}"
        if (rule, case) in DISAGREE:
            mine, reason = DISAGREE[(rule, case)]
            ok = got == mine and got != want
            disagree_ok += ok
            tap(ok, f"{rule}/{case}: intentional disagreement ({reason})", differs)
        else:
            ok = got == want
            agree += ok
            tap(ok, f"{rule}/{case} ({check})", differs)
    for rule in sorted(set(MAPPING) - seen):
        tap(False, f"{rule}: mapped, but EXPECTED.tsv has no case for it")
    print(f"# kubescape agreement: {agree} of {mapped} mapped cases agree, {disagree_ok} "
          f"intentional disagreements, {rejected} invalid inputs rejected, "
          f"{len(UNMAPPED)} rules unmapped")
    return status()


if __name__ == "__main__":
    sys.exit(main())
