#!/usr/bin/env python3
"""audit_falco.py — Falco's k8saudit regression cases
(../shared/conformance/audit/EXPECTED.tsv, 66 rows): for each row, the listed
rules files are loaded in order and the trace file is fed to `ringwall audit`.
detect=false: no alert from any rule; detect=true: at least one alert, one at
detect_level, and every `Rule=N` fired exactly N times; stderr_contains must
appear on stderr. One TAP line per row, with every mismatch under it.
"""
import json
import os
import subprocess
import sys

RINGWALL = os.path.abspath(os.environ.get("RINGWALL", "./ringwall"))
ROOT = os.environ.get("RINGWALL_ROOT", os.getcwd())
DATA = os.path.join(ROOT, "..", "shared", "conformance", "audit")

LEVELS = {"informational": "info"}


def level(name):
    name = name.lower()
    return LEVELS.get(name, name)


def judge(row):
    name, trace, detect, detect_level, counts, rules, stderr_contains = row
    cmd = [RINGWALL, "audit", "--format", "jsonl"]
    for r in rules.split(","):
        cmd += ["--rules", r]
    cmd.append(trace)
    p = subprocess.run(cmd, cwd=DATA, capture_output=True, text=True)
    problems = []
    if p.returncode not in (0, 1):
        return [f"exit {p.returncode}: {p.stderr.strip()}"]
    alerts = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    fired = {}
    for a in alerts:
        fired[a["rule"]] = fired.get(a["rule"], 0) + 1
    if detect == "false":
        if alerts:
            problems.append(f"expected no alert, got {fired}")
    else:
        if not alerts:
            problems.append("expected alerts, got none")
        elif detect_level != "-" and not any(level(a["priority"]) == level(detect_level)
                                             for a in alerts):
            problems.append(f"no alert at {detect_level}: {fired}")
        if counts != "-":
            for pair in counts.split(","):
                rule, n = pair.rsplit("=", 1)
                if fired.get(rule, 0) != int(n):
                    problems.append(f"{rule}: expected {n}, fired {fired.get(rule, 0)}")
    if stderr_contains != "-" and stderr_contains not in p.stderr:
        problems.append(f"stderr lacks {stderr_contains!r}: {p.stderr.strip()!r}")
    return problems


def main():
    path = os.path.join(DATA, "EXPECTED.tsv")
    if not os.path.isfile(path):
        print(f"not ok - audit falco conformance: {path} is missing")
        return 1
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f
                if line.strip() and not line.startswith("#")]
    failed = 0
    for row in rows:
        if len(row) != 7:
            print(f"not ok - audit falco: malformed row {row!r}")
            failed += 1
            continue
        problems = judge(row)
        if problems:
            failed += 1
            print(f"not ok - audit falco {row[0]}")
            for pr in problems:
                print(f"#   {pr}")
        else:
            print(f"ok - audit falco {row[0]}")
    p = subprocess.run([RINGWALL, "audit", "rules", "--rules", "k8s_audit_rules.yaml"],
                       cwd=DATA, capture_output=True, text=True)
    if p.returncode == 0 and "48 rules loaded" in p.stdout and "note:" in p.stdout:
        print("ok - audit falco: the current k8s_audit_rules.yaml loads unmodified (48 rules)")
    else:
        print("not ok - audit falco: the current k8s_audit_rules.yaml loads unmodified")
        print(f"#   exit {p.returncode}: {p.stderr.strip()} {p.stdout[-200:]}")
        failed += 1
    if len(rows) != 66:
        print(f"not ok - audit falco: expected 66 rows, found {len(rows)}")
        failed += 1
    print(f"# {len(rows) - failed}/{len(rows)} Falco k8saudit cases agree")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
