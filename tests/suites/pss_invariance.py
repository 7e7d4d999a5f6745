#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""pss_invariance.py — a Pod's Pod Security verdict must not depend on how it
is written. Every upstream PSS fixture (../shared/conformance/pss) is rewritten
four ways and judged at its own level and version next to the original:

  deployment  the pod spec and metadata as a Deployment's pod template
  cronjob     the same inside a CronJob's job template
  json        the Pod as JSON
  yaml11      the Pod in YAML 1.1 spellings the API server accepts: yes/on/Y
              booleans, hex and octal integers, ~ nulls, quoted strings

Verdict, violated controls and messages must equal the original's. One TAP
line per transform, every difference listed under it.
"""
import collections
import json
import os
import sys
import tempfile

import yaml

from suitelib import ASAN, ROOT, present, ringwall, status, tap

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

DATA = os.path.join(ROOT, "..", "shared", "conformance", "pss")
TRANSFORMS = ("deployment", "cronjob", "json", "yaml11")

TRUE_WORDS = ("yes", "on", "Y", "True", "ON")
FALSE_WORDS = ("no", "off", "N", "False", "OFF")
PLAIN_KEY = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-")
YAML11_WORDS = {w.lower() for w in TRUE_WORDS + FALSE_WORDS}
YAML11_WORDS |= {"true", "false", "null", "~", "y", "n"}


def template_of(pod):
    meta = dict(pod.get("metadata") or {})
    meta.pop("name", None)
    meta["labels"] = {"app": "x"}
    return {"metadata": meta, "spec": pod["spec"]}


def deployment(pod, name):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": template_of(pod)}}


def cronjob(pod, name):
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name},
            "spec": {"schedule": "0 * * * *",
                     "jobTemplate": {"spec": {"template": template_of(pod)}}}}


class Spelling:
    """Rotates through the YAML 1.1 spellings so every one is exercised."""

    def __init__(self):
        self.n = 0

    def pick(self, words):
        self.n += 1
        return words[self.n % len(words)]

    def scalar(self, v):
        if v is True:
            return self.pick(TRUE_WORDS)
        if v is False:
            return self.pick(FALSE_WORDS)
        if v is None:
            return "~"
        if isinstance(v, int):
            return self.pick((hex(v), "0o%o" % v, str(v))) if v >= 0 else str(v)
        return json.dumps(v)  # a double-quoted string is never re-typed

    def key(self, k):
        plain = k and set(k) <= PLAIN_KEY and k.lower() not in YAML11_WORDS
        return k if plain else json.dumps(k)

    def emit(self, v, indent, out):
        pad = "  " * indent
        if isinstance(v, dict):
            if not v:
                out[-1] += " {}"
            for k, x in v.items():
                out.append(f"{pad}{self.key(k)}:")
                self.emit_value(x, indent, out)
        elif isinstance(v, list):
            if not v:
                out[-1] += " []"
            for x in v:
                out.append(f"{pad}-")
                self.emit_value(x, indent, out)

    def emit_value(self, x, indent, out):
        if isinstance(x, (dict, list)) and x:
            self.emit(x, indent + 1, out)
        elif isinstance(x, (dict, list)):
            out[-1] += " {}" if isinstance(x, dict) else " []"
        else:
            out[-1] += " " + self.scalar(x)

    def document(self, obj):
        out = []
        self.emit(obj, 0, out)
        return "\n".join(out) + "\n"


def verdict(r):
    return (r["allowed"], tuple((v["control"], v["message"]) for v in r["violations"]))


def main():
    if not present(DATA, "pss invariance"):
        return status()
    groups = collections.OrderedDict()
    with open(os.path.join(DATA, "EXPECTED.tsv"), encoding="utf-8") as f:
        for line in f:
            level, version, expected, path = line.rstrip("\n").split("\t")
            groups.setdefault((level, version), []).append(path)
    if ASAN:
        # Under ASan+UBSan the transforms run on the oldest and newest policy
        # of each level; the plain pass runs every version.
        keep = set()
        for level in {lv for lv, _ in groups}:
            versions = [v for lv, v in groups if lv == level]
            keep |= {(level, versions[0]), (level, versions[-1])}
        print(f"# ASan pass: {len(keep)} of {len(groups)} level/version groups")
        groups = collections.OrderedDict((k, v) for k, v in groups.items() if k in keep)
    spelling = Spelling()
    problems = {t: [] for t in TRANSFORMS}
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for g, ((level, version), paths) in enumerate(groups.items()):
            docs = {t: [] for t in ("deployment", "cronjob", "yaml11")}
            args = []
            for i, path in enumerate(paths):
                with open(os.path.join(DATA, path), encoding="utf-8") as f:
                    pod = yaml.load(f, Loader=LOADER)
                name = f"f{i}"
                named = dict(pod, metadata=dict(pod.get("metadata") or {}, name=name))
                docs["deployment"].append(yaml.dump(deployment(pod, name), Dumper=DUMPER))
                docs["cronjob"].append(yaml.dump(cronjob(pod, name), Dumper=DUMPER))
                docs["yaml11"].append(spelling.document(named))
                jpath = os.path.join(tmp, f"g{g}-{name}.json")
                with open(jpath, "w", encoding="utf-8") as f:
                    json.dump(named, f, indent=1)
                args.append(jpath)
            for t, d in docs.items():
                tpath = os.path.join(tmp, f"g{g}-{t}.yaml")
                with open(tpath, "w", encoding="utf-8") as f:
                    f.write("---\n".join(d))
                args.append(tpath)
            p = ringwall("pss", "--level", level, "--version", version, "--format", "json",
                         *paths, *args, cwd=DATA)
            if p.returncode not in (0, 1):
                for t in TRANSFORMS:
                    problems[t].append(f"{level}:{version}: exit {p.returncode}: {p.stderr}")
                continue
            original, variant = {}, {}
            for r in json.loads(p.stdout)["results"]:
                if r["file"] in paths:
                    original[r["file"]] = verdict(r)
                    continue
                base = os.path.basename(r["file"])
                t = "json" if base.endswith(".json") else base.split("-", 1)[1][:-5]
                variant[(t, r["object"]["name"])] = verdict(r)
            for i, path in enumerate(paths):
                checked += 1
                for t in TRANSFORMS:
                    got = variant.get((t, f"f{i}"))
                    if got != original.get(path):
                        problems[t].append(f"{level}:{version} {path}: {original.get(path)} "
                                           f"became {got}")
    for t in TRANSFORMS:
        tap(not problems[t], f"pss invariance: {t} ({checked} pods)", "\n".join(problems[t]))
    return status()


if __name__ == "__main__":
    sys.exit(main())
