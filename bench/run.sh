#!/bin/sh
# run.sh — runs every benchmark script under bench/; each prints its figures.
set -e
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
    case "$b" in bench/run.sh | bench/lib.sh) continue ;; esac
    echo "== $b"
    bash "$b"
done
