#!/usr/bin/env python3
"""make_corpus.py — benchmark inputs under bench/out/ (not committed).

  stream-10.yaml, stream-100.yaml  multi-document YAML of about 10 and 100 MB:
                                   the conformance corpus (../shared/conformance/
                                   corpus) replicated, interleaved with synthetic
                                   workloads generated in bulk
  list.json, list.yaml             one `kubectl get -o json` (and -o yaml) style
                                   List of about --list-mb MB (a single document)
  small.yaml                       one Deployment, for single-file latency
  corpus-xN.yaml, corpus-xN/       the corpus N times (1, 4, 16; namespaces of
                                   their own per copy) as one stream and as files
  small-10000/                     10,000 one-workload files

Usage: make_corpus.py [--out DIR] [--mb N] [--list-mb N]
       (the large stream is N MB, default 100; the List 45 MB)
"""
import argparse
import json
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "conformance", "corpus")

KINDS = ["Deployment", "StatefulSet", "DaemonSet"]
PINNED = "registry.example.com/team/api:2.3.1@sha256:" + "ab" * 32
RISKY_IMAGES = ["nginx", "redis:7", "docker:24-dind", "busybox:latest"]


def hardened_context():
    return {"runAsNonRoot": True, "runAsUser": 10001, "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"}}


def workload(rng, i):
    """One synthetic workload: hardened as a well-kept chart renders it, with
    a quarter of them carrying one or two typical mistakes."""
    name = f"app-{i}"
    containers = []
    for c in range(rng.randint(1, 3)):
        containers.append({
            "name": f"c{c}",
            "image": PINNED,
            "ports": [{"containerPort": 8080 + c, "name": f"http{c}"}],
            "env": [{"name": "LOG_LEVEL", "value": "info"},
                    {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}],
            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                          "limits": {"cpu": "500m", "memory": "256Mi"}},
            "securityContext": hardened_context(),
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080 + c}},
        })
    spec = {"serviceAccountName": name, "automountServiceAccountToken": False,
            "containers": containers}
    if rng.random() < 0.25:
        c = rng.choice(containers)
        for mistake in rng.sample(range(6), 2):
            if mistake == 0:
                c["securityContext"]["privileged"] = True
            elif mistake == 1:
                c["image"] = rng.choice(RISKY_IMAGES)
            elif mistake == 2:
                c["securityContext"]["capabilities"] = {"add": ["NET_ADMIN"]}
            elif mistake == 3:
                spec["hostNetwork"] = True
            elif mistake == 4:
                spec["volumes"] = [{"name": "host", "hostPath": {"path": "/var/run/docker.sock"}}]
            else:
                c["env"].append({"name": "API_TOKEN", "value": "s3cr3t"})
    return {
        "apiVersion": "apps/v1", "kind": rng.choice(KINDS),
        "metadata": {"name": name, "namespace": f"ns-{i % 17}",
                     "labels": {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "shop"}},
        "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name": name}},
                 "template": {"metadata": {"labels": {"app.kubernetes.io/name": name}}, "spec": spec}},
    }


def to_yaml(v, indent=0):
    """Block YAML for the plain data above (strings quoted where needed)."""
    pad = " " * indent
    if isinstance(v, dict):
        out = []
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out.append(f"{pad}{k}:\n{to_yaml(x, indent + 2)}")
            else:
                out.append(f"{pad}{k}: {scalar(x)}")
        return "\n".join(out)
    out = []
    for x in v:
        if isinstance(x, dict) and x:
            body = to_yaml(x, indent + 2)
            out.append(f"{pad}- {body.lstrip()}")
        else:
            out.append(f"{pad}- {scalar(x)}")
    return "\n".join(out)


def scalar(x):
    if x is True:
        return "true"
    if x is False:
        return "false"
    if isinstance(x, (int, float)):
        return str(x)
    if isinstance(x, (dict, list)):
        return "{}" if isinstance(x, dict) else "[]"
    return json.dumps(x)


def corpus_files():
    """The corpus as (relative path, documents each starting with ---) per file."""
    out = []
    for dirpath, _, files in sorted(os.walk(CORPUS)):
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(dirpath, name)
            docs = []
            with open(path, encoding="utf-8") as f:
                cur = []
                for line in f:
                    if line.startswith("---") and cur:
                        docs.append("---\n" + "".join(cur))
                        cur = []
                    elif not line.startswith("---"):
                        cur.append(line if line.endswith("\n") else line + "\n")
                if cur:
                    docs.append("---\n" + "".join(cur))
            out.append((os.path.relpath(path, CORPUS), docs))
    return out


