#!/bin/bash
# audit_serve.sh — `ringwall audit serve` under load: wrk POSTs EventLists
# of 1000 events (bench/audit_gen.py's, about 700 KB each) with keep-alive
# over TLS for DURATION; prints the requests answered 200 and 429, and the
# events the rules thread evaluated per second from the first request until
# the queue is drained (the server's own ringwall_audit_events_total), beside
# `ringwall audit` over the same events from a file in the same run (the
# baseline: the same engine without HTTP, TLS or the queue), and the events
# per CPU second of the rules thread (steadier on a busy machine). Loopback only;
# the server is stopped at exit. Prints figures; asserts nothing.
#   bash bench/audit_serve.sh     DURATION=10s CONNS=4 RINGWALL=./ringwall (the defaults)
set -eu
cd "$(dirname "$0")/.."
RINGWALL=${RINGWALL:-./ringwall}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-4}
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh
for t in wrk openssl curl python3; do
    command -v "$t" >/dev/null || { echo "audit_serve.sh: needs $t (make deps-bench)" >&2; exit 1; }
done
tmp=$(mktemp -d /tmp/ringwall-audit-bench.XXXXXX)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sh deploy/admit/make-certs.sh "$tmp/certs" >/dev/null
python3 bench/audit_gen.py 1000 "$tmp/events.jsonl"
python3 -c 'import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
json.dump({"kind": "EventList", "apiVersion": "audit.k8s.io/v1", "metadata": {}, "items": ev},
          open(sys.argv[2], "w"), separators=(",", ":"))' "$tmp/events.jsonl" "$tmp/list.json"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$RINGWALL" audit serve --listen "127.0.0.1:$port" --tls-cert "$tmp/certs/tls.crt" \
    --tls-key "$tmp/certs/tls.key" --format jsonl -o /dev/null 2>"$tmp/serve.log" &
server=$!
metric() {
    curl -sk "https://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}
for _ in $(seq 100); do
    [ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/readyz")" = 200 ] && break
    sleep 0.1
done
t0=$(date +%s.%N)
threads=$((CONNS < 2 ? CONNS : 2))
ADMIT_BODY=$tmp/list.json wrk -t "$threads" -c "$CONNS" -d "$DURATION" -s bench/admit.lua \
    "https://127.0.0.1:$port/audit" >"$tmp/wrk" 2>&1 || { cat "$tmp/wrk"; exit 1; }
while [ "$(metric ringwall_audit_queue_batches)" != 0 ]; do sleep 0.05; done
t1=$(date +%s.%N)
events=$(metric ringwall_audit_events_total)
# CPU seconds of the rules thread (named audit-rules) and of the whole server
rules_cpu=$(for t in /proc/$server/task/*; do
    [ "$(cat "$t/comm")" = audit-rules ] && awk '{ print ($14 + $15) / 100 }' "$t/stat"
    true
done)
server_cpu=$(awk '{ print ($14 + $15) / 100 }' "/proc/$server/stat")
ok=$(metric 'ringwall_audit_batches_total{result="queued"}')
full=$(metric 'ringwall_audit_batches_total{result="queue_full"}')
# The baseline: the same events from a file, as many as one run of 100 lists.
for _ in $(seq 100); do cat "$tmp/events.jsonl"; done >"$tmp/file.jsonl"
file=$(best_of 3 taskset -c 0 "$RINGWALL" audit --fail-on none --format jsonl -o /dev/null \
    "$tmp/file.jsonl")
awk -v e="$events" -v t0="$t0" -v t1="$t1" -v ok="$ok" -v full="$full" -v f="${file% *}" \
    -v c="$CONNS" -v rc="$rules_cpu" -v sc="$server_cpu" 'BEGIN {
    s = t1 - t0
    printf "audit serve, %d connections, EventLists of 1000 events: %d answered 200, %d answered 429\n", c, ok, full
    printf "events evaluated: %.0f in %.2fs: %.0f events/s (from a file, one core: %.0f events/s; %.2f of it)\n",
           e, s, e / s, 100000 / f, (e / s) / (100000 / f)
    printf "per CPU second of the rules thread: %.0f events/s (%.2f of the file\x27s); the whole server used %.1f CPU s (TLS, checks, copies)\n",
           e / rc, (e / rc) / (100000 / f), sc }'
grep RESULT "$tmp/wrk" || cat "$tmp/wrk"
curl -sk "https://127.0.0.1:$port/metrics" | grep -E "^ringwall_(http_requests|limit)"
