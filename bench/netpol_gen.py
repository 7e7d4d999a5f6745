#!/usr/bin/env python3
"""netpol_gen.py — writes a synthetic cluster for the netpol benchmark:
NAMESPACES namespaces of WORKLOADS/NAMESPACES Deployments each, and four
NetworkPolicies per namespace (default deny both ways, DNS egress, web to
api inside the namespace, scraping from the monitoring namespace), with a
few ipBlock egress rules. Usage: netpol_gen.py OUTFILE [namespaces]
[workloads]."""
import sys

TIERS = ["web", "api", "db", "cache", "worker"]


def namespace(out, i, name):
    team = "monitoring" if i == 0 else f"team-{i % 50}"
    out.write(f"---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n"
              f"  labels: {{team: {team}, env: {'prod' if i % 2 else 'dev'}}}\n")


def deployment(out, ns, j):
    tier = TIERS[j % len(TIERS)]
    out.write(f"""---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: app-{j}, namespace: {ns}}}
spec:
  replicas: 2
  template:
    metadata:
      labels: {{app: app-{j}, tier: {tier}}}
    spec:
      containers:
      - name: main
        image: registry.example.com/app:{j}
        ports:
        - {{name: http, containerPort: 8080}}
        - {{name: metrics, containerPort: 9090}}
""")


def policies(out, i, ns):
    out.write(f"""---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: default-deny, namespace: {ns}}}
spec:
  podSelector: {{}}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: allow-dns, namespace: {ns}}}
spec:
  podSelector: {{}}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: kube-system}}}}
      podSelector: {{matchLabels: {{k8s-app: kube-dns}}}}
    ports: [{{port: 53, protocol: UDP}}, {{port: 53, protocol: TCP}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: web-to-api, namespace: {ns}}}
spec:
  podSelector: {{matchExpressions: [{{key: tier, operator: In, values: [api, db]}}]}}
  policyTypes: [Ingress]
  ingress:
  - from: [{{podSelector: {{matchLabels: {{tier: web}}}}}}]
    ports: [{{port: http}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: web-egress, namespace: {ns}}}
spec:
  podSelector: {{matchLabels: {{tier: web}}}}
  policyTypes: [Egress]
  egress:
  - to: [{{podSelector: {{matchExpressions: [{{key: tier, operator: In, values: [api, db]}}]}}}}]
    ports: [{{port: 8080}}]
  - to: [{{ipBlock: {{cidr: 10.{i % 256}.0.0/16, except: [10.{i % 256}.1.0/24]}}}}]
    ports: [{{port: 443}}]
""")


def main():
    path = sys.argv[1]
    nns = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    nw = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    per = nw // nns
    with open(path, "w") as out:
        for i in range(nns):
            ns = f"ns-{i:03d}"
            namespace(out, i, ns)
            for j in range(per):
                deployment(out, ns, j)
            policies(out, i, ns)


if __name__ == "__main__":
    main()
