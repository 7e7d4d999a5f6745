#!/bin/sh
# make-certs.sh — the webhook's TLS material without cert-manager: a CA and
# an ECDSA P-256 server certificate for SERVICE.NAMESPACE.svc signed by it,
# the Secret the Deployment mounts, and the webhook configuration with the
# CA filled in as its caBundle. Prints the caBundle (base64 of the CA
# certificate) on standard output.
#   deploy/admit/make-certs.sh [OUTDIR]          (default: ./ringwall-certs)
#   NAMESPACE=ringwall-system SERVICE=ringwall-admit DAYS=365 (the defaults)
# OUTDIR gets ca.crt ca.key tls.crt tls.key secret.yaml webhook.yaml; keep
# ca.key offline (or delete it: a new run makes a new CA and caBundle).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-ringwall-certs}
ns=${NAMESPACE:-ringwall-system}
svc=${SERVICE:-ringwall-admit}
days=${DAYS:-365}
host="$svc.$ns.svc"

mkdir -p "$out"
umask 077
openssl ecparam -name prime256v1 -genkey -noout -out "$out/ca.key"
openssl req -x509 -new -sha256 -key "$out/ca.key" -days $((days * 5)) \
    -subj "/CN=$svc-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$out/ca.crt" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$out/tls.key"
openssl req -new -sha256 -key "$out/tls.key" -subj "/CN=$host" -out "$out/tls.csr"
printf '%s\n' "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
    "subjectAltName=DNS:$host,DNS:$host.cluster.local" > "$out/tls.ext"
openssl x509 -req -sha256 -in "$out/tls.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" \
    -CAcreateserial -days "$days" -extfile "$out/tls.ext" -out "$out/tls.crt" 2>/dev/null
rm -f "$out/tls.csr" "$out/tls.ext" "$out/ca.srl"

b64() { base64 < "$1" | tr -d '\n'; }
ca_bundle=$(b64 "$out/ca.crt")

cat > "$out/secret.yaml" <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: $svc-tls
  namespace: $ns
type: kubernetes.io/tls
data:
  ca.crt: $ca_bundle
  tls.crt: $(b64 "$out/tls.crt")
  tls.key: $(b64 "$out/tls.key")
YAML

# The webhook configuration with caBundle under each clientConfig, the
# namespace and service name replaced, and without the cainjector
# annotation (nothing is to be injected).
awk -v ca="$ca_bundle" -v ns="$ns" -v svc="$svc" '
    /cert-manager.io\/inject-ca-from/ { next }
    /^  annotations:$/ { held = $0; next }
    held != "" { if ($0 ~ /^    /) print held; held = "" }
    /^ *clientConfig:$/ { print; ind = $0; sub(/[^ ].*/, "", ind); print ind "  caBundle: " ca; next }
    /^ *name: ringwall-admit$/ { sub(/ringwall-admit$/, svc) }
    { gsub(/ringwall-system/, ns) }
    { print }
' "$here/90-webhook.yaml" > "$out/webhook.yaml"

echo "$ca_bundle"
