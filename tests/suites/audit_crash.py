#!/usr/bin/env python3
"""audit_crash.py — `ringwall audit --follow --checkpoint -o FILE` killed
with SIGKILL at random moments: the alerts file ends up holding every alert
exactly once, in order.

A writer appends bursts of events (execs into pods, a request logged at
ResponseStarted in one burst and ResponseComplete in the next, refusals of
one user that a threshold rule counts) to a log that logrotate rotates
(`create`, `compress`) halfway; meanwhile the follower is started and
killed with SIGKILL ten times at random moments, then left to finish and
stopped (the first one once its checkpoint names the log, and the
rotation waits for that too: a first start reads the file then at the
name, and a log rotated away before any checkpoint named it is history,
not read). The final alerts file must equal what the events call for: each
exec once (the two-stage request once), and the repeated-forbidden rule at
every tenth refusal exactly (its window spans the kills). The seed is
printed (RINGWALL_CRASH_SEED replays one). Then a writer still writing to
the rotated file when SIGKILL comes: its late lines are read after the
restart.

Then the moments a random kill rarely hits, forced: a follower killed after
writing alerts but before the checkpoint covering them (the checkpoint put
back to the one before), then restarted: with no rotation (the alerts past
the checkpoint kept, the same alerts not written again, the threshold
alert among them once); with the alerts file ending in half a line; with
the log rotated and compressed meanwhile (the rest read from the .gz); with
that .gz deleted (the alerts kept, a warning naming the file); and with a
checkpoint saved before the log existed (nothing of the old file is known:
the alerts written are kept). And a file that appears is named in a
checkpoint before its lines are read.
"""
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time

import audit_follow as af  # the events, the follower, logrotate
from suitelib import status

KILLS = 10
BURSTS = 24
SEED = int(os.environ.get("RINGWALL_CRASH_SEED") or time.time_ns() % 1_000_000)


def make_bursts(rng):
    """[(lines, expected auditIDs)] per burst; a two-stage request starts at
    the end of one burst and completes in the next."""
    bursts, exec_id, refusal, started = [], 0, 0, None
    for b in range(BURSTS):
        lines, want = [], []
        if started is not None:
            lines.append(af.exec_event(started))         # its alert came with ResponseStarted
            started = None
        size = rng.choice((5, 40, 400)) if b % 6 else 2500  # now and then a big one
        for _ in range(size):
            if rng.random() < 0.1 and refusal < 50:
                lines.append(af.forbidden_event(refusal))
                if refusal % 10 == 9:
                    want.append(f"f-{refusal:05d}")
                refusal += 1
            else:
                lines.append(af.exec_event(exec_id))
                want.append(f"id-{exec_id:05d}")
                exec_id += 1
        if b % 3 == 1:
            started = exec_id
            lines.append(af.exec_event(started, "ResponseStarted"))
            want.append(f"id-{started:05d}")
            exec_id += 1
        bursts.append(("".join(lines), want))
    return bursts


def write_bursts(tmp, log, bursts, rng, report):
    """Appends each burst by name, a pause between; logrotate halfway (not
    before a checkpoint named the log)."""
    for i, (text, _) in enumerate(bursts):
        if i == BURSTS // 2:
            report["named"].wait(30 * af.SLOW)
            report["rotated"], report["logrotate"] = af.logrotate(tmp, log, "create")
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        time.sleep(rng.uniform(0.02, 0.15))
    report["done"] = True


def whole_ids(path):
    """The auditIDs of the alerts written whole, and the lines that do not
    parse (what a kill in the middle of a write leaves, unless cut)."""
    ids, bad = [], []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.endswith("\n"):
                    continue                # still being written
                try:
                    ids.append(json.loads(line)["auditID"])
                except ValueError:
                    bad.append(line)
    return ids, bad


def names(tmp, log):
    """Does the checkpoint name the log, by its first bytes?"""
    try:
        with open(os.path.join(tmp, "cp.json")) as c:
            return any(e["path"] == log and e["head_bytes"] > 0 for e in json.load(c)["files"])
    except (OSError, ValueError):
        return False


def named(tmp, log):
    return af.wait_for(lambda: names(tmp, log), 20)


def wait_whole(path, n):
    return af.wait_for(lambda: len(whole_ids(path)[0]) >= n, 20)


def first_difference(got, want):
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return f"first difference at alert {i}: got {g}, want {w}"
    return f"lengths {len(got)} and {len(want)}"


