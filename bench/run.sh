#!/bin/sh
# run.sh — ringwall scan throughput, memory and latency against a raw libyaml
# event parse of the same bytes, measured in the same run. Prints figures;
# asserts nothing. Inputs come from make_corpus.py (built when missing).
#   sh bench/run.sh            (also `make bench`)
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
RINGWALL=${RINGWALL:-./ringwall}
mkdir -p "$OUT"
[ -f "$OUT/stream-100.yaml" ] || python3 bench/make_corpus.py --out "$OUT"
${CC:-cc} -O2 -o "$OUT/raw_parse" bench/raw_parse.c $(pkg-config --cflags --libs yaml-0.1)

less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# best of three runs of the raw parse: "events bytes seconds"
raw() {
    best=""
    for _ in 1 2 3; do
        r=$("$OUT/raw_parse" "$1")
        s=${r##* }
        if [ -z "$best" ] || less "$s" "${best##* }"; then best=$r; fi
    done
    echo "$best"
}

# best of three scans: "seconds maxrss_kb"
scan() {
    best=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$OUT/time" \
            "$RINGWALL" scan --format json --fail-on none -o "$OUT/report.json" "$1" 2>/dev/null
        r=$(cat "$OUT/time")
        if [ -z "$best" ] || less "${r% *}" "${best% *}"; then best=$r; fi
    done
    echo "$best"
}

objects() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["objects"])' \
        "$OUT/report.json"
}

printf '%-16s %8s %10s %10s %10s %9s %9s %8s\n' input MB objects objects/s "scan MB/s" \
    "raw MB/s" ratio "RSS MB"
for f in stream-10.yaml stream-100.yaml list.json; do
    set -- $(raw "$OUT/$f")
    bytes=$2 raw_s=$3
    set -- $(scan "$OUT/$f")
    scan_s=$1 rss_kb=$2
    n=$(objects)
    awk -v f="$f" -v b="$bytes" -v n="$n" -v s="$scan_s" -v r="$raw_s" -v m="$rss_kb" 'BEGIN {
        if (s <= 0) s = 0.001
        printf "%-16s %8.1f %10d %10.0f %10.1f %9.1f %8.0f%% %8.1f\n", f, b / 1e6, n, n / s,
               b / 1e6 / s, b / 1e6 / r, 100 * r / s, m / 1024 }'
done
echo "(ratio: scan throughput as a share of the raw libyaml event parse of the same file)"

if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 20 --runs 200 --export-json "$OUT/latency.json" \
        "$RINGWALL scan --fail-on none $OUT/small.yaml" >/dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]
print("small file (%d bytes): %.2f ms mean, %.2f ms min wall" % (int(sys.argv[2]), r["mean"]*1e3, r["min"]*1e3))' \
        "$OUT/latency.json" "$(wc -c < "$OUT/small.yaml")"
else
    echo "hyperfine not installed: small-file latency not measured"
fi
