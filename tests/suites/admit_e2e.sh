#!/bin/bash
# admit_e2e.sh — `ringwall admit serve` end to end over real TLS: the test
# makes a CA and an ECDSA server certificate with openssl, starts the webhook
# on a free loopback port with tests/admit/config/policy.yaml, and posts
# AdmissionReviews with curl. Every declarative case of tests/admit that runs
# with that policy is posted and must get the verdict `admit review` gives;
# then the log lines (dryRun, the command of a denied exec), malformed JSON
# (400), an oversize body (413), the metrics against what was sent, SIGHUP
# with a broken configuration (the old policy stays) and with a good one (the
# new applies), and a graceful SIGTERM (exit 0).
#
# No kube-apiserver exists on these machines, so no real API server posts
# here. Instead every response is held to what the API server's webhook
# client requires of it (k8s.io/apiserver admission webhook response
# verification): the request's apiVersion and kind echoed, the same uid, a
# boolean allowed, no patch fields, status.code an HTTP code, warnings a
# list of strings and auditAnnotations a map of qualified keys to strings.
set -u
: "${RINGWALL:?}" "${RINGWALL_ROOT:?}"
for tool in openssl curl python3; do
    command -v "$tool" >/dev/null || { echo "not ok - $tool is installed"; exit 0; }