def check_kills():
    rng = random.Random(SEED)
    print(f"# seed {SEED}", flush=True)
    bursts = make_bursts(rng)
    want = [a for _, ids in bursts for a in ids]
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        report = {"done": False, "rotated": False, "logrotate": "",
                  "named": threading.Event()}
        writer = threading.Thread(target=write_bursts, args=(tmp, log, bursts, rng, report))
        writer.start()
        kills, rcs = 0, []
        while kills < KILLS:
            f = af.Follower(tmp, log)
            if not kills:     # a first start reads the file now at the name only: the
                named(tmp, log)  # log rotated before any checkpoint named it is history
                report["named"].set()
            time.sleep(rng.uniform(0.05, 0.4) * af.SLOW)
            rcs.append(f.stop(signal.SIGKILL))
            kills += 1
        writer.join()
        f = af.Follower(tmp, log)
        try:
            ok = wait_whole(f.out, len(want))
            time.sleep(0.5 * af.SLOW)      # a duplicate would show
        finally:
            rc = f.stop()
        got, bad = whole_ids(f.out)
        err = f.stderr() + "".join(f"a broken line: {line[:300]}\n" for line in bad)
        af.tap(report["rotated"] and all(r == -signal.SIGKILL for r in rcs),
               f"{KILLS} SIGKILLs while {BURSTS} bursts were appended and logrotate rotated "
               "the log", f"kill statuses {rcs}\n{report['logrotate']}")
        af.tap(ok and rc == 0 and got == want and not bad,
               f"the alerts file holds every alert exactly once, in order ({len(want)})",
               f"seed {SEED}: rc={rc}, {len(got)} alerts, {len(set(got))} distinct, want "
               f"{len(want)}; {first_difference(got, want)}\n{err}")
        refusals = [json.loads(line) for line in open(f.out) if line.startswith(
            '{"rule":"audit/repeated-forbidden"')]
        af.tap([(a["auditID"], a.get("count")) for a in refusals] ==
               [("f-00009", 10), ("f-00019", 10), ("f-00029", 10), ("f-00039", 10),
                ("f-00049", 10)][:len([a for a in want if a.startswith("f-")])] and
               len(refusals) >= 3,
               "the threshold window spans the kills: repeated-forbidden fires at every "
               "tenth refusal, once",
               f"seed {SEED}: {[(a['auditID'], a.get('count')) for a in refusals]}")


def check_late_writer_kill():
    """A writer still writing to the rotated file (not yet told to reopen):
    lines it adds after the follower's last checkpoint, and that the
    follower had not read when SIGKILL came (SIGSTOP first makes sure of
    it), are read after the restart, from the rotated file."""
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        af.append(log, range(0, 5))
        old = open(log, "a")
        f = af.Follower(tmp, log)
        ok = wait_whole(f.out, 5)
        rotated, out = af.logrotate(tmp, log, "create\n  delaycompress")
        af.append(log, range(5, 10))
        ok = ok and wait_whole(f.out, 10)
        time.sleep(0.5 * af.SLOW)          # its checkpoint: the new file, the rotated one
        f.p.send_signal(signal.SIGSTOP)
        for i in range(10, 15):
            old.write(af.exec_event(i))
        old.close()
        f.stop(signal.SIGKILL)
        f = af.Follower(tmp, log)
        try:
            ok = ok and wait_whole(f.out, 15)
            time.sleep(0.5 * af.SLOW)
        finally:
            rc = f.stop()
        got, bad = whole_ids(f.out)
        af.tap(ok and rotated and rc == 0 and sorted(got) == af.want_ids(range(15)) and not bad,
               "SIGKILL while a writer still writes to the rotated file: its late lines are "
               "read after the restart, once", f"rc={rc} got={got}\n{out}\n{f.stderr()}")


def forced_round(tmp, log, absent=False):
    """Alerts written, then SIGKILL before the checkpoint covering them: a
    first follower reads exec 0-4 and refusals 0-4 (or nothing, when
    `absent`: the log does not exist yet) and stops cleanly (checkpoint
    cp0); a second reads exec 5-9 and refusals 5-9 (the tenth alerts),
    is stopped (SIGSTOP) once its alerts are written and killed; cp0 is put
    back. Returns (ok, the alerts wanted so far)."""
    first = [af.exec_event(i) for i in range(5)] + [af.forbidden_event(i) for i in range(5)]
    second = [af.exec_event(i) for i in range(5, 10)] + [
        af.forbidden_event(i) for i in range(5, 10)]
    want = af.want_ids(range(5))
    if absent:
        f = af.Follower(tmp, log)
        ok = af.wait_for(lambda: "waiting for it" in f.stderr())
        second = first + second
    else:
        with open(log, "w") as w:
            w.write("".join(first))
        f = af.Follower(tmp, log)
        ok = wait_whole(f.out, 5)
    ok = f.stop() == 0 and ok
    cp = os.path.join(tmp, "cp.json")
    shutil.copy(cp, cp + ".before")
    with open(log, "a") as w:
        w.write("".join(second))
    want += af.want_ids(range(5, 10)) + ["f-00009"]
    f = af.Follower(tmp, log)
    ok = wait_whole(f.out, len(want)) and ok
    f.p.send_signal(signal.SIGSTOP)
    ok = f.stop(signal.SIGKILL) == -signal.SIGKILL and ok
    shutil.copy(cp + ".before", cp)
    return ok, want


