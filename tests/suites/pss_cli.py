#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""pss_cli.py — `ringwall pss` end to end: exit status, JSON shape, namespace
mode (labels of Namespaces that come after their pods), the default policy for
unlabelled and absent namespaces (--default-level), the reason every verdict
gives, warn/audit reporting, version clamping, --exclude, -v and input errors."""
import json
import os
import sys
import tempfile

from suitelib import prefixed, ringwall, status

RESTRICTED_POD = """apiVersion: v1
kind: Pod
metadata: {name: good, namespace: prod}
spec:
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: app
    image: registry.example.com/app:1.0
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
"""

PRIVILEGED_POD = """apiVersion: v1
kind: Pod
metadata: {name: root, namespace: %s}
spec:
  containers:
  - name: app
    image: registry.example.com/app:1.0
    securityContext: {privileged: true}
"""

SYSCTL_POD = """apiVersion: v1
kind: Pod
metadata: {name: tuned}
spec:
  securityContext:
    sysctls: [{name: net.ipv4.tcp_notsent_lowat, value: "16384"}]
  containers: [{name: app, image: registry.example.com/app:1.0}]
"""

NAMESPACE = """apiVersion: v1
kind: Namespace
metadata:
  name: %s
  labels: {%s}
"""

tap = prefixed("pss cli: ")


def run(tmp, text, *args, stdin=None):
    path = os.path.join(tmp, "in.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return ringwall("pss", *args, path if stdin is None else "-", input=stdin)


def docs(*parts):
    return "---\n".join(parts)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        p = run(tmp, RESTRICTED_POD)
        tap(p.returncode == 0 and "allowed by restricted:latest" in p.stdout,
            "restricted pod is allowed (exit 0)", p.stdout + p.stderr)

        p = run(tmp, PRIVILEGED_POD % "prod", "--level", "baseline", "--version", "v1.30",
                "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        tap(r.get("allowed") is False and r.get("level") == "baseline"
            and r.get("version") == "v1.30"
            and r.get("object") == {"apiVersion": "v1", "kind": "Pod", "namespace": "prod",
                                    "name": "root"}
            and r.get("violations") == [{"control": "privileged", "message":
                'privileged (container "app" must not set securityContext.privileged=true)'}]
            and r.get("message", "").startswith('violates PodSecurity "baseline:v1.30": '),
            "denied pod exits 1 with the API server's message", p.stdout + p.stderr)

        p = run(tmp, PRIVILEGED_POD % "prod", "--level", "privileged")
        tap(p.returncode == 0, "privileged level allows everything", p.stdout)

        text = docs(PRIVILEGED_POD % "prod", PRIVILEGED_POD % "dev", PRIVILEGED_POD % "other",
                    NAMESPACE % ("prod", "pod-security.kubernetes.io/enforce: baseline, "
                                 "pod-security.kubernetes.io/enforce-version: v1.29"),
                    NAMESPACE % ("dev", "pod-security.kubernetes.io/warn: baseline, "
                                 "pod-security.kubernetes.io/audit: restricted"))
        p = run(tmp, text, "--format", "json")
        by_ns = {r["object"]["namespace"]: r for r in json.loads(p.stdout)["results"]} \
            if p.returncode == 1 else {}
        prod, dev, other = by_ns.get("prod", {}), by_ns.get("dev", {}), by_ns.get("other", {})
        tap(prod.get("level") == "baseline" and prod.get("version") == "v1.29"
            and prod.get("allowed") is False,
            "namespace mode: enforce label and version apply to earlier pods", p.stdout + p.stderr)
        tap(prod.get("reason") == "namespace-label",
            "namespace mode: the enforce label is the reason", prod)
        tap(dev.get("level") == "restricted" and dev.get("allowed") is False
            and dev.get("reason") == "default"
            and [w["mode"] for w in dev.get("warnings", [])] == ["warn", "audit"],
            "namespace mode: no enforce label is judged at the default, warn and audit "
            "are reported", dev)
        tap(other.get("level") == "restricted" and other.get("reason") == "default"
            and "not in the input" in other.get("note", ""),
            "namespace mode: a namespace missing from the input falls back to restricted", other)

        unlabelled = docs(NAMESPACE % ("prod", ""), PRIVILEGED_POD % "prod")
        p = run(tmp, unlabelled, "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        tap(r.get("allowed") is False and r.get("level") == "restricted"
            and r.get("version") == "latest" and r.get("reason") == "default",
            "an unlabelled Namespace does not weaken the verdict: denied at "
            "restricted:latest by default", p.stdout + p.stderr)
        tap("warning:" in p.stderr and 'namespace "prod" has no '
            "pod-security.kubernetes.io/enforce label" in p.stderr,
            "an unlabelled Namespace that decides a verdict is warned about", p.stderr)
        p = run(tmp, unlabelled)
        tap(p.returncode == 1 and "DENIED by restricted:latest (default)" in p.stdout,
            "text verdicts name their policy and reason", p.stdout)
        p = run(tmp, unlabelled, "--default-level", "privileged", "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 0 else {}
        tap(r.get("allowed") is True and r.get("level") == "privileged"
            and r.get("reason") == "default",
            "--default-level privileged models a stock API server: allowed", p.stdout + p.stderr)
        p = run(tmp, PRIVILEGED_POD % "prod", "--default-level", "baseline:v1.29",
                "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        tap(r.get("level") == "baseline" and r.get("version") == "v1.29",
            "--default-level LEVEL:VERSION applies to a namespace missing from the input",
            p.stdout + p.stderr)
        p = run(tmp, docs(NAMESPACE % ("prod", "pod-security.kubernetes.io/enforce-version: "
                                       "v1.29"), PRIVILEGED_POD % "prod"),
                "--default-level", "baseline", "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        tap(r.get("level") == "baseline" and r.get("version") == "v1.29"
            and r.get("reason") == "default",
            "an enforce-version label without enforce keeps its version, the level is "
            "the default", p.stdout + p.stderr)
        p = run(tmp, docs(NAMESPACE % ("prod", "pod-security.kubernetes.io/enforce: privileged"),
                          PRIVILEGED_POD % "prod"), "--default-level", "restricted:v1.29",
                "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 0 else {}
        tap(r.get("level") == "privileged" and r.get("version") == "v1.29"
            and r.get("reason") == "namespace-label" and "warning" not in p.stderr,
            "an enforce label is judged at the label, its missing version from the default",
            p.stdout + p.stderr)
        p = run(tmp, unlabelled, "--level", "baseline", "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        tap(r.get("reason") == "--level" and r.get("level") == "baseline",
            "--level is the reason when given", p.stdout + p.stderr)
        p = run(tmp, "", "--level", "baseline", "--default-level", "privileged")
        tap(p.returncode == 2, "--default-level with --level is a usage error", p.stderr)
        p = run(tmp, "", "--default-level", "lenient")
        tap(p.returncode == 2 and "--default-level" in p.stderr,
            "an invalid --default-level is a usage error", p.stderr)

        text = docs(PRIVILEGED_POD % "odd",
                    NAMESPACE % ("odd", "pod-security.kubernetes.io/enforce: strict, "
                                 "pod-security.kubernetes.io/enforce-version: v1.29, "
                                 "pod-security.kubernetes.io/warn: bogus"))
        p = run(tmp, text, "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        tap(r.get("level") == "restricted" and r.get("version") == "v1.29"
            and r.get("warnings") == [] and "invalid" in r.get("note", ""),
            "namespace mode: an invalid enforce level fails closed, an invalid warn "
            "level open", r)

        text = docs(NAMESPACE % ("b", "pod-security.kubernetes.io/enforce: privileged"),
                    NAMESPACE % ("a", "pod-security.kubernetes.io/enforce: privileged"),
                    PRIVILEGED_POD % "a",
                    NAMESPACE % ("a", "pod-security.kubernetes.io/enforce: baseline"))
        p = run(tmp, text, "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        tap(r.get("level") == "baseline",
            "namespace mode: the last definition of a namespace wins", r)

        verdicts = {}
        for version in ("v1.36", "v1.37", "v1.99", "latest"):
            p = run(tmp, SYSCTL_POD, "--level", "baseline", "--version", version)
            verdicts[version] = p.returncode
        tap(verdicts == {"v1.36": 1, "v1.37": 0, "v1.99": 0, "latest": 0},
            "versions newer than the newest policy evaluate as the newest", verdicts)

        p = run(tmp, "", "--version", "1.30")
        tap(p.returncode == 2 and "invalid version" in p.stderr,
            "an invalid version is a usage error (exit 2)", p.stderr)
        p = run(tmp, "", "--level", "strict")
        tap(p.returncode == 2, "an unknown level is a usage error (exit 2)", p.stderr)

        p = run(tmp, "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n")
        tap(p.returncode == 2 and "in.yaml:" in p.stderr,
            "a syntax error is reported as FILE:LINE:COL with exit 2", p.stderr)

        tree = os.path.join(tmp, "tree")
        os.makedirs(os.path.join(tree, "vendor"))
        with open(os.path.join(tree, "good.yaml"), "w", encoding="utf-8") as f:
            f.write(RESTRICTED_POD + "---\nfoo: bar\n")
        with open(os.path.join(tree, "vendor", "bad.yaml"), "w", encoding="utf-8") as f:
            f.write(PRIVILEGED_POD % "prod")
        p = ringwall("pss", "--exclude", "vendor", tree)
        tap(p.returncode == 0 and "1 object:" in p.stdout and "root" not in p.stdout,
            "--exclude skips matching directories", p.stdout + p.stderr)
        p = ringwall("pss", "-v", "--exclude", "vendor", tree)
        tap(p.returncode == 0 and "good.yaml:" in p.stderr and "skipped" in p.stderr,
            "-v lists skipped documents", p.stdout + p.stderr)

        p = run(tmp, "", "--level", "restricted", stdin=RESTRICTED_POD)
        tap(p.returncode == 0 and "Pod/prod/good" in p.stdout,
            "reads standard input", p.stdout + p.stderr)
    return status()


if __name__ == "__main__":
    sys.exit(main())
