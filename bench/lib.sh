# lib.sh — shared by the benchmark scripts (sourced, not run): best-of-N CPU
# time and peak RSS of a command. Callers set OUT (a scratch directory).

less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# best_of N CMD...: prints "cpu_seconds maxrss_kb" of the fastest of N runs
# (CPU = user + system), or "fail fail" when a run fails.
best_of() {
    runs=$1
    shift
    best=""
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        if ! /usr/bin/time -f "%U %S %M" -o "$OUT/time" "$@" >/dev/null 2>&1; then
            echo "$* failed: $(head -1 "$OUT/time")" >&2
            echo "fail fail"
            return
        fi
        r=$(awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$OUT/time")
        if [ -z "$best" ] || less "${r% *}" "${best% *}"; then best=$r; fi
    done
    echo "$best"
}

# free_port: a free TCP port on loopback.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_etcd DIR: a one-member etcd (Debian's etcd-server) on free loopback
# ports with its data and log under DIR and an 8 GiB quota; sets url and
# etcd_pid, returns once it answers. The caller stops it (kill $etcd_pid).
start_etcd() {
    local peer
    url=http://127.0.0.1:$(free_port)
    peer=http://127.0.0.1:$(free_port)
    etcd --data-dir "$1/data" --name bench --quota-backend-bytes $((8 << 30)) \
        --listen-client-urls "$url" --advertise-client-urls "$url" \
        --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
        --initial-cluster "bench=$peer" --log-level error --logger zap > "$1/etcd.log" 2>&1 &
    etcd_pid=$!
    for _ in $(seq 100); do
        curl -sf "$url/health" > /dev/null && return 0
        sleep 0.1
    done
    echo "etcd did not start: $(tail -3 "$1/etcd.log")" >&2
    return 1
}
