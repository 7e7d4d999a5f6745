#!/bin/bash
# stats.sh — `--stats`, taken by every command: files, bytes and objects
# read, CPU time per phase (load, checks, analyzers, output), wall time and
# CPU time per thread, and peak RSS on stderr, four lines; the report on
# stdout and the exit status unchanged.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$RINGWALL_ROOT" || exit 1
mkdir "$tmp/in"
pod() {
    printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: %s, namespace: a}\nspec:\n' "$1"
    printf '  containers: [{name: c, image: nginx, securityContext: {privileged: true}}]\n'
}
pod p1 > "$tmp/in/a.yaml"
{ pod p2; echo ---; pod p3; } > "$tmp/in/b.yaml"
bytes=$(cat "$tmp/in/a.yaml" "$tmp/in/b.yaml" | wc -c)
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["review"]))' \
    tests/admit/compliant-pod.json > "$tmp/review.json"
audit_log=tests/audit/exec-into-pod.jsonl

# check NAME WANT_FILES WANT_BYTES WANT_OBJECTS COMMAND...: with and without --stats
check() {
    local name=$1 files=$2 bytes=$3 objects=$4
    shift 4
    "$@" > "$tmp/plain.out" 2> "$tmp/plain.err"
    local rc_plain=$?
    "$@" --stats > "$tmp/stats.out" 2> "$tmp/stats.err"
    local rc_stats=$?
    local problems=""
    [ "$rc_plain" = "$rc_stats" ] || problems="$problems exit $rc_plain vs $rc_stats;"
    cmp -s "$tmp/plain.out" "$tmp/stats.out" || problems="$problems stdout differs;"
    local plural=s
    [ "$files" = 1 ] && plural=""
    local want="ringwall: stats: $files file$plural, $bytes bytes, $objects object"
    grep -q "^$want" "$tmp/stats.err" || problems="$problems no '$want';"
    grep -Eq '^ringwall: stats: CPU [0-9.]+ s: load [0-9.]+ s, checks [0-9.]+ s, analyzers [0-9.]+ s, output [0-9.]+ s$' \
        "$tmp/stats.err" || problems="$problems no CPU line;"
    grep -Eq '^ringwall: stats: wall [0-9.]+ s; CPU of the main thread [0-9.]+ s' "$tmp/stats.err" ||
        problems="$problems no threads line;"
    grep -Eq '^ringwall: stats: peak RSS [1-9][0-9]* KB$' "$tmp/stats.err" ||
        problems="$problems no RSS line;"
    if [ -z "$problems" ]; then
        echo "ok - --stats: $name"
    else
        echo "not ok - --stats: $name:$problems"
        cat "$tmp/stats.err"
    fi
}

check "scan" 2 "$bytes" 3 "$RINGWALL" scan -j 1 --format json "$tmp/in"
check "scan -j 2" 2 "$bytes" 3 "$RINGWALL" scan -j 2 --format json "$tmp/in"
check "pss" 2 "$bytes" 3 "$RINGWALL" pss "$tmp/in"
check "rbac" 2 "$bytes" 3 "$RINGWALL" rbac risks "$tmp/in"
check "netpol" 2 "$bytes" 3 "$RINGWALL" netpol "$tmp/in"
check "audit" 1 "$(wc -c < "$audit_log")" "$(grep -c . "$audit_log")" \
    "$RINGWALL" audit "$audit_log"
check "admit review" 1 "$(wc -c < "$tmp/review.json")" 1 \
    "$RINGWALL" admit review --config tests/admit/config/policy.yaml "$tmp/review.json"

# with loading threads, their CPU time too
"$RINGWALL" scan -j 2 --stats "$tmp/in" 2>&1 >/dev/null |
    grep -Eq '^ringwall: stats: wall .*, of 2 worker threads [0-9.]+ s \(the busiest [0-9.]+ s\)$' &&
    echo "ok - --stats: the loading threads' CPU time" ||
    echo "not ok - --stats: the loading threads' CPU time"

# without -j, one file is scanned on the main thread alone, a directory on
# one thread per core
one=$(ls "$tmp/in"/* 2>/dev/null | head -1)
if [ -f "$one" ]; then
    "$RINGWALL" scan --stats "$one" 2>&1 >/dev/null |
        grep -Eq '^ringwall: stats: wall [0-9.]+ s; CPU of the main thread [0-9.]+ s$' &&
        echo "ok - --stats: one file, no -j: no loading threads" ||
        echo "not ok - --stats: one file, no -j: no loading threads"
else
    echo "not ok - --stats: $tmp/in holds no file"
fi
if [ "$(getconf _NPROCESSORS_ONLN)" -gt 1 ]; then
    "$RINGWALL" scan --stats "$tmp/in" 2>&1 >/dev/null | grep -Eq 'of [0-9]+ worker threads' &&
        echo "ok - --stats: a directory, no -j: loading threads" ||
        echo "not ok - --stats: a directory, no -j: loading threads"
fi

# netpol adds its model's size and timings
"$RINGWALL" netpol --stats "$tmp/in" 2>&1 >/dev/null | grep -q "^ringwall: stats: .* workloads" &&
    echo "ok - --stats: netpol's model line" || echo "not ok - --stats: netpol's model line"
# after `--` it is an argument like any other
"$RINGWALL" scan -- --stats > /dev/null 2> "$tmp/err"
grep -q "stats: No such file" "$tmp/err" && ! grep -q "ringwall: stats:" "$tmp/err" &&
    echo "ok - --stats: a path after --" || echo "not ok - --stats: a path after --"
