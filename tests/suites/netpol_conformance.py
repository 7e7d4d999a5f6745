#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""netpol_conformance.py — `ringwall netpol` against np-guard/netpol-analyzer's
golden outputs in ../shared/conformance/netpol.

Every row of CASES.tsv gets one TAP line named after its golden file. A row
is either run and compared exactly (after removing every newline, as
upstream compares): `ok` or `not ok`; or it needs a feature ringwall does
not implement and is listed as `ok - NAME # SKIP reason`. There is no pass
threshold. EVAL_CASES queries and ERROR_CASES inputs are handled the same
way, one line each: error inputs must fail with exit 2 and a message (fatal
cases) or warn on stderr (cases upstream reports as warnings).

Runs under ASan too, each analysis once (in the first format of its case).
"""
import collections
import concurrent.futures
import os
import re
import sys

from suitelib import ASAN, ROOT, present, ringwall, skip, status, tap

DATA = os.path.join(ROOT, "..", "shared", "conformance", "netpol")

# Kinds only the multiple-networks option reads.
MULTI_NETWORK_KINDS = {"UserDefinedNetwork", "ClusterUserDefinedNetwork",
                       "NetworkAttachmentDefinition", "MultiNetworkPolicy"}
KIND_RE = re.compile(r'^\s*"?kind"?\s*:\s*"?([A-Za-z]+)', re.M)

# Why a row is not run: each is a feature ringwall does not implement.
SKIP_MODE = {
    "explain": "explain mode (allowed and denied connections per rule) is not implemented",
    "diff": "connectivity diff between two inputs is not implemented",
}
SKIP_MULTI = ("the multiple-networks option (UserDefinedNetwork, NetworkAttachmentDefinition, "
              "MultiNetworkPolicy, KubeVirt VirtualMachine) is not implemented")
SKIP_EXPOSURE_CONN = ("exposure analysis on one connection (--exposure with --focus-conn) is "
                      "not implemented")
SKIP_MAP = "the pod-pair connectivity map output is not implemented"


def input_kinds(path):
    kinds = set()
    if os.path.isfile(path):
        files = [path]
    else:
        files = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs]
    for f in files:
        if f.endswith((".yaml", ".yml", ".json")):
            with open(f, errors="replace") as fh:
                kinds |= set(KIND_RE.findall(fh.read()))
    return kinds


def skip_reason(row):
    """The unsupported feature a CASES row needs, or None when it is run."""
    mode, multi, exposure, conn = row[0], row[9], row[6], row[5]
    if mode in SKIP_MODE:
        return SKIP_MODE[mode]
    if multi == "true":
        return SKIP_MULTI
    if exposure == "true" and conn != "-":
        return SKIP_EXPOSURE_CONN
    return None


def clean(s):
    return s.replace("\n", "").replace("\r", "")


FOCUS_FLAGS = ((2, "--focus-workload"), (3, "--focus-workload-peer"), (4, "--focus-direction"),
               (5, "--focus-conn"))


# Under ASan+UBSan the golden rows run without LeakSanitizer's exit-time
# scan (half of each short process's cost): the same analysis runs with leak
# detection in netpol_cli.sh, tests/cases/network and the fuzz_netpol target.
ROW_ENV = dict(os.environ, ASAN_OPTIONS="detect_leaks=0") if ASAN else None


def run_case(row):
    test_dir, fmt, expected = row[1], row[10], row[11]
    flags = [x for col, flag in FOCUS_FLAGS if row[col] != "-" for x in (flag, row[col])]
    if row[6] == "true":
        flags.append("--exposure")
    with open(os.path.join(DATA, "test_outputs", expected), errors="replace") as fh:
        want = fh.read()
    p = ringwall("netpol", "-f", fmt, *flags, os.path.join(DATA, "tests", test_dir),
                 errors="replace", env=ROW_ENV)
    ok = p.returncode == 0 and clean(p.stdout) == clean(want)
    detail = ""
    if not ok:
        got = p.stdout.splitlines()
        exp = want.splitlines()
        extra = [l for l in got if l not in exp][:3]
        lost = [l for l in exp if l not in got][:3]
        detail = f"exit {p.returncode} {p.stderr.strip()[:200]} +{extra} -{lost}"
    return ok, detail


ERROR_WARNINGS = {"TestConnlistAnalyzeSevereErrorsAndWarnings",
                  "TestErrorsAndWarningsConnlistFromDirPathOnly"}
# Options of the upstream error cases that use focus workloads (from their names).
FOCUS_ERRORS = {
    "input_dir_with_focusworkload_that_does_not_exist_should_get_warning":
        ["--focus-workload", "abc"],
    "input_dir_with_focusworkload_ns_and_name_that_does_not_exist_should_get_warning":
        ["--focus-workload", "default/abc"],
    "input_dir_with_focusworkload_from_list_that_does_not_exist_should_get_warning":
        ["--focus-workload", "myfoo,abc"],
    "input_dir_with_multiple_focusworkloads_that_do_not_exist_should_get_warnings":
        ["--focus-workload", "abc,def"],
    "input_dir_with_multiple_focusworkloads-peers_that_do_not_exist_should_get_warnings":
        ["--focus-workload", "myfoo", "--focus-workload-peer", "abc,def"],
    "input_dir_with_multiple_focusworkloads-peers_that_some_exist_should_get_warning_and_"
    "connlist_not_empty": ["--focus-workload", "myfoo", "--focus-workload-peer", "mybar,abc"],
}


def run_error(row):
    func, name, test_dir = row
    path = os.path.join(DATA, "tests", test_dir)
    kinds = input_kinds(path) if os.path.exists(path) else set()
    if kinds & MULTI_NETWORK_KINDS:
        return None, SKIP_MULTI
    flags = FOCUS_ERRORS.get(name, [])
    p = ringwall("netpol", *flags, path, errors="replace")
    if func in ERROR_WARNINGS:
        ok = p.returncode in (0, 2) and "ringwall:" in p.stderr
    else:
        ok = p.returncode == 2 and "ringwall:" in p.stderr
    return ok, f"exit {p.returncode}: {p.stderr.strip()[:300]}"


def run_eval(row):
    """One EVAL_CASES query: is proto/port allowed from one workload to another?"""
    test_dir, sns, swl, dns, dwl, proto, port, want = row[:8]
    p = ringwall("netpol", "--from", f"{sns}/{swl}", "--to", f"{dns}/{dwl}",
                 "--focus-conn", f"{proto}-{port}", os.path.join(DATA, "tests", test_dir),
                 errors="replace")
    got = {0: "true", 1: "false"}.get(p.returncode, f"exit {p.returncode}")
    return got == want, f"{test_dir} {sns}/{swl} -> {dns}/{dwl} {proto}/{port}: want {want}, " \
                        f"got {got} {p.stderr.strip()[:200]}"


def read_tsv(name, prefix=""):
    """The rows of a data file: data lines, or (prefix) the lines starting
    with prefix, without it."""
    with open(os.path.join(DATA, name)) as fh:
        lines = [l.rstrip("\n") for l in fh if l.strip()]
    if prefix:
        return [l[len(prefix):].split("\t") for l in lines if l.startswith(prefix)]
    return [l.split("\t") for l in lines if not l.startswith("#")]


def main():
    if not present(DATA, "netpol conformance"):
        return status()
    rows = read_tsv("CASES.tsv")
    if not rows:
        tap(False, "CASES.tsv holds no rows")
        return status()
    runnable = [r for r in rows if skip_reason(r) is None]
    # Under ASan+UBSan each analysis runs once, in its first format: the other
    # formats of the same case render the same result (the plain pass
    # compares every format), and the sanitizer pass stays within its time.
    asan_skip = {}
    if ASAN:
        first = {}
        for r in runnable:
            key = (r[1],) + tuple(r[2:10])
            if key in first:
                asan_skip[id(r)] = f"ASan pass: same analysis as the {first[key]} row"
            else:
                first[key] = r[10]
        runnable = [r for r in runnable if id(r) not in asan_skip]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        results = dict(zip(map(id, runnable), pool.map(run_case, runnable)))
    skipped = collections.Counter()
    passed = 0
    for r in rows:
        name = f"{r[0]} {r[11]}"
        reason = skip_reason(r) or asan_skip.get(id(r))
        if reason:
            skipped[reason] += 1
            skip(name, reason)
            continue
        ok, detail = results[id(r)]
        passed += ok
        tap(ok, name, detail)
    print(f"# CASES rows: {len(rows)}; run {len(runnable)}, passed {passed}; "
          f"skipped {sum(skipped.values())}")
    for reason, n in skipped.most_common():
        print(f"#   skipped {n:4d}: {reason}")

    evals = read_tsv("EVAL_CASES.tsv")
    maps = read_tsv("EVAL_CASES.tsv", "#MAP\t")
    if not evals:
        tap(False, "EVAL_CASES.tsv holds no queries")
    for r in evals:
        ok, detail = run_eval(r)
        tap(ok, f"query {' '.join(r[:7])}", detail)
    for r in maps:
        skip(f"map {r[-1]}", SKIP_MAP)

    errors = read_tsv("ERROR_CASES.tsv")
    if not errors:
        tap(False, "ERROR_CASES.tsv holds no inputs")
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        eres = list(pool.map(run_error, errors))
    for e, (ok, detail) in zip(errors, eres):
        if ok is None:
            skip(f"error {e[1]}", detail)
        else:
            tap(ok, f"error {e[1]}", f"({e[2]}) {detail}")
    return status()


if __name__ == "__main__":
    sys.exit(main())
