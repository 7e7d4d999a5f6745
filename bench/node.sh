#!/bin/bash
# bench/node.sh — `ringwall node` on a fixture control-plane node (all four
# components as static Pods, the kubelet from its systemd unit, PKI made with
# openssl; tests/node/fixture.py): wall time of a full benchmark run (best of
# RUNS, target under 50 ms) and the child processes it starts (counted with
# strace: clone/fork/vfork/execve beyond its own exec; expected 0). The
# baseline is what spawning costs in the same run: the wall time of
# /bin/true, times the processes kube-bench's definitions for the same
# targets start (one per stage of each audit pipeline, plus its sh).
# Prints figures, asserts nothing. Needs root (file owners), openssl, strace.
set -eu
RINGWALL=${RINGWALL:-./ringwall}
RUNS=${RUNS:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
root=$dir/node
python3 tests/node/fixture.py "$root" master hardened >/dev/null

# best-of-N wall time in milliseconds
wall_ms() {
    python3 - "$RUNS" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    d = (time.perf_counter() - t) * 1000
    best = d if best is None or d < best else best
print(f"{best:.2f}")
PY
}

node_ms=$(wall_ms "$RINGWALL" node --root "$root" --format json)
true_ms=$(wall_ms /bin/true)
checks=$("$RINGWALL" node --root "$root" --format json | python3 -c \
    'import json,sys; print(len(json.load(sys.stdin)["results"]))')

children="n/a (no strace)"
if command -v strace >/dev/null; then
    strace -f -qq -e trace=fork,vfork,clone,clone3,execve -o "$dir/trace" \
        "$RINGWALL" node --root "$root" >/dev/null 2>&1 || true
    # the first execve is ringwall's own
    children=$(grep -cE '(^|[ ])(fork|vfork|clone|clone3|execve)\(' "$dir/trace" | \
        awk '{ print $1 - 1 }')
fi

spawns=$(python3 - <<'PY'
import os, yaml
ref = os.path.join("..", "shared", "conformance", "kube-bench-cfg", "cis-1.12")
n = 0
for f in ("master", "etcd", "controlplane", "node"):
    for g in yaml.safe_load(open(os.path.join(ref, f + ".yaml")))["groups"]:
        for c in g["checks"]:
            for a in (c.get("audit"), c.get("audit_config")):
                if a:
                    n += 1 + a.count("|") + a.count("$(")
print(n)
PY
)

python3 - "$node_ms" "$true_ms" "$spawns" "$checks" "$children" <<'PY'
import sys
node, true_, spawns, checks, children = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
floor = true_ * spawns
print(f"ringwall node, fixture control-plane node, {checks} checks: {node:.2f} ms wall (best of runs; target < 50 ms)")
print(f"child processes started by ringwall node: {children}")
print(f"/bin/true: {true_:.2f} ms wall; kube-bench's cis-1.12 audits spawn >= {spawns} processes")
print(f"spawning alone, kube-bench-like: >= {floor:.1f} ms = {floor / node:.1f}x ringwall's whole run")
PY
