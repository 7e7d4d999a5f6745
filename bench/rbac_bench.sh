#!/bin/sh
# bench/rbac_bench.sh — RBAC figures on a synthetic cluster (bench/rbac_gen.py:
# 10,000 roles x 5 rules = 50,000 rules, 10,000 bindings, 200 namespaces):
# in-process engine timings (bench/rbac_bench.c), then whole-command times
# with hyperfine, loading included, on the cluster as one 9.7 MB kubectl List
# and as a stream of one document per object; `scan` of the same input with
# only the manifest checks is the loading baseline. Prints, never asserts.
set -e
cd "$(dirname "$0")/.."
make -s ringwall build/libringwall.a
out=${TMPDIR:-/tmp}/ringwall-rbac-bench
mkdir -p "$out"
python3 bench/rbac_gen.py > "$out/dump.json"
python3 bench/rbac_gen.py --stream > "$out/stream.yaml"
cc -O2 -std=c11 -D_GNU_SOURCE -o "$out/rbac_bench" bench/rbac_bench.c build/libringwall.a \
   $(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml) -lm
"$out/rbac_bench" "$out/dump.json"
if ! command -v hyperfine >/dev/null 2>&1; then
  echo "hyperfine not installed: whole-command times skipped"
  exit 0
fi
# the same cluster as one kubectl List document and as a stream of documents
for d in "$out/dump.json" "$out/stream.yaml"; do
  echo "whole commands on $(basename "$d") ($(wc -c < "$d") bytes)"
  hyperfine -N -i --warmup 1 --runs 5 --export-markdown "$out/rbac.md" \
    -n scan-baseline "./ringwall scan --checks manifest/* --fail-on none $d" \
    -n who-can "./ringwall rbac who-can get secrets -n ns-3 $d" \
    -n can-i "./ringwall rbac can-i system:serviceaccount:ns-3:sa-1 patch deployments -n ns-3 $d" \
    -n risks "./ringwall rbac risks --fail-on none $d" \
    -n paths "./ringwall rbac paths --to cluster-admin $d" >/dev/null 2>&1 || true
  cat "$out/rbac.md"
done
