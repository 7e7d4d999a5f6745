#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""audit_falco.py — Falco's k8saudit regression cases
(../shared/conformance/audit/EXPECTED.tsv, 66 rows): for each row, the listed
rules files are loaded in order and the trace file is fed to `ringwall audit`.
detect=false: no alert from any rule; detect=true: at least one alert, one at
detect_level, and every `Rule=N` fired exactly N times; stderr_contains must
appear on stderr. One TAP line per row, with every mismatch under it.
"""
import json
import os
import sys

from suitelib import ROOT, failures, present, ringwall, status, tap

DATA = os.path.join(ROOT, "..", "shared", "conformance", "audit")

LEVELS = {"informational": "info"}


def level(name):
    name = name.lower()
    return LEVELS.get(name, name)


def judge(row):
    name, trace, detect, detect_level, counts, rules, stderr_contains = row
    args = ["--format", "jsonl"]
    for r in rules.split(","):
        args += ["--rules", r]
    p = ringwall("audit", *args, trace, cwd=DATA)
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
    if not present(path, "audit falco conformance"):
        return status()
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f
                if line.strip() and not line.startswith("#")]
    for row in rows:
        if len(row) != 7:
            tap(False, f"audit falco: malformed row {row!r}")
            continue
        problems = judge(row)
        tap(not problems, f"audit falco {row[0]}", "\n".join(problems))
    p = ringwall("audit", "rules", "--rules", "k8s_audit_rules.yaml", cwd=DATA)
    tap(p.returncode == 0 and "48 rules loaded" in p.stdout and "note:" in p.stdout,
        "audit falco: the current k8s_audit_rules.yaml loads unmodified (48 rules)",
        f"exit {p.returncode}: {p.stderr.strip()} {p.stdout[-200:]}")
    if len(rows) != 66:
        tap(False, f"audit falco: expected 66 rows, found {len(rows)}")
    print(f"# {len(rows) - failures()}/{len(rows)} Falco k8saudit cases agree")
    return status()


if __name__ == "__main__":
    sys.exit(main())
