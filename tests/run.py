#!/usr/bin/env python3
"""tests/run.py — the whole test suite, one summary line at the end.

Runs:
  1. unit tests: every cmocka binary in --units (TAP output);
  2. declarative cases: every file under tests/cases/ (see tests/cases/README.md),
     one task per folder;
  3. suites: every tests/suites/*.sh|*.py, which print TAP-style
     `ok - name` / `not ok - name` lines (details on other lines, `# SKIP`
     reasons allowed) and get the binary under test in $RINGWALL.
With --asan-ringwall/--asan-units everything runs a second time on the
sanitizer build (suites whose text contains `asan: skip` are left out; those with
`asan: no-leak-check` run without LeakSanitizer).
Tasks run in parallel (-j, default: cores + 2; many wait on servers); each prints one progress line
when it ends. A suite or unit binary that reports no result fails: a test that
checks nothing is a defect. Prints `N passed, N failed` last; exits 1 when
anything failed.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "tests", "cases")
SUITES = os.path.join(ROOT, "tests", "suites")

class MeasuredPopen(subprocess.Popen):
    """A child whose CPU time (user + system, its waited-for descendants
    included) is kept when it is reaped, for the per-task figures."""
    cpu = 0.0

    def _try_wait(self, wait_flags):
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return (self.pid, 0)
        if pid == self.pid:
            self.cpu = usage.ru_utime + usage.ru_stime
        return (pid, status)


def run_child(cmd, stdin=None, text=False, **kw):
    """subprocess.run(capture_output=True) that also returns the child's CPU
    seconds: (CompletedProcess, cpu)."""
    with MeasuredPopen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=text, **kw) as p:
        out, err = p.communicate()
    return subprocess.CompletedProcess(cmd, p.returncode, out, err), p.cpu


TAP_LINE = re.compile(r"^(not ok|ok)\b(?:\s+\d+)?(?:\s*-\s*)?(.*)$")


class Tally:
    """Results of one task (or of the whole run); output is kept until the
    task ends so parallel tasks never interleave their lines."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = []
        self.lines = []
        self.cpu = 0.0           # CPU seconds of the task's child processes

    def result(self, ok, name, detail=""):
        if ok:
            self.passed += 1
            return
        self.failed += 1
        self.lines.append(f"FAIL {name}")
        for line in detail.rstrip().splitlines()[:40]:
            self.lines.append(f"     {line}")

    def skip(self, name, reason):
        self.skipped.append(f"{name} ({reason})")

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.lines += other.lines
        self.cpu += other.cpu


SKIP = re.compile(r"#\s*SKIP\b\s*(.*)$", re.IGNORECASE)


def parse_tap(output, prefix, tally):
    """Counts TAP results (details are the lines after a `not ok`); returns
    the number of results seen."""
    seen = 0
    pending = None           # (name, detail lines) of the last failure

    def flush():
        if pending:
            tally.result(False, pending[0], "\n".join(pending[1]))

    for raw in output.splitlines():
        m = TAP_LINE.match(raw.strip())
        if not m:
            if pending is not None:
                pending[1].append(raw)
            continue
        flush()
        pending = None
        seen += 1
        name = f"{prefix}: {m.group(2).strip()}"
        skip = SKIP.search(m.group(2))
        if m.group(1) == "ok" and skip:
            tally.skip(f"{prefix}: {m.group(2)[:skip.start()].strip()}", skip.group(1) or "no reason")
        elif m.group(1) == "ok":
            tally.result(True, name)
        else:
            pending = (name, [])
    flush()
    return seen


def unit_task(path, label):
    name = f"{label}unit/{os.path.basename(path)}"
    tally = Tally()
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    p, tally.cpu = run_child([path], cwd=ROOT, env=env, text=True)
    seen = parse_tap(p.stdout, name, tally)
    if p.returncode != 0 and not tally.failed:
        tally.result(False, f"{name} (exit {p.returncode})", p.stdout + p.stderr)
    if seen == 0:
        tally.result(False, f"{name}: reported no result", p.stdout[-2000:] + p.stderr[-2000:])
    return name, tally


def unit_tasks(units_dir, label):
    if not units_dir or not os.path.isdir(units_dir):
        return []
    tasks = []
    for name in sorted(os.listdir(units_dir)):
        path = os.path.join(units_dir, name)
        if os.access(path, os.X_OK) and not os.path.isdir(path):
            tasks.append((unit_task, (path, label)))
    return tasks


