#!/bin/sh
# bench/run.sh — runs every bench/*_bench.sh in turn (`make bench`).
set -e
cd "$(dirname "$0")"
for b in ./*_bench.sh; do
  echo "== $b"
  sh "$b"
done