done
TMP=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
ok() { if [ "$1" = 0 ]; then echo "ok - $2"; else echo "not ok - $2"; [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/  /' | head -20; fi; }

# --- certificates: a CA and an ECDSA P-256 server certificate for 127.0.0.1
openssl ecparam -name prime256v1 -genkey -noout -out "$TMP/ca.key" 2>/dev/null
openssl req -x509 -new -key "$TMP/ca.key" -subj "/CN=ringwall-test-ca" -days 2 \
    -out "$TMP/ca.crt" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$TMP/tls.key" 2>/dev/null
openssl req -new -key "$TMP/tls.key" -subj "/CN=ringwall-admit.ringwall.svc" \
    -out "$TMP/tls.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:ringwall-admit.ringwall.svc\n' > "$TMP/ext"
openssl x509 -req -in "$TMP/tls.csr" -CA "$TMP/ca.crt" -CAkey "$TMP/ca.key" -CAcreateserial \
    -days 2 -extfile "$TMP/ext" -out "$TMP/tls.crt" 2>/dev/null
[ -s "$TMP/tls.crt" ]; ok $? "openssl made a CA and an ECDSA server certificate"

cp "$RINGWALL_ROOT/tests/admit/config/policy.yaml" "$TMP/policy.yaml"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="https://127.0.0.1:$PORT"
"$RINGWALL" admit serve --listen "127.0.0.1:$PORT" --tls-cert "$TMP/tls.crt" \
    --tls-key "$TMP/tls.key" --config "$TMP/policy.yaml" --max-body 1048576 \
    2> "$TMP/server.log" &
PID=$!
ready=1
for _ in $(seq 100); do
    if curl -sf --cacert "$TMP/ca.crt" "$URL/readyz" >/dev/null 2>&1; then ready=0; break; fi
    sleep 0.1
done
ok $ready "admit serve starts and is ready over TLS" "$(cat "$TMP/server.log")"
[ $ready = 0 ] || exit 0

post() { # post FILE [PATH] -> body on stdout, HTTP status in $TMP/status
    curl -s --cacert "$TMP/ca.crt" -o "$TMP/body" -w '%{http_code}' -X POST \
        -H 'Content-Type: application/json' --data-binary "@$1" "$URL${2:-/validate}" \
        > "$TMP/status"
    cat "$TMP/body"
}

# --- every case of tests/admit that runs with the policy, through the server
export TMP URL RINGWALL_ROOT
python3 - > "$TMP/cases.tap" <<'EOF'
import glob, json, os, ssl, urllib.request
TMP, URL, ROOT = os.environ["TMP"], os.environ["URL"], os.environ["RINGWALL_ROOT"]
ctx = ssl.create_default_context(cafile=os.path.join(TMP, "ca.crt"))
QUALIFIED = __import__("re").compile(r"^([a-z0-9.-]+/)?[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")

def client_accepts(req, out):
    """What the API server's webhook client checks of a response."""
    errs = []
    if out.get("apiVersion") != req["apiVersion"] or out.get("kind") != "AdmissionReview":
        errs.append("apiVersion/kind not those of the request")
    r = out.get("response")
    if not isinstance(r, dict):
        return ["no response"]
    if r.get("uid") != req["request"]["uid"]:
        errs.append("uid differs")
    if not isinstance(r.get("allowed"), bool):
        errs.append("allowed not a boolean")
    if "patch" in r or "patchType" in r:
        errs.append("a validating webhook sent a patch")
    st = r.get("status")
    if st is not None and not (isinstance(st.get("code"), int) and 100 <= st["code"] < 600
                               and isinstance(st.get("message", ""), str)):
        errs.append("status malformed")
    w = r.get("warnings", [])
    if not isinstance(w, list) or not all(isinstance(x, str) and len(x) < 120 for x in w):
        errs.append("warnings malformed")
    a = r.get("auditAnnotations", {})
    if not all(isinstance(v, str) and QUALIFIED.match(k) for k, v in a.items()):
        errs.append("auditAnnotations malformed")
    return errs

n = 0
sent = {"workload/privileged": 0, "admit/command": 0, "CONNECT": 0}
for path in sorted(glob.glob(os.path.join(ROOT, "tests", "admit", "*.json"))):
    case = json.load(open(path))
    if case["args"] != ["--config", "tests/admit/config/policy.yaml"]:
        continue
    n += 1
    body = json.dumps(case["review"]).encode()
    rq = urllib.request.Request(URL + "/validate", data=body, method="POST",
                                headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(rq, context=ctx, timeout=60) as resp:
        status, out = resp.status, json.loads(resp.read())
    exp = case["expect"]
    r = out.get("response", {})
    msg = r.get("status", {}).get("message", "")
    errs = client_accepts(case["review"], out)
    if status != 200:
        errs.append(f"HTTP {status}")
    if r.get("allowed") is not exp["allowed"]:
        errs.append(f"allowed={r.get('allowed')}")
    errs += [f"message lacks {m!r}" for m in exp.get("message", []) if m not in msg]
    errs += [f"no warning {w!r}" for w in exp.get("warnings", [])
             if not any(w in x for x in r.get("warnings", []))]
    for check in ("workload/privileged", "admit/command"):
        sent[check] += (check + ": ") in msg
    sent["CONNECT"] += case["review"]["request"]["operation"] == "CONNECT"
    name = os.path.basename(path)[:-5]
    print(("ok" if not errs else "not ok") + f" - served {name}: {case['description']}")
    for e in errs:
        print("  " + e)
print(f"{'ok' if n >= 25 else 'not ok'} - {n} declarative cases posted over TLS")
with open(os.path.join(TMP, "posted"), "w") as f:
    f.write(str(n))
with open(os.path.join(TMP, "sent.json"), "w") as f:
    json.dump(sent, f)
EOF
cat "$TMP/cases.tap"
POSTED=$(cat "$TMP/posted" 2>/dev/null || echo 0)

extract() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["review"]))' "$1"; }
C="$RINGWALL_ROOT/tests/admit"

# --- the short webhook path / answers too
extract "$C/compliant-pod.json" > "$TMP/compliant.json"
post "$TMP/compliant.json" / | grep -q '"allowed":true'
ok $? "POST / answers like /validate"

# --- log lines: one per decision, dryRun and the command of a denied exec
grep -q '"dryRun":true' "$TMP/server.log" && grep '"dryRun":true' "$TMP/server.log" | grep -q '"decision":"deny"'
ok $? "a dryRun request is judged and its log line says dryRun" "$(tail -5 "$TMP/server.log")"
grep '"decision":"deny"' "$TMP/server.log" | grep -q '"command":"sh -c cat /etc/shadow"'
ok $? "a denied exec is logged with the command it carried"
python3 - "$TMP/server.log" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"uid"')]
need = {"uid", "user", "namespace", "kind", "name", "operation", "decision", "checks", "dryRun",
        "microseconds"}
bad = [l for l in lines if not need <= set(l)]
sys.exit(1 if bad or not lines else 0)
EOF
ok $? "every decision log line holds uid, user, namespace, kind, name, operation, decision, checks, dryRun, microseconds"

# --- malformed JSON: 400; oversize body: 413; the server keeps serving
printf '{"apiVersion": "admission.k8s.io/v1", "kind": ' > "$TMP/broken.json"
post "$TMP/broken.json" >/dev/null
[ "$(cat "$TMP/status")" = 400 ]; ok $? "malformed JSON is answered 400 (got $(cat "$TMP/status"))"
head -c 2000000 /dev/zero | tr '\0' ' ' > "$TMP/big.json"
post "$TMP/big.json" >/dev/null
[ "$(cat "$TMP/status")" = 413 ]; ok $? "a body over --max-body is answered 413 (got $(cat "$TMP/status"))"
post "$TMP/compliant.json" | grep -q '"allowed":true'
ok $? "the server still answers after bad requests"

# --- metrics agree with what was sent: POSTED cases + 2 compliant reviews
# decided, 1 malformed body, 1 failure (failure-deny), denials by check
METRICS=$(curl -s --cacert "$TMP/ca.crt" "$URL/metrics")
export METRICS POSTED
python3 - <<'EOF'
import json, os, sys
m, posted = os.environ["METRICS"], int(os.environ["POSTED"])
sent = json.load(open(os.path.join(os.environ["TMP"], "sent.json")))
def total(name, label=""):
    s = 0.0
    for line in m.splitlines():
        if line.startswith(name) and label in line and not line.startswith("#"):
            head = line.split(" ")[0]
            if head == name or head.startswith(name + "{"):
                s += float(line.split()[-1])
    return s
want = posted + 2
errs = []
if total("ringwall_admit_requests_total") != want:
    errs.append(f"requests_total {total('ringwall_admit_requests_total')}, want {want}")
if total("ringwall_admit_decision_seconds_count") != want + 1:
    errs.append(f"decision_seconds_count {total('ringwall_admit_decision_seconds_count')}, "
                f"want {want + 1}")
if total("ringwall_admit_failures_total") != 1:
    errs.append(f"failures_total {total('ringwall_admit_failures_total')}, want 1")
for check in ("workload/privileged", "admit/command"):
    got = total("ringwall_admit_denials_total", f'check="{check}"')
    if got != sent[check] or not got:
        errs.append(f"denials of {check} {got}, sent {sent[check]}")
if total("ringwall_admit_requests_total", 'operation="CONNECT"') != sent["CONNECT"]:
    errs.append(f"CONNECT requests: want {sent['CONNECT']}")
if errs:
    print("\n".join(errs))
sys.exit(1 if errs else 0)
EOF
ok $? "metrics count the requests, decisions, failures and denials by check that were sent"

# --- concurrency: 16 clients at once get the right verdicts, and every log
# line stays whole
extract "$C/privileged-pod.json" > "$TMP/privileged.json"
python3 - <<'EOF'
import concurrent.futures, json, os, ssl, urllib.request
TMP, URL = os.environ["TMP"], os.environ["URL"]
ctx = ssl.create_default_context(cafile=os.path.join(TMP, "ca.crt"))
bodies = {n: open(os.path.join(TMP, n + ".json"), "rb").read() for n in ("compliant", "privileged")}
def post(i):
    name = "compliant" if i % 2 else "privileged"
    rq = urllib.request.Request(URL + "/validate", data=bodies[name], method="POST",
                                headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(rq, context=ctx, timeout=60) as r:
        return json.loads(r.read())["response"]["allowed"] == (name == "compliant")
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    results = list(pool.map(post, range(200)))
raise SystemExit(0 if all(results) else 1)
EOF
ok $? "200 requests from 16 concurrent clients all get their verdict" "$(tail -5 "$TMP/server.log")"
python3 - "$TMP/server.log" <<'EOF'
import json, sys
n = 0
for line in open(sys.argv[1]):
    if '"uid"' in line:
        json.loads(line)  # a mixed line would not parse
        n += 1
sys.exit(0 if n >= 200 else 1)
EOF
ok $? "every decision log line is whole JSON under concurrency"

# --- SIGHUP with a broken configuration keeps the old policy
extract "$C/exec-protected.json" > "$TMP/exec.json"
extract "$C/failure-deny.json" > "$TMP/failure.json"
printf 'admit:\n  failure: sometimes\n' > "$TMP/policy.yaml"
kill -HUP "$PID"
wait_log() { for _ in $(seq 300); do grep -q "$1" "$TMP/server.log" && return 0; sleep 0.1; done; return 1; }
wait_log '"event":"reload".*"settings":"kept"' && grep -q 'failure must be deny or allow' "$TMP/server.log"
ok $? "SIGHUP with a broken configuration is refused and logged with the reason" "$(tail -3 "$TMP/server.log")"
post "$TMP/exec.json" | grep -q '"allowed":false'
ok $? "after a refused reload the old policy still denies exec in a protected namespace"
# a good configuration applies
printf 'admit:\n  failure: allow\n' > "$TMP/policy.yaml"
kill -HUP "$PID"
wait_log '"event":"reload".*"settings":"reloaded"'
post "$TMP/failure.json" | grep -q '"allowed":true' && post "$TMP/exec.json" | grep -q '"allowed":true'
ok $? "SIGHUP with a good configuration applies it (failure: allow, no command rules)"

# --- SIGTERM: graceful exit 0
kill -TERM "$PID"
wait "$PID"
rc=$?
PID=
[ $rc = 0 ]; ok $? "SIGTERM stops the server with exit status 0 (got $rc)"
