#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""audit_panther.py — ringwall's built-in audit rules against Panther's
labelled Kubernetes audit events (../shared/conformance/audit/panther-k8s-rules).

Each built-in rule with a Panther detection of the same intent is mapped to
it (MAPPING); every labelled event of that detection is run alone through
`ringwall audit` with the built-in rules, and the mapped rule must fire
exactly when Panther's label says alert. Where the two disagree by design,
the event is listed in EXPECTED_DISAGREEMENTS with the reason; any other
disagreement fails, and so does a listed one that no longer disagrees.
Prints one TAP line per labelled event and the agreement per rule.
"""
import json
import os
import sys
import tempfile

from suitelib import ROOT, present, ringwall, status, tap

DATA = os.path.join(ROOT, "..", "shared", "conformance", "audit", "panther-k8s-rules")

# ringwall rule -> Panther RuleID with the same intent. Built-in rules without
# one: audit/secret-read-by-user (Panther's secret rules are about bulk reads
# and denials), audit/repeated-forbidden (Panther's Multiple403.PublicIP judges
# one event, counting is left to its alert deduplication), audit/node-proxy
# (Panther's NodeProxyPermissions is about roles granting it, not its use),
# audit/audit-policy-tampering (none), audit/csr-approved-by-user (Panther's
# ClientCertificate.Created is about creating a CSR, not approving it).
MAPPING = {
    "audit/exec-into-pod": "Kubernetes.Pod.Exec",
    "audit/privileged-pod-created": "Kubernetes.Pod.Privileged.Created",
    "audit/hostpath-workload-created": "Kubernetes.Pod.HostPath.Volume",
    "audit/cluster-admin-binding-created": "Kubernetes.ClusterRoleBinding.Privileged",
    "audit/anonymous-request-allowed": "Kubernetes.API.AnonymousAccess",
    "audit/sa-token-created": "Kubernetes.ServiceAccount.TokenCreated",
    "audit/webhook-config-changed": "Kubernetes.AdmissionController.Created",
    "audit/rbac-escalation": "Kubernetes.Role.Wildcard",
}

# (Panther RuleID, test name) -> why ringwall answers otherwise.
EXPECTED_DISAGREEMENTS = {
    ("Kubernetes.AdmissionController.Created", "Webhook Update (Not Create)"):
        "a webhook changed is as dangerous as one created: ringwall alerts on update, patch "
        "and delete too",
    ("Kubernetes.API.AnonymousAccess", "Localhost Access"):
        "the source address is not trusted: an allowed anonymous request from 127.0.0.1 "
        "(a proxy, a sidecar, a port-forward) is still anonymous access",
    ("Kubernetes.API.AnonymousAccess", "Google Load Balancer Health Check (excluded)"):
        "only the health and version endpoints are exempt; listing componentstatuses "
        "anonymously is allowed access whatever user agent the client sends",
    ("Kubernetes.ClusterRoleBinding.Privileged", "AKS ClusterRoleBinding to system:masters"):
        "ringwall's rule is about cluster-admin; system:masters is a group, and a ClusterRole "
        "of that name is an ordinary role",
    ("Kubernetes.ClusterRoleBinding.Privileged", "GKE ClusterRoleBinding to admin role"):
        "ringwall's rule is about cluster-admin only (admin is namespace-scoped power)",
    ("Kubernetes.ClusterRoleBinding.Privileged", "EKS ClusterRoleBinding to controller-manager role"):
        "ringwall's rule is about cluster-admin only",
    ("Kubernetes.ClusterRoleBinding.Privileged", "RoleBinding (not ClusterRoleBinding)"):
        "a RoleBinding to cluster-admin gives full control of its namespace, secrets included: "
        "ringwall alerts on it too",
    ("Kubernetes.ClusterRoleBinding.Privileged", "System principal creating binding (excluded)"):
        "a service account creating a cluster-admin binding is what a stolen token does: "
        "system identities are not exempt",
    ("Kubernetes.Pod.HostPath.Volume", "System Namespace Pod (Excluded)"):
        "no namespace is exempt: a hostPath pod in kube-system is the classic node takeover",
    ("Kubernetes.Pod.Privileged.Created", "Run-As-Root Pod Created"):
        "privileged means what scan's workload/privileged means (securityContext.privileged); "
        "running as root is another check (workload/run-as-root)",
    ("Kubernetes.Pod.Privileged.Created", "Pod with runAsUser=0 (root)"):
        "privileged means securityContext.privileged, as in scan; runAsUser 0 is another check",
    ("Kubernetes.Pod.Privileged.Created", "Privileged Pod in System Namespace (Excluded)"):
        "no namespace is exempt from the privileged-pod rule",
    ("Kubernetes.Role.Wildcard", "System principal creating role (excluded)"):
        "only the API server, the controller manager and the aggregation controller are "
        "exempt, not every system identity",
    ("Kubernetes.Role.Wildcard", "Updating existing role (not creating)"):
        "granting a wildcard by update or patch escalates as much as by create",
    ("Kubernetes.ServiceAccount.TokenCreated", "System principal in user namespace (alert)"):
        "audit/sa-token-created is about tokens requested by people; system identities "
        "(controllers, kubelets) request tokens all the time",
}


def fired(rule, log, tmp):
    path = os.path.join(tmp, "event.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(log) + "\n")
    p = ringwall("audit", "--format", "jsonl", path)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"exit {p.returncode}: {p.stderr.strip()}")
    return any(json.loads(line)["rule"] == rule for line in p.stdout.splitlines() if line)


def main():
    tests_path = os.path.join(DATA, "tests.jsonl")
    if not present(tests_path, "audit panther"):
        return status()
    with open(tests_path, encoding="utf-8") as f:
        tests = [json.loads(line) for line in f if line.strip()]
    reverse = {v: k for k, v in MAPPING.items()}
    seen_disagreements = set()
    per_rule = {}
    with tempfile.TemporaryDirectory() as tmp:
        for t in tests:
            rule = reverse.get(t["rule_id"])
            if not rule:
                continue
            key = (t["rule_id"], t["test_name"])
            name = f"audit panther {t['rule_id']}: {t['test_name']}"
            try:
                got = fired(rule, t["log"], tmp)
            except RuntimeError as e:
                tap(False, name, e)
                continue
            agree = got == t["expected"]
            stats = per_rule.setdefault(rule, [0, 0])
            stats[1] += 1
            if agree:
                stats[0] += 1
            if key in EXPECTED_DISAGREEMENTS:
                seen_disagreements.add(key)
                if agree:
                    tap(False, name, "listed as a disagreement but agrees now")
                else:
                    tap(True, f"{name} # expected disagreement: {EXPECTED_DISAGREEMENTS[key]}")
                continue
            tap(agree, name, f"Panther expects {'an alert' if t['expected'] else 'no alert'}, "
                f"{rule} {'fired' if got else 'did not fire'}")
    for key in sorted(set(EXPECTED_DISAGREEMENTS) - seen_disagreements):
        tap(False, f"audit panther: listed disagreement {key} matches no labelled event")
    if len(per_rule) != len(MAPPING):
        tap(False, f"audit panther: mapped rules without labelled events: "
            f"{sorted(set(MAPPING) - set(per_rule))}")
    for rule, (agree, total) in sorted(per_rule.items()):
        print(f"# {rule} ~ {MAPPING[rule]}: {agree}/{total} agree")
    return status()


if __name__ == "__main__":
    sys.exit(main())
