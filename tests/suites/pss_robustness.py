#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""pss_robustness.py — `ringwall pss` on pods with fields of the wrong type.
Every field of the newest restricted fixtures is replaced in turn by a null,
a string, a number, a boolean, an empty list and an empty mapping (values the
API server would reject or default). Each variant must get a verdict: exit 0
or 1, one result per pod that still has a spec mapping, no crash and no
sanitizer report."""
import json
import os
import sys
import tempfile

import yaml

from suitelib import ROOT, present, ringwall, status, tap

DATA = os.path.join(ROOT, "..", "shared", "conformance", "pss", "restricted", "v1.37")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
WRONG = (None, "x", 7, True, [], {})


def paths(node, prefix=()):
    """Every path to a value inside node."""
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for k, v in items:
        yield prefix + (k,)
        yield from paths(v, prefix + (k,))


def replaced(doc, path, value):
    doc = json.loads(json.dumps(doc))
    node = doc
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return doc


def main():
    if not present(DATA, "pss robustness"):
        return status()
    docs = []
    judged = 0  # variants that still have a pod spec (a mapping) to judge
    for sub in ("pass", "fail"):
        for name in sorted(os.listdir(os.path.join(DATA, sub))):
            with open(os.path.join(DATA, sub, name), encoding="utf-8") as f:
                pod = yaml.load(f, Loader=LOADER)
            for path in paths(pod):
                if path[0] in ("apiVersion", "kind"):
                    continue
                for value in WRONG:
                    docs.append(yaml.dump(replaced(pod, path, value), Dumper=DUMPER))
                    judged += path != ("spec",) or isinstance(value, dict)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write("---\n".join(docs))
        path = f.name
    try:
        p = ringwall("pss", "--format", "json", path)
    finally:
        os.unlink(path)
    problems = []
    if p.returncode not in (0, 1):
        problems.append(f"exit {p.returncode}")
    if "runtime error" in p.stderr or "Sanitizer" in p.stderr:
        problems.append(p.stderr[:2000])
    if not problems:
        n = len(json.loads(p.stdout)["results"])
        if n != judged:
            problems.append(f"{n} results for {judged} pods with a spec")
    tap(not problems, f"pss robustness: {len(docs)} pods with wrongly typed fields",
        "\n".join(problems))
    return status()


if __name__ == "__main__":
    sys.exit(main())
