#!/usr/bin/env python3
"""netpol_conformance.py — `ringwall netpol` against np-guard/netpol-analyzer's
golden outputs in ../shared/conformance/netpol.

Every `connlist` row of CASES.tsv is classified by what its input and options
need. Rows needing features ringwall does not implement (multi-network,
exposure analysis, the dot layout hints) are counted and skipped with the
reason. The rest are run and compared after
removing every newline, as upstream compares. One TAP line per category and
format holds its pass count against the threshold. The ERROR_CASES inputs
must fail with exit 2 and a message (fatal cases) or warn on stderr (cases
upstream reports as warnings); inputs that need a skipped feature are
listed as skipped.

Runs under ASan too: a few dozen short processes.
"""
import collections
import concurrent.futures
import os
import re
import subprocess
import sys

RINGWALL = os.environ.get("RINGWALL", "./ringwall")
ROOT = os.environ.get("RINGWALL_ROOT", os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
DATA = os.path.join(ROOT, "..", "shared", "conformance", "netpol")
THRESHOLD = 0.95

EXTRA_KINDS = {
    "UserDefinedNetwork": "multi-network",
    "ClusterUserDefinedNetwork": "multi-network",
    "NetworkAttachmentDefinition": "multi-network",
    "MultiNetworkPolicy": "multi-network",
}
KIND_RE = re.compile(r'^\s*"?kind"?\s*:\s*"?([A-Za-z]+)', re.M)


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


def needs(row, kinds_cache):
    """The unsupported features a case needs (empty: supported)."""
    (mode, test_dir, focus, peers, direction, conn, exposure, _explain, _only, multi,
     fmt, _out) = row
    missing = []
    path = os.path.join(DATA, "tests", test_dir)
    if path not in kinds_cache:
        kinds_cache[path] = input_kinds(path)
    # multi-network objects only count with the option (upstream ignores them otherwise)
    if multi == "true" and "multi-network" not in missing:
        missing.append("multi-network")
    if exposure == "true":
        if peers != "-" or conn != "-":
            missing.append("exposure analysis with focus peers or connection")

    return missing


def clean(s):
    return s.replace("\n", "").replace("\r", "")


FOCUS_FLAGS = ((2, "--focus-workload"), (3, "--focus-workload-peer"), (4, "--focus-direction"),
               (5, "--focus-conn"))


def run_case(row):
    test_dir, fmt, expected = row[1], row[10], row[11]
    flags = [x for col, flag in FOCUS_FLAGS if row[col] != "-" for x in (flag, row[col])]
    if row[6] == "true":
        flags.append("--exposure")
    with open(os.path.join(DATA, "test_outputs", expected), errors="replace") as fh:
        want = fh.read()
    p = subprocess.run([RINGWALL, "netpol", "-f", fmt] + flags + [os.path.join(DATA, "tests", test_dir)],
                       capture_output=True, text=True, errors="replace")
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


def run_error(row, kinds_cache):
    func, name, test_dir = row
    path = os.path.join(DATA, "tests", test_dir)
    kinds = input_kinds(path) if os.path.exists(path) else set()
    missing = sorted({f for k, f in EXTRA_KINDS.items() if k in kinds})
    if missing:
        return None, ", ".join(missing)
    flags = FOCUS_ERRORS.get(name, [])
    p = subprocess.run([RINGWALL, "netpol"] + flags + [path], capture_output=True, text=True,
                       errors="replace")
    if func in ERROR_WARNINGS:
        ok = p.returncode in (0, 2) and "ringwall:" in p.stderr
    else:
        ok = p.returncode == 2 and "ringwall:" in p.stderr
    return ok, f"exit {p.returncode}: {p.stderr.strip()[:300]}"


def run_eval(row):
    """One EVAL_CASES query: is proto/port allowed from one workload to another?"""
    test_dir, sns, swl, dns, dwl, proto, port, want = row[:8]
    p = subprocess.run([RINGWALL, "netpol", "--from", f"{sns}/{swl}", "--to", f"{dns}/{dwl}",
                        "--focus-conn", f"{proto}-{port}", os.path.join(DATA, "tests", test_dir)],
                       capture_output=True, text=True, errors="replace")
    got = {0: "true", 1: "false"}.get(p.returncode, f"exit {p.returncode}")
    return got == want, f"{test_dir} {sns}/{swl} -> {dns}/{dwl} {proto}/{port}: want {want}, " \
                        f"got {got} {p.stderr.strip()[:200]}"


def read_tsv(name):
    with open(os.path.join(DATA, name)) as fh:
        return [l.rstrip("\n").split("\t") for l in fh if l.strip() and not l.startswith("#")]


def main():
    if not os.path.isdir(DATA):
        print(f"not ok - netpol conformance data missing at {DATA}")
        return
    kinds_cache = {}
    rows = [r for r in read_tsv("CASES.tsv") if r[0] == "connlist"]
    skipped = collections.Counter()
    skipped_by_format = collections.Counter()
    runnable = []
    for r in rows:
        missing = needs(r, kinds_cache)
        if missing:
            skipped[" + ".join(missing)] += 1
            skipped_by_format[r[10]] += 1
        else:
            runnable.append(r)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        results = list(pool.map(run_case, runnable))
    by_format = collections.defaultdict(list)
    for r, (ok, detail) in zip(runnable, results):
        by_format[r[10]].append((r, ok, detail))
    total_pass = sum(ok for ok, _ in results)
    print(f"# connlist rows: {len(rows)}; run {len(runnable)}, passed {total_pass}; "
          f"skipped {len(rows) - len(runnable)}")
    for fmt in ("txt", "json", "csv", "md", "dot"):
        cases = by_format.get(fmt, [])
        passed = sum(ok for _, ok, _ in cases)
        rate = passed / len(cases) if cases else 0.0
        status = "ok" if cases and rate >= THRESHOLD else "not ok"
        print(f"{status} - connlist {fmt} (without skipped features): {passed}/{len(cases)} pass"
              f" (skipped {skipped_by_format[fmt]} rows needing extras)")
        for r, ok, detail in cases:
            if not ok:
                print(f"#   FAIL {r[1]} [{fmt}] {detail}")
    print("# skipped connlist rows by the features they need:")
    for reason, n in skipped.most_common():
        print(f"#   {n:4d}  {reason}")

    evals = [r for r in read_tsv("EVAL_CASES.tsv") if len(r) >= 8]
    eres = [run_eval(r) for r in evals]
    passed = sum(ok for ok, _ in eres)
    print(f"{'ok' if evals and passed == len(evals) else 'not ok'} - single queries "
          f"(EVAL_CASES): {passed}/{len(evals)} agree")
    for ok, detail in eres:
        if not ok:
            print(f"#   FAIL {detail}")

    errors = read_tsv("ERROR_CASES.tsv")
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        eres = list(pool.map(lambda e: run_error(e, kinds_cache), errors))
    ran = [(e, ok, d) for e, (ok, d) in zip(errors, eres) if ok is not None]
    skipped_err = [(e, d) for e, (ok, d) in zip(errors, eres) if ok is None]
    passed = sum(ok for _, ok, _ in ran)
    status = "ok" if passed == len(ran) else "not ok"
    print(f"{status} - error cases: {passed}/{len(ran)} give an error or warning "
          f"(skipped {len(skipped_err)} needing extras)")
    for e, ok, d in ran:
        if not ok:
            print(f"#   FAIL {e[1]} ({e[2]}): {d}")
    for e, reason in skipped_err:
        print(f"#   skip {e[1]}: needs {reason}")


if __name__ == "__main__":
    sys.exit(main())
