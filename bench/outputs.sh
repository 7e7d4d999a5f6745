#!/usr/bin/env bash
# bench/outputs.sh — formatter throughput on a scan with many findings.
# Builds a manifest of N pods (default 25000) with four findings each, then
# times `ringwall scan` in every format to /dev/null, the scan alone (a
# --min-severity that drops every finding but keeps the checks running) as
# the baseline, and prints wall time, findings/s and peak RSS. Prints
# figures only; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
RINGWALL=${RINGWALL:-./ringwall}
PODS=${1:-25000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$PODS" > "$WORK/pods.yaml" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    print(f"""---
apiVersion: v1
kind: Pod
metadata: {{name: pod-{i}, namespace: ns-{i % 97}}}
spec:
  hostNetwork: true
  containers:
  - name: app
    image: nginx
    securityContext: {{privileged: true}}""")
PY

findings=$("$RINGWALL" scan --fail-on none -f jsonl "$WORK/pods.yaml" | wc -l)
echo "input: $PODS pods, $(du -h "$WORK/pods.yaml" | cut -f1), $findings findings"

measure() { # label, args...
    local label=$1; shift
    local start end rss
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        rss=$( { /usr/bin/time -f '%M' "$RINGWALL" scan --fail-on none "$@" "$WORK/pods.yaml" \
                 >/dev/null; } 2>&1 | tail -1)
    else
        "$RINGWALL" scan --fail-on none "$@" "$WORK/pods.yaml" >/dev/null
        rss="?"
    fi
    end=$(date +%s.%N)
    awk -v l="$label" -v s="$start" -v e="$end" -v n="$findings" -v r="$rss" 'BEGIN {
        t = e - s; printf "%-22s %7.3f s  %10.0f findings/s  peak RSS %s KiB\n", l, t, n / t, r }'
}

measure "scan, findings dropped" --min-severity critical --skip "workload/privileged" -f json
measure "text"              -f text
measure "json"              -f json
measure "jsonl"             -f jsonl
measure "jsonl -o FILE"     -f jsonl -o "$WORK/out.jsonl"
measure "sarif"             -f sarif
measure "junit"             -f junit
