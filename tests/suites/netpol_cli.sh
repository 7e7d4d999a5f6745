#!/bin/bash
# netpol_cli.sh — `ringwall netpol` as a command: exit statuses, usage errors,
# stdin input, queries and their explanations, admin tiers, and that an
# invalid policy is an input error with its position.
cd "$RINGWALL_ROOT" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected exit status, command...
    local name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" = "$want" ]; then
        echo "ok - $name"
    else
        echo "not ok - $name (exit $got, want $want)"
        head -5 "$tmp/out" "$tmp/err"
    fi
}

contains() { # name, file, text
    if grep -qF -- "$3" "$2"; then echo "ok - $1"; else echo "not ok - $1"; cat "$2"; fi
}

cat >"$tmp/shop.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: web}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: registry.example.com/web:1, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: registry.example.com/db:1, ports: [{name: pg, containerPort: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: pg}]
YAML

check "connectivity list exits 0" 0 "$RINGWALL" netpol "$tmp/shop.yaml"
contains "named port resolves on the destination" "$tmp/out" \
    "shop/web[Deployment] => shop/db[Deployment] : TCP 5432"
contains "a pod no policy selects is open to outside" "$tmp/out" \
    "0.0.0.0-255.255.255.255[External] => shop/web[Deployment] : All Connections"
check "stdin input" 0 sh -c "\"$RINGWALL\" netpol - < \"$tmp/shop.yaml\""
contains "stdin gives the same list" "$tmp/out" "shop/db[Deployment] => shop/web[Deployment] : All Connections"
check "allowed query exits 0" 0 "$RINGWALL" netpol --from shop/web --to shop/db "$tmp/shop.yaml"
contains "query names the admitting rule" "$tmp/out" "admitted by shop/db ingress rule #1"
check "denied query exits 1" 1 "$RINGWALL" netpol --from shop/db --to db "$tmp/shop.yaml"
check "denied port exits 1" 1 "$RINGWALL" netpol --from web --to db --focus-conn tcp-80 "$tmp/shop.yaml"
check "an address as the source" 1 "$RINGWALL" netpol --from 203.0.113.9 --to shop/db "$tmp/shop.yaml"
check "unknown workload is a usage error" 2 "$RINGWALL" netpol --from shop/nope --to db "$tmp/shop.yaml"
check "unknown format is a usage error" 2 "$RINGWALL" netpol -f xml "$tmp/shop.yaml"
check "--from without --to" 2 "$RINGWALL" netpol --from web "$tmp/shop.yaml"
check "bad --focus-conn" 2 "$RINGWALL" netpol --focus-conn tcp "$tmp/shop.yaml"
check "json output" 0 "$RINGWALL" netpol -f json "$tmp/shop.yaml"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(set(x)=={"src","dst","conn"} for x in d)' "$tmp/out"; then
    echo "ok - json output parses"
else
    echo "not ok - json output parses"
fi

cat >"$tmp/anp.yaml" <<'YAML'
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-db}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {team: web}}}
  ingress:
  - name: no-db-from-anyone
    action: Deny
    from: [{namespaces: {}}]
    ports: [{portNumber: {protocol: TCP, port: 5432}}]
YAML
check "admin tier denies what NetworkPolicy allows" 1 \
    "$RINGWALL" netpol --from web --to db "$tmp/shop.yaml" "$tmp/anp.yaml"

sed 's/ports: \[{port: pg}\]/ports: [{port: 70000}]/' "$tmp/shop.yaml" >"$tmp/bad.yaml"
check "invalid port is an input error" 2 "$RINGWALL" netpol "$tmp/bad.yaml"
contains "the error has a position" "$tmp/err" "bad.yaml:30:20: NetworkPolicy port error"

# An input that fails to load: the answer covers the rest, with a warning
# naming the file, and exit status 2.
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n' >"$tmp/broken.yaml"
check "a file that fails to load gives exit 2" 2 "$RINGWALL" netpol "$tmp/shop.yaml" "$tmp/broken.yaml"
contains "the rest is still listed" "$tmp/out" "shop/web[Deployment] => shop/db[Deployment] : TCP 5432"
contains "the warning names the failing file" "$tmp/err" \
    "warning: the answer may be incomplete: it leaves out what failed to load from $tmp/broken.yaml"
check "a missing path gives exit 2" 2 "$RINGWALL" netpol "$tmp/shop.yaml" "$tmp/missing.yaml"
contains "the rest is listed without the missing path" "$tmp/out" \
    "shop/web[Deployment] => shop/db[Deployment] : TCP 5432"
contains "the warning names the missing path" "$tmp/err" "failed to load from $tmp/missing.yaml"
check "a query on partial input gives exit 2" 2 \
    "$RINGWALL" netpol --from shop/web --to shop/db "$tmp/shop.yaml" "$tmp/broken.yaml"
contains "the query still answers" "$tmp/out" "allowed"
mkdir "$tmp/dir" && cp "$tmp/shop.yaml" "$tmp/broken.yaml" "$tmp/dir/"
check "a failing file in a directory gives exit 2" 2 "$RINGWALL" netpol "$tmp/dir"
contains "the warning names the file in the directory" "$tmp/err" \
    "failed to load from $tmp/dir/broken.yaml"
check "nothing loaded: no answer" 2 "$RINGWALL" netpol "$tmp/broken.yaml"
contains "it says why there is no answer" "$tmp/err" "no answer: nothing loaded from the input"
