#!/usr/bin/env bash
# bench/outputs.sh — formatter throughput on a scan with many findings.
# Builds a manifest of N pods (default 25000) with four findings each, then
# times `ringwall scan` in every format to /dev/null, the scan alone (a
# --min-severity that drops every finding but keeps the checks running) as
# the baseline, and prints wall and CPU time, findings per CPU second and
# peak RSS (GNU time, /usr/bin/time). Prints figures only; asserts nothing.
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
    local start end stats
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        stats=$( { /usr/bin/time -f '%M %U %S' "$RINGWALL" scan --fail-on none "$@" \
                   "$WORK/pods.yaml" >/dev/null; } 2>&1 | tail -1)
    else # no GNU time (Debian package "time"): wall time only
        "$RINGWALL" scan --fail-on none "$@" "$WORK/pods.yaml" >/dev/null
        stats="0 0 0"
    fi
    end=$(date +%s.%N)
    awk -v l="$label" -v s="$start" -v e="$end" -v n="$findings" -v st="$stats" 'BEGIN {
        split(st, x, " "); t = e - s; cpu = x[2] + x[3]
        printf "%-24s wall %6.3f s  cpu %6.3f s  %9.0f findings/cpu-s  peak RSS %6d KiB\n",
               l, t, cpu, n / (cpu > 0 ? cpu : 0.001), x[1] }'
}

measure "scan, findings dropped" --min-severity critical --skip "workload/privileged" -f json
measure "text"              -f text
measure "json"              -f json
measure "jsonl"             -f jsonl
measure "jsonl -o FILE"     -f jsonl -o "$WORK/out.jsonl"
measure "sarif"             -f sarif
measure "junit"             -f junit
