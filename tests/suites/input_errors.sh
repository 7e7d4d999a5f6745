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

# Invalid UTF-8 is placed by line and column whether the file is read whole
# (small: read; large: mapped) or through a pipe in chunks.
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
doc = b'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c%d}\ndata: {k: "h\xc3\xa9llo"}\n---\n'
bad = b'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\xff}\n'
open(d + "/big-utf8.yaml", "wb").write(b"".join(doc % i for i in range(5000)) + bad)
open(d + "/small-utf8.yaml", "wb").write(b"".join(doc % i for i in range(3)) + bad)
PY
for f in big-utf8:25003:19 small-utf8:18:19; do
    name=${f%%:*} at=${f#*:}
    "$RINGWALL" scan "$tmp/$name.yaml" > /dev/null 2> "$tmp/err"
    cat "$tmp/$name.yaml" | "$RINGWALL" scan - > /dev/null 2> "$tmp/err-pipe"
    if grep -q "^ringwall: $tmp/$name.yaml:$at: invalid leading UTF-8 octet" "$tmp/err" &&
        grep -q "^ringwall: <stdin>:$at: invalid leading UTF-8 octet" "$tmp/err-pipe"; then
        echo "ok - input errors: invalid UTF-8 placed at $at in $name.yaml, file and pipe"
    else
        echo "not ok - input errors: invalid UTF-8 placed at $at in $name.yaml"; cat "$tmp/err" "$tmp/err-pipe"
    fi
done
