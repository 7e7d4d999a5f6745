#!/usr/bin/env python3
# asan: no-leak-check (many one-shot runs; tests/cases, the unit tests and the server suites check leaks)
"""etcd_offline.py — `ringwall etcd verify` and `etcd inspect` against real
etcd snapshots: Debian's etcd on loopback (random ports, a temporary data
directory), seeded through its v3 JSON gateway with Kubernetes-shaped keys
(plain `k8s\\0` protobuf and JSON Secrets, aescbc, aesgcm, secretbox, KMS v1
and v2 prefixes, other resources, overwritten and deleted keys, values large
enough for branch and overflow pages), compacted, then saved with
`etcdctl snapshot save`. verify must give the figures `etcdctl snapshot
status` gives, for the snapshot and for etcd's own member/snap/db; inspect must name every plain Secret and no other, and count
objects as `etcdctl get` does. Damaged files (truncated, a flipped bit in a
page, in a meta page, in the trailer) and encrypted backups (written here
by an independent implementation of docs/etcd.md's format: the right key,
a wrong key, tampered and truncated ciphertext, no key) are each reported
for what they are, exit 2.
"""
import base64
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import urllib.request

import suitelib
from suitelib import ASAN, free_port, run, skip, status, tap


def ringwall(*args):
    p = suitelib.ringwall("etcd", *args, text=False)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def report(*args):
    rc, out, err = ringwall(*args, "--format", "json")
    try:
        return rc, json.loads(out), err
    except ValueError:
        return rc, None, err + out


# ------------------------------------------------------------------ etcd

