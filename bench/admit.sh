#!/bin/bash
# admit.sh — `ringwall admit serve` under load, against nginx serving a
# static JSON answer of the same size over the same TLS certificate in the
# same run (the baseline). wrk POSTs a realistic AdmissionReview
# (bench/data/admit-deployment.json: a Deployment with three containers,
# about 4 KB) with keep-alive at 64 and 512 connections to each; prints
# req/s and wrk's p50/p99/p99.9, the ratios to nginx, the webhook's own
# decision-time p99 (its ringwall_admit_decision_seconds histogram) under
# that load and at one connection (the engine without contention for the
# cores), its peak RSS, and its RSS while holding 10,000 idle TLS connections
# (bench/admit_idle.py). Loopback only; every process it starts is stopped
# at exit. Prints figures; asserts nothing.
#   bash bench/admit.sh            (also through bench/run.sh, `make bench`)
#   DURATION=10s CONNS="64 512" IDLE=10000 RINGWALL=./ringwall (the defaults)
#   IDLE_ONLY=1 bash bench/admit.sh   only the idle connections' RSS (no nginx, no wrk)
set -eu
cd "$(dirname "$0")/.."
RINGWALL=${RINGWALL:-./ringwall}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64 512}
IDLE=${IDLE:-10000}
IDLE_ONLY=${IDLE_ONLY:-0}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
BODY=bench/data/admit-deployment.json

if ! "$RINGWALL" admit serve --help >/dev/null 2>&1; then
    echo "admit.sh: skipped: $RINGWALL has no admit serve"
    exit 0
fi
for t in wrk openssl curl python3 "$NGINX"; do
    command -v "$t" >/dev/null || { echo "admit.sh: needs $t (make deps-bench)" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/ringwall-admit-bench.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_ready URL: until it answers 200 (10 s at most)
wait_ready() {
    for _ in $(seq 100); do
        [ "$(curl -sk -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
        sleep 0.1
    done
    echo "admit.sh: $1 did not become ready" >&2
    return 1
}

# A CA and an ECDSA P-256 server certificate (clients do not verify it).
sh deploy/admit/make-certs.sh "$tmp/certs" >/dev/null
crt=$tmp/certs/tls.crt
key=$tmp/certs/tls.key

# The webhook's answer to the request is what nginx serves.
mkdir -p "$tmp/nginx/www" "$tmp/nginx/tmp"
"$RINGWALL" admit review "$BODY" >"$tmp/nginx/www/validate" || true
grep -q '"allowed":true' "$tmp/nginx/www/validate" ||
    { echo "admit.sh: $BODY is not allowed by admit review" >&2; exit 1; }

if [ "$IDLE_ONLY" != 1 ]; then
nginx_port=$(free_port)
user=""
[ "$(id -u)" = 0 ] && user="user root root;"
cat >"$tmp/nginx/nginx.conf" <<CONF
$user
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 16384; }
http {
    access_log off;
    client_body_buffer_size 64k;
    client_body_temp_path $tmp/nginx/tmp;
    proxy_temp_path $tmp/nginx/tmp;
    fastcgi_temp_path $tmp/nginx/tmp;
    uwsgi_temp_path $tmp/nginx/tmp;
    scgi_temp_path $tmp/nginx/tmp;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nginx_port ssl;
        ssl_certificate $crt;
        ssl_certificate_key $key;
        ssl_protocols TLSv1.2 TLSv1.3;
        root $tmp/nginx/www;
        default_type application/json;
        # A POST to a static file is answered 405; answer it with the file.
        error_page 405 =200 \$uri;
    }
}
CONF
"$NGINX" -e "$tmp/nginx/error.log" -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf" \
    -g 'daemon off;' &
pids+=($!)
fi

admit_port=$(free_port)
"$RINGWALL" admit serve --listen "127.0.0.1:$admit_port" --tls-cert "$crt" --tls-key "$key" \
    2>"$tmp/admit.log" &
admit_pid=$!
pids+=("$admit_pid")

[ "$IDLE_ONLY" = 1 ] ||
wait_ready "https://127.0.0.1:$nginx_port/validate"
wait_ready "https://127.0.0.1:$admit_port/readyz"

kb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

if [ "$IDLE_ONLY" != 1 ]; then
# Both answer the POST with the same body.
post() { curl -sk --data-binary @"$BODY" -H 'Content-Type: application/json' "$1"; }
post "https://127.0.0.1:$nginx_port/validate" >"$tmp/nginx.out"
post "https://127.0.0.1:$admit_port/validate" >"$tmp/admit.out"
cmp -s "$tmp/nginx.out" "$tmp/admit.out" ||
    { echo "admit.sh: nginx and the webhook answer differently" >&2; exit 1; }
echo "request $(wc -c <"$BODY") bytes, answer $(wc -c <"$tmp/admit.out") bytes," \
    "wrk -t2 -d$DURATION, $(nproc) cores"

