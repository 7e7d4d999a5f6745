#!/bin/bash
# etcd_inspect.sh — throughput of `ringwall etcd inspect` and `etcd verify`
# on a snapshot of ETCD_BENCH_MB (default 600) MB of Kubernetes-shaped keys
# (bench/etcd_seed.py into a real etcd on loopback, then `etcdctl snapshot
# save`), read from the page cache: MB/s and the ratio to `sha256sum` of the
# same file in the same run (the baseline: one pass over every byte). Also
# peak RSS. Not run by make check.
set -e
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh
make -s ringwall
mb=${ETCD_BENCH_MB:-600}
work=$(mktemp -d "$OUT/etcd.XXXXXX")
trap '[ -n "${etcd_pid:-}" ] && kill $etcd_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
start_etcd "$work"
python3 bench/etcd_seed.py "$url" "$mb"
snap=$work/snapshot.db
ETCDCTL_API=3 etcdctl --endpoints "$url" snapshot save "$snap" > /dev/null 2>&1
kill $etcd_pid
wait $etcd_pid 2>/dev/null || true
bytes=$(stat -c %s "$snap")
cat "$snap" > /dev/null   # into the page cache
status=$(ETCDCTL_API=3 etcdctl snapshot status -w json "$snap")
echo "snapshot: $((bytes / 1000000)) MB, etcdctl snapshot status: $status"
./ringwall etcd verify --fail-on none --format json "$snap" | python3 -c '
import json, re, sys
m = json.load(sys.stdin)["findings"][0]["message"]
f = re.search(r"hash (\d+), revision (\d+), total keys (\d+), total size (\d+)", m).groups()
want = json.loads(sys.argv[1])
same = [int(x) for x in f] == [want[k] for k in ("hash", "revision", "totalKey", "totalSize")]
print("etcd verify:", m.split(";")[0], "(the same)" if same else "(DIFFERENT)")' "$status"
base=$(best_of 3 sha256sum "$snap")
report() {
    awk -v name="$1" -v t="${2% *}" -v rss="${2#* }" -v b="$bytes" -v base="${base% *}" \
        'BEGIN { printf "%-16s %7.0f MB/s  %.2f of sha256sum  peak RSS %d KB (mapped file included)\n",
                 name, b / t / 1e6, base / t, rss }'
}
report "sha256sum" "$base"
report "etcd inspect" "$(best_of 3 ./ringwall etcd inspect --fail-on none -o /dev/null "$snap")"
report "etcd verify" "$(best_of 3 ./ringwall etcd verify --fail-on none -o /dev/null "$snap")"
