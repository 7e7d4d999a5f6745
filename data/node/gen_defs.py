#!/usr/bin/env python3
"""gen_defs.py — writes src/node/node_defs.c: the benchmark definitions of
data/node/*.yaml as C tables (node_defs.h), and one catalog row per
recommendation (family "node-cis"), so the binary never reads the checkout.
Run by `make node-defs`; a suite checks the output is fresh.

A definition file either lists its checks, or names a base benchmark and the
entries that replace or add to the base's."""
import os
import sys

import yaml

OPS = ["present", "absent", "is", "is-not", "contains", "lacks", "at-least", "only-from"]
TARGETS = ["master", "etcd", "controlplane", "node", "policies"]
COMPONENTS = ["apiserver", "controller-manager", "scheduler", "etcd", "kubelet", "proxy"]
SEVERITIES = ["info", "low", "medium", "high", "critical"]
CHECK_KEYS = {"id", "target", "component", "file", "title", "level", "scored", "manual", "severity",
              "mode", "owner", "missing", "test", "any", "all", "fix"}
TEST_KEYS = {"flag", "gate", "fact", "key", "op", "value"}


def fail(path, msg):
    sys.exit(f"gen_defs.py: {path}: {msg}")


def load(dirname, name, seen=()):
    path = os.path.join(dirname, name + ".yaml")
    if name in seen:
        fail(path, "base cycle")
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if doc.get("benchmark") != name:
        fail(path, f"benchmark: must be {name}")
    if "base" not in doc:
        return doc
    base = load(dirname, doc["base"], seen + (name,))
    checks = list(base["checks"])
    index = {c["id"]: i for i, c in enumerate(checks)}
    for c in doc.get("replace", []):
        if c["id"] not in index:
            fail(path, f"replace: {c['id']} is not in {doc['base']}")
        checks[index[c["id"]]] = c
    for c in doc.get("add", []):
        if c["id"] in index:
            fail(path, f"add: {c['id']} is in {doc['base']} already")
        checks.append(c)
    return {"benchmark": name, "groups": base["groups"], "checks": checks}


def cstr(s):
    if s is None:
        return "NULL"
    s = str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def tests_of(path, c):
    kinds = [k for k in ("test", "any", "all") if k in c]
    if c.get("manual") or "file" in c:
        if kinds:
            fail(path, f"{c['id']}: manual and file checks have no test")
        return "NODE_ALL", []
    if len(kinds) != 1:
        fail(path, f"{c['id']}: want exactly one of test, any, all")
    items = [c["test"]] if kinds[0] == "test" else c[kinds[0]]
    for t in items:
        if set(t) - TEST_KEYS or t.get("op") not in OPS:
            fail(path, f"{c['id']}: bad test {t}")
        if sum(k in t for k in ("flag", "gate", "fact")) != 1:
            fail(path, f"{c['id']}: a test names one of flag, gate, fact")
    return ("NODE_ANY" if kinds[0] == "any" else "NODE_ALL"), items


