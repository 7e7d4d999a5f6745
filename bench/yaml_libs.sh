#!/bin/sh
# yaml_libs.sh — libfyaml and ringwall's own YAML reader against libyaml on
# the same bytes: an event parse of each input (scalar text included) by
# each in the same run, CPU time (best of five). The figures that decide
# what reads YAML under the loader. Prints figures; asserts nothing. Inputs
# come from make_corpus.py (built when missing).
#   bash bench/yaml_libs.sh    (also through bench/run.sh, `make bench`)
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
[ -d "$OUT/small-10000" ] || python3 bench/make_corpus.py --out "$OUT"
${CC:-cc} -O2 -o "$OUT/raw_parse" bench/raw_parse.c $(pkg-config --cflags --libs yaml-0.1)
${CC:-cc} -O2 -o "$OUT/fy_parse" bench/fy_parse.c $(pkg-config --cflags --libs libfyaml)
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o "$OUT/reader_parse" bench/reader_parse.c \
    src/core/yaml_reader.c src/core/arena.c $(pkg-config --cflags --libs yaml-0.1)

. bench/lib.sh

# best of five runs: "events bytes cpu_seconds"
best5() {
    best=""
    for _ in 1 2 3 4 5; do
        r=$("$@")
        if [ -z "$best" ] || less "${r##* }" "${best##* }"; then best=$r; fi
    done
    echo "$best"
}

printf '%-18s %8s %10s %10s %10s %10s %9s %9s %9s\n' input MB "libyaml s" "libfyaml s" \
    "fy mmap s" "reader s" "fy/yaml" "mmap/yaml" "rdr/yaml"
small=$(find "$OUT/small-10000" -name '*.yaml' | sort)
for f in corpus-x1.yaml corpus-x4.yaml corpus-x16.yaml list.yaml small.yaml small-10000; do
    if [ "$f" = small-10000 ]; then set -- $small; else set -- "$OUT/$f"; fi
    y=$(best5 "$OUT/raw_parse" "$@")
    fy=$(best5 "$OUT/fy_parse" "$@")
    fm=$(best5 "$OUT/fy_parse" --mmap "$@")
    rd=$(best5 "$OUT/reader_parse" "$@")
    [ "${y%% *}" = "${fy%% *}" ] || echo "$f: libyaml gives ${y%% *} events, libfyaml ${fy%% *}"
    [ "${y%% *}" = "${rd%% *}" ] || echo "$f: libyaml gives ${y%% *} events, the reader ${rd%% *}"
    echo "$f $y ${fy##* } ${fm##* } ${rd##* }" | awk '{
        printf "%-18s %8.1f %10.4f %10.4f %10.4f %10.4f %8.2fx %8.2fx %8.2fx\n", $1, $3 / 1e6,
               $4, $5, $6, $7, $5 / $4, $6 / $4, $7 / $4 }'
done
echo "(CPU seconds of an event parse, scalar text included; x/yaml: the time as a multiple of libyaml's;"
echo " the reader hands the documents it declines to libyaml)"
