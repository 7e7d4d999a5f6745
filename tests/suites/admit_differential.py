#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""admit_differential.py — the webhook decides exactly as scan and pss do.
Every object of every manifest under tests/cases, and every Pod Security
fixture of ../shared/conformance/pss (EXPECTED.tsv), is written as JSON to a
file of its own and wrapped, byte for byte the same object, in an
AdmissionReview. `scan` judges the files (with the checks the webhook leaves
off because they need the whole input skipped, and annotation ignores off,
as the webhook's defaults are), `pss` judges them at the policy under test,
and `admit review --batch` judges the reviews. For each object the set of
findings in the ringwall.io/findings audit annotation must equal scan's
findings (check and container) plus pss's violated controls, and the
decision must be a denial exactly when scan has a finding at or above high
or pss denies. Fixtures are also held to EXPECTED.tsv. Files skipped (error
cases, cases with their own options, documents that are not objects) are
listed with their reason."""
import collections
import concurrent.futures
import glob
import json
import os
import sys
import tempfile

import yaml

from suitelib import ASAN, ROOT, present, ringwall, status, tap

PSS_DIR = os.path.join(ROOT, "..", "shared", "conformance", "pss")
WHOLE_INPUT = ("network/no-default-deny,network/no-default-deny-egress,network/pod-not-isolated,"
               "network/policy-selects-nothing,network/policy-selects-unseen,"
               "network/coverage-unknown,rbac/unknown-role,reliability/single-replica,"
               "reliability/no-pdb,reliability/hpa-replicas-set,consistency/service-no-workload,"
               "consistency/service-target-port,consistency/ingress-missing-service,"
               "consistency/route-missing-service,consistency/backend-port-missing,"
               "consistency/route-missing-gateway,consistency/hpa-no-target,"
               "consistency/pdb-selects-nothing,consistency/missing-service-account,"
               "consistency/missing-configmap,consistency/missing-secret,consistency/missing-pvc,"
               "consistency/statefulset-missing-service,consistency/overlapping-selectors,"
               "exposure/ingress,exposure/gateway-route,exposure/istio")
DENY = {"critical", "high"}
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def directives(path):
    """The `# error:` / `# args:` / `# stdin` directives of a case (or its sidecar)."""
    text = open(path, "rb").read().decode("utf-8", "replace")
    side = path + ".expect"
    if os.path.exists(side):
        text += "\n" + open(side).read()
    return [d for d in ("# error:", "# args:") if d in text]


def objects_of(doc):
    if isinstance(doc, dict) and isinstance(doc.get("items"), list) and \
            str(doc.get("kind", "")).endswith("List"):
        for item in doc["items"]:
            yield from objects_of(item)
    elif isinstance(doc, dict) and doc.get("apiVersion") and doc.get("kind"):
        yield doc


def review_of(obj, uid):
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    req = {"uid": uid, "kind": {"group": "", "version": "v1", "kind": str(obj["kind"])},
           "resource": {"group": "", "version": "v1", "resource": "objects"},
           "operation": "CREATE", "userInfo": {"username": "differential"}, "object": obj}
    if isinstance(meta.get("namespace"), str) and meta["namespace"]:
        req["namespace"] = meta["namespace"]
    if isinstance(meta.get("name"), str):
        req["name"] = meta["name"]
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": req}


# Under ASan+UBSan the one-object scans run without LeakSanitizer's
# exit-time scan (half of each short process's cost); tests/cases runs the
# same scans with leak detection.
SCAN_ENV = dict(os.environ, ASAN_OPTIONS="detect_leaks=0") if ASAN else None


def scan_findings(paths):
    """file -> (set of check[:container], any finding at or above high)"""
    p = ringwall("scan", "--format", "json", "--no-annotation-ignores", "--skip", WHOLE_INPUT,
                 *paths, env=SCAN_ENV if len(paths) == 1 else None)
    if p.returncode not in (0, 1):
        raise SystemExit(f"not ok - scan of {paths[0]}... failed\n  {p.stderr}")
    out = collections.defaultdict(lambda: [set(), False])
    for f in json.loads(p.stdout)["findings"]:
        if f["suppressed"]:
            continue
        key = f["check"] + (":" + f["container"] if f["container"] is not None else "")
        out[f["file"]][0].add(key)
        out[f["file"]][1] |= f["severity"] in DENY
    return out


def pss_verdicts(files, level, version):
    """file -> (set of pss/<control>, denied)"""
    p = ringwall("pss", "--level", level, "--version", version, "-f", "json", *files)
    if p.returncode not in (0, 1):
        raise SystemExit(f"not ok - pss {level}:{version} failed\n  {p.stderr}")
    return {r["file"]: ({"pss/" + v["control"] for v in r["violations"]}, not r["allowed"])
            for r in json.loads(p.stdout)["results"]}


def admit_batch(files, pss_spec):
    lines = []
    for i, f in enumerate(files):
        lines.append(json.dumps(review_of(json.load(open(f)), f"uid-{i}")))
    p = ringwall("admit", "review", "--batch", "--pss", pss_spec, input="\n".join(lines) + "\n")
    outs = [json.loads(line) for line in p.stdout.splitlines()]
    if len(outs) != len(files):
        raise SystemExit(f"not ok - admit --batch gave {len(outs)} answers for {len(files)}\n"
                         f"  {p.stderr}")
    result = {}
    for f, i, o in zip(files, range(len(files)), outs):
        resp = o.get("response", {})
        ann = resp.get("auditAnnotations", {}).get("ringwall.io/findings", "")
        assert resp.get("uid") == f"uid-{i}", f"answer out of order for {f}"
        result[f] = ({t for t in ann.split(",") if t}, resp.get("allowed") is False,
                     resp.get("status", {}).get("message", ""))
    return result


def compare(files, scans, pss, admits, what):
    """Returns the list of mismatches."""
    bad = []
    for f in files:
        s_set, s_deny = scans.get(f, (set(), False))
        p_set, p_deny = pss.get(f, (set(), False))
        a_set, a_deny, _ = admits[f]
        want = s_set | p_set
        if a_set != want or a_deny != (s_deny or p_deny):
            bad.append(f"{what} {f}: admit {sorted(a_set)} deny={a_deny}; "
                       f"scan+pss {sorted(want)} deny={s_deny or p_deny}")
    return bad


def write_objects(tmp):
    """Objects of tests/cases as JSON files; returns (files, skipped)."""
    files, skipped = [], []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "cases", "**", "*"),
                                 recursive=True)):
        if not path.endswith((".yaml", ".yml", ".json")) or not os.path.isfile(path):
            continue
        rel = os.path.relpath(path, ROOT)
        d = directives(path)
        if d:
            skipped.append((rel, f"a case with its own {d[0][2:-1]} directive"))
            continue
        try:
            docs = list(yaml.load_all(open(path, encoding="utf-8"), Loader=LOADER))
            objs = [o for doc in docs for o in objects_of(doc)]
            texts = [json.dumps(o) for o in objs]
        except (yaml.YAMLError, TypeError, ValueError, UnicodeDecodeError) as e:
            skipped.append((rel, f"not loadable as plain JSON data ({type(e).__name__})"))
            continue
        if not objs:
            skipped.append((rel, "holds no object with apiVersion and kind"))
        for i, text in enumerate(texts):
            out = os.path.join(tmp, f"{len(files):05d}.json")
            with open(out, "w") as fh:
                fh.write(text)
            files.append(out)
    return files, skipped


def write_fixtures(tmp):
    """PSS fixtures as JSON files per (level, version); returns
    {(level, version): [(file, expected)]}."""
    groups = collections.defaultdict(list)
    with open(os.path.join(PSS_DIR, "EXPECTED.tsv")) as fh:
        for line in fh:
            level, version, expect, rel = line.rstrip("\n").split("\t")
            d = os.path.join(tmp, f"{level}_{version}")
            os.makedirs(d, exist_ok=True)
            obj = yaml.load(open(os.path.join(PSS_DIR, rel)), Loader=LOADER)
            out = os.path.join(d, f"{len(groups[(level, version)]):04d}.json")
            with open(out, "w") as f:
                json.dump(obj, f)
            groups[(level, version)].append((out, expect, rel))
    return groups


def main():
    if not present(os.path.join(PSS_DIR, "EXPECTED.tsv"), "Pod Security fixtures"):
        return
    with tempfile.TemporaryDirectory() as tmp:
        cases_dir = os.path.join(tmp, "cases")
        os.mkdir(cases_dir)
        files, skipped = write_objects(cases_dir)
        tap(len(files) >= 100, f"objects from tests/cases ({len(files)}; {len(skipped)} files "
            "skipped)")
        for rel, why in skipped:
            print(f"# skipped {rel}: {why}")
        # one scan per object: the analyzers (RBAC, network) judge the whole
        # input, and the webhook sees one object at a time
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            scans = {}
            for part in pool.map(lambda f: scan_findings([f]), files):
                scans.update(part)
        pss = pss_verdicts(files, "restricted", "latest")
        admits = admit_batch(files, "restricted:latest")
        bad = compare(files, scans, pss, admits, "case")
        tap(not bad, f"tests/cases: webhook findings and decision equal scan + pss for "
            f"{len(files)} objects", "\n".join(bad[:20]))
        denied = sum(1 for f in files if admits[f][1])
        tap(0 < denied < len(files), f"tests/cases: both decisions occur ({denied} denied)")

        fx_dir = os.path.join(tmp, "pss")
        os.mkdir(fx_dir)
        groups = write_fixtures(fx_dir)
        total = sum(len(v) for v in groups.values())
        tap(total >= 4000, f"Pod Security fixtures ({total} in {len(groups)} policies)")
        if ASAN:
            # Under ASan+UBSan: the oldest and newest policy of each level;
            # the plain pass compares every policy.
            keep = set()
            for level in {lv for lv, _ in groups}:
                versions = sorted((v for lv, v in groups if lv == level),
                                  key=lambda v: [int(x) for x in v[1:].split(".")]
                                  if v != "latest" else [1 << 30])
                keep |= {(level, versions[0]), (level, versions[-1])}
            for key in [k for k in groups if k not in keep]:
                for f, _, _ in groups.pop(key):
                    os.remove(f)
            total = sum(len(v) for v in groups.values())
            print(f"# ASan pass: {len(groups)} policies, {total} fixtures")
        # fixtures are Pods, which no whole-input analysis relates to each
        # other: one scan for all (an interaction would show as a mismatch)
        fscans = scan_findings([fx_dir])
        bad, expect_bad, message_bad = [], [], []
        for (level, version), items in sorted(groups.items()):
            gfiles = [f for f, _, _ in items]
            gpss = pss_verdicts(gfiles, level, version)
            gadmit = admit_batch(gfiles, f"{level}:{version}")
            bad += compare(gfiles, fscans, gpss, gadmit, f"{level}:{version}")
            for f, expect, rel in items:
                p_deny = gpss[f][1]
                if p_deny != (expect == "fail"):
                    expect_bad.append(f"{rel}: expected {expect}")
                if p_deny and f'violates PodSecurity "{level}:{version}"' not in gadmit[f][2]:
                    message_bad.append(f"{rel}: {gadmit[f][2][:200]}")
        tap(not bad, f"PSS fixtures: webhook findings and decision equal scan + pss for {total} "
            "objects", "\n".join(bad[:20]))
        tap(not expect_bad, "PSS fixtures: the verdicts are EXPECTED.tsv's",
            "\n".join(expect_bad[:20]))
        tap(not message_bad, "PSS fixtures: every Pod Security denial carries the API server's "
            "message", "\n".join(message_bad[:20]))


main()
sys.exit(status())
