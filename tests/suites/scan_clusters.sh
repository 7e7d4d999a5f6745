#!/bin/bash
# scan_clusters.sh — inputs that repeat objects (overlays for dev and prod
# rendered side by side): one scan of both warns and goes on, exiting by its
# findings; with --cluster-per-arg each path is a cluster of its own for the
# whole-input checks (rbac, network, service account tokens).
cd "$RINGWALL_ROOT" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/dev" "$tmp/prod"

# dev: namespace shop with a default deny; a Role with its binding
cat >"$tmp/dev/app.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
YAML
# prod: the same namespace without the policy; a binding to the Role
cat >"$tmp/prod/app.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: shop}
subjects: [{kind: User, name: alice}]
roleRef: {kind: Role, name: reader, apiGroup: rbac.authorization.k8s.io}
YAML

# "CHECK KIND/NAME" per finding, sorted
findings() {
    python3 -c 'import json,sys
for f in json.load(sys.stdin)["findings"]:
    print(f["check"], f["object"]["kind"] + "/" + f["object"]["name"], f["file"].split("/")[-2])' |
        sort
}

checks="network/no-default-deny,rbac/secrets-read,rbac/unknown-role"
"$RINGWALL" scan --format json --fail-on none --checks "$checks" "$tmp/dev" "$tmp/prod" \
    >"$tmp/merged.json" 2>"$tmp/merged.err"
rc=$?
if [ $rc = 0 ] && grep -q "Namespace shop is defined again" "$tmp/merged.err" &&
   [ "$(grep -c 'defined again' "$tmp/merged.err")" = 1 ]; then
    echo "ok - merged: a repeated Namespace is one warning, exit by findings"
else
    echo "not ok - merged: exit $rc"
    cat "$tmp/merged.err"
fi
got=$(findings <"$tmp/merged.json")
want="rbac/secrets-read RoleBinding/reader prod"
if [ "$got" = "$want" ]; then
    echo "ok - merged: one cluster (dev's policy covers shop, prod's binding grants dev's Role)"
else
    echo "not ok - merged findings:"
    echo "$got"
fi

"$RINGWALL" scan --format json --fail-on none --checks "$checks,rbac/*" --cluster-per-arg \
    "$tmp/dev" "$tmp/prod" >"$tmp/split.json" 2>"$tmp/split.err"
rc=$?
if [ $rc = 0 ] && ! grep -q "defined again" "$tmp/split.err"; then
    echo "ok - --cluster-per-arg: no repetition to warn about"
else
    echo "not ok - --cluster-per-arg: exit $rc"
    cat "$tmp/split.err"
fi
got=$(findings <"$tmp/split.json")
want=$(printf '%s\n' "network/no-default-deny Namespace/shop prod" \
    "rbac/secrets-read Role/reader dev" "rbac/unknown-role RoleBinding/reader prod" | sort)
if [ "$got" = "$want" ]; then
    echo "ok - --cluster-per-arg: each path alone (prod's shop is open, dev's Role latent)"
else
    echo "not ok - --cluster-per-arg findings:"
    echo "$got"
fi

# the per-object checks are the same either way
for f in merged split; do
    "$RINGWALL" scan --format json --fail-on none --checks 'workload/*,image/*' \
        $([ $f = split ] && echo --cluster-per-arg) examples "$tmp/dev" |
        python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))' >"$tmp/$f.n"
done
if cmp -s "$tmp/merged.n" "$tmp/split.n"; then
    echo "ok - per-object findings do not depend on --cluster-per-arg ($(cat "$tmp/merged.n"))"
else
    echo "not ok - per-object findings differ: $(cat "$tmp/merged.n") vs $(cat "$tmp/split.n")"
fi
