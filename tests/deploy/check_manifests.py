#!/usr/bin/env python3
"""check_manifests.py — structural checks of deploy/admit/ for
tests/suites/deploy.sh: every document parses, and the Namespace,
Deployment, PodDisruptionBudget, Service, NetworkPolicies, cert-manager
objects and the ValidatingWebhookConfiguration carry the fields the
deployment relies on. Prints one TAP line per check.
  check_manifests.py DIR"""
import glob
import os
import sys

import yaml

NS = "ringwall-system"
CONNECT = {"pods/exec", "pods/attach", "pods/portforward", "nodes/proxy"}
# (group, resource) the webhook must be sent on CREATE and UPDATE.
OBJECTS = {("", r) for r in ("pods", "pods/ephemeralcontainers", "services", "secrets",
                             "configmaps", "replicationcontrollers")} | \
    {("apps", r) for r in ("deployments", "statefulsets", "daemonsets", "replicasets")} | \
    {("batch", "jobs"), ("batch", "cronjobs"), ("networking.k8s.io", "ingresses")} | \
    {("rbac.authorization.k8s.io", r) for r in ("roles", "rolebindings", "clusterroles",
                                                "clusterrolebindings")}


def ok(name, cond, detail=""):
    print(("ok - " if cond else "not ok - ") + name)
    if not cond and detail:
        for line in str(detail).splitlines():
            print("# " + line)


def load(root):
    docs, errors = [], []
    files = sorted(glob.glob(os.path.join(root, "*.yaml")))
    for f in files:
        try:
            with open(f) as fh:
                docs += [(f, d) for d in yaml.safe_load_all(fh) if d is not None]
        except yaml.YAMLError as e:
            errors.append(f"{f}: {e}")
    ok(f"every document of {len(files)} files parses as YAML", files and not errors,
       "\n".join(errors) or "no files")
    bad = [f"{f}: {d.get('kind')}" for f, d in docs
           if not (isinstance(d, dict) and d.get("apiVersion") and d.get("kind")
                   and isinstance(d.get("metadata", {}).get("name"), str))]
    ok(f"all {len(docs)} documents have apiVersion, kind and a string metadata.name",
       docs and not bad, "\n".join(bad))
    return [d for _, d in docs]


def one(docs, kind, name=None):
    found = [d for d in docs if d["kind"] == kind and
             (name is None or d["metadata"]["name"] == name)]
    ok(f"exactly one {kind}{' ' + name if name else ''}", len(found) == 1, f"found {len(found)}")
    return found[0] if found else {}


def get(d, *path):
    for p in path:
        if isinstance(d, dict):
            d = d.get(p)
        elif isinstance(d, list) and isinstance(p, int) and p < len(d):
            d = d[p]
        else:
            return None
    return d


def check_namespace(docs):
    ns = one(docs, "Namespace", NS)
    labels = get(ns, "metadata", "labels") or {}
    ok("namespace enforces Pod Security restricted",
       labels.get("pod-security.kubernetes.io/enforce") == "restricted", labels)
    others = [d["metadata"]["name"] for d in docs if d["kind"] not in (
        "Namespace", "ValidatingWebhookConfiguration") and
        d["metadata"].get("namespace") != NS]
    ok(f"every namespaced object is in {NS}", not others, others)