class Etcd:
    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "etcd")
        self.client = free_port()
        peer = free_port()
        self.url = f"http://127.0.0.1:{self.client}"
        self.log = open(os.path.join(tmp, "etcd.log"), "w")
        self.proc = subprocess.Popen(
            ["etcd", "--data-dir", self.dir, "--name", "t",
             "--listen-client-urls", self.url, "--advertise-client-urls", self.url,
             "--listen-peer-urls", f"http://127.0.0.1:{peer}",
             "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
             "--initial-cluster", f"t=http://127.0.0.1:{peer}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        if not suitelib.wait_for(self.answers, 20, step=0.1, proc=self.proc, ignore=OSError):
            raise RuntimeError("etcd did not start")

    def answers(self):
        self.call("/v3/kv/range", {"key": b64(b"probe")})
        return True

    def call(self, path, body):
        req = urllib.request.Request(self.url + path, json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def put(self, key, value):
        return self.call("/v3/kv/put", {"key": b64(key), "value": b64(value)})

    def delete(self, key):
        return self.call("/v3/kv/deleterange", {"key": b64(key)})

    def etcdctl(self, *args):
        return run(["etcdctl", "--endpoints", self.url, *args],
                   env=dict(os.environ, ETCDCTL_API="3"))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def b64(b):
    return base64.b64encode(b).decode()


# ----------------------------------------------- Kubernetes-shaped values

def pb_field(num, payload):
    """A length-delimited protobuf field."""
    out, n = bytearray([num << 3 | 2]), len(payload)
    while n >= 0x80:
        out.append(n & 0x7f | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out) + payload


def plain_secret(ns, name, secret):
    """The API server's protobuf envelope: k8s\\0 + runtime.Unknown."""
    type_meta = pb_field(1, b"v1") + pb_field(2, b"Secret")
    meta = pb_field(1, name.encode()) + pb_field(3, ns.encode())
    data = pb_field(1, b"password") + pb_field(2, secret.encode())
    raw = pb_field(1, meta) + pb_field(2, data)
    return b"k8s\x00" + pb_field(1, type_meta) + pb_field(2, raw) + pb_field(4, b"application/vnd.kubernetes.protobuf")


def json_secret(ns, name, secret):
    return json.dumps({"kind": "Secret", "apiVersion": "v1",
                       "metadata": {"name": name, "namespace": ns},
                       "data": {"password": base64.b64encode(secret.encode()).decode()}}).encode()


def encrypted(prefix, secret):
    # what follows the prefix is opaque to the reader; a marker lets the test
    # see that no value is ever printed
    return prefix.encode() + os.urandom(16) + secret.encode() + os.urandom(32)


def seed(etcd):
    """Writes the keyspace; returns the expected view at the end: live keys
    (key -> value) and the names of the Secrets stored plain."""
    live = {}

    def put(key, value):
        etcd.put(key.encode(), value)
        live[key] = value

    def delete(key):
        etcd.delete(key.encode())
        live.pop(key, None)

    marker = "TOPSECRET-"
    put("/registry/secrets/default/db-password", plain_secret("default", "db-password", marker + "1"))
    put("/registry/secrets/prod/api-token", json_secret("prod", "api-token", marker + "2"))
    put("/registry/secrets/prod/tls", encrypted("k8s:enc:aescbc:v1:key1:", marker + "3"))
    put("/registry/secrets/prod/tls2", encrypted("k8s:enc:aescbc:v1:key1:", marker + "4"))
    put("/registry/secrets/kube-system/sa-token", encrypted("k8s:enc:kms:v2:vault-kms:", marker + "5"))
    put("/registry/secrets/kube-system/legacy", encrypted("k8s:enc:kms:v1:old-kms:", marker + "6"))
    put("/registry/secrets/apps/gcm", encrypted("k8s:enc:aesgcm:v1:gcm-2026:", marker + "7"))
    put("/registry/secrets/apps/box", encrypted("k8s:enc:secretbox:v1:sb1:", marker + "8"))
    # written plain, then rewritten encrypted: not plain any more
    put("/registry/secrets/apps/rotated", plain_secret("apps", "rotated", marker + "9"))
    put("/registry/secrets/apps/rotated", encrypted("k8s:enc:aescbc:v1:key2:", marker + "10"))
    # written encrypted, then rewritten plain (identity first): plain
    put("/registry/secrets/apps/regressed", encrypted("k8s:enc:aescbc:v1:key1:", marker + "11"))
    put("/registry/secrets/apps/regressed", plain_secret("apps", "regressed", marker + "12"))
    # plain, then deleted: gone
    put("/registry/secrets/apps/deleted", plain_secret("apps", "deleted", marker + "13"))
    delete("/registry/secrets/apps/deleted")
    # deleted, then created again plain
    put("/registry/secrets/apps/reborn", encrypted("k8s:enc:aescbc:v1:key1:", marker + "14"))
    delete("/registry/secrets/apps/reborn")
    put("/registry/secrets/apps/reborn", json_secret("apps", "reborn", marker + "15"))
    # many objects: branch pages; a large value: overflow pages
    for i in range(300):
        put(f"/registry/configmaps/ns{i % 7}/cm-{i:03d}", b"k8s\x00" + os.urandom(64) + b"x" * 1500)
    for i in range(0, 300, 10):
        delete(f"/registry/configmaps/ns{i % 7}/cm-{i:03d}")
    for i in range(40):
        put(f"/registry/pods/ns{i % 3}/pod-{i}", json.dumps({"kind": "Pod", "i": i}).encode())
        put(f"/registry/pods/ns{i % 3}/pod-{i}", json.dumps({"kind": "Pod", "i": i, "v": 2}).encode())
    put("/registry/deployments/default/web", b"k8s\x00deployment")
    put("/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com",
        b"{\"kind\":\"CustomResourceDefinition\"}" + b" " * 30000)
    put("/registry/example.com/widgets/default/w1", b"{}")
    put("/registry/example.com/widgets/default/w2", b"{}")
    put("/unrelated/key", b"value")
    put("/registry/configmaps/ns1/late", b"k8s\x00late")
    plain = {("default", "db-password"), ("prod", "api-token"), ("apps", "regressed"),
             ("apps", "reborn")}
    return live, plain, marker


def resource_of(key):
    if not key.startswith("/registry/"):
        return "(keys outside the prefix)"
    parts = key[len("/registry/"):].split("/")
    if "." in parts[0] and len(parts) > 1:
        return parts[0] + "/" + parts[1]
    return parts[0]


def findings(rep, check):
    return [f for f in rep["findings"] if f["check"] == check]


# ---------------------------------------------------- encrypted backups
# An implementation of docs/etcd.md "Backup file format", independent of
# the C one, so that the documented format is what the reader reads.

def encrypt_backup(plain, key, key_id, chunk=1 << 20):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    nonce = os.urandom(12)
    h = hashes.Hash(hashes.SHA256())
    h.update(b"ringwall backup key check v1" + key)
    check = h.finalize()[:16]
    kid = key_id.encode()
    header = b"RWETCDBK" + bytes([1, len(kid)]) + struct.pack(">I", chunk) + nonce + check + kid
    out, aes = [header], AESGCM(key)
    pieces = [plain[i:i + chunk] for i in range(0, len(plain), chunk)] or [b""]
    for i, piece in enumerate(pieces):
        head = bytes([1 if i == len(pieces) - 1 else 0]) + struct.pack(">I", len(piece))
        n = bytearray(nonce)
        for b in range(8):
            n[11 - b] ^= (i >> (8 * b)) & 0xff
        out.append(head + aes.encrypt(bytes(n), piece, header + head))
    return b"".join(out)


SUMMARY = re.compile(r"hash (\d+), revision (\d+), total keys (\d+), total size (\d+); (\d+) live keys")


def summary_figures(rep):
    f = findings(rep, "etcd/snapshot-summary") if rep else []
    m = SUMMARY.search(f[0]["message"]) if f else None
    if not m:
        return None
    return {"hash": int(m.group(1)), "revision": int(m.group(2)), "totalKey": int(m.group(3)),
            "totalSize": int(m.group(4)), "live": int(m.group(5))}


def main():
    for tool in ("etcd", "etcdctl"):
        if not shutil.which(tool):
            skip("etcd snapshots", f"{tool} is not installed (make deps-test)")
            return 0
    tmp = tempfile.mkdtemp(prefix="ringwall-etcd-")
    etcd = None
    try:
        etcd = Etcd(tmp)
        live, plain, marker = seed(etcd)
        rev = int(etcd.call("/v3/kv/range", {"key": b64(b"/")})["header"]["revision"])
        etcd.call("/v3/kv/compaction", {"revision": str(rev - 20), "physical": True})
        snap = os.path.join(tmp, "snap.db")
        p = etcd.etcdctl("snapshot", "save", snap)
        tap(p.returncode == 0, "etcdctl snapshot save", p.stderr)
        keys = etcd.etcdctl("get", "", "--from-key", "--keys-only").stdout.split()
        etcd.stop()
        member_db = os.path.join(etcd.dir, "member", "snap", "db")
        etcd = None
        run_checks(tmp, snap, etcdctl_status(snap), live, plain, marker, keys)
        # etcd's own database file (no trailer, grown past its last page)
        rc, rep, err = report("verify", member_db)
        fig, want = summary_figures(rep), etcdctl_status(member_db)
        tap(rc == 0 and fig is not None and findings(rep, "etcd/snapshot-no-hash") and
            all(fig[k] == want[k] for k in want),
            "verify: etcd's member/snap/db, figures as etcdctl snapshot status", f"{fig} {want} {err}")
    finally:
        if etcd:
            etcd.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def expect_damaged(tmp, name, content, expect, command="verify", extra=(), finding=True):
    """The file `name` holding content: exit 2, an error naming it that
    matches expect, and (with finding) etcd/snapshot-damaged in the report."""
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(content)
    rc, rep, err = report(command, path, *extra)
    dmg = rep is not None and findings(rep, "etcd/snapshot-damaged")
    tap(rc == 2 and re.search(expect, err) and err.startswith(f"ringwall: {path}: ") and
        (bool(dmg) == finding or rep is None),
        f"{command}: {name} is reported as such (exit 2)", f"rc {rc}: {err}")
    os.unlink(path)


def etcdctl_status(path):
    p = run(["etcdctl", "snapshot", "status", "-w", "json", path],
            env=dict(os.environ, ETCDCTL_API="3"))
    return json.loads(p.stdout)


def run_checks(tmp, snap, status, live, plain, marker, keys):
    data = open(snap, "rb").read()

    # verify: the figures etcdctl gives
    rc, rep, err = report("verify", snap)
    fig = summary_figures(rep)
    tap(rc == 0 and fig is not None, "verify: a fresh snapshot is sound (exit 0)", err)
    for k in ("hash", "revision", "totalKey", "totalSize"):
        tap(fig is not None and fig[k] == status[k],
            f"verify: {k} agrees with etcdctl snapshot status",
            f"ringwall {fig}, etcdctl {status}")
    tap(fig is not None and fig["live"] == len(keys) == len(live),
        "verify: live keys = etcdctl get --from-key = keys written and not deleted",
        f"ringwall {fig and fig['live']}, etcdctl {len(keys)}, model {len(live)}")
    rc, out, _ = ringwall("verify", snap)
    tap(rc == 0 and "SHA-256 trailer matches" in out, "verify: text report says the hash matched", out)

    # inspect: plain Secrets by name, no encrypted one, providers, counts
    rc, rep, err = report("inspect", snap)
    tap(rep is not None and rc == 1, "inspect: plain Secrets make it exit 1 (high)", err)
    rep = rep or {"findings": []}
    got = {(f["object"]["namespace"], f["object"]["name"]) for f in findings(rep, "etcd/secret-plain")}
    tap(got == plain, "inspect: every plain Secret is named, and only those",
        f"got {sorted(got)}, want {sorted(plain)}")
    sev = {f["severity"] for f in findings(rep, "etcd/secret-plain")}
    kinds = {f["object"]["kind"] for f in findings(rep, "etcd/secret-plain")}
    tap(sev == {"high"} and kinds == {"Secret"}, "inspect: etcd/secret-plain is high, about a Secret")
    text = json.dumps(rep)
    tap(marker not in text, "inspect: no secret value appears in the report")
    prov = findings(rep, "etcd/encryption-providers")
    msg = prov[0]["message"] if prov else ""
    tap(all(s in msg for s in ("aescbc key key1 (2)", "aescbc key key2 (1)", "kms v2 key vault-kms (1)",
                               "kms v1 key old-kms (1)", "aesgcm key gcm-2026 (1)",
                               "secretbox key sb1 (1)")),
        "inspect: providers and key names in use, with counts", msg)
    for check in ("etcd/encryption-identity-first", "etcd/encryption-aescbc", "etcd/encryption-kms-v1"):
        tap(len(findings(rep, check)) == 1, f"inspect: {check} reported")
    tap(not findings(rep, "etcd/encryption-off"), "inspect: etcd/encryption-off not reported (some are encrypted)")
    counts = {}
    for k in live:
        counts[resource_of(k)] = counts.get(resource_of(k), 0) + 1
    got_counts = {}
    for f in findings(rep, "etcd/snapshot-objects"):
        name, n = f["message"].rsplit(": ", 1)
        got_counts[name] = int(n)
    tap(got_counts == counts, "inspect: objects by resource", f"got {got_counts}, want {counts}")
    rc, rep2, err = report("inspect", "--prefix", "/unrelated/", snap)
    got2 = {f["message"] for f in findings(rep2 or {"findings": []}, "etcd/snapshot-objects")}
    tap(rc == 0 and got2 == {"key: 1", f"(keys outside the prefix): {len(live) - 1}"} and
        not findings(rep2, "etcd/secret-plain"),
        "inspect --prefix: another --etcd-prefix, resources under it only", f"{got2} {err}")
    rc, out, _ = ringwall("inspect", snap, "--format", "sarif")
    tap(rc == 1 and json.loads(out)["version"] == "2.1.0", "inspect: SARIF report")
    rc, out, _ = ringwall("inspect", snap, "--format", "junit")
    tap(rc == 1 and "<testsuite" in out, "inspect: JUnit report")
    out_file = os.path.join(tmp, "report.json")
    rc, _, _ = ringwall("inspect", snap, "--format", "json", "-o", out_file, "--fail-on", "none")
    tap(rc == 0 and json.load(open(out_file))["findings"], "inspect: -o writes the report; --fail-on none exits 0")

    # damage
    def damaged(name, content, expect, command="verify"):
        expect_damaged(tmp, name, content, expect, command)

    size = len(data)
    damaged("truncated-half.db", data[:size // 2 + 100], r"truncated")
    damaged("truncated-by-one.db", data[:-1], r"truncated|trailer")
    damaged("truncated-pages.db", data[:size - 32 - 4096], r"truncated")
    flipped = bytearray(data)
    flipped[size // 2] ^= 0x10
    damaged("bit-flipped-page.db", bytes(flipped), r"SHA-256 trailer does not match")
    flipped = bytearray(data)
    flipped[-5] ^= 0x01
    damaged("bit-flipped-trailer.db", bytes(flipped), r"SHA-256 trailer does not match")
    flipped = bytearray(data)
    flipped[16 + 40] ^= 0x04  # meta 0's page count
    damaged("bit-flipped-meta.db", bytes(flipped), r"meta page 0: checksum mismatch")
    damaged("truncated-pages.db", data[:size - 32 - 4096], r"truncated", "inspect")
    damaged("empty.db", b"", r"empty")
    damaged("not-a-snapshot.db", b"hello\n" * 1000, r"not a bbolt database")
    # a data-directory copy (no trailer): sound, with a low finding
    raw = os.path.join(tmp, "raw.db")
    open(raw, "wb").write(data[:-32])
    rc, rep, err = report("verify", raw)
    tap(rc == 0 and rep and findings(rep, "etcd/snapshot-no-hash") and
        summary_figures(rep)["totalKey"] == status["totalKey"],
        "verify: a snapshot without its trailer: structure checked, etcd/snapshot-no-hash", err)
    # structural damage the hash cannot see: a page's id changed, trailer gone
    page = 4096
    bad = bytearray(data[:-32])
    root = struct.unpack_from("<Q", bad, 16 + 16)[0]  # meta 0's root bucket page
    bad[root * page] ^= 0x40
    damaged("page-id-changed.db", bytes(bad), r"page \d+: holds the id of page")

    try:
        import cryptography.hazmat.primitives.ciphers.aead  # noqa: F401
        encrypted_backups(tmp, data, fig, plain)
    except ImportError:
        skip("encrypted backups", "python3-cryptography is not installed (make deps-test)")

    # every snapshot cut short at many points: exit 2, never a crash
    crashes = []
    step = max(1, size // (20 if ASAN else 60))
    for cut in range(0, size, step):
        path = os.path.join(tmp, "cut.db")
        open(path, "wb").write(data[:cut])
        for cmd in ("verify", "inspect"):
            rc, _, err = ringwall(cmd, path)
            if rc != 2 or not err.startswith("ringwall: "):
                crashes.append((cmd, cut, rc, err[:200]))
    tap(not crashes, "verify and inspect: a snapshot cut anywhere is an error, never a crash",
        "\n".join(map(str, crashes[:5])))


def encrypted_backups(tmp, data, fig, plain):
    """Backups written by encrypt_backup: read back, and each kind of damage."""
    key = os.urandom(32)
    keyfile = os.path.join(tmp, "backup.key")
    open(keyfile, "w").write(key.hex() + "\n")
    enc = encrypt_backup(data, key, "backup-2026", chunk=1 << 16)
    enc_path = os.path.join(tmp, "snap.db.enc")
    open(enc_path, "wb").write(enc)
    rc, rep, err = report("verify", enc_path, "--encrypt-key-file", keyfile)
    fig2 = summary_figures(rep)
    tap(rc == 0 and fig2 is not None and fig2 == fig, "verify: an encrypted backup decrypts to the same figures", err)
    tap(rep is not None and "key id \"backup-2026\"" in findings(rep, "etcd/snapshot-summary")[0]["message"],
        "verify: the report names the key id")
    rc, rep, err = report("inspect", enc_path, "-k", keyfile)
    got = {(f["object"]["namespace"], f["object"]["name"]) for f in findings(rep or {"findings": []}, "etcd/secret-plain")}
    tap(rc == 1 and got == plain, "inspect: an encrypted backup gives the same Secrets", err)
    wrong = os.path.join(tmp, "wrong.key")
    open(wrong, "wb").write(os.urandom(32))
    def enc_damaged(name, content, expect, extra=("--encrypt-key-file", keyfile), finding=True):
        expect_damaged(tmp, name, content, expect, "verify", extra, finding)
    enc_damaged("wrong-key.db.enc", enc, r"wrong key", ("--encrypt-key-file", wrong))
    tampered = bytearray(enc)
    tampered[len(enc) // 2] ^= 0x01
    enc_damaged("tampered.db.enc", bytes(tampered), r"damaged or tampered: chunk \d+ fails authentication")
    enc_damaged("truncated.db.enc", enc[:len(enc) // 2], r"truncated: the file ends inside chunk")
    chunk_bytes = 5 + (1 << 16) + 16
    header = 42 + len("backup-2026")
    enc_damaged("truncated-at-chunk.db.enc", enc[:header + 2 * chunk_bytes],
                r"truncated: the file ends after chunk 1, which is not the last")
    swapped = bytearray(enc)
    a, b = header, header + chunk_bytes
    swapped[a:b], swapped[b:b + chunk_bytes] = enc[b:b + chunk_bytes], enc[a:b]
    enc_damaged("reordered.db.enc", bytes(swapped), r"fails authentication")
    enc_damaged("no-key.db.enc", enc, r"encrypted backup: give its key", (), finding=False)
    bad_key = os.path.join(tmp, "bad.key")
    open(bad_key, "w").write("not a key\n")
    rc, _, err = ringwall("verify", enc_path, "--encrypt-key-file", bad_key)
    tap(rc == 2 and f"{bad_key}: not a key" in err, "verify: a malformed key file is named", err)
    rc, _, err = ringwall("verify", os.path.join(tmp, "missing.db"))
    tap(rc == 2 and "missing.db: No such file" in err, "verify: a missing file is named", err)


if __name__ == "__main__":
    main()
    sys.exit(status())
