#!/usr/bin/env python3
"""admit_review.py — `ringwall admit review` against the declarative cases in
tests/admit/*.json. Each case holds an AdmissionReview ("review"), the
command-line arguments it runs with ("args", paths relative to the
checkout), and what the response must say ("expect"): exit status, allowed,
status code, message and warning fragments, the exact or partial set of
findings in the ringwall.io/findings audit annotation, the note, and fields
of the decision's JSON log line. Every response must echo the review's
apiVersion, kind and uid, and every warning must stay under 120 characters.
Then the behaviours that are not one review: bad input (exit 2), --batch,
and the strictness of the admit: configuration section."""
import glob
import json
import os
import sys
import tempfile

from suitelib import ROOT, ringwall, status, tap

CASES = sorted(glob.glob(os.path.join(ROOT, "tests", "admit", "*.json")))


def run(args, data):
    return ringwall("admit", "review", *args, input=data, cwd=ROOT)


def findings_of(resp):
    text = resp.get("auditAnnotations", {}).get("ringwall.io/findings", "")
    return set(t for t in text.split(",") if t)


def check_case(path):
    name = os.path.basename(path)[:-5]
    case = json.load(open(path))
    exp, review = case["expect"], case["review"]
    args = case["args"] + (["--log"] if case.get("log") else [])
    p = run(args, json.dumps(review))
    problems = []
    if p.returncode != exp["exit"]:
        problems.append(f"exit {p.returncode}, want {exp['exit']}")
    try:
        out = json.loads(p.stdout)
    except ValueError:
        tap(False, f"{name}: {case['description']}", f"no JSON response: {p.stdout!r} {p.stderr!r}")
        return
    resp = out.get("response", {})
    if (out.get("apiVersion"), out.get("kind"), resp.get("uid")) != (
            review["apiVersion"], "AdmissionReview", review["request"]["uid"]):
        problems.append("apiVersion, kind or uid not echoed")
    if resp.get("allowed") is not exp["allowed"]:
        problems.append(f"allowed {resp.get('allowed')}")
    status = resp.get("status", {})
    if "code" in exp and status.get("code") != exp["code"]:
        problems.append(f"status.code {status.get('code')}")
    if not exp["allowed"] and status.get("code") != 403:
        problems.append("a denial without status.code 403")
    for frag in exp.get("message", []):
        if frag not in status.get("message", ""):
            problems.append(f"message lacks {frag!r}")
    warnings = resp.get("warnings", [])
    for w in warnings:
        if len(w) >= 120:
            problems.append(f"warning of {len(w)} characters: {w!r}")
    for frag in exp.get("warnings", []):
        if not any(frag in w for w in warnings):
            problems.append(f"no warning holds {frag!r}")
    if exp.get("no_warnings") and warnings:
        problems.append(f"unexpected warnings {warnings}")
    found = findings_of(resp)
    if "findings" in exp and found != set(exp["findings"]):
        problems.append(f"findings {sorted(found)}, want {sorted(exp['findings'])}")
    for f in exp.get("findings_include", []):
        if f not in found:
            problems.append(f"findings lack {f}")
    for f in exp.get("findings_exclude", []):
        if f in found:
            problems.append(f"findings hold {f}")
    note = resp.get("auditAnnotations", {}).get("ringwall.io/note", "")
    if "note" in exp and exp["note"] not in note:
        problems.append(f"note {note!r} lacks {exp['note']!r}")
    decision = resp.get("auditAnnotations", {}).get("ringwall.io/decision")
    if decision != ("allow" if exp["allowed"] else "deny"):
        problems.append(f"ringwall.io/decision {decision!r}")
    if "log" in exp:
        try:
            log = json.loads(p.stderr.strip().splitlines()[-1])
            for k, v in exp["log"].items():
                if log.get(k) != v:
                    problems.append(f"log {k}={log.get(k)!r}, want {v!r}")
            for k in ("uid", "user", "namespace", "kind", "name", "operation", "decision",
                      "checks", "dryRun", "microseconds"):
                if k not in log:
                    problems.append(f"log line lacks {k}")
        except (ValueError, IndexError):
            problems.append(f"no JSON log line: {p.stderr!r}")
    tap(not problems, f"{name}: {case['description']}", "; ".join(problems) + "\n" + p.stdout)


tap(len(CASES) >= 30, f"declarative AdmissionReview cases present ({len(CASES)})")
for path in CASES:
    check_case(path)

# bad input: no response can be made, exit 2 with the reason
for data, why in [("not json", "not a JSON object"),
                  ('{"apiVersion":"v1","kind":"Pod"}', "apiVersion must be"),
                  ('{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{}}',
                   "needs request.uid"),
                  ('{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",', ""),
                  ('{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":'
                   '{"uid":"a","operation":"CREATE","object":{"kind":"Pod","kind":"Secret"}}}',
                   'duplicate key "kind"')]:
    p = run([], data)
    tap(p.returncode == 2 and p.stdout == "" and why in p.stderr and "ringwall: " in p.stderr,
        f"bad input {data[:30]!r} exits 2 ({why or 'syntax error'})", p.stderr)