# ---------------------------------------------------------------- cases

DIRECTIVE = re.compile(r"^#\s*(expect|checks|args|stdin|error|summary|stderr)\s*:?\s*(.*)$")


def split_chunks(text):
    """Split a YAML stream into (first_line, last_line, lines) per document."""
    chunks, start, lines = [], 1, []
    for i, line in enumerate(text.splitlines(), 1):
        if line.startswith("---") and (len(line) == 3 or line[3] in " \t#"):
            chunks.append((start, i - 1, lines))
            start, lines = i, []
        lines.append(line)
    chunks.append((start, max(start, len(text.splitlines())), lines))
    return [c for c in chunks if any(l.strip() for l in c[2])]


def directives(lines):
    out = []
    for line in lines:
        m = DIRECTIVE.match(line.strip())
        if m:
            out.append((m.group(1), m.group(2).strip()))
    return out


def parse_expect(spec):
    """'workload/privileged container=app line=10 suppressed' -> dict."""
    parts = spec.split()
    exp = {"check": parts[0]}
    for p in parts[1:]:
        if p == "suppressed":
            exp["suppressed"] = True
        elif "=" in p:
            k, v = p.split("=", 1)
            exp[k] = v
    return exp


def matches(exp, f):
    if exp["check"] != f["check"]:
        return False
    if "container" in exp and exp["container"] != (f.get("container") or ""):
        return False
    if "line" in exp and int(exp["line"]) != f["line"]:
        return False
    if "kind" in exp and exp["kind"] != f["object"]["kind"]:
        return False
    if "name" in exp and exp["name"] != f["object"]["name"]:
        return False
    if "severity" in exp and exp["severity"] != f["severity"]:
        return False
    return bool(exp.get("suppressed")) == bool(f.get("suppressed"))


def case_files():
    for dirpath, _, files in os.walk(CASES):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml", ".json")):
                yield os.path.join(dirpath, name)


def run_case(ringwall, path, label, tally):
    rel = os.path.relpath(path, CASES)
    text = open(path, encoding="utf-8", errors="replace").read()
    sidecar = path + ".expect"
    if os.path.exists(sidecar):
        side = open(sidecar, encoding="utf-8").read().splitlines()
        chunks = [(1, 1 << 30, side)]
        head = directives(side)
    else:
        chunks = split_chunks(text)
        head = directives(chunks[0][2]) if chunks else []
    opts = dict((k, v) for k, v in head if k in ("checks", "args", "stdin", "error", "summary",
                                                 "stderr"))
    stem = os.path.splitext(rel)[0]
    under_test = set(x.strip() for x in opts.get("checks", "").split(",") if x.strip())
    if not under_test and not rel.startswith("errors/"):
        under_test.add(stem)
    args = [ringwall, "scan", "--format", "json", "--fail-on", "none"]
    args += opts.get("args", "").split()
    stdin = None
    if "stdin" in opts:
        args.append("-")
        stdin = open(path, "rb")
    else:
        args.append(os.path.relpath(path, ROOT))
    p, cpu = run_child(args, cwd=ROOT, stdin=stdin)
    tally.cpu += cpu
    if stdin:
        stdin.close()
    name = f"{label}case/{rel}"
    if p.returncode < 0 or b"runtime error" in p.stderr or b"Sanitizer" in p.stderr:
        tally.result(False, name, f"crashed: exit {p.returncode}\n{p.stderr.decode(errors='replace')}")
        return
    stderr = p.stderr.decode(errors="replace")
    if "error" in opts:
        shown = "<stdin>" if "stdin" in opts else os.path.relpath(path, ROOT)
        want = f"ringwall: {shown}:{opts['error']}"
        ok = p.returncode == 2 and want in stderr
        tally.result(ok, name, f"want exit 2 and stderr containing\n  {want}\n"
                     f"got exit {p.returncode}, stderr:\n{stderr}")
        return
    try:
        report = json.loads(p.stdout)
    except ValueError as e:
        tally.result(False, name, f"bad JSON ({e}); exit {p.returncode}\n{stderr}")
        return
    if p.returncode != 0:
        tally.result(False, name, f"exit {p.returncode}\n{stderr}")
        return
    findings = report["findings"]
    problems = []
    for pair in opts.get("summary", "").split():
        key, want = pair.split("=", 1)
        if str(report["summary"].get(key)) != want:
            problems.append(f"summary {key}: got {report['summary'].get(key)}, want {want}")
    if "stderr" in opts:
        shown = "<stdin>" if "stdin" in opts else os.path.relpath(path, ROOT)
        want = opts["stderr"].replace("FILE", shown)
        if want not in stderr:
            problems.append(f"stderr lacks: {want}\nstderr was:\n{stderr}")
    for first, last, lines in chunks:
        exps = [parse_expect(v) for k, v in directives(lines) if k == "expect" and v != "none"]
        for e in exps:
            under_test.add(e["check"])
    for first, last, lines in chunks:
        exps = [parse_expect(v) for k, v in directives(lines) if k == "expect" and v != "none"]
        got = [f for f in findings if f["check"] in under_test and first <= f["line"] <= last]
        unmatched = list(got)
        for e in exps:
            hit = next((f for f in unmatched if matches(e, f)), None)
            if hit is None:
                problems.append(f"document at line {first}: missing {e}")
            else:
                unmatched.remove(hit)
        for f in unmatched:
            problems.append(f"document at line {first}: unexpected {f['check']} "
                            f"line {f['line']} container={f.get('container')}: {f['message']}")
    tally.result(not problems, name, "\n".join(problems))


