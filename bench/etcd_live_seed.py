#!/usr/bin/env python3
"""etcd_live_seed.py URL MB SECRETS — fills an etcd through its v3 gateway: MB
values of 1 MiB (random, so the database really grows by that much) and
SECRETS Kubernetes-shaped Secrets (a third plain protobuf, a third aescbc,
a third KMS v2), 128 per transaction."""
import base64
import json
import os
import sys
import urllib.request


def post(url, path, body):
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()


def b64(b):
    return base64.b64encode(b).decode()


def main():
    url, mb, secrets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for i in range(mb):
        post(url, "/v3/kv/put", {"key": b64(b"/registry/configmaps/bench/blob-%05d" % i),
                                 "value": b64(os.urandom(1 << 20))})
    forms = [b"k8s\x00\x0a\x0f\x0a\x02v1\x12\x06Secret", b"k8s:enc:aescbc:v1:key1:",
             b"k8s:enc:kms:v2:vault:"]
    ops = []
    for i in range(secrets):
        key = b"/registry/secrets/ns-%03d/secret-%06d" % (i % 500, i)
        ops.append({"request_put": {"key": b64(key),
                                    "value": b64(forms[i % 3] + os.urandom(160))}})
        if len(ops) == 128 or i == secrets - 1:
            post(url, "/v3/kv/txn", {"success": ops})
            ops = []


if __name__ == "__main__":
    main()
