#!/usr/bin/env python3
"""audit_gen.py — writes a synthetic Kubernetes audit log (JSON lines) for
bench/audit.sh: mostly get/list/watch by system users at Metadata level, some
creates with request objects, exec, secret reads and forbidden responses.
usage: audit_gen.py N OUT [distinct-users]  (distinct-users: every event by a
new user, all forbidden: the stateful rules' worst case)"""
import json
import random
import sys

SYSTEM_USERS = ["system:kube-controller-manager", "system:kube-scheduler",
                "system:serviceaccount:kube-system:replicaset-controller",
                "system:serviceaccount:kube-system:endpointslice-controller",
                "system:node:node-1", "system:node:node-2", "system:apiserver"]
PEOPLE = ["alice@example.com", "bob@example.com", "ci-deployer"]
RESOURCES = ["pods", "configmaps", "leases", "endpoints", "endpointslices", "nodes",
             "deployments", "replicasets", "events", "services"]


def event(i, rnd):
    r = rnd.random()
    user = rnd.choice(SYSTEM_USERS)
    verb, res, sub, code, req = rnd.choice(["get", "list", "watch", "update"]), \
        rnd.choice(RESOURCES), None, 200, None
    if r < 0.04:
        user, verb, res = rnd.choice(PEOPLE), "create", "pods"
        code = 201
        req = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"p{i}"},
               "spec": {"containers": [{"name": "app", "image": "registry.io/app:1.2",
                                        "securityContext": {"privileged": i % 97 == 0}}]}}
    elif r < 0.05:
        user, verb, res, sub, code = rnd.choice(PEOPLE), "create", "pods", "exec", 101
    elif r < 0.08:
        user, verb, res = rnd.choice(PEOPLE), "get", "secrets"
    elif r < 0.10:
        user, code = rnd.choice(PEOPLE), 403
    e = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": "Metadata",
         "auditID": f"{i:08x}-5e1c-4b7a-9d3e-{i:012x}", "stage": "ResponseComplete",
         "requestURI": f"/api/v1/namespaces/ns{i % 20}/{res}/o{i % 1000}" +
                       (f"/{sub}?command=sh" if sub else ""),
         "verb": verb, "user": {"username": user, "groups": ["system:authenticated"]},
         "sourceIPs": [f"10.0.{i % 250}.{i % 200}"], "userAgent": "kube-controller-manager/v1.31.0",
         "objectRef": {"resource": res, "namespace": f"ns{i % 20}", "name": f"o{i % 1000}",
                       "apiVersion": "v1"},
         "responseStatus": {"metadata": {}, "code": code},
         "requestReceivedTimestamp": f"2026-11-30T10:{i // 60000 % 60:02d}:{i // 1000 % 60:02d}.{i % 1000:03d}000Z",
         "stageTimestamp": f"2026-11-30T10:{i // 60000 % 60:02d}:{i // 1000 % 60:02d}.{i % 1000:03d}500Z",
         "annotations": {"authorization.k8s.io/decision": "forbid" if code == 403 else "allow",
                         "authorization.k8s.io/reason": ""}}
    if sub:
        e["objectRef"]["subresource"] = sub
    if req:
        e["level"] = "Request"
        e["requestObject"] = req
    return e


def distinct(i):
    return {"kind": "Event", "auditID": f"k{i}", "stage": "ResponseComplete", "verb": "get",
            "user": {"username": f"user-{i}"}, "objectRef": {"resource": "secrets"},
            "responseStatus": {"code": 403},
            "stageTimestamp": f"2026-11-30T10:00:{i // 20000 % 60:02d}Z"}


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    keys = len(sys.argv) > 3
    rnd = random.Random(1)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(distinct(i) if keys else event(i, rnd), separators=(",", ":")))
            f.write("\n")


if __name__ == "__main__":
    main()
