#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""pss_scan_findings.py — `ringwall scan --pss` reports each Pod Security
Standards control as its own finding pss/<control>. For every control named in
../shared/conformance/pss/CHECKS.tsv, at the newest version that has a failing
fixture for it: that fixture gets a pss/<control> finding, and the passing
fixtures written for the same control (same name stem and level, at
the newest version having them, else the level's minimal base.yaml) get no
pss/* finding at all."""
import csv
import json
import os
import re
import sys

from suitelib import ROOT, present, ringwall, status, tap

PSS = os.path.join(ROOT, "..", "shared", "conformance", "pss")


def version_key(v):
    return int(v.split(".")[1])


def pss_findings(level, version, path):
    p = ringwall("scan", "--pss", f"{level}:{version}", "--format", "json", "--fail-on", "none",
                 path)
    if p.returncode != 0:
        return None, p.stderr
    found = json.loads(p.stdout)["findings"]
    return sorted({f["check"] for f in found if f["check"].startswith("pss/")}), ""


def main():
    if not present(PSS, "pss scan findings"):
        return status()
    expected = {}
    with open(os.path.join(PSS, "EXPECTED.tsv")) as f:
        for level, version, verdict, path in csv.reader(f, delimiter="\t"):
            expected[path] = (level, version, verdict)
    newest_fail = {}  # control -> (version, path)
    with open(os.path.join(PSS, "CHECKS.tsv")) as f:
        for row in csv.reader(f, delimiter="\t"):
            path, control = row[0], row[1]
            if control == "-" or path not in expected:
                continue
            level, version, verdict = expected[path]
            best = newest_fail.get(control)
            if verdict == "fail" and (best is None or version_key(version) > version_key(best[1])):
                newest_fail[control] = (level, version, path)
    def stem(path):
        return re.sub(r"\d+\.yaml$", "", os.path.basename(path))
    for control, (level, version, path) in sorted(newest_fail.items()):
        got, err = pss_findings(level, version, os.path.join(PSS, path))
        tap(got is not None and f"pss/{control}" in got, f"pss/{control} reported for {path}",
            f"got {got} {err.strip()}")
        # the same control's passing fixtures at the newest version having some
        same = [(version_key(v), v, p) for p, (lv, v, verdict) in expected.items()
                if verdict == "pass" and lv == level and p.split("/")[2] == "pass"
                and stem(p) == stem(path)]
        newest = max((k for k, _, _ in same), default=None)
        cleans = sorted((v, p) for k, v, p in same if k == newest)
        base = f"{level}/{version}/pass/base.yaml"
        if not cleans and base in expected:  # controls with no passing fixture of their own
            cleans = [(version, base)]
        if not cleans:
            tap(False, f"no passing fixture found for {stem(path)} at {level}")
        for clean_version, clean in cleans:
            got, err = pss_findings(level, clean_version, os.path.join(PSS, clean))
            tap(got == [], f"no pss/* finding for {clean}", f"got {got} {err.strip()}")
    print(f"# {len(newest_fail)} controls checked")
    return status()


if __name__ == "__main__":
    sys.exit(main())