def check_forced(name, absent=False, cut=False, rotate=False, gone=False, said=()):
    """One forced round, then what happens to the files while stopped,
    exec 10-14 appended, a restart: every alert once, in order."""
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        ok, want = forced_round(tmp, log, absent)
        out = os.path.join(tmp, "alerts.jsonl")
        if cut:                          # the last alert half written
            size = os.path.getsize(out)
            last = open(out, "rb").read().rstrip(b"\n").rfind(b"\n") + 1
            os.truncate(out, last + (size - last) // 2)
        rotated = ""
        if rotate:
            ok = af.logrotate(tmp, log, "create")[0] and ok
            rotated = os.path.join(tmp, "audit.log.1.gz")
            ok = os.path.exists(rotated) and ok
            if gone:
                os.unlink(rotated)
        af.append(log, range(10, 15))
        want += af.want_ids(range(10, 15))
        f = af.Follower(tmp, log)
        try:
            ok = wait_whole(f.out, len(want)) and ok
            time.sleep(0.5 * af.SLOW)      # a duplicate would show
        finally:
            rc = f.stop()
        got, bad = whole_ids(f.out)
        err = f.stderr()
        missing = [s for s in said if s not in err]
        with open(os.path.join(tmp, "cp.json")) as c:
            ahead = "ahead" in json.load(c)
        af.tap(ok and rc == 0 and got == want and not bad and not missing and not ahead,
               f"SIGKILL after alerts were written, before their checkpoint: {name}",
               f"rc={rc} ok={ok} ahead={ahead} missing messages {missing}; "
               f"{first_difference(got, want)}\ngot {got}\nbad {bad}\n{err}")


def check_identity_first():
    """A file that appears is in a checkpoint, told by its first bytes,
    before any of its lines is read: the log appears holding half a line,
    the checkpoint names it (no line read yet), SIGKILL; the log then gets
    its lines, is rotated and compressed, and a new one written: the
    restart reads the old one from the .gz, all of it."""
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        f = af.Follower(tmp, log)
        ok = af.wait_for(lambda: "waiting for it" in f.stderr())
        first = af.exec_event(0)
        with open(log, "w") as w:
            w.write(first[:100])
        ok = named(tmp, log) and ok
        ok = f.stop(signal.SIGKILL) == -signal.SIGKILL and ok
        with open(log, "a") as w:
            w.write(first[100:] + "".join(af.exec_event(i) for i in range(1, 5)))
        ok = af.logrotate(tmp, log, "create")[0] and ok
        af.append(log, range(5, 10))
        f = af.Follower(tmp, log)
        try:
            ok = wait_whole(f.out, 10) and ok
            time.sleep(0.5 * af.SLOW)
        finally:
            rc = f.stop()
        got, bad = whole_ids(f.out)
        af.tap(ok and rc == 0 and got == af.want_ids(range(10)) and not bad,
               "a file appearing is in the checkpoint before its lines are read: rotated and "
               "compressed after a SIGKILL, it is read from the .gz",
               f"rc={rc} ok={ok} got={got}\n{f.stderr()}")


def main():
    check_kills()
    check_late_writer_kill()
    kept = "alerts past the checkpoint (written before a crash): kept"
    check_forced("the alerts past it kept, their events read again write none twice",
                 said=(kept,))
    check_forced("an incomplete last line is removed, its alert written again",
                 cut=True, said=(kept, "incomplete line"))
    check_forced("the log rotated and compressed meanwhile: its rest read from the .gz",
                 rotate=True, said=(kept,))
    check_forced("the rotated log deleted meanwhile: the alerts kept, the loss said",
                 rotate=True, gone=True,
                 said=(kept, "is gone", "did not come again"))
    check_forced("the log absent at the checkpoint, rotated and compressed meanwhile: the "
                 "alerts kept", absent=True, rotate=True, said=(kept,))
    check_identity_first()
    sys.exit(status())


if __name__ == "__main__":
    main()
