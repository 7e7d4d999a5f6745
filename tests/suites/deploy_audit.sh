#!/bin/bash
# deploy_audit.sh — the audit webhook's deployment (deploy/audit/) passes
# ringwall's own checks: `ringwall scan deploy/` (and deploy/audit/ with the
# namespace and default-deny policy it shares with deploy/admit/) reports
# nothing above low but annotated ignores with reasons, `ringwall pss
# --level restricted` admits it; the addresses agree (Service ClusterIP,
# certificate, the API server's webhook kubeconfig; container, Service,
# NetworkPolicy and --listen ports); the rules ConfigMap loads beside the
# built-in rules; the audit Policy keeps secrets at Metadata; and the
# Deployment's own arguments serve HTTPS at the kubeconfig's URL (curl
# connecting that address to loopback: no kube-apiserver runs here).
# asan: skip (checks of manifests; the audit_serve suite covers the binary under ASan)
cd "$RINGWALL_ROOT" || exit 1
tmp=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
dir=deploy/audit

ok() { # name, status
    if [ "$2" = 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}
comment() { sed 's/^/# /' "$@"; }

bash tests/deploy/scan_clean.sh deploy/ 20
shared="deploy/admit/00-namespace.yaml deploy/admit/40-networkpolicy.yaml"
# shellcheck disable=SC2086
"$RINGWALL" scan --fail-on medium $shared "$dir" >"$tmp/scan" 2>&1
rc=$?
[ $rc = 0 ] || comment "$tmp/scan"
ok "scan $dir with the namespace and default deny it shares: nothing above low" $rc

"$RINGWALL" pss --level restricted "$dir" >"$tmp/pss" 2>&1
rc=$?
comment "$tmp/pss"
[ $rc = 0 ] && grep -q "1 allowed, 0 denied" "$tmp/pss"
ok "ringwall pss --level restricted $dir admits the audit webhook's pods" $?

# Addresses, ports and names that must agree across files.
python3 - "$dir" <<'PY'
import glob, sys, urllib.parse, yaml
d = sys.argv[1]
docs = [x for f in sorted(glob.glob(d + "/*.yaml")) for x in yaml.safe_load_all(open(f)) if x]
by = {(x["kind"], x["metadata"]["name"]): x for x in docs}
dep = by[("Deployment", "ringwall-audit")]
svc = by[("Service", "ringwall-audit")]
pdb = by[("PodDisruptionBudget", "ringwall-audit")]
net = by[("NetworkPolicy", "ringwall-audit")]
cert = by[("Certificate", "ringwall-audit")]
cm = by[("ConfigMap", "ringwall-audit-rules")]
kc = yaml.safe_load(open(d + "/api-server/audit-webhook.kubeconfig"))
pod = dep["spec"]["template"]["spec"]
c = pod["containers"][0]
args = c["args"]
listen = int([a for a in args if a.startswith("--listen=")][0].rsplit(":", 1)[1])
url = urllib.parse.urlparse(kc["clusters"][0]["cluster"]["server"])
labels = dep["spec"]["template"]["metadata"]["labels"]
checks = [
    ("Deployment: 2 replicas", dep["spec"]["replicas"] == 2),
    ("Deployment: audit serve with --builtin and the ConfigMap's rules",
     args[:2] == ["audit", "serve"] and "--builtin" in args and
     "--rules=/etc/ringwall/rules/local.yaml" in args and
     any(v["configMap"]["name"] == cm["metadata"]["name"] for v in pod["volumes"] if "configMap" in v)),
    ("Deployment: no service account token, non-root, read-only root",
     pod["automountServiceAccountToken"] is False and c["securityContext"]["readOnlyRootFilesystem"]
     and pod["securityContext"]["runAsNonRoot"]),
    ("Deployment: a body limit of at least 12 MiB, queue bytes within the memory limit",
     int([a for a in args if a.startswith("--max-body=")][0].split("=")[1]) >= 12 << 20 and
     int([a for a in args if a.startswith("--queue-bytes=")][0].split("=")[1]) < 384 << 20),
    ("ports agree: --listen, containerPort, Service targetPort, NetworkPolicy",
     c["ports"][0]["containerPort"] == listen and svc["spec"]["ports"][0]["targetPort"] == c["ports"][0]["name"]
     and net["spec"]["ingress"][0]["ports"][0]["port"] == listen),
    ("selectors: Service, PDB and NetworkPolicy select the Deployment's pods",
     all(all(labels.get(k) == v for k, v in sel.items())
         for sel in (svc["spec"]["selector"], pdb["spec"]["selector"]["matchLabels"],
                     net["spec"]["podSelector"]["matchLabels"]))),
    ("PDB keeps one replica", pdb["spec"]["minAvailable"] == 1),
    ("the kubeconfig's server is the Service's ClusterIP and port, HTTPS",
     url.scheme == "https" and url.hostname == svc["spec"]["clusterIP"] and
     url.port == svc["spec"]["ports"][0]["port"]),
    ("the certificate names the ClusterIP and the Service's DNS name",
     svc["spec"]["clusterIP"] in cert["spec"]["ipAddresses"] and
     "ringwall-audit.ringwall-system.svc" in cert["spec"]["dnsNames"] and
     cert["spec"]["secretName"] == [v for v in pod["volumes"] if "secret" in v][0]["secret"]["secretName"]),
]
pol = yaml.safe_load(open(d + "/api-server/audit-policy.yaml"))
secret_body = [r for r in pol["rules"] if r["level"] in ("Request", "RequestResponse") and
               any("secrets" in g.get("resources", []) for g in r.get("resources", []))]
first_secret = [r for r in pol["rules"] if any("secrets" in g.get("resources", [])
                                                  for g in r.get("resources", []))][0]
checks.append(("the audit Policy: audit.k8s.io/v1, secrets at Metadata first, never a body",
               pol["apiVersion"] == "audit.k8s.io/v1" and pol["kind"] == "Policy" and
               first_secret["level"] == "Metadata" and not secret_body))
checks.append(("the audit Policy logs pod creations with their request object",
               any(r["level"] == "Request" and "create" in r.get("verbs", []) and
                   any("pods" in g.get("resources", []) for g in r.get("resources", []))
                   for r in pol["rules"])))
for name, good in checks:
    print(("ok - " if good else "not ok - ") + name)
PY

python3 -c 'import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
open(sys.argv[2], "w").write(d["data"]["local.yaml"])' "$dir/20-configmap.yaml" "$tmp/local.yaml"
"$RINGWALL" audit rules --builtin --rules "$tmp/local.yaml" >"$tmp/rules" 2>&1
rc=$?
comment "$tmp/rules"
[ $rc = 0 ] && grep -q "sa-new-source-ip" "$tmp/rules" && grep -q "secret-sweep" "$tmp/rules" &&
    grep -q "audit/exec-into-pod" "$tmp/rules"
ok "configmap: the local rules load beside the built-in rules" $?

# The Deployment's arguments, with a certificate for the Service's
# ClusterIP in place of the mounted Secret, at the kubeconfig's URL.
c=$tmp/certs
mkdir -p "$c"
ip=$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["spec"]["clusterIP"])' "$dir/32-service.yaml")
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$c/ca.key" \
    -out "$c/ca.crt" -days 2 -subj "/CN=audit test CA" 2>/dev/null &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$c/tls.key" \
    -out "$c/tls.csr" -subj "/CN=ringwall-audit" 2>/dev/null &&
