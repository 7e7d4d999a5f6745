#!/bin/sh
# run.sh — runs every benchmark script under bench/; each prints its figures.
set -e
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
    [ "$b" = bench/run.sh ] && continue
    echo "== $b"
    bash "$b"
done
