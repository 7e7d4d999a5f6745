#!/bin/bash
# scan_jobs.sh — what a second core buys `ringwall scan`: wall time, CPU time
# (user + system) and peak RSS of -j 1 and -j 2 on the corpus x4 as files
# (bench/out/corpus-x4/) and on one 45 MB `kind: List` (bench/out/list.json),
# best of RUNS (default 5) each, -j 1 and -j 2 alternating so that other load
# hits both alike. The reports of -j 1 and -j 2 are compared byte for byte.
# With BASE=path/to/another/ringwall the same figures for that binary too,
# measured in the same rounds. Wall times depend on what else runs on the
# machine: read them when it is idle (uptime). In the same rounds it
# measures what the machine's second core can give at all, the ceiling of
# the -j 2/-j 1 ratio: a CPU-bound loop run once and then twice at once
# (perfectly parallel work with nothing shared), and two -j 1 scans of the
# two halves of corpus x4 at once against one -j 1 scan of the whole (the
# same work split between two processes). On a machine whose cores are
# fully its own both are near 0.5x; on a virtual machine whose two cores
# share hardware they are not, and -j 2 cannot beat them. Prints figures;
# asserts nothing. Inputs come from make_corpus.py (built when missing).
#   bash bench/scan_jobs.sh            RUNS=9 BASE=../main/ringwall bash bench/scan_jobs.sh
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
RINGWALL=${RINGWALL:-./ringwall}
BASE=${BASE:-}
RUNS=${RUNS:-5}
mkdir -p "$OUT"
[ -d "$OUT/corpus-x4" ] && [ -f "$OUT/list.json" ] || python3 bench/make_corpus.py --out "$OUT"

. bench/lib.sh

# once BIN J INPUT TAG: one scan; "wall cpu rss_kb" appended to $OUT/jobs-TAG-jJ
once() {
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$1" scan -j "$2" --format json \
        --fail-on none -o "$OUT/jobs-$4-j$2.json" "$3" 2>/dev/null
    awk '{ printf "%s %.3f %d\n", $1, $2 + $3, $4 }' "$OUT/time" >> "$OUT/jobs-$4-j$2"
}

# best TAG J: "wall cpu rss_kb", each the least of the runs
best() {
    awk 'NR == 1 || $1 < w { w = $1 } NR == 1 || $2 < c { c = $2 } NR == 1 || $3 < m { m = $3 }
         END { print w, c, m }' "$OUT/jobs-$1-j$2"
}

# wall_of CMD...: the wall seconds of CMD (its output discarded).
wall_of() {
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", e - s }'
}
cpu_loop() { awk 'BEGIN { for (i = 0; i < 2e7; i++) s += i }'; }
cpu_loops() { cpu_loop & cpu_loop; wait; }
scan_j1() { "$RINGWALL" scan -j 1 --format json --fail-on none -o "$1" "${@:2}"; }
scan_halves() {
    scan_j1 "$OUT/jobs-half-a.json" "$OUT"/corpus-x4/r0 "$OUT"/corpus-x4/r1 &
    scan_j1 "$OUT/jobs-half-b.json" "$OUT"/corpus-x4/r2 "$OUT"/corpus-x4/r3
    wait
}

# The ceiling: least of RUNS rounds, one and two at once alternating.
rm -f "$OUT/ceiling"
for _ in $(seq "$RUNS"); do
    echo "loop1 $(wall_of cpu_loop)" >> "$OUT/ceiling"
    echo "loop2 $(wall_of cpu_loops)" >> "$OUT/ceiling"
    echo "whole $(wall_of scan_j1 "$OUT/jobs-whole.json" "$OUT/corpus-x4")" >> "$OUT/ceiling"
    echo "halves $(wall_of scan_halves)" >> "$OUT/ceiling"
done
awk '{ if (!($1 in m) || $2 < m[$1]) m[$1] = $2 }
     END { printf "machine ceiling of -j 2/-j 1: a CPU loop twice at once %.2fx of twice alone " \
                  "(%.2f s vs 2 x %.2f s); two -j 1 scans of corpus-x4 halves at once %.2fx " \
                  "of one of the whole (%.2f s vs %.2f s)\n",
                  m["loop2"] / (2 * m["loop1"]), m["loop2"], m["loop1"],
                  m["halves"] / m["whole"], m["halves"], m["whole"] }' "$OUT/ceiling"

echo "load before: $(uptime | sed 's/.*load average: //')"
for input in corpus-x4 list.json; do
    bins="new:$RINGWALL"
    [ -n "$BASE" ] && bins="base:$BASE $bins"
    for b in $bins; do rm -f "$OUT/jobs-${b%%:*}-$input-j1" "$OUT/jobs-${b%%:*}-$input-j2"; done
    for _ in $(seq "$RUNS"); do
        for b in $bins; do
            for j in 1 2; do once "${b#*:}" "$j" "$OUT/$input" "${b%%:*}-$input"; done
        done
    done
    for b in $bins; do
        tag=${b%%:*}-$input
        set -- $(best "$tag" 1) $(best "$tag" 2)
        same=identical
        cmp -s "$OUT/jobs-$tag-j1.json" "$OUT/jobs-$tag-j2.json" || same=DIFFERENT
        awk -v t="$tag" -v w1="$1" -v c1="$2" -v m1="$3" -v w2="$4" -v c2="$5" -v m2="$6" \
            -v same="$same" 'BEGIN {
            printf "%-22s -j 1: %5.2f s wall %5.2f s CPU %6.1f MB | -j 2: %5.2f s wall " \
                   "%5.2f s CPU %6.1f MB | -j 2/-j 1 wall %.2fx, CPU %.2fx; reports %s\n",
                   t, w1, c1, m1 / 1024, w2, c2, m2 / 1024, w2 / w1, c2 / c1, same }'
    done
done
echo "load after: $(uptime | sed 's/.*load average: //')"
echo "(best of $RUNS runs each; wall, CPU and RSS minima taken separately)"
