#!/usr/bin/env python3
"""audit_follow.py — the cost of `ringwall audit --follow` against reading
the same log in one go, in the same run: a synthetic log (audit_gen.py) is
appended to a followed file in 1 MiB writes as fast as they go, and the
follower's CPU time (user + system, until every alert is out and SIGTERM
stopped it) is compared with `ringwall audit FILE` on the whole log. Then a
stop with a checkpoint holding the stateful rule's keys (distinct users): the
time SIGTERM takes to exit and the checkpoint's size, and the CPU time of a
restart that loads it; then, in that restarted follower, the cost of one
checkpoint while running (CPU time per save, the idle follower's subtracted),
when the rules' memory is unchanged (an event no rule matches: the saved
memory's text is reused) and when it changed (a refusal: counted by the
threshold rule, the memory written again).
usage: audit_follow.py RINGWALL OUTDIR EVENTS KEYS"""
import json
import os
import signal
import subprocess
import sys
import time

ringwall, out, n, keys = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "audit_gen.py")


def cpu_of(p):
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime


def count_lines(path):
    try:
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def exec_line(i):
    return json.dumps({
        "kind": "Event", "apiVersion": "audit.k8s.io/v1", "auditID": f"lat-{i}",
        "stage": "ResponseComplete", "verb": "create",
        "requestURI": "/api/v1/namespaces/default/pods/web/exec?command=sh",
        "user": {"username": "alice@example.com"},
        "objectRef": {"resource": "pods", "namespace": "default", "name": "web",
                      "subresource": "exec"},
        "responseStatus": {"code": 101},
        "stageTimestamp": "2026-11-30T10:00:00.000000Z"}) + "\n"


def latencies(log, alerts_path, have):
    """An idle follower: 20 single events appended one at a time, the time
    from each write to its alert."""
    out = []
    for i in range(20):
        t0 = time.time()
        with open(log, "a") as w:
            w.write(exec_line(i))
        while count_lines(alerts_path) < have + i + 1:
            if time.time() - t0 > 60:
                sys.exit("no alert for a single event in 60 s")
            time.sleep(0.0005)
        out.append(time.time() - t0)
    return sorted(out)


def follow(log, src, alerts_path, want, extra=()):
    """Follows log while src is appended to it; once `want` alerts are out,
    measures single-event latencies, then stops it: (cpu seconds, wall
    seconds from the last write to the last alert, latencies)."""
    for path in (log, alerts_path):
        if os.path.exists(path):
            os.unlink(path)
    p = subprocess.Popen([ringwall, "audit", "--follow", "--fail-on", "none", "--format",
                          "jsonl", "-o", alerts_path, *extra, log],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.2)
    with open(src, "rb") as f, open(log, "ab") as w:
        while chunk := f.read(1 << 20):
            w.write(chunk)
            w.flush()
    last = time.time()
    while count_lines(alerts_path) < want:
        if time.time() - last > 600:
            p.kill()
            sys.exit(f"--follow gave {count_lines(alerts_path)} alerts of {want} in 600 s")
        time.sleep(0.01)
    lag = time.time() - last
    lat = latencies(log, alerts_path, want)
    p.send_signal(signal.SIGTERM)
    return cpu_of(p), lag, lat


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def plain_line(i, code, user):
    return json.dumps({
        "kind": "Event", "apiVersion": "audit.k8s.io/v1", "auditID": f"ckpt-{code}-{i}",
        "stage": "ResponseComplete", "verb": "get",
        "requestURI": "/api/v1/namespaces/default/configmaps/app",
        "user": {"username": user, "groups": ["system:authenticated"]},
        "objectRef": {"resource": "configmaps", "namespace": "default", "name": "app"},
        "responseStatus": {"code": code},
        "stageTimestamp": "2026-11-30T10:00:00.000000Z"}) + "\n"


