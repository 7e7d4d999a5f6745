#!/bin/sh
# run.sh — runs every benchmark under bench/ (each *_bench.sh prints its figures).
set -e
for b in "$(dirname "$0")"/*_bench.sh; do
    echo "== $(basename "$b" .sh)"
    sh "$b"
done
