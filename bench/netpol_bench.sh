#!/bin/sh
# netpol_bench.sh — reachability at scale: 10,000 workloads in 500
# namespaces with 2,000 NetworkPolicies (bench/netpol_gen.py). Prints
# hyperfine figures for the full connectivity list and for one --from/--to
# query (denied, exit 1; both include reading 4 MB of YAML), the same-process phase timings
# from --stats (load, analysis, output), and the parse-only baseline of the
# same bytes (`ringwall scan --checks manifest/duplicate-key`).
# Usage: bench/netpol_bench.sh [ringwall] [namespaces] [workloads]
set -eu
RINGWALL=${1:-./ringwall}
NS=${2:-500}
WL=${3:-10000}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
IN="$DIR/cluster.yaml"
python3 "$(dirname "$0")/netpol_gen.py" "$IN" "$NS" "$WL"
echo "input: $(wc -c <"$IN") bytes, $NS namespaces, $WL workloads, $((NS * 4)) policies"
echo "connectivity lines: $("$RINGWALL" netpol "$IN" | wc -l)"
FROM=ns-001/app-0
TO=ns-002/app-1
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 1 --runs 10 -N -i \
        -n "parse only (scan, one check)" "$RINGWALL scan --checks manifest/duplicate-key --fail-on none $IN" \
        -n "netpol full list" "$RINGWALL netpol -f txt $IN" \
        -n "netpol --from --to" "$RINGWALL netpol --from $FROM --to $TO $IN" \
        --export-markdown "$DIR/results.md" >/dev/null
    cat "$DIR/results.md"
else
    echo "hyperfine not installed: phase timings only"
fi
echo "phase timings (3 runs each, same process):"
for i in 1 2 3; do "$RINGWALL" netpol --stats "$IN" 2>&1 >/dev/null | grep workloads | sed 's/^ringwall: stats: /  full:  /'; done
for i in 1 2 3; do
    "$RINGWALL" netpol --stats --from "$FROM" --to "$TO" "$IN" 2>&1 >/dev/null |
        grep workloads | sed 's/^ringwall: stats: /  query: /'
done
