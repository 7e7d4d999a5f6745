#!/bin/bash
# audit_follow.sh — `ringwall audit --follow` against reading the same log
# in one go (bench/audit_follow.py; AUDIT_FOLLOW_EVENTS events, default
# 500,000; AUDIT_FOLLOW_KEYS distinct users for the checkpoint, default
# 200,000).
set -e
cd "$(dirname "$0")/.."
mkdir -p bench/out
make -s ringwall
python3 bench/audit_follow.py ./ringwall bench/out "${AUDIT_FOLLOW_EVENTS:-500000}" \
    "${AUDIT_FOLLOW_KEYS:-200000}"