printf 'subjectAltName=IP:%s,DNS:ringwall-audit.ringwall-system.svc\n' "$ip" >"$c/ext" &&
openssl x509 -req -in "$c/tls.csr" -CA "$c/ca.crt" -CAkey "$c/ca.key" -CAcreateserial \
    -out "$c/tls.crt" -days 2 -extfile "$c/ext" 2>/dev/null
ok "openssl: a certificate for $ip" $?
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mapfile -t args < <(python3 - "$dir/30-deployment.yaml" "$c" "$tmp/local.yaml" "$port" <<'PY'
import sys, yaml
dep, certs, rules, port = sys.argv[1:]
for a in yaml.safe_load(open(dep))["spec"]["template"]["spec"]["containers"][0]["args"]:
    a = a.replace("/etc/ringwall/tls/", certs + "/")
    a = a.replace("/etc/ringwall/rules/local.yaml", rules)
    print("--listen=127.0.0.1:" + port if a.startswith("--listen=") else a)
PY
)
"$RINGWALL" "${args[@]}" >"$tmp/alerts" 2>"$tmp/serve.log" &
server=$!
url=$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["clusters"][0]["cluster"]["server"])' \
    "$dir/api-server/audit-webhook.kubeconfig")
hostport=${url#https://}
hostport=${hostport%%/*}
call() {
    curl -s --cacert "$c/ca.crt" --connect-to "$hostport:127.0.0.1:$port" -o "$tmp/body" \
        -w '%{http_code}' "$@"
}
code=""
for _ in $(seq 50); do
    code=$(call "https://$hostport/readyz") && [ "$code" = 200 ] && break
    sleep 0.1
done
[ "$code" = 200 ]
ok "audit serve with the Deployment's arguments: /readyz 200 over TLS verified as $hostport" $?
python3 -c 'import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
json.dump({"kind": "EventList", "apiVersion": "audit.k8s.io/v1", "items": ev}, open(sys.argv[2], "w"))' \
    tests/audit/exec-into-pod.jsonl "$tmp/list.json"
[ "$(call -H 'Content-Type: application/json' --data-binary @"$tmp/list.json" "$url")" = 200 ]
ok "POST an EventList to the kubeconfig's URL ($url): 200" $?
kill -TERM "$server"
wait "$server"
rc=$?
server=""
[ $rc = 0 ] && grep -q '"rule":"audit/exec-into-pod"' "$tmp/alerts"
ok "audit serve: the exec alert on standard output as a JSON line, exit 0 after SIGTERM" $?
[ $rc = 0 ] || comment "$tmp/serve.log"