def check_deployment(docs):
    dep = one(docs, "Deployment", "ringwall-admit")
    spec = get(dep, "spec", "template", "spec") or {}
    ok("deployment: 3 replicas", get(dep, "spec", "replicas") == 3)
    anti = get(spec, "affinity", "podAntiAffinity") or {}
    ok("deployment: pod anti-affinity by node", "kubernetes.io/hostname" in str(anti))
    ok("deployment: automountServiceAccountToken false",
       spec.get("automountServiceAccountToken") is False)
    ok("deployment: its own service account", spec.get("serviceAccountName") == "ringwall-admit")
    psc = spec.get("securityContext") or {}
    ok("deployment: pod runs as non-root with a non-zero uid",
       psc.get("runAsNonRoot") is True and (psc.get("runAsUser") or 0) > 0, psc)
    ok("deployment: seccomp RuntimeDefault",
       get(psc, "seccompProfile", "type") == "RuntimeDefault", psc)
    containers = spec.get("containers") or []
    ok("deployment: one container", len(containers) == 1, containers)
    for c in containers:
        sc = c.get("securityContext") or {}
        ok("container: drops ALL capabilities, no privilege escalation, read-only root",
           get(sc, "capabilities", "drop") == ["ALL"] and
           sc.get("allowPrivilegeEscalation") is False and
           sc.get("readOnlyRootFilesystem") is True, sc)
        res = c.get("resources") or {}
        ok("container: cpu and memory requests and limits",
           all(get(res, k, r) for k in ("requests", "limits") for r in ("cpu", "memory")), res)
        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            g = get(c, probe, "httpGet") or {}
            ok(f"container: {probe} GET {path} over HTTPS",
               g.get("path") == path and g.get("scheme") == "HTTPS", g)
        args = c.get("args") or []
        ok("container: runs admit serve on :8443 with the mounted certificate and config",
           args[:2] == ["admit", "serve"] and "--listen=:8443" in args and
           any(a.startswith("--tls-cert=") for a in args) and
           any(a.startswith("--tls-key=") for a in args) and
           any(a.startswith("--config=") for a in args), args)
        image = c.get("image", "")
        ok("container: image pinned by tag or digest, not latest",
           "@sha256:" in image or (":" in image.rsplit("/", 1)[-1] and
                                   not image.endswith(":latest")), image)
    vols = {v["name"]: v for v in spec.get("volumes") or []}
    ok("deployment: mounts the ringwall-admit-tls Secret and the config map",
       get(vols, "tls", "secret", "secretName") == "ringwall-admit-tls" and
       get(vols, "config", "configMap", "name") == "ringwall-admit-config", vols)
    return get(dep, "spec", "selector", "matchLabels")


def check_others(docs, selector):
    pdb = one(docs, "PodDisruptionBudget")
    ok("pdb: minAvailable 2, selects the webhook pods",
       get(pdb, "spec", "minAvailable") == 2 and
       get(pdb, "spec", "selector", "matchLabels") == selector, pdb.get("spec"))
    svc = one(docs, "Service", "ringwall-admit")
    ok("service: port 443 to the https container port, selects the webhook pods",
       get(svc, "spec", "selector") == selector and
       get(svc, "spec", "ports", 0, "port") == 443 and
       get(svc, "spec", "ports", 0, "targetPort") in ("https", 8443), svc.get("spec"))
    one(docs, "ServiceAccount", "ringwall-admit")
    cm = one(docs, "ConfigMap", "ringwall-admit-config")
    ok("configmap: holds ringwall.yaml", "ringwall.yaml" in (cm.get("data") or {}))
    pols = [d for d in docs if d["kind"] == "NetworkPolicy"]
    deny = [p for p in pols if get(p, "spec", "podSelector") == {} and
            not get(p, "spec", "ingress") and not get(p, "spec", "egress") and
            set(get(p, "spec", "policyTypes") or []) == {"Ingress", "Egress"}]
    ok("networkpolicy: default deny of ingress and egress in the namespace", len(deny) == 1,
       pols)
    allow = [p for p in pols if get(p, "spec", "ingress")]
    ports = [pt for p in allow for r in get(p, "spec", "ingress") for pt in r.get("ports") or []]
    ok("networkpolicy: only TCP 8443 admitted, to the webhook pods",
       len(allow) == 1 and get(allow[0], "spec", "podSelector", "matchLabels") == selector and
       ports == [{"protocol": "TCP", "port": 8443}] and
       all(r.get("ports") for r in get(allow[0], "spec", "ingress")), allow)
    certs = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Certificate"}
    serving = [c for c in certs.values() if get(c, "spec", "secretName") == "ringwall-admit-tls"]
    ok("cert-manager: a Certificate for ringwall-admit.ringwall-system.svc into "
       "ringwall-admit-tls, ECDSA",
       len(serving) == 1 and
       "ringwall-admit.ringwall-system.svc" in get(serving[0], "spec", "dnsNames") and
       get(serving[0], "spec", "privateKey", "algorithm") == "ECDSA", serving)
    issuers = {d["metadata"]["name"] for d in docs if d["kind"] == "Issuer"}
    ok("cert-manager: the Certificate's issuer is defined",
       serving and get(serving[0], "spec", "issuerRef", "name") in issuers, issuers)
    return serving[0]["metadata"]["name"] if serving else None


