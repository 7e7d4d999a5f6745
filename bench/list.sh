#!/bin/sh
# list.sh — peak RSS and CPU time for one big `kind: List` document, as
# `kubectl get -A -o json` and `-o yaml` print it (items before kind), and for
# `rbac who-can` over a generated RBAC List. Items are handed out while the
# List loads, so memory follows the largest item rather than the List.
# Prints figures; asserts nothing. RINGWALL selects the binary (to compare
# two builds); inputs come from make_corpus.py and rbac_gen.py.
#   bash bench/list.sh
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
RINGWALL=${RINGWALL:-./ringwall}
mkdir -p "$OUT"
[ -f "$OUT/list.json" ] || python3 bench/make_corpus.py --out "$OUT"
# the same List as YAML (PyYAML, when installed)
[ -f "$OUT/list.yaml" ] || ! python3 -c 'import yaml' 2>/dev/null || python3 -c '
import json, sys, yaml
dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    yaml.dump(json.load(f), out, Dumper=dumper, sort_keys=False, default_flow_style=False)
' "$OUT/list.json" "$OUT/list.yaml"
[ -f "$OUT/rbac-list.json" ] || python3 bench/rbac_gen.py > "$OUT/rbac-list.json"

. bench/lib.sh

# best of three runs of a command: "cpu_seconds maxrss_kb"
measure() { best_of 3 "$@"; }

report() {
    awk -v w="$1" -v b="$2" -v s="$3" -v m="$4" 'BEGIN {
        if (s == "fail") { printf "%-34s failed\n", w; exit }
        printf "%-34s %7.1f MB %8.2f s CPU %8.1f MB peak RSS\n", w, b / 1e6, s, m / 1024 }'
}

for f in list.json list.yaml; do
    [ -f "$OUT/$f" ] || { echo "$f: not built (PyYAML missing)"; continue; }
    set -- $(measure "$RINGWALL" scan --format json --fail-on none -o "$OUT/report.json" \
        "$OUT/$f")
    report "scan $f" "$(wc -c < "$OUT/$f")" "$1" "$2"
    # a check that reports nothing: the document pipeline alone
    set -- $(measure "$RINGWALL" scan --format json --fail-on none \
        --checks manifest/duplicate-key -o "$OUT/report.json" "$OUT/$f")
    report "scan $f (pipeline only)" "$(wc -c < "$OUT/$f")" "$1" "$2"
done
set -- $(measure "$RINGWALL" rbac who-can get secrets -n ns-3 "$OUT/rbac-list.json")
report "rbac who-can rbac-list.json" "$(wc -c < "$OUT/rbac-list.json")" "$1" "$2"
