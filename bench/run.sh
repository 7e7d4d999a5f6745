#!/bin/sh
# bench/run.sh — `make bench`: runs every benchmark script of bench/ in turn.
set -e
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
  [ "$b" = bench/run.sh ] && continue
  echo "== $b"
  bash "$b"
done
