#!/bin/bash
# fuzz_smoke.sh — builds the libFuzzer targets (tests/fuzz) and runs every
# one of them (each tests/fuzz/fuzz_*.c) for a second over its committed
# corpus plus new inputs, two at a time; a crash, a timeout, a sanitizer
# report or a target without corpus fails. New inputs are thrown away.
# asan: skip (the fuzzers carry ASan and UBSan themselves)
set -u
cd "$RINGWALL_ROOT"
SECONDS_EACH=${FUZZ_SMOKE_SECONDS:-1}
# make check's sanitizer build carries libFuzzer's edge counters: the
# targets are then only linked against it (build-asan/fuzz/); otherwise the
# sources are compiled for fuzzing (build-fuzz/).
lib=$RINGWALL_ROOT/build-asan/libringwall.a
out=$RINGWALL_ROOT/build-fuzz
build=(OUT="$out")
if [ -f "$lib" ] && nm "$lib" 2>/dev/null | grep -q __sancov_cntrs; then
    out=$RINGWALL_ROOT/build-asan/fuzz
    build=(OUT="$out" LIB="$lib")
fi
log=$(mktemp)
if ! make -s -j2 -C tests/fuzz all "${build[@]}" > "$log" 2>&1; then
    echo "not ok - fuzz: build the targets"
    tail -20 "$log"
    rm -f "$log"
    exit 0
fi
rm -f "$log"
echo "ok - fuzz: build the targets"

targets=$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
if [ -z "$targets" ]; then
    echo "not ok - fuzz: no targets in tests/fuzz"
    exit 0
fi

# Runs one target; its TAP lines go to $work/$t.tap.
run_target() {
    local t=$1 work=$2 tmp="$2/$1"
    mkdir -p "$tmp/new" "$tmp/art"
    {
        if [ -z "$(ls -A "tests/fuzz/corpus/$t" 2>/dev/null)" ]; then
            echo "not ok - fuzz: $t has no corpus in tests/fuzz/corpus/$t"
            return
        fi
        "$out/$t" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 \
            -rss_limit_mb=2048 -close_fd_mask=3 -print_final_stats=1 \
            -artifact_prefix="$tmp/art/" "$tmp/new" "tests/fuzz/corpus/$t" > "$tmp/log" 2>&1
        local rc=$?
        local runs
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$tmp/log" | grep -o '[0-9]*$')
        if [ $rc -eq 0 ] && [ -z "$(ls -A "$tmp/art")" ] && [ "${runs:-0}" -gt 0 ]; then
            echo "ok - fuzz: $t ran ${SECONDS_EACH}s clean (${runs} inputs)"
        else
            echo "not ok - fuzz: $t (exit $rc, ${runs:-0} inputs)"
            grep -A15 -E 'ERROR|runtime error|SUMMARY' "$tmp/log" | head -40 | sed 's/^/# /'
            for a in "$tmp"/art/*; do
                [ -f "$a" ] && echo "# input $(basename "$a") (base64): $(base64 -w0 "$a" | head -c 2000)"
            done
        fi
    } > "$work/$t.tap"
}

work=$(mktemp -d)
running=0
for t in $targets; do
    run_target "$t" "$work" &
    running=$((running + 1))
    if [ $running -ge 2 ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
for t in $targets; do
    cat "$work/$t.tap" 2>/dev/null || echo "not ok - fuzz: $t printed no result"
done
rm -rf "$work"