def rule_pairs(rules, operation):
    return {(g, r) for rule in rules if operation in rule.get("operations", [])
            for g in rule.get("apiGroups", []) for r in rule.get("resources", [])}


def check_webhook(docs, cert):
    vwc = one(docs, "ValidatingWebhookConfiguration", "ringwall")
    ann = get(vwc, "metadata", "annotations") or {}
    ok("webhook: cert-manager.io/inject-ca-from names the serving Certificate",
       ann.get("cert-manager.io/inject-ca-from") == f"{NS}/{cert}", ann)
    hooks = vwc.get("webhooks") or []
    ok("webhook: at least one webhook", hooks)
    for h in hooks:
        n = h.get("name")
        ok(f"{n}: sideEffects None", h.get("sideEffects") == "None")
        ok(f"{n}: admissionReviewVersions [v1]", h.get("admissionReviewVersions") == ["v1"])
        ok(f"{n}: timeoutSeconds 3", h.get("timeoutSeconds") == 3)
        ok(f"{n}: explicit failurePolicy Fail", h.get("failurePolicy") == "Fail")
        svc = get(h, "clientConfig", "service") or {}
        ok(f"{n}: calls ringwall-admit.{NS} on /validate",
           svc.get("name") == "ringwall-admit" and svc.get("namespace") == NS and
           svc.get("path") == "/validate", svc)
        exprs = get(h, "namespaceSelector", "matchExpressions") or []
        ok(f"{n}: namespaceSelector excludes {NS}",
           any(e.get("key") == "kubernetes.io/metadata.name" and e.get("operator") == "NotIn"
               and NS in e.get("values", []) for e in exprs), exprs)
        ok(f"{n}: kube-system is not excluded by default", "kube-system" not in str(exprs))
        conds = " ".join(c.get("expression", "") for c in h.get("matchConditions") or [])
        ok(f"{n}: matchConditions skip node traffic",
           "request.userInfo.username.startsWith('system:node:')" in conds, conds)
        ok(f"{n}: matchConditions skip leases",
           "coordination.k8s.io" in conds and "leases" in conds, conds)
    rules = [r for h in hooks for r in h.get("rules") or []]
    for op in ("CREATE", "UPDATE"):
        missing = OBJECTS - rule_pairs(rules, op)
        ok(f"webhook: {op} rules cover pods, workloads, ephemeral containers, RBAC, services, "
           "ingresses, secrets, configmaps", not missing, sorted(missing))
    missing = {("", r) for r in CONNECT} - rule_pairs(rules, "CONNECT")
    ok("webhook: CONNECT rules for pods/exec, pods/attach, pods/portforward, nodes/proxy",
       not missing, sorted(missing))


def selected(doc, selector):
    """Whether a kubectl label selector of `key!=value` terms selects doc."""
    labels = get(doc, "metadata", "labels") or {}
    return all(labels.get(k) != v for k, v in (t.split("!=") for t in selector.split(",")))


def check_stages(docs):
    """The install steps of deploy/README.md: the first applies everything
    but the webhook configuration (and, without cert-manager, its objects)."""
    for selector, leave_out in (
            ("ringwall.io/stage!=webhook", {"ValidatingWebhookConfiguration"}),
            ("ringwall.io/stage!=webhook,ringwall.io/certificates!=cert-manager",
             {"ValidatingWebhookConfiguration", "Issuer", "Certificate"})):
        wrong = [f"{d['kind']}/{d['metadata']['name']}" for d in docs
                 if selected(d, selector) == (d["kind"] in leave_out)]
        ok(f"-l '{selector}' leaves out exactly {', '.join(sorted(leave_out))}", not wrong, wrong)


def main():
    docs = load(sys.argv[1])
    check_namespace(docs)
    selector = check_deployment(docs)
    cert = check_others(docs, selector)
    check_webhook(docs, cert)
    check_stages(docs)


if __name__ == "__main__":
    main()
