#!/bin/bash
# etcd.sh — `ringwall etcd backup` against `etcdctl snapshot save` of the same
# database in the same run (wall time, best of 3, and the ratio; target:
# within 10%, peak RSS at most 20 MB), then `ringwall etcd check` over
# ETCD_BENCH_SECRETS Secrets (default 100,000; time and peak RSS). The etcd
# (Debian's etcd-server) runs on loopback with its data under bench/out and
# is seeded with ETCD_BENCH_MB MiB of values (default 520) by
# bench/etcd_live_seed.py.
set -e
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh
make -s ringwall
mb=${ETCD_BENCH_MB:-520}
secrets=${ETCD_BENCH_SECRETS:-100000}
dir=$OUT/etcd
rm -rf "$dir" && mkdir -p "$dir/backups"
trap '[ -n "${etcd_pid:-}" ] && kill $etcd_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
start_etcd "$dir"
python3 bench/etcd_live_seed.py "$url" "$mb" "$secrets"
size=$(curl -s -X POST -d '{}' "$url/v3/maintenance/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["dbSize"])')
echo "etcd database: $((size / 1000000)) MB, $secrets Secrets"

# wall seconds and peak RSS (KB) of the fastest of 3 runs
wall_of() {
    best=""
    for _ in 1 2 3; do
        rm -f "$dir"/backups/*.db "$dir"/backups/.ringwall-etcd-backups
        /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" >/dev/null 2>&1 || { echo "fail fail"; return; }
        r=$(cat "$OUT/time")
        if [ -z "$best" ] || less "${r% *}" "${best% *}"; then best=$r; fi
    done
    echo "$best"
}
ctl=$(wall_of env ETCDCTL_API=3 etcdctl --endpoints "$url" snapshot save "$dir/backups/etcdctl.db")
mine=$(wall_of ./ringwall etcd backup --endpoints "$url" --out "$dir/backups/ringwall.db")
awk -v c="${ctl% *}" -v m="${mine% *}" -v crss="${ctl#* }" -v mrss="${mine#* }" -v b="$size" 'BEGIN {
    printf "etcdctl snapshot save  %6.2f s  %7.1f MB/s  peak RSS %6d KB\n", c, b / c / 1e6, crss
    printf "ringwall etcd backup   %6.2f s  %7.1f MB/s  peak RSS %6d KB\n", m, b / m / 1e6, mrss
    printf "backup time: %.2f of etcdctl'"'"'s (target: at most 1.10); peak RSS %.1f MB (target: at most 20)\n",
        m / c, mrss / 1024 }'
r=$(/usr/bin/time -f "%e %M" -o "$OUT/time" ./ringwall etcd check --endpoints "$url" \
    --fail-on none --format json -o "$OUT/etcd-check.json" >/dev/null 2>&1; cat "$OUT/time")
echo "check over $secrets Secrets: ${r% *} s, peak RSS ${r#* } KB"
