#!/usr/bin/env python3
"""etcd_seed.py URL MEGABYTES — fills an etcd (v3 JSON gateway at URL) with
Kubernetes-shaped keys until about MEGABYTES of values are written: Secrets
(plain `k8s\\0` protobuf, and aescbc/kms v2 prefixes), ConfigMaps, Pods and
Events of 0.5–16 KB, in transactions of 128 puts; a tenth is rewritten so
the keyspace holds several revisions of some keys."""
import base64
import json
import os
import random
import sys
import urllib.error
import urllib.request

url, megabytes = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
blob = os.urandom(1 << 20)


def b64(b):
    return base64.b64encode(b).decode()


def value(kind, size):
    off = rng.randrange(0, len(blob) - size)
    body = blob[off:off + size]
    if kind == "secrets":
        prefix = rng.choice([b"k8s\x00", b"k8s:enc:aescbc:v1:key1:", b"k8s:enc:kms:v2:cfg:"])
        return prefix + body
    return b"k8s\x00" + body


def txn(puts):
    body = {"success": [{"requestPut": {"key": b64(k), "value": b64(v)}} for k, v in puts]}
    req = urllib.request.Request(url + "/v3/kv/txn", json.dumps(body).encode(),
                                 {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
    except urllib.error.HTTPError as e:
        sys.exit(f"etcd refused a transaction: {e.read().decode(errors='replace')[:300]}")


written, n, batch, batch_bytes = 0, 0, [], 0
keys, committed, in_batch = [], 0, set()
while written < megabytes * 1_000_000:
    kind = rng.choice(["secrets", "configmaps", "pods", "events"])
    size = rng.choice([512, 1024, 2048, 4096, 8192, 16384])
    if committed and rng.random() < 0.1:
        key = keys[rng.randrange(committed)]
        if key in in_batch:  # a transaction puts a key once
            continue
    else:
        key = f"/registry/{kind}/ns-{n % 50}/{kind[:-1]}-{n}".encode()
        keys.append(key)
        n += 1
    v = value(kind, size)
    batch.append((key, v))
    in_batch.add(key)
    batch_bytes += len(v)
    written += len(v)
    if len(batch) == 128 or batch_bytes > 700_000:
        txn(batch)
        batch, batch_bytes, committed = [], 0, len(keys)
        in_batch.clear()
if batch:
    txn(batch)
print(f"seeded {n} keys, {written // 1_000_000} MB of values")
