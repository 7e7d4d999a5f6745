#!/usr/bin/env python3
# asan: skip (tests the test runner, which runs no ringwall binary of its own)
"""runner.py — the test runner itself (tests/run.py) cannot hide a failure: a
suite that reports nothing fails, a failing line shows its details, skipped
results (and suites left out of the sanitizer pass) are listed with their
reason, and the closing line is exact."""
import os
import subprocess
import sys
import tempfile

from suitelib import RINGWALL, ROOT, status, tap


SUITES = {
    "silent.sh": "exit 0\n",
    "crashes.sh": "echo 'ok - first'\nexit 3\n",
    "mixed.sh": "echo 'ok - good'\necho 'not ok - bad'\necho 'detail of bad'\n"
                "echo 'ok - later # SKIP format dot is not implemented'\n",
    "plain_only.sh": "# asan: skip (carries its own sanitizers)\necho 'ok - plain'\n",
}


with tempfile.TemporaryDirectory() as tmp:
    suites, cases = os.path.join(tmp, "suites"), os.path.join(tmp, "cases")
    os.mkdir(suites)
    os.mkdir(cases)
    for name, body in SUITES.items():
        with open(os.path.join(suites, name), "w") as f:
            f.write(body)
    p = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "run.py"),
                        "--ringwall", RINGWALL, "--suites-dir", suites,
                        "--asan-ringwall", RINGWALL,
                        "--cases-dir", cases], capture_output=True, text=True)
    out = p.stdout
    lines = out.strip().splitlines()
    tap(p.returncode == 1, "runner exits 1 when anything failed", out)
    tap("FAIL suite/silent.sh: reported no result" in out, "a suite with no result fails", out)
    tap("FAIL suite/crashes.sh (exit 3)" in out, "a suite exiting non-zero fails", out)
    tap("FAIL suite/mixed.sh: bad" in out and "     detail of bad" in out,
        "a failing result shows the lines after it", out)
    tap("skipped: suite/mixed.sh: later (format dot is not implemented)" in out,
        "a skipped result is listed with its reason", out)
    tap("skipped: asan: suite/plain_only.sh (carries its own sanitizers)" in out,
        "a suite left out of the sanitizer pass is listed with its reason", out)
    tap("FAIL asan: suite/silent.sh: reported no result" in out,
        "the sanitizer pass runs the other suites", out)
    tap(bool(lines) and lines[-1] == "5 passed, 6 failed, 3 skipped",
        "closing line counts passed, failed and skipped", out)
sys.exit(status())
