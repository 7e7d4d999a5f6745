#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""pss_conformance.py — Pod Security Standards conformance against the upstream
Pod Security Admission fixtures in ../shared/conformance/pss.

Every line of EXPECTED.tsv (level, version, pass|fail, path) is judged at
exactly that level and version: `pass` must be allowed, `fail` denied with a
message containing the CHECKS.tsv substring (failRequiresError rows too: a
Pod is denied either way). One `ringwall pss` process per
level/version runs all of that directory's fixtures. Prints one TAP line per
level/version group, every mismatch under it, and the total count.
"""
import collections
import json
import os
import sys

from suitelib import ROOT, present, ringwall, status, tap

DATA = os.path.join(ROOT, "..", "shared", "conformance", "pss")


def read_tsv(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def main():
    if not present(DATA, "pss conformance"):
        return status()
    checks = read_tsv("CHECKS.tsv")
    substrings = {row[0]: row[2] for row in checks}
    # fixtures upstream only expects as errors (the pod is also invalid under
    # API validation); judged like any other fail fixture here
    requires_error = sum(1 for row in checks if row[3] == "failRequiresError")
    groups = collections.OrderedDict()
    for level, version, expected, path in read_tsv("EXPECTED.tsv"):
        groups.setdefault((level, version), []).append((expected, path))

    total = passed = 0
    for (level, version), rows in groups.items():
        paths = [path for _, path in rows]
        p = ringwall("pss", "--level", level, "--version", version, "--format", "json", *paths,
                     cwd=DATA)
        mismatches = []
        if p.returncode not in (0, 1):
            mismatches.append(f"exit {p.returncode}: {p.stderr.strip()}")
            results = {}
        else:
            results = {r["file"]: r for r in json.loads(p.stdout)["results"]}
        for expected, path in rows:
            total += 1
            r = results.get(path)
            if r is None:
                mismatches.append(f"{path}: no result")
                continue
            if expected == "pass":
                ok = r["allowed"]
                why = "denied: " + r.get("message", "")
            else:
                want = substrings[path]
                ok = not r["allowed"] and want in r["message"]
                why = (f"allowed, expected a denial mentioning {want!r}" if r["allowed"]
                       else f"message lacks {want!r}: {r['message']}")
            if ok:
                passed += 1
            else:
                mismatches.append(f"{path}: {why}")
        tap(not mismatches, f"pss {level}:{version} ({len(rows)} fixtures)", "\n".join(mismatches))
    print(f"# pss conformance: {passed}/{total} fixtures agree, {total - passed} mismatches "
          f"({requires_error} failRequiresError fixtures included)")
    return status()


if __name__ == "__main__":
    sys.exit(main())
