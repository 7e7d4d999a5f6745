#!/bin/bash
# audit.sh — throughput of `ringwall audit` on one core over a synthetic
# audit log (bench/audit_gen.py, AUDIT_BENCH_EVENTS events, default 2
# million): a raw parse (no rule), the built-in rules and Falco's
# k8s_audit_rules.yaml, in events/s and MB/s, and the ratio to the raw parse;
# the same file through baselines outside ringwall in the same run: `jq -c .`
# (C, parses and prints every event) and Python's json.loads per line (its C
# decoder), one run each (they are slow), as a ratio (ringwall's rate / the
# baseline's); then peak RSS of the stateful rules over AUDIT_BENCH_KEYS
# distinct users (default 1 million) with the default cap and with a cap
# above the keys.
set -e
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh
make -s ringwall
n=${AUDIT_BENCH_EVENTS:-2000000}
keys=${AUDIT_BENCH_KEYS:-1000000}
log=$OUT/audit.jsonl
python3 bench/audit_gen.py "$n" "$log"
bytes=$(stat -c %s "$log")
printf -- '- list: nothing\n  items: []\n' > "$OUT/no_rules.yaml"
falco=../shared/conformance/audit/k8s_audit_rules.yaml
run() { best_of 3 taskset -c 0 ./ringwall audit --fail-on none --format jsonl -o /dev/null "$@" "$log"; }
raw=$(run --rules "$OUT/no_rules.yaml")
echo "events: $n, $((bytes / 1000000)) MB"
report() {
    awk -v name="$1" -v t="${2% *}" -v rss="${2#* }" -v n="$n" -v b="$bytes" -v raw="${raw% *}" \
        'BEGIN { printf "%-14s %9.0f events/s %7.1f MB/s  %.2f of raw  peak RSS %d KB\n",
                 name, n / t, b / t / 1e6, raw / t, rss }'
}
report "raw parse" "$raw"
builtin=$(run)
report "built-in" "$builtin"
[ -f "$falco" ] && report "Falco rules" "$(run --rules "$falco")"
baseline() { # name, result: the baseline's rate and built-in's ratio to it (same run)
    awk -v name="$1" -v t="${2% *}" -v n="$n" -v b="$bytes" -v rw="${builtin% *}" \
        'BEGIN { printf "%-14s %9.0f events/s %7.1f MB/s  built-in rules at %.2fx its speed\n",
                 name, n / t, b / t / 1e6, t / rw }'
}
if command -v jq >/dev/null; then
    baseline "jq -c ." "$(best_of 1 taskset -c 0 jq -c . "$log")"
fi
printf 'import json, sys\nfor line in open(sys.argv[1], "rb"):\n    json.loads(line)\n' \
    > "$OUT/json_loads.py"
baseline "python json" "$(best_of 1 taskset -c 0 python3 "$OUT/json_loads.py" "$log")"
python3 bench/audit_gen.py "$keys" "$log" distinct-users
printf -- '- rule: wide\n  condition: ka.response.code = 403\n  output: x\n  priority: INFO\n  source: k8s_audit\n  threshold: {count: 10, window: 5m, by: [ka.user.name], cap: %d}\n' \
    "$((keys + 1))" > "$OUT/uncapped.yaml"
r=$(run)
echo "stateful, $keys distinct users, default cap 100000: peak RSS ${r#* } KB"
r=$(run --rules "$OUT/uncapped.yaml")
echo "stateful, $keys distinct users, cap above them:    peak RSS ${r#* } KB"
rm -f "$log"