# ---------------------------------------------------------------- suites

def case_tasks(ringwall, label):
    """One task per folder of tests/cases."""
    groups = {}
    for path in case_files():
        rel = os.path.relpath(path, CASES)
        groups.setdefault(rel.split(os.sep)[0] if os.sep in rel else ".", []).append(path)

    def run_group(folder, paths):
        tally = Tally()
        for path in paths:
            run_case(ringwall, path, label, tally)
        return f"{label}cases/{folder} ({len(paths)} files)", tally

    return [(run_group, (folder, paths)) for folder, paths in sorted(groups.items())]


def suite_task(ringwall, path, label, asan, leaks=True):
    name = f"{label}suite/{os.path.basename(path)}"
    tally = Tally()
    env = dict(os.environ, RINGWALL=os.path.abspath(os.path.join(ROOT, ringwall)),
               RINGWALL_ROOT=ROOT, RINGWALL_ASAN="1" if asan else "")
    if asan and not leaks:
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "detect_leaks=0"]))
    cmd = ["python3", path] if path.endswith(".py") else ["bash", path]
    p, tally.cpu = run_child(cmd, cwd=ROOT, env=env, text=True, stdin=subprocess.DEVNULL)
    seen = parse_tap(p.stdout, name, tally)
    if p.returncode != 0 and not tally.failed:
        tally.result(False, f"{name} (exit {p.returncode})", p.stdout[-3000:] + p.stderr[-3000:])
    if seen == 0:
        tally.result(False, f"{name}: reported no result", p.stdout[-3000:] + p.stderr[-3000:])
    return name, tally


def suite_tasks(ringwall, label, asan):
    if not os.path.isdir(SUITES):
        return []
    tasks = []
    for name in sorted(os.listdir(SUITES)):
        path = os.path.join(SUITES, name)
        if not name.endswith((".sh", ".py")):
            continue
        text = open(path, encoding="utf-8").read()
        m = ASAN_SKIP.search(text)
        if asan and m:
            tasks.append((skipped_task, (f"{label}suite/{name}", m.group(1) or "no reason given")))
            continue
        leaks = not ASAN_NO_LEAK_CHECK.search(text)
        tasks.append((suite_task, (ringwall, path, label, asan, leaks)))
    return tasks


ASAN_SKIP = re.compile(r"^#\s*asan: skip\b\s*(?:\((.*?)\))?", re.MULTILINE)
# A suite of many short one-shot runs whose code paths the sanitizer pass
# already checks for leaks (tests/cases, the unit tests, the server suites)
# may run without LeakSanitizer's exit-time scan, which doubles the cost of
# each process; the address and undefined-behaviour checks stay on.
ASAN_NO_LEAK_CHECK = re.compile(r"^#\s*asan: no-leak-check\b", re.MULTILINE)


# Tasks that take longest on a 2-core machine, longest first; plain and
# sanitizer runs alike (the sort is stable, so the sanitizer run's is first).
LONG_TASKS = ("fuzz_smoke.sh", "serve.py", "etcd_live.py", "admit_differential.py",
              "unit/test_yaml_reader", "audit_follow.py", "audit_crash.py", "outputs.py",
              "pss_robustness.py", "scan_parallel.sh", "node_fixtures.py", "audit_serve.py",
              "pss_invariance.py", "scalar_limit.sh", "audit_builtin.py")


