#!/bin/bash
# fuzz_smoke.sh — builds the libFuzzer targets (tests/fuzz) and runs each
# for a few seconds over its committed corpus plus new inputs; a crash, a
# timeout or a sanitizer report fails. New inputs are thrown away.
# asan: skip (the fuzzers carry ASan and UBSan themselves)
set -u
cd "$RINGWALL_ROOT"
log=$(mktemp)
if ! make -s -j2 -C tests/fuzz all > "$log" 2>&1; then
    echo "not ok - fuzz: build the targets"
    tail -20 "$log"
    rm -f "$log"
    exit 0
fi
rm -f "$log"
echo "ok - fuzz: build the targets"
for spec in fuzz_scan:12 fuzz_scalar:4 fuzz_json:8 fuzz_audit_event:6 fuzz_audit_rules:6; do
    t=${spec%%:*} secs=${spec##*:}
    tmp=$(mktemp -d)
    build-fuzz/$t -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$tmp/" "$tmp" "tests/fuzz/corpus/$t" > "$tmp/log" 2>&1
    rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$tmp/log" | grep -o '[0-9]*$')
    if [ $rc -eq 0 ] && ! ls "$tmp" | grep -q -E '^(crash|timeout|oom|leak)-'; then
        echo "ok - fuzz: $t ran ${secs}s clean (${runs:-?} inputs)"
    else
        echo "not ok - fuzz: $t (exit $rc)"
        grep -A15 -E 'ERROR|runtime error|SUMMARY' "$tmp/log" | head -40
        for a in "$tmp"/crash-* "$tmp"/timeout-* "$tmp"/oom-* "$tmp"/leak-*; do
            [ -f "$a" ] && echo "input (base64): $(base64 -w0 "$a" | head -c 2000)"
        done
    fi
    rm -rf "$tmp"
done
