#!/bin/bash
# deploy_etcd_backup.sh — the etcd backup CronJob (deploy/etcd-backup/)
# passes ringwall's own checks: `ringwall scan` reports nothing above low,
# and every finding above low is an accepted risk annotated with its reason;
# the CronJob's arguments are accepted by `ringwall etcd backup` (run
# against a closed port: the run fails to connect, not on its options).
# asan: skip (checks of manifests; the etcd suites cover the binary)
cd "$RINGWALL_ROOT" || exit 1
dir=deploy/etcd-backup
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { # name, status
    if [ "$2" = 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}

bash tests/deploy/scan_clean.sh "$dir" 6

# The container's arguments, with the node address and a closed port.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$dir/30-cronjob.yaml" "$tmp" "$port" >"$tmp/args" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
c = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
tmp, port = sys.argv[2], sys.argv[3]
for a in c["args"]:
    a = a.replace("$(NODE_IP):2379", "127.0.0.1:" + port)
    for path in ("/etc/kubernetes/pki/etcd/", "/etc/ringwall/backup-key/", "/backups/"):
        a = a.replace(path, tmp + "/")
    print(a)
PY
openssl rand -hex 32 >"$tmp/key"
mapfile -t args <"$tmp/args"
"$RINGWALL" "${args[@]}" --timeout 1 >"$tmp/out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/out"
[ $rc = 2 ] && ! grep -q "usage:" "$tmp/out" && grep -q "127.0.0.1:$port" "$tmp/out"
ok "the CronJob's arguments are accepted by ringwall etcd backup (it fails to connect only)" $?
[ -z "$(ls "$tmp" | grep '\.db')" ]
ok "a backup that cannot connect leaves no file" $?