def skipped_task(name, reason):
    """A suite left out of the sanitizer pass: listed with its reason."""
    tally = Tally()
    tally.skip(name, reason)
    return name, tally


def run_tasks(tasks, jobs, tally):
    """Runs (function, args) tasks on jobs threads (each task is mostly a
    child process); prints one line per task as it ends, failures under it.
    Returns [(cpu seconds, name)] of the tasks, heaviest first."""
    started = time.monotonic()
    lock = threading.Lock()
    done = 0
    costs = []

    def timed(fn, args):
        t0 = time.monotonic()
        name, result = fn(*args)
        return name, result, time.monotonic() - t0

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(timed, fn, args) for fn, args in tasks]
        for future in concurrent.futures.as_completed(futures):
            name, result, secs = future.result()
            with lock:
                done += 1
                status = "ok  " if not result.failed else "FAIL"
                extra = f", {len(result.skipped)} skipped" if result.skipped else ""
                print(f"[{done:3}/{len(tasks)} {time.monotonic() - started:5.0f}s] {status} {name}: "
                      f"{result.passed} passed, {result.failed} failed{extra} "
                      f"({secs:.1f}s, cpu {result.cpu:.1f}s)",
                      flush=True)
                for line in result.lines:
                    print(line, flush=True)
                tally.add(result)
                costs.append((result.cpu, name))
    return sorted(costs, reverse=True)


def main():
    global SUITES, CASES  # pylint: disable=global-statement
    ap = argparse.ArgumentParser()
    ap.add_argument("--ringwall", default="./ringwall")
    ap.add_argument("--units")
    ap.add_argument("--asan-ringwall")
    ap.add_argument("--asan-units")
    ap.add_argument("-j", "--jobs", type=int, default=(os.cpu_count() or 1) + 2)
    ap.add_argument("--suites-dir", default=SUITES, help=argparse.SUPPRESS)
    ap.add_argument("--cases-dir", default=CASES, help=argparse.SUPPRESS)
    ap.add_argument("--only", default="",
                    help="run only tasks whose name contains this text (e.g. suite/cli.sh)")
    a = ap.parse_args()
    SUITES, CASES = a.suites_dir, a.cases_dir
    runs = [(a.ringwall, a.units, "", False)]
    if a.asan_ringwall:
        runs.append((a.asan_ringwall, a.asan_units, "asan: ", True))
    # The longest tasks first (suites, the sanitizer pass's before the
    # plain ones), so that no long task starts last and runs alone.
    tasks = []
    for ringwall, units, label, asan in reversed(runs):
        tasks += suite_tasks(ringwall, label, asan)
    for ringwall, units, label, asan in reversed(runs):
        tasks += case_tasks(ringwall, label)
        tasks += unit_tasks(units, label)
    # Known long ones go first of all, longest first (CPU or waiting on
    # servers and timeouts), so that the run ends with many short tasks.
    tasks.sort(key=lambda t: next((i for i, end in enumerate(LONG_TASKS)
                                   if task_name(t).endswith(end)), len(LONG_TASKS)))
    if a.only:
        tasks = [t for t in tasks if a.only in task_name(t)]
    tally = Tally()
    costs = run_tasks(tasks, a.jobs, tally)
    heaviest = ", ".join(f"{name} {cpu:.0f}s" for cpu, name in costs[:8])
    print(f"cpu: {tally.cpu:.0f}s in all tasks; heaviest: {heaviest}")
    for s in tally.skipped:
        print(f"skipped: {s}")
    if tally.failed:
        print(f"{tally.failed} failed:")
        for line in tally.lines:
            if line.startswith("FAIL "):
                print("  " + line[5:])
    skipped = f", {len(tally.skipped)} skipped" if tally.skipped else ""
    print(f"{tally.passed} passed, {tally.failed} failed{skipped}")
    return 1 if tally.failed or not tasks else 0


def task_name(task):
    """The name a task will report, for --only."""
    fn, args = task
    if fn is suite_task:
        return f"{args[2]}suite/{os.path.basename(args[1])}"
    if fn is skipped_task:
        return args[0]
    if fn is unit_task:
        return f"{args[1]}unit/{os.path.basename(args[0])}"
    return f"cases/{args[0]}"


if __name__ == "__main__":
    sys.exit(main())
