#!/usr/bin/env python3
"""tests/run.py — the whole test suite, one summary line at the end.

Runs, in order:
  1. unit tests: every cmocka binary in --units (TAP output);
  2. declarative cases: every file under tests/cases/ (see tests/cases/README.md);
  3. suites: every executable tests/suites/*.sh|*.py, which print TAP-style
     `ok - name` / `not ok - name` lines (details on other lines) and get the
     binary under test in $RINGWALL.
With --asan-ringwall/--asan-units everything runs a second time on the
sanitizer build (suites whose text contains `asan: skip` are left out).
Prints `N passed, N failed` last; exits 1 when anything failed.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "tests", "cases")
SUITES = os.path.join(ROOT, "tests", "suites")

TAP_LINE = re.compile(r"^(not ok|ok)\b(?:\s+\d+)?(?:\s*-\s*)?(.*)$")


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def result(self, ok, name, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            self.failures.append(name)
            print(f"FAIL {name}")
            if detail:
                for line in detail.rstrip().splitlines()[:40]:
                    print(f"     {line}")


def parse_tap(output, prefix, tally):
    """Counts TAP results; returns (results seen, failures seen)."""
    seen = failed = 0
    for line in output.splitlines():
        m = TAP_LINE.match(line.strip())
        if not m:
            continue
        seen += 1
        failed += m.group(1) != "ok"
        tally.result(m.group(1) == "ok", f"{prefix}: {m.group(2).strip()}")
    return seen, failed


def run_units(units_dir, label, tally):
    if not units_dir or not os.path.isdir(units_dir):
        return
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    for name in sorted(os.listdir(units_dir)):
        path = os.path.join(units_dir, name)
        if not os.access(path, os.X_OK) or os.path.isdir(path):
            continue
        p = subprocess.run([path], cwd=ROOT, env=env, capture_output=True, text=True)
        seen, failed = parse_tap(p.stdout, f"{label}unit/{name}", tally)
        if p.returncode != 0 and not failed:
            tally.result(False, f"{label}unit/{name} (exit {p.returncode})", p.stdout + p.stderr)


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
    p = subprocess.run(args, cwd=ROOT, stdin=stdin, capture_output=True)
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

def run_suites(ringwall, label, tally, asan):
    if not os.path.isdir(SUITES):
        return
    for name in sorted(os.listdir(SUITES)):
        path = os.path.join(SUITES, name)
        if not name.endswith((".sh", ".py")):
            continue
        if asan and "asan: skip" in open(path, encoding="utf-8").read():
            continue
        env = dict(os.environ, RINGWALL=os.path.abspath(os.path.join(ROOT, ringwall)),
                   RINGWALL_ROOT=ROOT, RINGWALL_ASAN="1" if asan else "")
        cmd = ["python3", path] if name.endswith(".py") else ["bash", path]
        p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        seen, failed = parse_tap(p.stdout, f"{label}suite/{name}", tally)
        if p.returncode != 0 and not failed:
            tally.result(False, f"{label}suite/{name} (exit {p.returncode})",
                         p.stdout[-3000:] + p.stderr[-3000:])


def run_all(ringwall, units, label, tally, asan=False):
    before = (tally.passed, tally.failed)
    run_units(units, label, tally)
    for path in case_files():
        run_case(ringwall, path, label, tally)
    run_suites(ringwall, label, tally, asan)
    print(f"{label or 'plain: '}{tally.passed - before[0]} passed, {tally.failed - before[1]} failed")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ringwall", default="./ringwall")
    ap.add_argument("--units")
    ap.add_argument("--asan-ringwall")
    ap.add_argument("--asan-units")
    a = ap.parse_args()
    tally = Tally()
    run_all(a.ringwall, a.units, "", tally)
    if a.asan_ringwall:
        run_all(a.asan_ringwall, a.asan_units, "asan: ", tally, asan=True)
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