def corpus_docs():
    """The corpus as a list of documents (each starting with ---)."""
    return [d for _, docs in corpus_files() for d in docs]


def replica(doc, k):
    """Copy k of a corpus document in namespaces of its own (namespace fields
    and Namespace objects renamed), so that copies are distinct objects, as
    the same chart installed k times would be."""
    if k == 0:
        return doc
    doc = re.sub(r"^([ \t]*namespace:[ \t]*)([A-Za-z0-9.-]+)[ \t]*$",
                 lambda m: f"{m.group(1)}{m.group(2)}-r{k}", doc, flags=re.M)
    if re.search(r"^kind:[ \t]*Namespace[ \t]*$", doc, re.M):
        doc = re.sub(r"^(  name:[ \t]*)([A-Za-z0-9.-]+)[ \t]*$",
                     lambda m: f"{m.group(1)}{m.group(2)}-r{k}", doc, count=1, flags=re.M)
    return doc


def write_stream(path, size, corpus, rng):
    """Corpus copies interleaved with synthetic workloads, cut at a document end."""
    written = i = copy = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < size:
            copy += 1
            for doc in corpus:  # one corpus copy, then as many synthetic bytes
                doc = replica(doc, copy - 1)
                out.write(doc)
                written += len(doc.encode())
                if written >= size:
                    return written
            target = written + sum(len(d) for d in corpus)
            while written < min(target, size):
                doc = "---\n" + to_yaml(workload(rng, i)) + "\n"
                out.write(doc)
                written += len(doc)
                i += 1
    return written


def write_replicas(out, copies):
    """corpus-xN.yaml: the corpus N times in one stream, and corpus-xN/: the
    same copies as a directory of files (copy K under rK/), for -j."""
    files = corpus_files()
    with open(os.path.join(out, f"corpus-x{copies}.yaml"), "w", encoding="utf-8") as f:
        for k in range(copies):
            for _, docs in files:
                f.write("".join(replica(d, k) for d in docs))
    for k in range(copies):
        for rel, docs in files:
            path = os.path.join(out, f"corpus-x{copies}", f"r{k}", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write("".join(replica(d, k) for d in docs))


def write_list(out, mb):
    """list.json: a `kubectl get -o json` style List of about mb MB, and
    list.yaml: the same List as `kubectl get -o yaml` prints it."""
    rng = random.Random(2)
    items, size, i = [], 0, 0
    while size < mb * 1e6:
        w = workload(rng, i)
        items.append(w)
        size += len(json.dumps(w, indent=4)) * 1.2  # with the List's indentation
        i += 1
    doc = {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
    with open(os.path.join(out, "list.json"), "w") as f:
        json.dump(doc, f, indent=4)
        f.write("\n")
    with open(os.path.join(out, "list.yaml"), "w") as f:
        f.write(to_yaml(doc) + "\n")
    print(f"list.json: {os.path.getsize(os.path.join(out, 'list.json')) / 1e6:.1f} MB, "
          f"list.yaml: {os.path.getsize(os.path.join(out, 'list.yaml')) / 1e6:.1f} MB, "
          f"{len(items)} items")


def write_small_files(out, n):
    """small-N/: N one-workload files, a repository of small manifests."""
    rng = random.Random(4)
    for i in range(n):
        path = os.path.join(out, f"small-{n}", f"d{i // 1000:02d}", f"app-{i:05d}.yaml")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(to_yaml(workload(rng, i)) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--list-mb", type=int, default=45)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    corpus = corpus_docs()
    for name, mb in (("stream-10.yaml", max(1, a.mb // 10)), (f"stream-{a.mb}.yaml", a.mb)):
        n = write_stream(os.path.join(a.out, name), mb << 20, corpus, random.Random(1))
        print(f"{name}: {n / 1e6:.1f} MB")
    write_list(a.out, a.list_mb)
    with open(os.path.join(a.out, "small.yaml"), "w") as f:
        f.write(to_yaml(workload(random.Random(3), 0)) + "\n")
    for copies in (1, 4, 16):
        write_replicas(a.out, copies)
    write_small_files(a.out, 10000)


if __name__ == "__main__":
    main()
