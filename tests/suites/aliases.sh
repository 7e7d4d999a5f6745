#!/bin/bash
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
# aliases.sh — other tools' ids name the ringwall check that does the same
# (`explain ALIAS`, and `--checks ALIAS` through the same lookup).
cd "$RINGWALL_ROOT" || exit 1
while read -r alias want; do
    got=$("$RINGWALL" explain "$alias" 2>&1 | head -1 | cut -d' ' -f1)
    if [ "$got" = "$want" ]; then
        echo "ok - $alias is $want"
    else
        echo "not ok - $alias: got '$got', want $want"
    fi
done <<'TABLE'
C-0263 network/ingress-no-tls
C-0270 workload/no-resource-limits
C-0271 workload/no-resource-limits
C-0275 workload/host-pid
C-0276 workload/host-ipc
C-0210 workload/seccomp-not-set
C-0190 workload/sa-token-automount
C-0206 network/no-default-deny
C-0035 rbac/admin-equivalent
C-0045 workload/host-path
CKV_K8S_155 rbac/webhook-config
CKV_K8S_156 rbac/csr-approve
CKV_K8S_157 rbac/escalate-bind-impersonate
CKV_K8S_158 rbac/escalate-bind-impersonate
access-to-secrets rbac/secrets-read
access-to-create-pods rbac/create-pods
cluster-admin-role-binding rbac/cluster-admin-binding
exposed-services network/service-exposed
wildcard-in-rules rbac/wildcard
writable-host-mount workload/host-path
TABLE
# --checks with an alias selects that check alone
out=$("$RINGWALL" scan --format json --fail-on none --checks access-to-secrets tests/cases/rbac/secrets-read.yaml |
      python3 -c 'import json,sys; print(sorted({f["check"] for f in json.load(sys.stdin)["findings"]}))')
[ "$out" = "['rbac/secrets-read']" ] && echo "ok - --checks access-to-secrets" ||
    echo "not ok - --checks access-to-secrets: $out"
