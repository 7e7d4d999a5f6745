#!/bin/sh
# scan.sh — ringwall scan throughput, memory and latency against a raw libyaml
# event parse of the same bytes, measured in the same run. Throughput uses
# CPU time (user + system; best of five), which other load on the machine
# disturbs far less than wall time. Prints figures; asserts nothing. Inputs
# come from make_corpus.py (built when missing).
#   bash bench/scan.sh         (also through bench/run.sh, `make bench`)
# RINGWALL selects the binary (to compare two builds).
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
RINGWALL=${RINGWALL:-./ringwall}
mkdir -p "$OUT"
[ -d "$OUT/small-10000" ] || python3 bench/make_corpus.py --out "$OUT"
# The same List behind a comment line, which sends it through libyaml instead
# of the JSON front end: the pair shows what the front end wins.
[ -f "$OUT/list-libyaml.json" ] || { echo "# via libyaml"; cat "$OUT/list.json"; } \
    > "$OUT/list-libyaml.json"
${CC:-cc} -O2 -o "$OUT/raw_parse" bench/raw_parse.c $(pkg-config --cflags --libs yaml-0.1)

. bench/lib.sh

# -j N when the binary has it (serial scans: the single-threaded figures)
J1=""
"$RINGWALL" scan --help 2>&1 | grep -q -- '--jobs' && J1="-j 1"

# files of an input (a directory: its manifests, in the order scan reads them)
files() {
    if [ -d "$1" ]; then find "$1" -name '*.yaml' | LC_ALL=C sort; else echo "$1"; fi
}

# best of five runs of the raw parse: "events bytes cpu_seconds"
raw() {
    best=""
    for _ in 1 2 3 4 5; do
        r=$("$OUT/raw_parse" $(files "$1"))
        s=${r##* }
        if [ -z "$best" ] || less "$s" "${best##* }"; then best=$r; fi
    done
    echo "$best"
}

# best of five scans: "cpu_seconds maxrss_kb"
scan() {
    best_of 5 "$RINGWALL" scan $J1 --format json --fail-on none -o "$OUT/report.json" "$1"
}

objects() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["objects"])' \
        "$OUT/report.json"
}

printf '%-18s %8s %10s %10s %10s %9s %9s %8s\n' input MB objects objects/s "scan MB/s" \
    "raw MB/s" "scan/raw" "RSS MB"
for f in corpus-x1.yaml corpus-x4.yaml corpus-x16.yaml list.json list-libyaml.json list.yaml \
    small-10000; do
    set -- $(raw "$OUT/$f")
    bytes=$2 raw_s=$3
    set -- $(scan "$OUT/$f")
    scan_s=$1 rss_kb=$2
    [ "$scan_s" = fail ] && continue
    n=$(objects)
    awk -v f="$f" -v b="$bytes" -v n="$n" -v s="$scan_s" -v r="$raw_s" -v m="$rss_kb" 'BEGIN {
        if (s <= 0) s = 0.001
        printf "%-18s %8.1f %10d %10.0f %10.1f %9.1f %8.2fx %8.1f\n", f, b / 1e6, n, n / s,
               b / 1e6 / s, b / 1e6 / r, s / r, m / 1024 }'
done
echo "(scan/raw: scan CPU time as a multiple of the raw libyaml event parse of the same bytes)"

# Peak RSS of the document pipeline alone: the same scans with a check that
# reports nothing, so no findings are held for the report. Flat across sizes
# because documents are loaded, checked and freed one at a time.
for f in corpus-x1.yaml corpus-x16.yaml; do
    /usr/bin/time -f "%M" -o "$OUT/time" "$RINGWALL" scan $J1 --format json --fail-on none \
        --checks manifest/duplicate-key -o "$OUT/report.json" "$OUT/$f" 2>/dev/null
    awk -v f="$f" '{ printf "documents only, %-16s peak RSS %6.1f MB\n", f, $1 / 1024 }' "$OUT/time"
done

# Both cores: wall time of a directory scan with two workers against one
# (best of five each, alternating, so that other load hits both alike).
if [ -n "$J1" ]; then
    w1="" w2=""
    for _ in 1 2 3 4 5; do
        for j in 1 2; do
            /usr/bin/time -f "%e %M" -o "$OUT/time" "$RINGWALL" scan -j $j --format json \
                --fail-on none -o "$OUT/report-j$j.json" "$OUT/corpus-x4" 2>/dev/null
            set -- $(cat "$OUT/time")
            if [ $j = 1 ]; then
                if [ -z "$w1" ] || less "$1" "$w1"; then w1=$1 m1=$2; fi
            elif [ -z "$w2" ] || less "$1" "$w2"; then w2=$1 m2=$2; fi
        done
    done
    cmp -s "$OUT/report-j1.json" "$OUT/report-j2.json" || echo "-j 2 report differs from -j 1"
    awk -v a="$w1" -v b="$w2" -v m1="$m1" -v m2="$m2" 'BEGIN {
        printf "corpus-x4/ wall: -j 1 %.2f s, -j 2 %.2f s (%.2fx); peak RSS %.1f MB, %.1f MB\n",
               a, b, b / a, m1 / 1024, m2 / 1024 }'
fi

if command -v hyperfine >/dev/null 2>&1; then
    # /bin/true, measured alongside, is the cost of starting any process here.
    hyperfine -N --warmup 20 --runs 200 --export-json "$OUT/latency.json" \
        "$RINGWALL scan --fail-on none $OUT/small.yaml" /bin/true >/dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]
print("small file (%d bytes): %.2f ms mean, %.2f ms median, %.2f ms min wall; /bin/true: %.2f ms mean, %.2f ms min"
      % (int(sys.argv[2]), r[0]["mean"]*1e3, r[0]["median"]*1e3, r[0]["min"]*1e3, r[1]["mean"]*1e3, r[1]["min"]*1e3))' \
        "$OUT/latency.json" "$(wc -c < "$OUT/small.yaml")"
else
    echo "hyperfine not installed: small-file latency not measured"
fi
