#!/bin/bash
# input_walk.sh — which files a directory scan reads: *.yaml, *.yml and
# *.json, recursively and sorted; hidden entries, other names, FIFOs and
# --exclude matches left out; symbolic-link loops do not recurse forever;
# a file named on the command line is read whatever its name.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d="$tmp/tree"
mkdir -p "$d/sub/deeper" "$d/.hidden" "$d/skipme"
cm() { printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\n' "$1"; }
cm a > "$d/a.yaml"
cm b > "$d/sub/b.yml"
printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}\n' > "$d/sub/deeper/c.json"
cm hidden > "$d/.hidden/h.yaml"
cm dot > "$d/.dot.yaml"
cm text > "$d/notes.txt"
cm skipped > "$d/skipme/s.yaml"
ln -s .. "$d/sub/loop"
mkfifo "$d/pipe.yaml"

names() {
    python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["summary"]["files"], r["summary"]["objects"])'
}
out=$(timeout 20 "$RINGWALL" scan --format json --fail-on none --exclude skipme "$d" 2>"$tmp/err" | names)
rc=$?
if [ $rc -eq 0 ] && [ "$out" = "3 3" ]; then
    echo "ok - input walk: recursive, filtered by name, hidden and --exclude skipped"
else
    echo "not ok - input walk: recursive, filtered (files objects: $out, exit $rc)"
    cat "$tmp/err"
fi
if grep -q "directory loop" "$tmp/err"; then
    echo "ok - input walk: a symbolic-link loop is reported and not followed"
else
    echo "not ok - input walk: a symbolic-link loop is reported and not followed"
fi
out=$("$RINGWALL" scan --format json --fail-on none "$d" 2>/dev/null | names)
[ "$out" = "4 4" ] && echo "ok - input walk: without --exclude" || echo "not ok - input walk: without --exclude ($out)"
out=$("$RINGWALL" scan --format json --fail-on none --exclude '*.json' --exclude skipme "$d" \
      2>/dev/null | names)
[ "$out" = "2 2" ] && echo "ok - input walk: --exclude glob on names" || echo "not ok - input walk: --exclude glob ($out)"
out=$("$RINGWALL" scan --format json --fail-on none "$d/notes.txt" 2>/dev/null | names)
[ "$out" = "1 1" ] && echo "ok - input walk: an explicit file of any name" || echo "not ok - input walk: explicit file ($out)"
