#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""audit_rules_lang.py — Falco's rule language as `ringwall audit --rules`
reads it: operators, lists, macros, append and override, exceptions,
enabled, sources, outputs, and the load errors. Each case is a rules file,
events, and the exact alerts (or the error) expected.
"""
import json
import os
import sys
import tempfile

from suitelib import ringwall, status, tap

EV = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "auditID": "a1",
      "stage": "ResponseComplete", "verb": "create",
      "requestURI": "/api/v1/namespaces/dev/pods/web/exec?command=sh&command=-c&container=app",
      "user": {"username": "alice", "groups": ["devs", "system:authenticated"]},
      "sourceIPs": ["10.1.2.3"],
      "objectRef": {"resource": "pods", "namespace": "dev", "name": "web",
                    "subresource": "exec"},
      "responseStatus": {"code": 201}, "stageTimestamp": "2026-11-30T10:00:00.5Z",
      "annotations": {"authorization.k8s.io/decision": "allow", "a/b": "slash"},
      "requestObject": {"apiVersion": "v1", "kind": "Pod", "spec": {
          "containers": [{"name": "app", "image": "registry.io/team/app:1.2@sha256:ab",
                          "securityContext": {"privileged": True,
                                              "capabilities": {"add": ["NET_ADMIN"]}}},
                         {"name": "side", "image": "busybox"}],
          "volumes": [{"name": "h", "hostPath": {"path": "/var/log/pods"}}]}}}


def rule(name, cond, output="x", extra=""):
    return (f"- rule: {name}\n  desc: d\n  condition: {cond}\n  output: {json.dumps(output)}\n"
            f"  priority: WARNING\n  source: k8s_audit\n{extra}")


# (name, rules text, expected alerts {rule: n} or "error: substring", [outputs])
CASES = [
    ("equality and inequality", rule("eq", "ka.verb = create and ka.user.name != bob"), {"eq": 1}),
    ("string operators",
     rule("ops", 'ka.uri startswith /api and ka.uri endswith app and ka.uri contains "/pods/"'
                 " and ka.user.name icontains ALI and ka.uri glob '/api/*/exec*'"), {"ops": 1}),
    ("numeric comparisons",
     rule("num", "ka.response.code >= 200 and ka.response.code < 300 and "
                 "ka.response.code > 199 and ka.response.code <= 201"), {"num": 1}),
    ("exists and not exists",
     rule("ex", "ka.target.subresource exists and not ka.impuser.name exists"), {"ex": 1}),
    ("in needs every value of a list field",
     rule("in_all", "ka.user.groups in (devs, system:authenticated)") +
     rule("in_part", "ka.user.groups in (devs)"), {"in_all": 1}),
    ("intersects needs one value",
     rule("inter", "ka.user.groups intersects (devs, ops)"), {"inter": 1}),
    ("pmatch matches paths below",
     rule("pm", "ka.req.pod.volumes.hostpath pmatch (/var/log)") +
     rule("pm_no", "ka.req.pod.volumes.hostpath pmatch (/var/lo)"), {"pm": 1}),
    ("lists expand inside lists, macros nest",
     "- list: inner\n  items: [create]\n- list: outer\n  items: [inner, update]\n"
     "- macro: m1\n  condition: ka.verb in (outer)\n- macro: m2\n  condition: (m1 and pod)\n"
     "- macro: pod\n  condition: ka.target.resource = pods\n" + rule("nest", "m2"), {"nest": 1}),
    ("and binds tighter than or; not before and",
     rule("prec", "ka.verb = delete and ka.verb = x or ka.verb = create") +
     rule("prec2", "not ka.verb = delete and ka.verb = create"), {"prec": 1, "prec2": 1}),
    ("append: true on list, macro and rule",
     "- list: verbs\n  items: [delete]\n- list: verbs\n  items: [create]\n  append: true\n"
     "- macro: mv\n  condition: ka.verb = nothing\n- macro: mv\n  condition: or ka.verb in (verbs)"
     "\n  append: true\n" + rule("app", "mv and ka.verb = none") +
     "- rule: app\n  condition: or ka.user.name = alice\n  append: true\n", {"app": 1}),
    ("override append and replace",
     rule("ov", "ka.verb = none", "first") +
     "- rule: ov\n  condition: ka.verb = create\n  output: second %ka.verb\n"
     "  override:\n    condition: replace\n    output: replace\n", {"ov": 1}, ["second create"]),
    ("enabled: false switches a rule off; enabled: true back on",
     rule("off", "ka.verb = create") + "- rule: off\n  enabled: false\n" +
     rule("on", "ka.verb = create", extra="  enabled: false\n") + "- rule: on\n  enabled: true\n",
     {"on": 1}),
    ("exceptions with field tuples",
     rule("exc", "ka.verb = create", extra="  exceptions:\n  - name: known\n"
          "    fields: [ka.user.name, ka.target.namespace]\n    comps: [=, in]\n"
          "    values:\n    - [alice, [dev, prod]]\n") +
     rule("exc2", "ka.verb = create", extra="  exceptions:\n  - name: known\n"
          "    fields: [ka.user.name, ka.target.namespace]\n    values:\n    - [alice, prod]\n"),
     {"exc2": 1}),
    ("exception with one field, and exceptions appended",
     rule("exc3", "ka.verb = create", extra="  exceptions:\n  - name: users\n"
          "    fields: ka.user.name\n    values: [bob]\n") +
     "- rule: exc3\n  exceptions:\n  - name: users\n    values: [alice]\n  append: true\n",
     {}),
    ("rules of other sources are not run", rule("sys", "ka.verb = create").replace(
        "source: k8s_audit", "source: syscall"), {}),
    ("required versions are accepted",
     "- required_engine_version: 15\n- required_plugin_versions:\n  - name: k8saudit\n"
     "    version: 0.7.0\n" + rule("v", "ka.verb = create"), {"v": 1}),
    ("fields: lists, pointers, images, params, rawtime",
     rule("f", "jevt.value[/annotations/a~1b] = slash and "
               "ka.req.pod.containers.image.repository intersects (registry.io/team/app) and "
               "ka.req.pod.containers.privileged intersects (true) and "
               "ka.req.pod.containers.add_capabilities intersects (NET_ADMIN) and "
               "ka.uri.param[command] = sh and jevt.rawtime = 1796032800500000000 and "
               "ka.req.container.image = registry.io/team/app:1.2@sha256:ab",
          "groups=%ka.user.groups img=%ka.req.pod.containers.image[1] none=%ka.impuser.name "
          "sc=%jevt.value[/requestObject/spec/containers/1]"), {"f": 1},
     ['groups=(devs,system:authenticated) img=(busybox) none=<NA> '
      'sc={"name":"side","image":"busybox"}']),
    ("ringwall.check runs scan's checks on requestObject",
     rule("chk", "ringwall.check[workload/privileged] = true and "
                 "ringwall.check[workload/host-path] = true"), {"chk": 1}),
    ("unknown field", rule("bad", "ka.nope = 1"), "error: unknown field 'ka.nope'"),
    ("undefined macro", rule("bad", "nosuchmacro"), "error: undefined macro 'nosuchmacro'"),
    ("macro cycle", "- macro: a\n  condition: b\n- macro: b\n  condition: a\n" +
     rule("bad", "a"), "error: refers to itself"),
    ("unbalanced parenthesis", rule("bad", "(ka.verb = create"), "error: expected ')'"),
    ("appending to an undefined rule",
     "- rule: ghost\n  condition: or ka.verb = x\n  append: true\n", "error: never defined"),
    ("a rule without output", "- rule: r\n  condition: ka.verb = x\n  priority: INFO\n",
     "error: has no output"),
    ("an unknown priority", rule("p", "ka.verb = x").replace("WARNING", "LOUD"),
     "error: unknown priority 'LOUD'"),
]


def ev_at(aid, user, ts, agent="kubectl"):
    e = dict(EV, auditID=aid, user={"username": user}, userAgent=agent,
             stageTimestamp=f"2026-11-30T{ts}Z")
    return e


STATEFUL = [
    ("threshold: 3 within 1m, one alert at the event crossing it",
     rule("t", "ka.verb = create", extra="  threshold: {count: 3, window: 1m, by: [ka.user.name]}\n"),
     [ev_at("1", "a", "10:00:00"), ev_at("2", "a", "10:00:20"), ev_at("3", "b", "10:00:30"),
      ev_at("4", "a", "10:00:40")], [("t", "4", 3)], None),
    ("threshold: events outside the window do not count",
     rule("t", "ka.verb = create", extra="  threshold: {count: 3, window: 30s, by: ka.user.name}\n"),
     [ev_at("1", "a", "10:00:00"), ev_at("2", "a", "10:00:20"), ev_at("3", "a", "10:00:40"),
      ev_at("4", "a", "10:00:45")], [("t", "4", 3)], None),
    ("threshold: the same auditID at two stages counts once",
     rule("t", "ka.verb = create", extra="  threshold: {count: 2, window: 1m, by: [ka.user.name]}\n"),
     [ev_at("1", "a", "10:00:00"), ev_at("1", "a", "10:00:01")], [], None),
    ("first_seen: a user agent new for a user",
     rule("f", "ka.verb = create", extra="  first_seen: {by: [ka.user.name, ka.useragent], window: 1h}\n"),
     [ev_at("1", "a", "10:00:00"), ev_at("2", "a", "10:01:00"),
      ev_at("3", "a", "10:02:00", "curl/8"), ev_at("4", "a", "10:03:00", "curl/8")],
     [("f", "1", 1), ("f", "3", 1)], None),
    ("cap: the oldest key is evicted and counted",
     rule("t", "ka.verb = create", extra="  threshold: {count: 2, window: 1h, by: [ka.user.name], cap: 2}\n"),
     [ev_at("1", "a", "10:00:00"), ev_at("2", "b", "10:00:01"), ev_at("3", "c", "10:00:02"),
      ev_at("4", "a", "10:00:03"), ev_at("5", "c", "10:00:04")], [("t", "5", 2)], 2),
]


def run_stateful(tmp):
    for name, text, events, want, evicted in STATEFUL:
        rules = os.path.join(tmp, "rules.yaml")
        with open(rules, "w", encoding="utf-8") as f:
            f.write(text)
        path = os.path.join(tmp, "stateful.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(json.dumps(e) + "\n" for e in events))
        p = ringwall("audit", "--format", "jsonl", "--rules", rules, path)
        got = [(a["rule"], a["auditID"], a.get("count")) for a in
               (json.loads(line) for line in p.stdout.splitlines() if line)]
        problems = [] if got == want else [f"want {want}, got {got} {p.stderr.strip()}"]
        if evicted is not None:
            j = ringwall("audit", "--format", "json", "--rules", rules, path)
            n = json.loads(j.stdout)["summary"]["state_keys_evicted"]
            if n != evicted or "evicted" not in j.stderr:
                problems.append(f"want {evicted} eviction reported, got {n}: {j.stderr.strip()}")
        tap(not problems, f"audit stateful rules: {name}", "\n".join(problems))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        events = os.path.join(tmp, "events.jsonl")
        with open(events, "w", encoding="utf-8") as f:
            f.write(json.dumps(EV) + "\n")
        for case in CASES:
            name, text, want = case[0], case[1], case[2]
            outputs = case[3] if len(case) > 3 else []
            rules = os.path.join(tmp, "rules.yaml")
            with open(rules, "w", encoding="utf-8") as f:
                f.write(text)
            p = ringwall("audit", "--format", "jsonl", "--rules", rules, events)
            problems = []
            if isinstance(want, str):
                sub = want[len("error: "):]
                if p.returncode != 2 or sub not in p.stderr or "rules.yaml:" not in p.stderr:
                    problems.append(f"want exit 2 with {sub!r} at rules.yaml:LINE, got "
                                    f"{p.returncode}: {p.stderr.strip()}")
            else:
                if p.returncode not in (0, 1):
                    problems.append(f"exit {p.returncode}: {p.stderr.strip()}")
                alerts = [json.loads(line) for line in p.stdout.splitlines() if line]
                got = {}
                for a in alerts:
                    got[a["rule"]] = got.get(a["rule"], 0) + 1
                if got != want:
                    problems.append(f"want {want}, got {got}")
                for o in outputs:
                    if not any(a["output"] == o for a in alerts):
                        problems.append(f"no output {o!r} in {[a['output'] for a in alerts]}")
            tap(not problems, f"audit rules language: {name}", "\n".join(problems))
        run_stateful(tmp)
    return status()


if __name__ == "__main__":
    sys.exit(main())