def checkpoint_costs(pid, log, cp, rounds=10):
    """CPU seconds per save: one event appended, the save awaited (the
    checkpoint replaced), an idle period of the same length subtracted."""
    def run(make):
        c0 = cpu_seconds(pid)
        for i in range(rounds):
            before = os.stat(cp).st_mtime_ns
            with open(log, "a") as w:
                w.write(make(i))
            t0 = time.time()
            while os.stat(cp).st_mtime_ns == before and time.time() - t0 < 10:
                time.sleep(0.01)
            time.sleep(max(0, 1.1 - (time.time() - t0)))
        return (cpu_seconds(pid) - c0) / rounds
    unchanged = run(lambda i: plain_line(i, 200, "reader@example.com"))
    changed = run(lambda i: plain_line(i, 403, f"bench-refused-{i}"))
    c0 = cpu_seconds(pid)
    time.sleep(1.1 * rounds)
    idle = (cpu_seconds(pid) - c0) / rounds
    return unchanged - idle, changed - idle


src = os.path.join(out, "follow-src.jsonl")
subprocess.run([sys.executable, gen, str(n), src], check=True)
size = os.path.getsize(src)
alerts = os.path.join(out, "follow-alerts.jsonl")
best_read = None
for _ in range(3):
    p = subprocess.Popen([ringwall, "audit", "--fail-on", "none", "--format", "jsonl", "-o",
                          alerts, src], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = cpu_of(p)
    best_read = t if best_read is None else min(best_read, t)
want = count_lines(alerts)
log = os.path.join(out, "followed.log")
runs = [follow(log, src, alerts, want) for _ in range(3)]
best_follow = min(r[0] for r in runs)
print(f"events: {n}, {size / 1e6:.0f} MB, {want} alerts")
print(f"read in one go   {best_read:7.2f} s CPU  {n / best_read:9.0f} events/s")
lat = sorted(x for r in runs for x in r[2])
print(f"--follow         {best_follow:7.2f} s CPU  {n / best_follow:9.0f} events/s  "
      f"{best_read / best_follow:.2f} of one go (20 single events each: CPU time includes "
      f"them); caught up {min(r[1] for r in runs):.2f} s after the last write")
print(f"one event appended to an idle follower, write to alert: median "
      f"{lat[len(lat) // 2] * 1000:.1f} ms, max {lat[-1] * 1000:.1f} ms")

subprocess.run([sys.executable, gen, str(keys), src, "distinct-users"], check=True)
cp = os.path.join(out, "follow.ckpt")
if os.path.exists(cp):
    os.unlink(cp)
p = subprocess.Popen([ringwall, "audit", "--follow", "--fail-on", "none", "--format", "jsonl",
                      "-o", "/dev/null", "--checkpoint", cp, log],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.unlink(log)
os.link(src, log)
while not os.path.exists(cp) or os.path.getsize(cp) == 0:
    time.sleep(0.05)
time.sleep(1.5)                               # the periodic save: positions once all is read
t0 = time.time()
p.send_signal(signal.SIGTERM)
p.wait()
stop = time.time() - t0
r = subprocess.Popen([ringwall, "audit", "--follow", "--fail-on", "none", "-o", alerts,
                      "--checkpoint", cp, log], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
with open(log, "a") as w:                     # a first save once the checkpoint is loaded
    w.write(plain_line(0, 200, "reader@example.com"))
before = os.stat(cp).st_mtime_ns
while os.stat(cp).st_mtime_ns == before:
    time.sleep(0.05)
saves = checkpoint_costs(r.pid, log, cp)
r.send_signal(signal.SIGTERM)
restart = cpu_of(r)
print(f"checkpoint with {keys} distinct users (stateful cap 100000): "
      f"{os.path.getsize(cp) / 1e6:.1f} MB, stop {stop:.2f} s, restart (load + save + "
      f"the saves below) {restart:.2f} s CPU")
print(f"one checkpoint while running, memory unchanged: {saves[0] * 1000:.1f} ms CPU; "
      f"memory changed: {saves[1] * 1000:.1f} ms CPU")
for path in (src, log, alerts, cp):
    if os.path.exists(path):
        os.unlink(path)
