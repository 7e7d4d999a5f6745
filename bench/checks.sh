#!/bin/bash
# bench/checks.sh — what the check catalog costs on top of loading: scans a
# pod-heavy synthetic stream (hardened Deployments with init, app and
# sidecar containers, security contexts, env, volumes; one in 50 is bad) of about SIZE_MB megabytes
# with every check and with a single manifest-level check, and prints wall
# time, throughput and peak RSS of both. Prints figures, asserts nothing.
set -eu
RINGWALL=${RINGWALL:-./ringwall}
SIZE_MB=${SIZE_MB:-100}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir/workloads.yaml" "$SIZE_MB" <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
doc = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: team-{ns}
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: runtime/default
spec:
  replicas: 2
  template:
    metadata:
      labels: {{app: app-{i}}}
    spec:
      serviceAccountName: app-{i}
      automountServiceAccountToken: false
      securityContext: {{runAsNonRoot: true, runAsUser: 10001, seccompProfile: {{type: RuntimeDefault}}}}
      initContainers:
      - name: init
        image: registry.example.com/init:1.{i}@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        resources: {{limits: {{cpu: 100m, memory: 64Mi}}}}
        securityContext: {{allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {{drop: [ALL]}}}}
      containers:
      - name: app
        image: registry.example.com/team/app:2.{i}@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        ports: [{{containerPort: 8080}}]
        env:
        - {{name: LOG_LEVEL, value: info}}
        - {{name: DB_PASSWORD, valueFrom: {{secretKeyRef: {{name: db, key: password}}}}}}
        - {{name: API_TOKEN_FILE, value: "/run/secrets/token-{i}"}}
        resources: {{limits: {{cpu: 500m, memory: 256Mi}}}}
        securityContext:
          readOnlyRootFilesystem: true
          allowPrivilegeEscalation: false
          capabilities: {{drop: [ALL], add: [NET_BIND_SERVICE]}}
        volumeMounts: [{{name: data, mountPath: /data}}, {{name: logs, mountPath: /var/log/app}}]
      - name: sidecar
        image: registry.example.com/proxy:1.{i}@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        resources: {{limits: {{cpu: 100m, memory: 64Mi}}}}
        securityContext: {{privileged: {priv}, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {{drop: [ALL]}}}}
      volumes:
      - {{name: data, emptyDir: {{}}}}
      - {{name: logs, {vol}}}
---
"""
with open(path, "w") as f:
    written, i = 0, 0
    while written < size:
        # one pod in 50 is privileged with a host path: findings stay a small
        # share of the work, as in real inputs
        bad = i % 50 == 0
        text = doc.format(i=i, ns=i % 50, priv="true" if bad else "false",
                          vol="hostPath: {path: /var/log}" if bad else "emptyDir: {}")
        f.write(text)
        written += len(text)
        i += 1
print(f"{i} Deployments, {written / 1e6:.1f} MB", file=sys.stderr)
PY

bytes=$(stat -c %s "$dir/workloads.yaml")
run() {
    local label=$1; shift
    local t0 t1 rss
    t0=$(date +%s.%N)
    rss=$( { /usr/bin/time -f %M "$RINGWALL" scan "$dir/workloads.yaml" --fail-on none \
             --format json -o /dev/null "$@" ; } 2>&1 | tail -1)
    t1=$(date +%s.%N)
    python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); \
print(f'{sys.argv[4]:<22} {t:6.2f} s  {int(sys.argv[3])/t/1e6:7.1f} MB/s  peak RSS {sys.argv[5]} KB')" \
        "$t0" "$t1" "$bytes" "$label" "$rss"
}
run "every check" 
run "manifest checks only" --checks manifest/duplicate-key
