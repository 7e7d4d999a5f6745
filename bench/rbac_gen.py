#!/usr/bin/env python3
"""bench/rbac_gen.py — a synthetic cluster for the RBAC benchmarks, printed
as one `kubectl get ... -o json` List: ROLES roles (a fifth ClusterRoles)
with RULES rules each, BINDINGS bindings, service accounts and deployments
over NS namespaces, with a few risky grants and escalation paths.
With --stream, prints one JSON document per object in a YAML stream instead
(what `kubectl get -o yaml` of single objects or a manifest directory looks
like). Deterministic (seeded).
Usage: rbac_gen.py [--stream] [ROLES RULES BINDINGS NS] > dump.json"""
import json
import random
import sys

VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"]
RESOURCES = [("", "pods"), ("", "configmaps"), ("", "services"), ("", "secrets"),
             ("", "pods/log"), ("", "pods/exec"), ("apps", "deployments"), ("apps", "statefulsets"),
             ("batch", "jobs"), ("networking.k8s.io", "ingresses"), ("", "events"),
             ("example.com", "widgets"), ("example.com", "widgets/status")]


def rule(rnd):
    picks = rnd.sample(RESOURCES, 2)
    r = {"apiGroups": sorted({g for g, _ in picks}), "resources": [res for _, res in picks],
         "verbs": rnd.sample(VERBS, rnd.randint(1, 3))}
    if rnd.random() < 0.05:
        r["resourceNames"] = [f"name-{rnd.randint(0, 50)}"]
    return r


def main():
    args = [a for a in sys.argv[1:] if a != "--stream"]
    stream = len(args) != len(sys.argv) - 1
    roles, rules, bindings, nns = (int(a) for a in (args[:4] if len(args) >= 4
                                                    else (10000, 5, 10000, 200)))
    rnd = random.Random(42)
    items = []
    nsname = [f"ns-{i}" for i in range(nns)]
    role_refs = []
    for i in range(roles):
        cluster = i % 5 == 0
        meta = {"name": f"role-{i}"}
        if not cluster:
            meta["namespace"] = nsname[i % nns]
        items.append({"apiVersion": "rbac.authorization.k8s.io/v1",
                      "kind": "ClusterRole" if cluster else "Role", "metadata": meta,
                      "rules": [rule(rnd) for _ in range(rules)]})
        role_refs.append((cluster, meta.get("namespace"), meta["name"]))
    for i in range(nns * 10):
        items.append({"apiVersion": "v1", "kind": "ServiceAccount",
                      "metadata": {"name": f"sa-{i // nns}", "namespace": nsname[i % nns]}})
    for i in range(nns * 5):
        ns = nsname[i % nns]
        items.append({"apiVersion": "apps/v1", "kind": "Deployment",
                      "metadata": {"name": f"app-{i}", "namespace": ns},
                      "spec": {"template": {"spec": {
                          "serviceAccountName": f"sa-{i % 10}",
                          "containers": [{"name": "app", "image": "registry.example.com/app:1"}]}}}})
    for i in range(bindings):
        cluster, ns, name = role_refs[rnd.randrange(len(role_refs))]
        kind = rnd.choice(["User", "Group", "ServiceAccount"])
        subj = {"kind": kind, "name": f"{kind.lower()}-{rnd.randint(0, 2000)}"}
        if kind == "ServiceAccount":
            subj["name"] = f"sa-{rnd.randint(0, 9)}"
            subj["namespace"] = nsname[rnd.randrange(nns)]
        crb = cluster and rnd.random() < 0.1
        meta = {"name": f"binding-{i}"}
        if not crb:
            meta["namespace"] = ns if ns else nsname[rnd.randrange(nns)]
        items.append({"apiVersion": "rbac.authorization.k8s.io/v1",
                      "kind": "ClusterRoleBinding" if crb else "RoleBinding", "metadata": meta,
                      "subjects": [subj],
                      "roleRef": {"apiGroup": "rbac.authorization.k8s.io",
                                  "kind": "ClusterRole" if cluster else "Role", "name": name}})
    # a few cluster-admins for the escalation paths
    for i in range(5):
        items.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                      "metadata": {"name": f"admin-{i}"},
                      "subjects": [{"kind": "ServiceAccount", "name": f"sa-{i}",
                                    "namespace": nsname[i * 7 % nns]}],
                      "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                                  "name": "cluster-admin"}})
    if stream:
        for item in items:
            sys.stdout.write("---\n" + json.dumps(item) + "\n")
    else:
        json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout)


if __name__ == "__main__":
    main()
