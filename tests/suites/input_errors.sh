#!/bin/bash
# input_errors.sh — a malformed input is reported as FILE:LINE:COL, the
# other inputs are still scanned and reported, and the exit status is 2.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"
cat > "$tmp/in/a-broken.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: broken
YAML
cat > "$tmp/in/b-good.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: good}
spec:
  containers:
  - {name: app, image: registry.example.com/app:1.0, securityContext: {privileged: true}}
YAML
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: piped}\n' > "$tmp/stdin.yaml"

"$RINGWALL" scan --format json "$tmp/in" - < "$tmp/stdin.yaml" > "$tmp/out.json" 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] && echo "ok - input errors: exit status 2" || echo "not ok - input errors: exit status $rc, want 2"
if grep -q "^ringwall: $tmp/in/a-broken.yaml:4:1: " "$tmp/err"; then
    echo "ok - input errors: FILE:LINE:COL on stderr"
else
    echo "not ok - input errors: FILE:LINE:COL on stderr"; cat "$tmp/err"
fi
summary=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
names = sorted(f["object"]["name"] for f in r["findings"] if f["check"] == "workload/privileged")
print(s["files"], s["objects"], s["inputErrors"], ",".join(names))' "$tmp/out.json" 2>&1)
if [ "$summary" = "3 2 1 good" ]; then
    echo "ok - input errors: the other inputs are scanned and reported"
else
    echo "not ok - input errors: the other inputs are scanned and reported (files objects errors findings: $summary)"
fi

# a path that does not exist is an input error too
"$RINGWALL" scan "$tmp/missing.yaml" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "missing.yaml" "$tmp/err"; then
    echo "ok - input errors: missing path"
else
    echo "not ok - input errors: missing path (exit $rc)"
fi
