#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""tests/suites/rbac_bootstrap.py — the default (bootstrap) RBAC policy built
into the binary: a copy of the binary alone, run from an empty directory (no
checkout, nothing beside it), resolves cluster-admin, finds findings and
paths; the built-in policy answers exactly as the upstream policy files
read with --bootstrap DIR; data/rbac/bootstrap.def is what
data/rbac/gen_bootstrap.py makes of those files; and rbac/secrets-read is
one finding per subject, naming every binding."""
import json
import os
import shutil
import sys
import tempfile

import yaml

import suitelib
from suitelib import RINGWALL, ROOT, present, status, tap

UPSTREAM = os.path.join(ROOT, "..", "shared", "conformance", "rbac", "bootstrap")
GENERATOR = os.path.join(ROOT, "data", "rbac", "gen_bootstrap.py")
TABLE = os.path.join(ROOT, "data", "rbac", "bootstrap.def")

ADMIN_BINDING = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deployer-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
roleRef: {kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io}
"""


def run(binary, args, cwd=None):
    p = suitelib.run([binary] + args, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def standalone(tmp):
    """The binary copied alone into an empty directory."""
    os.makedirs(os.path.join(tmp, "bin"))
    binary = os.path.join(tmp, "bin", "ringwall")
    shutil.copy(RINGWALL, binary)
    with open(os.path.join(tmp, "admin.yaml"), "w") as f:
        f.write(ADMIN_BINDING)
    rc, out, err = run(binary, ["scan", "--format", "json", "admin.yaml"], cwd=tmp)
    findings = json.loads(out)["findings"] if out else []
    got = {(f["check"], f["severity"]) for f in findings if not f.get("suppressed")}
    tap(rc == 1 and ("rbac/cluster-admin-binding", "critical") in got
        and ("rbac/admin-equivalent", "critical") in got,
        "standalone binary: a binding to cluster-admin is critical, exit 1",
        f"exit {rc}: {sorted(got)}\n{err}")
    rc, out, err = run(binary, ["rbac", "paths", "--to", "cluster-admin", "admin.yaml"], cwd=tmp)
    tap(rc == 0 and "ServiceAccount ci/deployer -> cluster-admin" in out,
        "standalone binary: rbac paths finds the path to cluster-admin", out + err)
    rc, out, err = run(binary, ["rbac", "risks", "--no-bootstrap", "admin.yaml"], cwd=tmp)
    tap(rc == 0 and "rbac/unknown-role" in out and "rbac/wildcard" not in out,
        "standalone binary: --no-bootstrap leaves cluster-admin undefined", out + err)
    rc, out, err = run(binary, ["rbac", "risks", "--bootstrap", "missing", "admin.yaml"], cwd=tmp)
    tap(rc == 2 and "missing" in err, "--bootstrap with a missing directory is an error",
        f"exit {rc}\n{err}")


def upstream_items():
    items = []
    for name in sorted(os.listdir(UPSTREAM)):
        if name.endswith(".yaml"):
            with open(os.path.join(UPSTREAM, name)) as f:
                items += yaml.safe_load(f)["items"]
    return items


def bind_every_role(items, path):
    """One binding per default role, all to User everyone."""
    docs, seen = [], set()
    for it in items:
        md = it["metadata"]
        key = (it["kind"], md.get("namespace"), md["name"])
        if it["kind"] not in ("ClusterRole", "Role") or key in seen:
            continue
        seen.add(key)
        binding = {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding" if it["kind"] == "ClusterRole" else "RoleBinding",
            "metadata": {"name": f"b{len(docs)}"},
            "subjects": [{"kind": "User", "name": "everyone"}],
            "roleRef": {"kind": it["kind"], "name": md["name"],
                        "apiGroup": "rbac.authorization.k8s.io"},
        }
        if it["kind"] == "Role":
            binding["metadata"]["namespace"] = md["namespace"]
        docs.append(binding)
    with open(path, "w") as f:
        yaml.safe_dump_all(docs, f)
    return len(docs)


def same_as_upstream(tmp):
    if not present(UPSTREAM, "upstream bootstrap policy"):
        return
    items = upstream_items()
    every = os.path.join(tmp, "every-role.yaml")
    nroles = bind_every_role(items, every)
    builtin = run(RINGWALL, ["rbac", "list", "-f", "json", "User:everyone", every])
    files = run(RINGWALL, ["rbac", "list", "-f", "json", "--bootstrap", UPSTREAM,
                           "User:everyone", every])
    grants = json.loads(builtin[1])["grants"] if builtin[0] == 0 else []
    granted = {g["role"]["name"] for g in grants}
    with_rules = {it["metadata"]["name"] for it in items
                  if it["kind"] in ("ClusterRole", "Role") and it.get("rules")}
    tap(builtin[0] == 0 and builtin == files and with_rules <= granted
        and "not defined" not in builtin[2],
        f"built-in policy: every rule of the {nroles} default roles equals --bootstrap DIR",
        f"{len(grants)} grants, roles missing: {sorted(with_rules - granted)}; "
        f"exit {builtin[0]} vs {files[0]}\n{builtin[2][:500]}")
    for args in (["who-can", "get", "secrets", "-A"], ["who-can", "create", "pods", "-A"],
                 ["who-can", "get", "/healthz"], ["paths", "--to", "cluster-admin"],
                 ["risks", "-f", "json"]):
        builtin = run(RINGWALL, ["rbac"] + args + [UPSTREAM])
        files = run(RINGWALL, ["rbac"] + args + ["--bootstrap", UPSTREAM, UPSTREAM])
        tap(builtin[0] == files[0] and builtin[1] == files[1] and builtin[1],
            f"built-in policy: rbac {' '.join(args)} over the upstream policy equals --bootstrap DIR",
            f"exit {builtin[0]} vs {files[0]}")
    rc, out, err = run(RINGWALL, ["rbac", "risks", "-f", "json", UPSTREAM])
    active = [f for f in json.loads(out)["findings"] if not f.get("suppressed")] if out else []
    suppressed = [f for f in json.loads(out)["findings"] if f.get("suppressed")] if out else []
    # the one binding upstream ships without its role (podcheckpoint-controller)
    tap(len(suppressed) > 30 and [f["check"] for f in active] == ["rbac/unknown-role"],
        "the upstream policy's own bindings are the platform's: shown, suppressed",
        "\n".join(f["message"] for f in active))
    p = suitelib.run([sys.executable, GENERATOR, UPSTREAM])
    with open(TABLE) as f:
        table = f.read()
    tap(p.returncode == 0 and p.stdout == table,
        "data/rbac/bootstrap.def is what gen_bootstrap.py makes of the upstream files",
        p.stderr or "differs: run python3 data/rbac/gen_bootstrap.py > data/rbac/bootstrap.def")


def secrets_per_subject(tmp):
    case = os.path.join(ROOT, "tests", "cases", "rbac", "secrets-read-per-subject.yaml")
    rc, out, err = run(RINGWALL, ["rbac", "risks", "-f", "json", case])
    alice = [f for f in json.loads(out)["findings"] if f["message"].startswith("User alice")
             and not f.get("suppressed")] if out else []
    msg = alice[0]["message"] if len(alice) == 1 else ""
    tap(len(alice) == 1 and "ClusterRoleBinding alice-global" in msg
        and "RoleBinding team/alice-team" in msg and "alice-ignored" not in msg,
        "rbac/secrets-read: one finding per subject, naming every binding",
        "\n".join(f["message"] for f in alice) or out + err)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        standalone(tmp)
        same_as_upstream(tmp)
        secrets_per_subject(tmp)
    return status()


if __name__ == "__main__":
    sys.exit(main())
