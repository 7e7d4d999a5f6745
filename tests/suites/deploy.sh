#!/bin/bash
# deploy.sh — the webhook's deployment (deploy/admit/) passes ringwall's own
# checks: `ringwall scan` reports nothing above low and `ringwall pss
# --level restricted` admits it; every document parses and carries the
# fields the deployment relies on (tests/deploy/check_manifests.py); the
# policy in the ConfigMap loads; the Dockerfile (which cannot be built
# here: no container engine) is pinned and non-root, copies what the build
# reads and installs the libraries the binary links; make-certs.sh makes a
# CA and an ECDSA P-256 server certificate for the Service's name and a
# webhook configuration carrying that CA; the Deployment's own arguments
# serve HTTPS that verifies against that CA; kubectl decodes every object
# (and applies them with --dry-run=client when an API server is reachable).
# asan: skip (checks of manifests and scripts; the scan, pss and admit suites cover the binary)
cd "$RINGWALL_ROOT" || exit 1
tmp=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
dir=deploy/admit

ok() { # name, status
    if [ "$2" = 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}
comment() { sed 's/^/# /' "$@"; }

python3 tests/deploy/check_manifests.py "$dir"

# scan: exit 0 with --fail-on medium means no unsuppressed finding above low.
bash tests/deploy/scan_clean.sh "$dir" 10

"$RINGWALL" pss --level restricted "$dir" >"$tmp/pss" 2>&1
rc=$?
comment "$tmp/pss"
[ $rc = 0 ] && grep -q "allowed by restricted" "$tmp/pss" && grep -q ", 0 denied" "$tmp/pss"
ok "ringwall pss --level restricted $dir admits the webhook's pods" $?

# The policy in the ConfigMap loads and admits a compliant pod.
python3 -c 'import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
open(sys.argv[2], "w").write(d["data"]["ringwall.yaml"])' "$dir/20-configmap.yaml" "$tmp/ringwall.yaml"
ok "configmap: ringwall.yaml extracted" $?
if "$RINGWALL" admit review --help >/dev/null 2>&1; then
    cat >"$tmp/review.json" <<'JSON'
{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
 "uid": "d1", "kind": {"group": "", "version": "v1", "kind": "Pod"},
 "resource": {"group": "", "version": "v1", "resource": "pods"},
 "namespace": "team", "operation": "CREATE",
 "userInfo": {"username": "alice", "groups": ["system:authenticated"]},
 "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "team"},
  "spec": {"automountServiceAccountToken": false, "serviceAccountName": "web",
   "securityContext": {"runAsNonRoot": true, "runAsUser": 1000,
                       "seccompProfile": {"type": "RuntimeDefault"}},
   "containers": [{"name": "app", "image": "registry.example.com/web:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "resources": {"limits": {"cpu": "1", "memory": "1Gi"}},
    "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                        "capabilities": {"drop": ["ALL"]}}}]}}}}
JSON
    "$RINGWALL" admit review --config "$tmp/ringwall.yaml" "$tmp/review.json" >"$tmp/out" 2>&1
    rc=$?
    comment "$tmp/out"
    [ $rc = 0 ] && grep -q '"allowed":true' "$tmp/out"
    ok "configmap: admit review --config loads the policy and admits a compliant pod" $?
else
    echo "ok - configmap: admit review loads the policy # SKIP ringwall has no admit command"
fi

# Dockerfile: every base pinned by a tag other than latest, no ADD of a URL,
# and the final stage runs as a numeric non-root user.
df=$dir/Dockerfile
[ -f "$df" ] && awk 'toupper($1) == "FROM" { n++; img = $2; if (img ~ /^--/) img = $3
        if (img !~ /:[^\/]+$/ && img !~ /@sha256:/ || img ~ /:latest$/) bad = 1 }
     END { exit !(n > 0 && !bad) }' "$df"
ok "Dockerfile: every FROM pinned by tag or digest, none latest" $?
! grep -Eiq '^[[:space:]]*ADD[[:space:]].*(https?|ftp)://' "$df" && [ -f "$df" ]
ok "Dockerfile: no ADD of a URL" $?
user=$(awk 'toupper($1) == "FROM" { u = "" } toupper($1) == "USER" { u = $2 } END { print u }' "$df")
uid=${user%%:*}
[ -n "$uid" ] && [ "$uid" -gt 0 ] 2>/dev/null
ok "Dockerfile: final stage runs as non-root USER ($user)" $?

# The build stage copies every file outside src/ that the sources include.
missing=$(python3 - "$df" <<'PY'
import glob, os, re, sys
copied = [l.split()[1].rstrip("/") for l in open(sys.argv[1])
          if l.startswith("COPY ") and "--from" not in l]
need = set()
for f in glob.glob("src/**/*.[ch]", recursive=True):
    for inc in re.findall(r'^#include "([^"]+)"', open(f).read(), re.M):
        path = os.path.relpath(os.path.normpath(os.path.join(os.path.dirname(f), inc)))
        need.add(path.split(os.sep)[0])
print(" ".join(sorted(n for n in need | {"src", "Makefile"} if n not in copied)))
PY
)
[ -z "$missing" ] && [ -f "$df" ]
ok "Dockerfile: the build stage copies the Makefile, src/ and what src/ includes${missing:+ (missing: $missing)}" $?
# The runtime stage installs the Debian package of every library the binary
# links, but for libc's (in the base image).
pkgs=$(awk '/^FROM/ { n++ } n == 2' "$df" | tr -s ' \\' '\n' | grep -E '^lib')
needed=$(ldd "$RINGWALL" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | while read -r lib; do
    readelf -d "$RINGWALL" | grep -q "NEEDED.*\[$(basename "$lib")\]" || continue
    dpkg -S "$(readlink -f "$lib")" 2>/dev/null | sed 's/:.*//' | head -1
done | sort -u)
absent=$(for p in $needed; do
    [ "$p" = libc6 ] || echo "$pkgs" | grep -qx "$p" || echo "$p"
done)
[ -n "$needed" ] && [ -z "$absent" ]
ok "Dockerfile: the runtime stage installs the packages of the libraries ringwall links" \
    "$?"
[ -z "$absent" ] || echo "# missing: $absent (linked: $needed; installed: $pkgs)"

# make-certs.sh
NAMESPACE=ringwall-system SERVICE=ringwall-admit sh "$dir/make-certs.sh" "$tmp/certs" \
    >"$tmp/ca-bundle" 2>"$tmp/err"
ok "make-certs.sh exits 0" $?
c=$tmp/certs
openssl verify -CAfile "$c/ca.crt" "$c/tls.crt" >/dev/null 2>&1
ok "make-certs.sh: the server certificate verifies against its CA" $?
openssl x509 -in "$c/tls.crt" -noout -ext subjectAltName 2>/dev/null |
    grep -q "DNS:ringwall-admit.ringwall-system.svc\(,\|$\)"
ok "make-certs.sh: SAN ringwall-admit.ringwall-system.svc" $?
openssl x509 -in "$c/tls.crt" -noout -text 2>/dev/null | grep -q "NIST CURVE: P-256"
ok "make-certs.sh: ECDSA P-256 key" $?
openssl x509 -in "$c/tls.crt" -noout -ext extendedKeyUsage 2>/dev/null | grep -q "TLS Web Server"
ok "make-certs.sh: server auth usage" $?
[ "$(base64 -d "$tmp/ca-bundle" 2>/dev/null)" = "$(cat "$c/ca.crt")" ] && [ -s "$c/ca.crt" ]
ok "make-certs.sh: prints the caBundle (base64 of the CA certificate)" $?
python3 - "$c" "$tmp/ca-bundle" <<'PY'
import base64, sys, yaml
d, bundle = sys.argv[1], open(sys.argv[2]).read().strip()
w = yaml.safe_load(open(d + "/webhook.yaml"))
s = yaml.safe_load(open(d + "/secret.yaml"))
hooks = w["webhooks"]
good = (hooks and all(h["clientConfig"].get("caBundle") == bundle for h in hooks)
        and "cert-manager.io/inject-ca-from" not in str(w["metadata"])
        and s["kind"] == "Secret" and s["type"] == "kubernetes.io/tls"
        and s["metadata"] == {"name": "ringwall-admit-tls", "namespace": "ringwall-system"}
        and base64.b64decode(s["data"]["tls.crt"]) == open(d + "/tls.crt", "rb").read()
        and base64.b64decode(s["data"]["tls.key"]) == open(d + "/tls.key", "rb").read())
sys.exit(0 if good else 1)
PY
ok "make-certs.sh: webhook.yaml carries the caBundle, secret.yaml the certificate and key" $?

# The Deployment's own command line, with make-certs.sh's certificate and
# the ConfigMap's policy in place of the mounted files, serves HTTPS that
# verifies against the caBundle under the Service's name.
if "$RINGWALL" admit serve --help >/dev/null 2>&1; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mapfile -t args < <(python3 - "$dir/30-deployment.yaml" "$c" "$tmp/ringwall.yaml" "$port" <<'PY'
import sys, yaml
dep, certs, config, port = sys.argv[1:]
for a in yaml.safe_load(open(dep))["spec"]["template"]["spec"]["containers"][0]["args"]:
    a = a.replace("/etc/ringwall/tls/", certs + "/")
    a = a.replace("/etc/ringwall/config/ringwall.yaml", config)
    print("--listen=127.0.0.1:" + port if a.startswith("--listen=") else a)
PY
)
    "$RINGWALL" "${args[@]}" 2>"$tmp/serve.log" &
    server=$!
    host=ringwall-admit.ringwall-system.svc
    get() {
        curl -s --cacert "$c/ca.crt" --resolve "$host:$port:127.0.0.1" -o "$tmp/body" \
            -w '%{http_code}' "$@" "https://$host:$port$path"
    }
    code=""
    for _ in $(seq 50); do
        path=/readyz
        code=$(get) && [ "$code" = 200 ] && break
        sleep 0.1
    done
    [ "$code" = 200 ]
    ok "admit serve with the Deployment's arguments: /readyz 200 over TLS verified by the caBundle as $host" $?
    path=/healthz
    [ "$(get)" = 200 ]
    ok "admit serve: /healthz 200" $?
    path=/validate
    [ "$(get -H 'Content-Type: application/json' --data-binary @"$tmp/review.json")" = 200 ] &&
        grep -q '"allowed":true' "$tmp/body"
    ok "admit serve: POST /validate admits a compliant pod" $?
    kill -TERM "$server"
    wait "$server"
    rc=$?
    server=""
    [ $rc = 0 ]
    ok "admit serve: exit 0 after SIGTERM" $?
    [ $rc = 0 ] || comment "$tmp/serve.log"
else
    echo "ok - admit serve with the Deployment's arguments # SKIP ringwall has no admit command"
fi

# kubectl. Client-side dry-run still asks the API server for its resource
# list; without one reachable, kubectl decodes every object offline instead.
if ! command -v kubectl >/dev/null 2>&1; then
    echo "ok - kubectl apply --dry-run=client -f $dir # SKIP kubectl not installed"
    exit 0
fi
want=$(python3 -c 'import glob, sys, yaml
print(sum(1 for f in glob.glob(sys.argv[1] + "/*.yaml")
          for d in yaml.safe_load_all(open(f)) if d))' "$dir")
kubectl annotate --local -f "$dir" -o name ringwall.io/check=1 >"$tmp/names" 2>"$tmp/err"
rc=$?
comment "$tmp/names" "$tmp/err"
[ $rc = 0 ] && [ "$(wc -l <"$tmp/names")" = "$want" ]
ok "kubectl decodes all $want objects of $dir" $?
kubectl annotate --local -f "$c" -o name ringwall.io/check=1 >"$tmp/names" 2>"$tmp/err"
[ $? = 0 ] && [ "$(wc -l <"$tmp/names")" = 2 ]
ok "kubectl decodes make-certs.sh's secret.yaml and webhook.yaml" $?
if kubectl version --request-timeout=3s >/dev/null 2>&1; then
    kubectl apply --dry-run=client -f "$dir" -o name >"$tmp/names" 2>"$tmp/err"
    rc=$?
    comment "$tmp/names" "$tmp/err"
    [ $rc = 0 ] && [ "$(wc -l <"$tmp/names")" = "$want" ]
    ok "kubectl apply --dry-run=client -f $dir" $?
else
    echo "ok - kubectl apply --dry-run=client -f $dir # SKIP no API server reachable (client dry-run needs its resource list)"
fi