def gen(dirname, names, out_path):
    benches = [load(dirname, n) for n in names]
    rows, row_of = [], {}  # catalog rows: one per id, first benchmark's wording
    for b in benches:
        for c in b["checks"]:
            if c["id"] not in row_of:
                row_of[c["id"]] = len(rows)
                rows.append((b["benchmark"], c))
    out = ["/* node_defs.c — the CIS benchmark definitions (node_defs.h) and their catalog",
           " * rows, generated from data/node/ by data/node/gen_defs.py: edit those",
           " * files and run `make node-defs`. */",
           '#include "node_defs.h"', "", '#include "../checks/catalog.h"',
           '#include "../checks/node_manifest.h"', "",
           "static const struct check ROWS[] = {"]
    for bench, c in rows:
        kind = "manual review" if c.get("manual") else ("scored" if c.get("scored") else "not scored")
        why = (f"CIS Kubernetes Benchmark recommendation {c['id']} (level {c.get('level', 1)}, {kind}), "
               f"target {c['target']}. Run by `ringwall node`"
               + ("; `ringwall scan` applies it to static Pod manifests and KubeletConfigurations too."
                  if not c.get("manual") and "file" not in c and c.get("scored") else "."))
        out.append(f"    {{.id = {cstr('node/cis-' + c['id'])}, .severity = SEV_{c['severity'].upper()},")
        out.append(f"     .title = {cstr(c['title'])},")
        out.append(f"     .why = {cstr(why)},")
        out.append(f"     .fix = {cstr(c['fix'])},")
        # flag checks also run in `ringwall scan`, on static Pods and KubeletConfigurations
        scan = not c.get("manual") and "file" not in c and c.get("scored")
        out.append(f"     .refs = {{{cstr('CIS Kubernetes ' + c['id'])}}},"
                   + (" .object = node_manifest_check}," if scan else "},"))
    out += ["};", "",
            'const struct check_family FAMILY_NODE_CIS = {"node", ROWS, sizeof ROWS / sizeof *ROWS, NULL};',
            ""]
    # each distinct definition once; a benchmark lists pointers to its own
    defs, def_of = [], {}
    for bi, b in enumerate(benches):
        path = os.path.join(dirname, b["benchmark"] + ".yaml")
        groups = {str(g["id"]) for g in b["groups"]}
        out.append(f"static const struct node_group GROUPS_{bi}[] = {{")
        for g in b["groups"]:
            out.append(f"    {{{cstr(g['id'])}, {cstr(g['text'])}}},")
        out.append("};")
        for c in b["checks"]:
            if set(c) - CHECK_KEYS:
                fail(path, f"{c['id']}: unknown keys {sorted(set(c) - CHECK_KEYS)}")
            if c["target"] not in TARGETS or c.get("component", "apiserver") not in COMPONENTS:
                fail(path, f"{c['id']}: bad target or component")
            if c["severity"] not in SEVERITIES:
                fail(path, f"{c['id']}: bad severity")
            if c["id"].rsplit(".", 1)[0] not in groups:
                fail(path, f"{c['id']}: group not listed")
            key = repr(sorted(c.items()))
            if key not in def_of:
                def_of[key] = len(defs)
                defs.append((path, c))
    for di, (path, c) in enumerate(defs):
        _, items = tests_of(path, c)
        if items:
            out.append(f"static const struct node_test T_{di}[] = {{")
            for t in items:
                op = "NODE_OP_" + t["op"].upper().replace("-", "_")
                out.append(f"    {{{cstr(t.get('flag'))}, {cstr(t.get('gate'))}, {cstr(t.get('fact'))}, "
                           f"{cstr(t.get('key'))}, {op}, {cstr(t.get('value'))}}},")
            out.append("};")
    out.append("static const struct node_def DEFS[] = {")
    for di, (path, c) in enumerate(defs):
        combine, items = tests_of(path, c)
        comp = "NODE_" + c.get("component", "none").upper().replace("-", "_")
        tests = f"T_{di}, {len(items)}" if items else "NULL, 0"
        mode = int(str(c["mode"]), 8) if "mode" in c else -1
        out.append(f"    {{{cstr(c['id'])}, {cstr(c['id'].rsplit('.', 1)[0])}, "
                   f"NODE_TARGET_{c['target'].upper()}, {comp}, "
                   f"{cstr(c.get('file'))}, {c.get('level', 1)}, {str(bool(c.get('scored'))).lower()}, "
                   f"{str(bool(c.get('manual'))).lower()}, {mode}, {cstr(c.get('owner'))}, "
                   f"{str(c.get('missing') == 'pass').lower()}, {combine}, {tests}, "
                   f"&ROWS[{row_of[c['id']]}]}},")
    out.append("};")
    for bi, b in enumerate(benches):
        refs = [f"&DEFS[{def_of[repr(sorted(c.items()))]}]" for c in b["checks"]]
        out.append(f"static const struct node_def *const LIST_{bi}[] = {{")
        for i in range(0, len(refs), 8):
            out.append("    " + ", ".join(refs[i:i + 8]) + ",")
        out.append("};")
    out.append("")
    out.append("const struct node_benchmark NODE_BENCHMARKS[] = {")
    for bi, b in enumerate(benches):
        out.append(f"    {{{cstr(b['benchmark'])}, GROUPS_{bi}, sizeof GROUPS_{bi} / sizeof *GROUPS_{bi}, "
                   f"LIST_{bi}, sizeof LIST_{bi} / sizeof *LIST_{bi}}},")
    out += ["};", "", "const size_t NODE_NBENCHMARKS = sizeof NODE_BENCHMARKS / sizeof *NODE_BENCHMARKS;", ""]
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    gen(sys.argv[1], sys.argv[2].split(","), sys.argv[3])