# --batch: one response per line, in order, worst status wins
reviews = [json.load(open(os.path.join(ROOT, "tests", "admit", n + ".json")))["review"]
           for n in ("compliant-pod", "privileged-pod", "v1beta1")]
lines = "\n".join(json.dumps(r) for r in reviews) + "\n\nnot json\n"
p = run(["--batch", "--config", "tests/admit/config/policy.yaml"], lines)
outs = [json.loads(line) for line in p.stdout.splitlines()]
tap(p.returncode == 2 and len(outs) == 4 and
    [o.get("response", {}).get("allowed") for o in outs[:3]] == [True, False, True] and
    "error" in outs[3], "--batch answers each line in order; a bad line gives an error line and exit 2",
    p.stdout + p.stderr)
p = run(["--batch"], "\n".join(json.dumps(r) for r in reviews[:1] + reviews[2:]))
tap(p.returncode == 0 and len(p.stdout.splitlines()) == 2, "--batch of allowed reviews exits 0",
    p.stdout + p.stderr)

# one process deciding review after review must answer each as if it were
# alone: nothing one decision leaves behind may change the next. Cases
# sharing their arguments go through --batch forwards, backwards and each
# twice in a row, every answer compared with the case decided on its own.
groups = {}
for path in CASES:
    case = json.load(open(path))
    groups.setdefault(tuple(case["args"]), []).append(case["review"])
# objects the whole-input analyzers report on even when alone
ANALYZED = {
    "reliability/pdb-blocks-eviction": {
        "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
        "metadata": {"name": "b", "namespace": "team"},
        "spec": {"maxUnavailable": 0, "selector": {"matchLabels": {"app": "x"}}}},
    "network/allow-all-ingress": {
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
        "metadata": {"name": "open", "namespace": "team"},
        "spec": {"podSelector": {}, "ingress": [{}], "policyTypes": ["Ingress"]}},
    "rbac/cluster-admin-binding": {
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
        "metadata": {"name": "admins"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                    "name": "cluster-admin"},
        "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "team"}]},
    "reliability/no-topology-spread": {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "d", "namespace": "team"},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "x"}},
                 "template": {"metadata": {"labels": {"app": "x"}},
                              "spec": {"containers": [{"name": "c", "image": "nginx:1"}]}}}},
}
POLICY_ARGS = ("--config", "tests/admit/config/policy.yaml")
for i, (check, obj) in enumerate(ANALYZED.items()):
    review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
              "request": {"uid": f"analyzed-{i}", "operation": "CREATE", "namespace": "team",
                          "userInfo": {"username": "alice"}, "object": obj}}
    p = run(list(POLICY_ARGS), json.dumps(review))
    tap(check in findings_of(json.loads(p.stdout).get("response", {})),
        f"a lone {obj['kind']} gets {check}", p.stdout + p.stderr)
    groups[POLICY_ARGS].append(review)
for args, group in sorted(groups.items()):
    if len(group) < 2:
        continue
    alone = [json.loads(run(list(args), json.dumps(r)).stdout) for r in group]
    orders = [list(range(len(group))), list(reversed(range(len(group)))),
              [i for i in range(len(group)) for _ in (0, 1)]]
    for order in orders:
        p = run(["--batch", *args], "\n".join(json.dumps(group[i]) for i in order) + "\n")
        got = [json.loads(line) for line in p.stdout.splitlines()]
        tap(got == [alone[i] for i in order],
            f"--batch {' '.join(args) or '(defaults)'}: {len(order)} reviews in order "
            f"{order[:6]}... answered as each alone", p.stdout + p.stderr)

# the admit: section is as strict as the rest of the file
p = run(["--config", "tests/admit/config/unknown-key.yaml"], json.dumps(reviews[0]))
tap(p.returncode == 2 and "tests/admit/config/unknown-key.yaml:4:3: unknown key \"exemption\" in admit"
    in p.stderr, "an unknown admit: key is an error at FILE:LINE:COL", p.stderr)
p = ringwall("scan", "--config", "tests/admit/config/policy.yaml", "--fail-on", "none",
             "examples/", cwd=ROOT)
tap(p.returncode == 0, "scan accepts a configuration with an admit: section", p.stderr)
p = run(["--pss", "strict"], json.dumps(reviews[0]))
tap(p.returncode == 2 and "invalid --pss" in p.stderr, "a bad option value is a usage error",
    p.stderr)
p = ringwall("admit", "--help")
tap(p.returncode == 0 and "Exit status" in p.stdout and "admit serve" in p.stdout,
    "admit --help describes both commands and the exit statuses", p.stdout)

# the example configuration in docs/admit.md is valid
doc = open(os.path.join(ROOT, "docs", "admit.md")).read()
example = doc.split("```yaml\nfail-on: high\nadmit:", 1)
tap(len(example) == 2, "docs/admit.md holds the example configuration")
if len(example) == 2:
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write("fail-on: high\nadmit:" + example[1].split("```", 1)[0])
    p = run(["--config", f.name], json.dumps(reviews[0]))
    os.unlink(f.name)
    tap(p.returncode in (0, 1) and p.stderr == "", "the example configuration of docs/admit.md "
        "loads", p.stderr)
sys.exit(status())