# run NAME PORT CONNS: prints wrk's RESULT fields (two threads, one for one
# connection)
run() {
    ADMIT_BODY=$BODY wrk -t"$(( $3 < 2 ? 1 : 2 ))" -c"$3" -d"$DURATION" --timeout 10s --latency -s bench/admit.lua \
        "https://127.0.0.1:$2/validate" >"$tmp/wrk-$1-$3.txt" 2>&1 || true
    grep '^RESULT' "$tmp/wrk-$1-$3.txt" | sed 's/^RESULT //' || echo "failed"
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

printf '%-6s %-9s %9s %9s %9s %9s %7s %7s\n' conns server 'req/s' 'p50 ms' 'p99 ms' \
    'p99.9 ms' errors non2xx
for c in $CONNS; do
    n=$(run nginx "$nginx_port" "$c")
    a=$(run admit "$admit_port" "$c")
    for row in "nginx:$n" "ringwall:$a"; do
        r=${row#*:}
        printf '%-6s %-9s %9s %9s %9s %9s %7s %7s\n' "$c" "${row%%:*}" "$(field "$r" rps)" \
            "$(ms "$(field "$r" p50_us)")" "$(ms "$(field "$r" p99_us)")" \
            "$(ms "$(field "$r" p999_us)")" "$(field "$r" errors)" "$(field "$r" non2xx)"
    done
    echo "$c connections: req/s ringwall/nginx $(ratio "$(field "$a" rps)" "$(field "$n" rps)")," \
        "p99 ringwall/nginx $(ratio "$(field "$a" p99_us)" "$(field "$n" p99_us)")"
done

# The webhook's own decision time: the bucket holding the 99th percentile
# of the decisions made between two snapshots of its metrics.
snapshot() { curl -sk "https://127.0.0.1:$admit_port/metrics" >"$tmp/metrics-$1"; }
decision_p99() { # WHAT BEFORE AFTER
    python3 - "$@" <<'PY'
import re, sys
what, before, after = sys.argv[1:]
def buckets(path):
    b = {}
    for line in open(path):
        m = re.match(r'ringwall_admit_decision_seconds_bucket\{le="([^"]+)"\} (\d+)', line)
        if m:
            b[float(m.group(1))] = int(m.group(2))
    return b
b0, b1 = buckets(before), buckets(after)
cum = sorted((le, n - b0.get(le, 0)) for le, n in b1.items())
total = cum[-1][1] if cum else 0
if not total:
    sys.exit(f"decision time {what}: histogram absent or empty")
prev = 0.0
for le, n in cum:
    if n >= 0.99 * total:
        break
    prev = le
print(f"decision time p99 {what}: <= {le * 1e6:g} us, > {prev * 1e6:g} us ({total} decisions)")
PY
}
: >"$tmp/metrics-start"
# The same from the decision log, to the microsecond: lines FROM+1..TO.
decision_log() { # WHAT FROM TO
    python3 - "$tmp/admit.log" "$@" <<'PY'
import json, sys
path, what, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
us = []
with open(path) as f:
    for i, line in enumerate(f):
        if lo <= i < hi and line.startswith('{"uid"'):
            us.append(json.loads(line)["microseconds"])
us.sort()
if us:
    q = lambda p: us[min(len(us) - 1, int(len(us) * p))]
    over = sum(1 for u in us if u > 100)
    print(f"decision time {what}, from the log: p50 {q(0.5)} us, p99 {q(0.99)} us, "
          f"p99.9 {q(0.999)} us ({len(us)} decisions, {100 * over / len(us):.2f}% over 100 us)")
PY
}
snapshot load
lines_load=$(wc -l <"$tmp/admit.log")
decision_p99 "under the load above" "$tmp/metrics-start" "$tmp/metrics-load" || true
decision_log "under the load above" 0 "$lines_load" || true
q=$(run quiet "$admit_port" 1)
snapshot quiet
lines_quiet=$(wc -l <"$tmp/admit.log")
decision_p99 "at one connection ($(field "$q" rps) req/s)" "$tmp/metrics-load" \
    "$tmp/metrics-quiet" || true
decision_log "at one connection" "$lines_load" "$lines_quiet" || true

echo "peak RSS (VmHWM): ringwall $(kb "$(status_kb "$admit_pid" VmHWM)")," \
    "nginx workers $(kb "$(for p in $(pgrep -P "${pids[0]}"); do status_kb "$p" VmHWM; done |
        awk '{ s += $1 } END { print s + 0 }')") together"
echo "decision log: $(wc -l <"$tmp/admit.log") lines"
fi

# Idle connections: the webhook's resident memory while they are held.
before=$(status_kb "$admit_pid" VmRSS)
python3 bench/admit_idle.py "$admit_port" --count "$IDLE" >"$tmp/idle.out" 2>&1 &
pids+=($!)
for _ in $(seq 900); do
    grep -q '^held' "$tmp/idle.out" && break
    sleep 0.2
done
held=$(sed -n 's/^open \([0-9]*\) failed \([0-9]*\).*/\1 opened, \2 refused or failed/p' "$tmp/idle.out")
held="$held, $(sed -n 's/^held \([0-9]*\).*/\1 held/p' "$tmp/idle.out")"
echo "RSS with idle TLS connections ($IDLE tried: ${held:-no result}):" \
    "$(kb "$(status_kb "$admit_pid" VmRSS)") (before: $(kb "$before"))"
kill "${pids[-1]}" 2>/dev/null || true

# A graceful stop: SIGTERM, exit 0.
kill -TERM "$admit_pid"
rc=0
wait "$admit_pid" || rc=$?
echo "ringwall admit serve: exit $rc after SIGTERM"
