#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""pss_fixtures.py — the workload checks agree with the Pod Security Standards
fixtures of pod-security-admission (../shared/conformance/pss), latest version:
every failing fixture of a control that has a ringwall check gets a finding
from that check, and no passing fixture gets a finding from any of them.
Controls without an exact counterpart (baseline capabilities, probe and
lifecycle hosts, restricted volume types, restricted procMount) are left out,
and so are the fixtures listed in EXCEPTIONS, each with its reason."""
import json
import os
import sys

from suitelib import ROOT, present, ringwall, status, tap

PSS = os.path.join(ROOT, "..", "shared", "conformance", "pss")
VERSION = "v1.37"

# fixture name prefix -> the ringwall checks that cover that control
CONTROLS = {
    "apparmorprofile": ["workload/apparmor-unconfined"],
    "hostnamespaces": ["workload/host-network", "workload/host-pid", "workload/host-ipc"],
    "hostpathvolumes": ["workload/host-path"],
    "hostports": ["workload/host-port"],
    "privileged": ["workload/privileged"],
    "procmount": ["workload/proc-mount"],
    "seccompprofile_baseline": ["workload/seccomp-unconfined"],
    "selinuxoptions": ["workload/selinux-custom"],
    "sysctls": ["workload/unsafe-sysctls"],
    "windowshostprocess": ["workload/host-process"],
    "allowprivilegeescalation": ["workload/privilege-escalation"],
    "runasnonroot": ["workload/run-as-root"],
    "runasuser": ["workload/run-as-root"],
    "seccompprofile_restricted": ["workload/seccomp-not-set", "workload/seccomp-unconfined"],
    "capabilities_restricted": ["workload/capabilities-not-dropped"],
}
# fixtures whose failure is outside what the mapped check reports
EXCEPTIONS = {
    "capabilities_restricted3.yaml": "adds only default capabilities after dropping ALL; "
                                     "restricted allows NET_BIND_SERVICE alone, ringwall reports "
                                     "dangerous additions (workload/dangerous-capabilities)",
}
BASELINE = ["apparmorprofile", "hostnamespaces", "hostpathvolumes", "hostports", "privileged",
            "procmount", "seccompprofile_baseline", "selinuxoptions", "sysctls",
            "windowshostprocess"]
RESTRICTED = BASELINE + ["allowprivilegeescalation", "runasnonroot", "runasuser",
                         "seccompprofile_restricted", "capabilities_restricted"]


def control_of(name):
    stem = name.rsplit(".", 1)[0].rstrip("0123456789")
    return stem if stem in CONTROLS else None


def scan(directory, checks):
    p = ringwall("scan", "--format", "json", "--fail-on", "none", "--checks", ",".join(checks),
                 directory)
    if p.returncode != 0:
        print(f"# scan of {directory} exited {p.returncode}: {p.stderr[:500]}")
        return None
    by_file = {}
    for f in json.loads(p.stdout)["findings"]:
        by_file.setdefault(os.path.basename(f["file"]), []).append(f["check"])
    return by_file


def main():
    if not present(PSS, "pss fixtures"):
        return status()
    for level, controls in (("baseline", BASELINE), ("restricted", RESTRICTED)):
        checks = sorted({c for k in controls for c in CONTROLS[k]})
        for verdict in ("fail", "pass"):
            d = os.path.join(PSS, level, VERSION, verdict)
            found = scan(d, checks)
            if found is None:
                tap(False, f"{level} {VERSION} {verdict}: scan failed")
                continue
            problems, tested = [], 0
            for name in sorted(os.listdir(d)):
                got = set(found.get(name, []))
                if verdict == "pass":
                    tested += 1
                    if got:
                        problems.append(f"{name}: passes PSS {level}, reported {sorted(got)}")
                    continue
                control = control_of(name)
                if control not in controls or name in EXCEPTIONS:
                    continue
                tested += 1
                if not got & set(CONTROLS[control]):
                    problems.append(f"{name}: fails PSS {level} ({control}), "
                                    f"no finding from {CONTROLS[control]}")
            tap(not problems and tested,
                f"PSS {level} {VERSION} {verdict} fixtures agree ({tested} fixtures)",
                "\n".join(problems))
    return status()


if __name__ == "__main__":
    sys.exit(main())
