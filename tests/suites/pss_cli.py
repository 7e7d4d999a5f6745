#!/usr/bin/env python3
"""pss_cli.py — `ringwall pss` end to end: exit status, JSON shape, namespace
mode (labels of Namespaces that come after their pods), warn/audit reporting,
version clamping and input errors."""
import json
import os
import subprocess
import sys
import tempfile

RINGWALL = os.path.abspath(os.environ.get("RINGWALL", "./ringwall"))

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

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} - pss cli: {name}")
    if not ok and detail:
        for line in str(detail).splitlines()[:20]:
            print(f"    {line}")


def run(tmp, text, *args, stdin=None):
    path = os.path.join(tmp, "in.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return subprocess.run([RINGWALL, "pss", *args, path if stdin is None else "-"],
                          input=stdin, capture_output=True, text=True)


def docs(*parts):
    return "---\n".join(parts)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        p = run(tmp, RESTRICTED_POD)
        check("restricted pod is allowed (exit 0)",
              p.returncode == 0 and "allowed by restricted:latest" in p.stdout,
              p.stdout + p.stderr)

        p = run(tmp, PRIVILEGED_POD % "prod", "--level", "baseline", "--version", "v1.30",
                "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        check("denied pod exits 1 with the API server's message",
              r.get("allowed") is False and r.get("level") == "baseline"
              and r.get("version") == "v1.30"
              and r.get("object") == {"apiVersion": "v1", "kind": "Pod", "namespace": "prod",
                                      "name": "root"}
              and r.get("violations") == [{"control": "privileged", "message":
                  'privileged (container "app" must not set securityContext.privileged=true)'}]
              and r.get("message", "").startswith('violates PodSecurity "baseline:v1.30": '),
              p.stdout + p.stderr)

        p = run(tmp, PRIVILEGED_POD % "prod", "--level", "privileged")
        check("privileged level allows everything", p.returncode == 0, p.stdout)

        text = docs(PRIVILEGED_POD % "prod", PRIVILEGED_POD % "dev", PRIVILEGED_POD % "other",
                    NAMESPACE % ("prod", "pod-security.kubernetes.io/enforce: baseline, "
                                 "pod-security.kubernetes.io/enforce-version: v1.29"),
                    NAMESPACE % ("dev", "pod-security.kubernetes.io/warn: baseline, "
                                 "pod-security.kubernetes.io/audit: restricted"))
        p = run(tmp, text, "--format", "json")
        by_ns = {r["object"]["namespace"]: r for r in json.loads(p.stdout)["results"]} \
            if p.returncode == 1 else {}
        prod, dev, other = by_ns.get("prod", {}), by_ns.get("dev", {}), by_ns.get("other", {})
        check("namespace mode: enforce label and version apply to earlier pods",
              prod.get("level") == "baseline" and prod.get("version") == "v1.29"
              and prod.get("allowed") is False, p.stdout + p.stderr)
        check("namespace mode: no enforce label admits, warn and audit are reported",
              dev.get("level") == "privileged" and dev.get("allowed") is True
              and [w["mode"] for w in dev.get("warnings", [])] == ["warn", "audit"], dev)
        check("namespace mode: a namespace missing from the input falls back to restricted",
              other.get("level") == "restricted" and "not in the input" in other.get("note", ""),
              other)

        text = docs(PRIVILEGED_POD % "odd",
                    NAMESPACE % ("odd", "pod-security.kubernetes.io/enforce: strict, "
                                 "pod-security.kubernetes.io/enforce-version: v1.29, "
                                 "pod-security.kubernetes.io/warn: bogus"))
        p = run(tmp, text, "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        check("namespace mode: an invalid enforce level fails closed, an invalid warn "
              "level open", r.get("level") == "restricted" and r.get("version") == "v1.29"
              and r.get("warnings") == [] and "invalid" in r.get("note", ""), r)

        text = docs(NAMESPACE % ("b", "pod-security.kubernetes.io/enforce: privileged"),
                    NAMESPACE % ("a", "pod-security.kubernetes.io/enforce: privileged"),
                    PRIVILEGED_POD % "a",
                    NAMESPACE % ("a", "pod-security.kubernetes.io/enforce: baseline"))
        p = run(tmp, text, "--format", "json")
        r = json.loads(p.stdout)["results"][0] if p.returncode == 1 else {}
        check("namespace mode: the last definition of a namespace wins",
              r.get("level") == "baseline", r)

        verdicts = {}
        for version in ("v1.36", "v1.37", "v1.99", "latest"):
            p = run(tmp, SYSCTL_POD, "--level", "baseline", "--version", version)
            verdicts[version] = p.returncode
        check("versions newer than the newest policy evaluate as the newest",
              verdicts == {"v1.36": 1, "v1.37": 0, "v1.99": 0, "latest": 0}, verdicts)

        p = run(tmp, "", "--version", "1.30")
        check("an invalid version is a usage error (exit 2)", p.returncode == 2
              and "invalid version" in p.stderr, p.stderr)
        p = run(tmp, "", "--level", "strict")
        check("an unknown level is a usage error (exit 2)", p.returncode == 2, p.stderr)

        p = run(tmp, "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n")
        check("a syntax error is reported as FILE:LINE:COL with exit 2",
              p.returncode == 2 and "in.yaml:" in p.stderr, p.stderr)

        p = run(tmp, "", "--level", "restricted", stdin=RESTRICTED_POD)
        check("reads standard input", p.returncode == 0 and "Pod/prod/good" in p.stdout,
              p.stdout + p.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
