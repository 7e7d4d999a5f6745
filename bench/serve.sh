#!/bin/bash
# serve.sh — the HTTPS server module (src/serve, hand-written over OpenSSL)
# against nginx and against the library it replaced, in the same run: wrk
# over TLS with keep-alive at 64 and 512 connections, POSTing a small JSON
# body to the module's echo application (tests/serve/echo_server) and to
# the same application on libmicrohttpd with GnuTLS (bench/mhd_echo.c, a
# thread per connection and an epoll pool), and GETting a static JSON file
# from nginx with the same ECDSA P-256 certificate. Prints req/s, wrk's
# p50/p99/p99.9 and the ratio to nginx, plus each server's peak RSS (nginx:
# its workers together). Loopback only, bounded runs (SERVE_BENCH_SECONDS
# each, default 5).
set -eu
cd "$(dirname "$0")/.."
make -s build/tests-serve/echo_server
mkdir -p build/bench
# shellcheck disable=SC2046
cc -O2 -Wall -Wextra -Wno-unused-parameter -o build/bench/mhd_echo bench/mhd_echo.c $(pkg-config --cflags --libs libmicrohttpd) ||
    { echo "serve.sh: needs libmicrohttpd-dev (make deps-bench)" >&2; exit 1; }
SECS=${SERVE_BENCH_SECONDS:-5}
CORES=$(nproc)
OUT=$(mktemp -d)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; rm -rf "$OUT"; }
trap cleanup EXIT
chmod 755 "$OUT"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$OUT/key.pem" \
    -out "$OUT/cert.pem" -days 2 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1 2>/dev/null
echo '{"path":"/echo","query":"","length":2}' > "$OUT/r.json"
chmod 644 "$OUT/r.json"
ulimit -n "$(ulimit -Hn)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cat > "$OUT/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT %.0f %.2f %.2f %.2f %d\n", summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.status + summary.errors.timeout))
end
LUA
{ cat "$OUT/report.lua"; cat <<'LUA'
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
LUA
} > "$OUT/post.lua"

NGINX_PORT=$(free_port)
cat > "$OUT/nginx.conf" <<CONF
worker_processes $CORES;
daemon off;
pid $OUT/nginx.pid;
error_log $OUT/nginx.err warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $OUT/tmp; proxy_temp_path $OUT/tmp; fastcgi_temp_path $OUT/tmp;
    uwsgi_temp_path $OUT/tmp; scgi_temp_path $OUT/tmp;
    keepalive_requests 10000000;
    keepalive_timeout 60s;
    server {
        listen 127.0.0.1:$NGINX_PORT ssl;
        ssl_certificate $OUT/cert.pem;
        ssl_certificate_key $OUT/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        location = /r.json { root $OUT; default_type application/json; }
    }
}
CONF
mkdir -p "$OUT/tmp"
nginx -p "$OUT" -c "$OUT/nginx.conf" 2>"$OUT/nginx.start" &
PIDS="$PIDS $!"

start_server() { # kind -> ECHO_PID, ECHO_PORT
    local port=""
    : >"$OUT/$1.log"
    case $1 in
    ringwall)
        ./build/tests-serve/echo_server --cert "$OUT/cert.pem" --key "$OUT/key.pem" \
            --max-connections 20000 --listen 127.0.0.1:0 2>"$OUT/$1.log" & ;;
    mhd-*)
        ./build/bench/mhd_echo "$OUT/cert.pem" "$OUT/key.pem" "$(free_port)" "${1#mhd-}" \
            "$CORES" 2>"$OUT/$1.log" & ;;
    esac
    ECHO_PID=$!
    PIDS="$PIDS $ECHO_PID"
    for _ in $(seq 50); do
        port=$(grep -o '"port":[0-9]*' "$OUT/$1.log" | cut -d: -f2 || true)
        [ -n "$port" ] && break
        sleep 0.1
    done
    ECHO_PORT=$port
}

hwm_of() { awk '/VmHWM/ { s += $2 } END { printf "%d MB", s / 1024 }' "$@"; }
# CPU time (user + system, clock ticks) of the processes PIDS, threads included
cpu_ticks() { for p in "$@"; do awk '{ print $14 + $15 }' "/proc/$p/stat"; done |
    awk '{ s += $1 } END { print s + 0 }'; }
TICK=$(getconf CLK_TCK)

declare -A NGINX_RPS
run_wrk() { # label conns url script pids... -> one line of figures
    local label=$1 conns=$2 url=$3 script=$4
    shift 4
    local pids=$*
    wrk -t "$CORES" -c "$conns" -d 1s -s "$script" "$url" >/dev/null 2>&1 || true  # warm-up
    local r c0 c1
    c0=$(cpu_ticks $pids)
    r=$(wrk -t "$CORES" -c "$conns" -d "${SECS}s" --timeout 10s -s "$script" "$url" 2>&1 |
        awk '/^RESULT/ { print $2, $3, $4, $5, $6 }')
    c1=$(cpu_ticks $pids)
    [ -n "$r" ] || r="0 - - - failed"
    set -- $r
    local ratio="-"
    if [ "$label" = nginx ]; then NGINX_RPS[$conns]=$1; else
        ratio=$(awk -v a="$1" -v b="${NGINX_RPS[$conns]}" 'BEGIN { printf "%.2f", a / b }'); fi
    local us
    us=$(awk -v t="$((c1 - c0))" -v hz="$TICK" -v rps="$1" -v s="$SECS" \
        'BEGIN { if (rps > 0) printf "%.0f", t / hz * 1e6 / (rps * s); else print "-" }')
    printf '%-32s %6s %9s %8s %8s %8s %6s %7s %7s' "$label" "$conns" "$1" "$2" "$3" "$4" \
        "$ratio" "$5" "$us"
}

sleep 0.5
echo "server module vs nginx and libmicrohttpd over TLS with keep-alive, ${SECS}s per run," \
    "$CORES cores, wrk -t$CORES"
echo "cpu us/req: the server's CPU time (user + system) per request answered: on a shared"
echo "machine the fair measure, since req/s follows the CPU share a server gets (more"
echo "threads, more share)"
printf '%-32s %6s %9s %8s %8s %8s %6s %7s %7s %s\n' server conns "req/s" "p50 ms" "p99 ms" \
    "p99.9 ms" "/nginx" errors "cpu us/req" "peak RSS"
for conns in 64 512; do
    workers=$(pgrep -P "$(cat "$OUT/nginx.pid")" | tr '\n' ' ')
    run_wrk nginx "$conns" "https://127.0.0.1:$NGINX_PORT/r.json" "$OUT/report.lua" $workers
    echo " $(hwm_of $(for p in $workers; do echo "/proc/$p/status"; done))"
    for kind in ringwall mhd-per-connection mhd-epoll; do
        start_server "$kind"
        case $kind in
        ringwall) label="ringwall ($CORES event loops)" ;;
        mhd-per-connection) label="libmicrohttpd thread/connection" ;;
        mhd-epoll) label="libmicrohttpd epoll pool ($CORES)" ;;
        esac
        run_wrk "$label" "$conns" "https://127.0.0.1:$ECHO_PORT/echo" "$OUT/post.lua" "$ECHO_PID"
        echo " $(hwm_of "/proc/$ECHO_PID/status")"
        kill "$ECHO_PID"
        wait "$ECHO_PID" 2>/dev/null || true
    done
done
