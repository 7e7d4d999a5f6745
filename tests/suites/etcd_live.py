#!/usr/bin/env python3
"""etcd_live.py — `ringwall etcd check`, `backup` and `decrypt` against real
etcd servers (Debian's etcd-server) on loopback, each with its own free ports
and data directory, in four configurations: plaintext; TLS with a weak setup
(no client certificates required, an RSA 1024 certificate that expires in 10
days, Go's default suites); --auto-tls; and a hardened one (client and peer
certificates required, ECDSA certificates from a CA made here with openssl,
AEAD suites only, RBAC auth on); plus a TLS 1.0 terminator in front of the
plaintext one. Each is seeded with Kubernetes-shaped keys: Secrets stored
plain (`k8s\\0` protobuf, JSON) and encrypted (`k8s:enc:aescbc:v1:key1:`,
`k8s:enc:kms:v2:`). Every etcd/* finding of check fires in some
configuration and none in the hardened one (where all Secrets are encrypted
with aesgcm). Backups, over gRPC and over the JSON gateway, agree with
`etcdctl snapshot save` at the same revision (`etcdctl snapshot status` and
`ringwall etcd verify`); an encrypted one decrypts with its key only, to the
same bytes, and the restore drill (`etcdctl snapshot restore`, an etcd
started on it) holds the keys. Failures (etcd SIGKILLed mid-stream, a stream
cut short or with a flipped trailer bit from a relay of a real snapshot, a
full tmpfs, no endpoint) leave nothing under the final name and exit 2;
--keep removes only ringwall's own older backups.
"""
import base64
import http.server
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import warnings

import suitelib
from suitelib import LOCALHOST, RINGWALL, free_port, issue, make_ca, skip, status, tap

warnings.filterwarnings("ignore", category=DeprecationWarning)  # TLS 1.0 on purpose
SECRET_MARK = b"RINGWALL-NEVER-PRINT-ME"


def run(args, timeout=60, **kw):
    return suitelib.run(args, text=False, timeout=timeout, **kw)


def ringwall(*args, timeout=60):
    return run([RINGWALL, "etcd", *args], timeout=timeout)


# ------------------------------------------------------------ certificates

def make_pki(d):
    """A CA; a good ECDSA server certificate; a weak RSA 1024 one expiring in
    10 days; a client certificate."""
    make_ca(d, "/CN=test etcd CA", days=365)
    server_ext = LOCALHOST + "extendedKeyUsage=serverAuth,clientAuth\n"
    issue(d, os.path.join(d, "server"), "/CN=etcd", days=365, ext=server_ext)
    issue_expired(d)
    issue(d, os.path.join(d, "weak"), "/CN=etcd-weak", days=10, newkey=("rsa:1024",),
          ext=server_ext)
    # no CN: etcd's gateway refuses a client certificate with a CommonName
    # once RBAC auth is on (it cannot pass the CN on as the user)
    issue(d, os.path.join(d, "client"), "/O=ringwall test", days=365,
          ext="extendedKeyUsage=clientAuth\n")
    return {k: os.path.join(d, f"{k}") for k in
            ("ca.crt", "server.crt", "server.key", "weak.crt", "weak.key", "client.crt",
             "client.key", "expired.crt", "expired.key")}


def issue_expired(d):
    """A server certificate from the test CA that expired yesterday (openssl
    3.0's command line cannot back-date one)."""
    import datetime
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    ca_key = serialization.load_pem_private_key(open(os.path.join(d, "ca.key"), "rb").read(),
                                                None)
    ca = x509.load_pem_x509_certificate(open(os.path.join(d, "ca.crt"), "rb").read())
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "etcd-expired")]))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=30))
            .not_valid_after(now - datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    with open(os.path.join(d, "expired.crt"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(d, "expired.key"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))


# ------------------------------------------------------------------ etcd

AEAD = ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,"
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305")


class Etcd:
    """One etcd member: client and peer URLs on free loopback ports."""

    def __init__(self, root, name, tls=None, peer_tls=None, extra=(), client_auth=False,
                 peer_auth=False, auto_tls=False, restore=None):
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir)
        self.cport, self.pport = free_port(), free_port()
        cs = "https" if tls or auto_tls else "http"
        ps = "https" if peer_tls or auto_tls else "http"
        self.client = f"{cs}://127.0.0.1:{self.cport}"
        self.peer = f"{ps}://127.0.0.1:{self.pport}"
        self.tls, self.pki = tls, None
        args = ["etcd", "--name", name, "--data-dir", os.path.join(self.dir, "data"),
                "--listen-client-urls", self.client, "--advertise-client-urls", self.client,
                "--listen-peer-urls", self.peer, "--initial-advertise-peer-urls", self.peer,
                "--initial-cluster", f"{name}={self.peer}", "--log-level", "error",
                "--logger", "zap", *extra]
        if tls:
            args += ["--cert-file", tls[0], "--key-file", tls[1]]
        if peer_tls:
            args += ["--peer-cert-file", peer_tls[0], "--peer-key-file", peer_tls[1]]
        if client_auth:
            args += ["--client-cert-auth", "--trusted-ca-file", client_auth]
        if peer_auth:
            args += ["--peer-client-cert-auth", "--peer-trusted-ca-file", peer_auth]
        if auto_tls:
            args += ["--auto-tls", "--peer-auto-tls"]
        if restore:  # the restore drill of docs/etcd.md, on etcd 3.4
            p = run(["etcdctl", "snapshot", "restore", restore, "--name", name,
                     "--data-dir", os.path.join(self.dir, "data"),
                     "--initial-cluster", f"{name}={self.peer}",
                     "--initial-advertise-peer-urls", self.peer],
                    env=dict(os.environ, ETCDCTL_API="3"))
            if p.returncode != 0:
                raise RuntimeError("etcdctl snapshot restore: " + p.stderr.decode())
        self.log = open(os.path.join(self.dir, "log"), "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        self.token = None

    def context(self):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        if self.pki:
            ctx.load_cert_chain(self.pki["client.crt"], self.pki["client.key"])
        return ctx

    def call(self, path, body):
        req = urllib.request.Request(self.client + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        if self.token:
            req.add_header("Authorization", self.token)
        ctx = self.context() if self.client.startswith("https") else None
        with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
            return json.loads(r.read())

    def answers(self):
        self.call("/v3/maintenance/status", {})
        return True

    def wait(self):
        if suitelib.wait_for(self.answers, 20, step=0.1, proc=self.proc, ignore=Exception):
            return self
        why = "etcd exited: " if self.proc.poll() is not None else "etcd did not start: "
        raise RuntimeError(why + open(self.log.name).read()[-2000:])

    def put(self, key, value):
        self.call("/v3/kv/put", {"key": base64.b64encode(key).decode(),
                                 "value": base64.b64encode(value).decode()})

    def etcdctl(self, *args):
        flags = ["--endpoints", self.client]
        if self.pki:
            flags += ["--cacert", self.pki["ca.crt"], "--cert", self.pki["client.crt"],
                      "--key", self.pki["client.key"]]
        return run(["etcdctl", *flags, *args], env=dict(os.environ, ETCDCTL_API="3"))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def seed(e, plain=True, encrypted=True, bulk=0):
    """Kubernetes-shaped keys; plain Secrets when `plain`, encrypted ones when
    `encrypted`."""
    e.put(b"/registry/pods/default/web", b"k8s\x00\x0a\x0c\x0a\x02v1\x12\x03Pod")
    if encrypted:
        e.put(b"/registry/secrets/kube-system/aescbc-1",
              b"k8s:enc:aescbc:v1:key1:" + os.urandom(48))
        e.put(b"/registry/secrets/kube-system/kms-1", b"k8s:enc:kms:v2:vault:" + os.urandom(48))
        e.put(b"/registry/secrets/default/aesgcm-1",
              b"k8s:enc:aesgcm:v1:key2:" + os.urandom(48))
    if plain:
        e.put(b"/registry/secrets/default/plain-proto",
              b"k8s\x00\x0a\x0f\x0a\x02v1\x12\x06Secret" + SECRET_MARK)
        e.put(b"/registry/secrets/prod/plain-json",
              b'{"kind":"Secret","apiVersion":"v1","data":{"p":"' + SECRET_MARK + b'"}}')
    for i in range(bulk):  # 1 MiB values, to make the snapshot take a while
        e.put(b"/registry/configmaps/bulk/cm-%d" % i, os.urandom(1 << 20))


def findings(stdout):
    doc = json.loads(stdout)
    out = {}
    for f in doc.get("findings", []):
        out.setdefault(f["check"] if isinstance(f.get("check"), str) else f["id"], []).append(f)
    return doc, out


def check_json(e, *extra):
    args = ["check", "--endpoints", e.client, "--peer-endpoints", e.peer, "--format", "json",
            "--fail-on", "none", *extra]
    p = ringwall(*args)
    try:
        doc, by_id = findings(p.stdout)
    except (ValueError, KeyError):
        doc, by_id = None, {}
    return p, doc, by_id


ENDPOINT_IDS = ["etcd/client-plaintext", "etcd/client-cert-auth-off", "etcd/peer-plaintext",
                "etcd/peer-cert-auth-off", "etcd/tls-legacy-version", "etcd/tls-weak-cipher",
                "etcd/cert-self-signed", "etcd/cert-expiry", "etcd/cert-weak-key",
                "etcd/auth-off", "etcd/anonymous-read"]


# --------------------------------------------------------------- relay

class Relay(http.server.BaseHTTPRequestHandler):
    """Serves a recorded snapshot stream of a real etcd, damaged as told."""
    body = b""
    cut = None

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/v3/maintenance/status":
            data = b'{"header":{"revision":"1"}}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        data = self.body if self.cut is None else self.body[:self.cut]
        self.wfile.write(data)
        self.wfile.flush()
        if self.cut is not None:
            self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def log_message(self, *a):
        pass


def relay(body, cut=None):
    handler = type("R", (Relay,), {"body": body, "cut": cut})
    srv = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def flip_trailer(stream):
    """The same stream with one bit of the SHA-256 trailer (the last blob)
    flipped."""
    lines = [l for l in stream.split(b"\n") if l.strip()]
    last = json.loads(lines[-1])
    blob = bytearray(base64.b64decode(last["result"]["blob"]))
    blob[5] ^= 1
    last["result"]["blob"] = base64.b64encode(bytes(blob)).decode()
    lines[-1] = json.dumps(last).encode()
    return b"\n".join(lines) + b"\n"


class LegacyTlsFront:
    """A TLS terminator in front of an etcd client port that still speaks
    TLS 1.0 and 1.1 (as an old load balancer would; etcd itself refuses
    anything older than 1.2): OpenSSL through Python's ssl module."""

    def __init__(self, cert, key, backend_port):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.minimum_version = ssl.TLSVersion.TLSv1
        self.ctx.set_ciphers("ALL:@SECLEVEL=0")
        self.ctx.load_cert_chain(cert, key)
        self.backend = backend_port
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn):
        try:
            tls = self.ctx.wrap_socket(conn, server_side=True)
            back = socket.create_connection(("127.0.0.1", self.backend))
        except (OSError, ssl.SSLError):
            conn.close()
            return

        def pump(src, dst):
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    dst.sendall(data)
            except (OSError, ssl.SSLError):
                pass
            for sck in (src, dst):
                try:
                    sck.close()
                except OSError:
                    pass
        threading.Thread(target=pump, args=(back, tls), daemon=True).start()
        pump(tls, back)

    def close(self):
        self.sock.close()


# --------------------------------------------------------------- cases

def listing(d):
    return sorted(os.listdir(d))


def test_check_plaintext(e):
    p, doc, by = check_json(e)
    tap(p.returncode == 0 and doc is not None,
        "check plaintext: runs, report is JSON", p.stderr.decode() + p.stdout.decode()[:500])
    for cid in ("etcd/client-plaintext", "etcd/peer-plaintext", "etcd/anonymous-read",
                "etcd/auth-off", "etcd/secret-plain", "etcd/encryption-aescbc",
                "etcd/encryption-identity-first", "etcd/encryption-providers"):
        tap(cid in by, f"check plaintext: {cid} fires", sorted(by))
    names = sorted((f.get("object", {}).get("namespace"), f.get("object", {}).get("name"))
                   for f in by.get("etcd/secret-plain", []))
    tap(names == [("default", "plain-proto"), ("prod", "plain-json")],
        "check plaintext: secret-plain names each plain Secret", names)
    tap(not any(k in by for k in ("etcd/tls-legacy-version", "etcd/cert-self-signed",
                                  "etcd/client-cert-auth-off")),
        "check plaintext: no TLS finding on a plain port", sorted(by))
    outs = [p.stdout]
    for fmt in ("text", "sarif", "junit"):
        q = ringwall("check", "--endpoints", e.client, "--format", fmt)
        outs.append(q.stdout + q.stderr)
        tap(q.returncode == 1,
            f"check plaintext: --format {fmt} exits 1 (critical findings)", q.stderr.decode())
    tap(not any(SECRET_MARK in o for o in outs), "check: never prints a Secret's value")
    out = os.path.join(e.dir, "report.sarif")
    q = ringwall("check", "--endpoints", e.client, "--format", "sarif", "-o", out)
    ok = q.returncode == 1 and os.path.exists(out)
    if ok:
        sarif = json.load(open(out))
        results = {r["ruleId"] for r in sarif["runs"][0]["results"]}
        ok = "etcd/client-plaintext" in results and all(r.startswith("etcd/") for r in results)
    tap(ok, "check: -o writes a SARIF report of etcd/* results", q.stderr.decode())
    q = ringwall("check", "--endpoints", e.client, "--no-secrets", "--fail-on", "none")
    tap(q.returncode == 0 and b"etcd/secret-plain" not in q.stdout,
        "check: --fail-on none exits 0; --no-secrets skips Secrets", q.stdout.decode()[-400:])


def test_check_weak(e):
    p, doc, by = check_json(e, "--insecure-skip-tls-verify")
    tap(p.returncode == 0 and doc is not None,
        "check weak TLS: runs", p.stderr.decode() + p.stdout.decode()[:300])
    for cid in ("etcd/client-cert-auth-off", "etcd/peer-cert-auth-off",
                "etcd/tls-weak-cipher", "etcd/cert-expiry",
                "etcd/cert-weak-key", "etcd/anonymous-read", "etcd/auth-off"):
        tap(cid in by, f"check weak TLS: {cid} fires", sorted(by))
    for cid in ("etcd/encryption-kms-v1", "etcd/secret-unrecognized"):
        tap(cid in by,
            f"check weak TLS: {cid} fires (a KMS v1 value, a value of neither form)", sorted(by))
    odd = [f["object"].get("name") for f in by.get("etcd/secret-unrecognized", [])]
    tap(odd == ["garbage"], "check: secret-unrecognized names the Secret", odd)
    tap(SECRET_MARK not in p.stdout + p.stderr, "check: never prints an unrecognized value either")
    soon = by.get("etcd/cert-expiry", [{}])[0]
    tap(soon.get("severity") == "medium" and "expires on" in soon.get("message", ""),
        "check weak TLS: a certificate expiring in 10 days is etcd/cert-expiry at medium", soon)
    tap("etcd/cert-self-signed" not in by and "etcd/client-plaintext" not in by,
        "check weak TLS: a CA-signed certificate is not self-signed", sorted(by))


def test_check_legacy_front(plain, pki):
    """An old terminator, with a certificate that expired yesterday."""
    front = LegacyTlsFront(pki["expired.crt"], pki["expired.key"], plain.cport)
    try:
        p = ringwall("check", "--endpoints", front.url, "--insecure-skip-tls-verify",
                     "--no-secrets", "--format", "json", "--fail-on", "none")
        try:
            by = findings(p.stdout)[1]
        except (ValueError, KeyError):
            by = {}
        tap("etcd/tls-legacy-version" in by,
            "check behind a TLS 1.0 front: etcd/tls-legacy-version fires",
            p.stderr.decode() + str(sorted(by)))
        expired = by.get("etcd/cert-expiry", [{}])[0]
        tap(expired.get("severity") == "high" and "expired" in expired.get("message", ""),
            "check: an expired certificate is etcd/cert-expiry at high", expired)
    finally:
        front.close()


def test_check_auto_tls(e):
    p, doc, by = check_json(e, "--insecure-skip-tls-verify")
    tap(p.returncode == 0 and "etcd/cert-self-signed" in by,
        "check --auto-tls: etcd/cert-self-signed fires", p.stderr.decode() + str(sorted(by)))
    tap("etcd/encryption-off" in by and "etcd/encryption-identity-first" not in by,
        "check, every Secret plain: etcd/encryption-off fires (and not identity-first)", sorted(by))


def test_check_hardened(e):
    tls = ["--cacert", e.pki["ca.crt"], "--cert", e.pki["client.crt"], "--key",
           e.pki["client.key"]]
    p, doc, by = check_json(e, *tls, "--user", "root:rootpw")
    tap(p.returncode == 0 and doc is not None,
        "check hardened: runs", p.stderr.decode() + p.stdout.decode()[:300])
    fired = [cid for cid in by if cid in ENDPOINT_IDS or cid in (
        "etcd/secret-plain", "etcd/encryption-off", "etcd/encryption-identity-first")]
    tap(not fired, "check hardened: no transport, access or plain-Secret finding", fired)
    tap("etcd/encryption-providers" in by,
        "check hardened: the providers in use are summarised", sorted(by))
    q = ringwall("check", "--endpoints", e.client, "--peer-endpoints", e.peer, *tls,
                 "--user", "root:rootpw")
    tap(q.returncode == 0,
        "check hardened: text report exits 0 (nothing at high)",
        q.stdout.decode()[-600:] + q.stderr.decode())
    q = ringwall("check", "--endpoints", e.client, *tls)
    tap(q.returncode == 2 and b"secrets" in q.stderr,
        "check with auth on and no user: Secrets unreadable, exit 2, says why", q.stderr.decode())
    q = ringwall("check", "--endpoints", e.client, *tls, "--user", "root:wrong")
    tap(q.returncode == 2, "check with a wrong password: exit 2", q.stderr.decode())
    q = ringwall("check", "--endpoints", e.client, "--cacert", e.pki["ca.crt"],
                 "--no-secrets", "--fail-on", "none")
    tap(q.returncode == 2 and b"etcd/anonymous-read" not in q.stdout and b"certificate" in q.stderr,
        "check without the client certificate a port requires: exit 2, says why, no "
        "anonymous read", q.stdout.decode()[-400:] + q.stderr.decode())


def snapshot_status(path):
    p = run(["etcdctl", "snapshot", "status", path, "-w", "json"],
            env=dict(os.environ, ETCDCTL_API="3"))
    return json.loads(p.stdout) if p.returncode == 0 else p.stderr.decode()


def test_backup_matches_etcdctl(e, work, name, *conn):
    """conn: connection options (and --api)."""
    out = os.path.join(work, f"{name}-backups")
    os.makedirs(out)
    p = ringwall("backup", "--endpoints", e.client, *conn, "--out",
                 os.path.join(out, "etcd-%F.db"))
    made = [f for f in listing(out) if f.endswith(".db")]
    ctl = os.path.join(work, f"{name}-etcdctl.db")
    e.etcdctl("snapshot", "save", ctl)
    ok = p.returncode == 0 and len(made) == 1
    mine = snapshot_status(os.path.join(out, made[0])) if ok else None
    theirs = snapshot_status(ctl)
    tap(ok and isinstance(mine, dict) and
        all(mine[k] == theirs[k] for k in ("hash", "revision", "totalKey")),
        f"backup {name}: etcdctl snapshot status agrees with etcdctl's own snapshot "
        "(hash, revision, keys)", f"{p.stderr.decode()} {mine} {theirs}")
    if ok:
        v = ringwall("verify", os.path.join(out, made[0]))
        want = (f"hash {theirs['hash']}, revision {theirs['revision']}, "
                f"total keys {theirs['totalKey']}") if isinstance(theirs, dict) else "?"
        tap(v.returncode == 0 and want.encode() in v.stdout,
            f"backup {name}: ringwall etcd verify agrees with etcdctl",
            v.stdout.decode()[-400:] + v.stderr.decode())
        st = os.stat(os.path.join(out, made[0]))
        tap(st.st_mode & 0o777 == 0o600, f"backup {name}: file is private (0600)", oct(st.st_mode))
        tap(b"revision" in p.stdout and b"sha256" in p.stdout,
            f"backup {name}: the summary line names revision and sha256", p.stdout.decode())
        return os.path.join(out, made[0])
    return None


def test_backup_failover(e, work):
    out = os.path.join(work, "failover")
    os.makedirs(out)
    dead = f"http://127.0.0.1:{free_port()}"
    p = ringwall("backup", "--endpoints", f"{dead},{e.client}", "--timeout", "2",
                 "--out", os.path.join(out, "etcd.db"))
    tap(p.returncode == 0 and listing(out) == [".ringwall-etcd-backups", "etcd.db"],
        "backup: a dead first endpoint fails over to the next", p.stderr.decode())
    p = ringwall("backup", "--endpoints", dead, "--timeout", "1",
                 "--out", os.path.join(out, "none.db"))
    tap(p.returncode == 2 and "none.db" not in listing(out),
        "backup: no endpoint answers: exit 2, nothing written", p.stderr.decode())


def test_backup_damaged_streams(e, work):
    # the gateway's stream (JSON objects, base64 blobs), recorded from etcd
    raw = run(["curl", "-s", "-X", "POST", "-d", "{}", e.client + "/v3/maintenance/snapshot"])
    stream = raw.stdout
    cases = [("a flipped bit in the SHA-256 trailer", flip_trailer(stream), None),
             ("a connection dropped mid-stream", stream, len(stream) // 2)]
    for what, body, cut in cases:
        srv, url = relay(body, cut)
        out = os.path.join(work, "damaged")
        os.makedirs(out, exist_ok=True)
        p = ringwall("backup", "--endpoints", url, "--out", os.path.join(out, "etcd.db"))
        srv.shutdown()
        srv.server_close()
        tap(p.returncode == 2 and listing(out) == [],
            f"backup: {what}: exit 2, no file left", p.stderr.decode() + str(listing(out)))
    srv, url = relay(stream)
    out = os.path.join(work, "relayed")
    os.makedirs(out)
    p = ringwall("backup", "--endpoints", url, "--out", os.path.join(out, "etcd.db"))
    tap(p.returncode == 0,
        "backup: the same stream undamaged is accepted (the relay is faithful; gRPC "
        "refused, the gateway used)", p.stderr.decode())
    p = ringwall("backup", "--endpoints", url, "--api", "grpc",
                 "--out", os.path.join(out, "grpc.db"))
    tap(p.returncode == 2 and "grpc.db" not in listing(out),
        "backup --api grpc through an HTTP/1.1-only relay: exit 2, nothing written",
        p.stderr.decode())
    srv.shutdown()
    srv.server_close()


def test_backup_keep(e, work):
    out = os.path.join(work, "keep")
    os.makedirs(out)
    with open(os.path.join(out, "notes.txt"), "w") as f:
        f.write("not a backup\n")
    with open(os.path.join(out, "etcd-1000000000.db"), "w") as f:
        f.write("looks like one, but ringwall did not write it\n")
    made = []
    for i in range(3):
        if i:
            time.sleep(1.05)  # the name has a one-second resolution
        p = ringwall("backup", "--endpoints", e.client, "--keep", "2",
                     "--out", os.path.join(out, "etcd-%s.db"))
        if p.returncode != 0:
            tap(False, "backup --keep: backups succeed", p.stderr.decode())
            return
        made.append(p.stdout.split(b":")[0].decode())
    names = listing(out)
    mine = [os.path.basename(m) for m in made]
    tap(mine[1] in names and mine[2] in names and mine[0] not in names,
        "backup --keep 2: the two newest stay, the oldest is removed", names)
    tap("notes.txt" in names and "etcd-1000000000.db" in names,
        "backup --keep: other files, even with a matching name, stay", names)
    # a listed backup replaced by another file is no longer ringwall's
    with open(os.path.join(out, mine[1]), "w") as f:
        f.write("replaced by the user\n")
    time.sleep(1.05)
    ringwall("backup", "--endpoints", e.client, "--keep", "1",
             "--out", os.path.join(out, "etcd-%s.db"))
    names = listing(out)
    tap(mine[1] in names and mine[2] not in names,
        "backup --keep: a backup file changed since is not removed", names)


def test_backup_encrypted(e, work):
    out = os.path.join(work, "enc")
    os.makedirs(out)
    key = os.path.join(work, "backup.key")
    with open(key, "w") as f:
        f.write(os.urandom(32).hex() + "\n")
    p = ringwall("backup", "--endpoints", e.client, "--encrypt-key-file", key,
                 "--out", os.path.join(out, "etcd.db.enc"))
    path = os.path.join(out, "etcd.db.enc")
    data = open(path, "rb").read() if os.path.exists(path) else b""
    tap(p.returncode == 0 and data.startswith(b"RWETCDBK") and SECRET_MARK not in data,
        "backup --encrypt-key-file: an encrypted file (RWETCDBK header) without the "
        "plain Secrets", p.stderr.decode())
    v = ringwall("verify", "--encrypt-key-file", key, path)
    tap(v.returncode == 0 and b"trailer matches" in v.stdout,
        "backup --encrypt-key-file: verify with the key decrypts and checks it",
        v.stdout.decode()[-400:] + v.stderr.decode())
    other = os.path.join(work, "other.key")
    with open(other, "w") as f:
        f.write(os.urandom(32).hex() + "\n")
    v = ringwall("verify", "--encrypt-key-file", other, path)
    tap(v.returncode == 2,
        "backup --encrypt-key-file: verify with another key fails (exit 2)",
        v.stdout.decode()[-300:] + v.stderr.decode())
    plain = os.path.join(out, "plain.db")
    ringwall("backup", "--endpoints", e.client, "--out", plain)
    restored = os.path.join(out, "restored.db")
    d = ringwall("decrypt", "--encrypt-key-file", key, "--out", restored, path)
    same = os.path.exists(restored) and open(restored, "rb").read() == open(plain, "rb").read()
    tap(d.returncode == 0 and same and os.stat(restored).st_mode & 0o777 == 0o600,
        "decrypt: the encrypted backup decrypts to the very snapshot a plain backup "
        "took (no write in between)", d.stderr.decode())
    d = ringwall("decrypt", "--encrypt-key-file", other, "--out", os.path.join(out, "w.db"),
                 path)
    tap(d.returncode == 2 and "w.db" not in listing(out),
        "decrypt with another key: exit 2, nothing written", d.stderr.decode())
    with open(os.path.join(out, "cut.enc"), "wb") as f:
        f.write(data[:len(data) // 2])
    d = ringwall("decrypt", "--encrypt-key-file", key, "--out", os.path.join(out, "c.db"),
                 os.path.join(out, "cut.enc"))
    tap(d.returncode == 2 and "c.db" not in listing(out),
        "decrypt a truncated backup: exit 2, nothing written", d.stderr.decode())
    if same:
        r = Etcd(work, "restored", restore=restored)
        try:
            r.wait()
            got = r.call("/v3/kv/range", {"key": base64.b64encode(
                b"/registry/secrets/prod/plain-json").decode()})
            ok = got.get("count") == "1"
        except Exception as ex:  # reported below
            ok, got = False, ex
        finally:
            r.stop()
        tap(ok,
            "restore drill: etcdctl snapshot restore of the decrypted backup starts an etcd "
            "holding the keys", got)
    p = ringwall("backup", "--endpoints", e.client, "--encrypt-key-file",
                 os.path.join(work, "missing.key"), "--out", os.path.join(out, "x.db"))
    tap(p.returncode == 2 and "x.db" not in listing(out),
        "backup: a missing key file: exit 2, nothing written", p.stderr.decode())


def test_backup_disk_full(e, work):
    mnt = os.path.join(work, "small")
    os.makedirs(mnt)
    m = run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt])
    if m.returncode != 0:
        skip("backup: disk full leaves nothing", "cannot mount a tmpfs: " +
             m.stderr.decode().strip())
        return
    try:
        p = ringwall("backup", "--endpoints", e.client, "--out", os.path.join(mnt, "etcd.db"))
        tap(p.returncode == 2 and listing(mnt) == [] and b"No space" in p.stderr,
            "backup: disk full (2 MB tmpfs): exit 2, no file and no temporary left",
            p.stderr.decode() + str(listing(mnt)))
    finally:
        run(["umount", mnt])


def test_backup_sigkill(e, work):
    """etcd SIGKILLed while the snapshot streams: ringwall is stopped as soon
    as its temporary file exists, etcd killed, ringwall resumed."""
    out = os.path.join(work, "killed")
    os.makedirs(out)
    proc = subprocess.Popen([RINGWALL, "etcd", "backup", "--endpoints", e.client,
                             "--timeout", "2", "--out", os.path.join(out, "etcd.db")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    suitelib.wait_for(lambda: any(".tmp" in n for n in listing(out)), 10, step=0.001)
    os.kill(proc.pid, signal.SIGSTOP)
    seen_tmp = any(".tmp" in n for n in listing(out))
    e.proc.send_signal(signal.SIGKILL)
    e.proc.wait()
    os.kill(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    tap(seen_tmp and proc.returncode == 2 and listing(out) == [],
        "backup: etcd SIGKILLed mid-stream: exit 2, no file under the final name, no "
        "temporary left",
        f"tmp seen {seen_tmp}, exit {proc.returncode}: {err.decode()} {listing(out)}")


def test_usage():
    p = ringwall("check")
    tap(p.returncode == 2, "usage: check without --endpoints: exit 2", p.stderr.decode())
    p = ringwall("backup", "--endpoints", "http://127.0.0.1:1")
    tap(p.returncode == 2, "usage: backup without --out: exit 2", p.stderr.decode())
    p = ringwall("nonsense")
    tap(p.returncode == 2, "usage: unknown subcommand: exit 2", p.stderr.decode())
    p = run([RINGWALL, "checks"])
    ids = [l.split()[0] for l in p.stdout.decode().splitlines() if l.startswith("etcd/")]
    tap(all(i in ids for i in ENDPOINT_IDS), "checks lists every etcd/* finding of check", ids)
    p = run([RINGWALL, "explain", "etcd/anonymous-read"])
    tap(p.returncode == 0 and b"credential" in p.stdout, "explain etcd/anonymous-read")


def main():
    for tool in ("etcd", "etcdctl", "openssl", "curl"):
        if not shutil.which(tool):
            tap(False, f"{tool} is installed (make deps-test)")
            return status()
    work = tempfile.mkdtemp(prefix="ringwall-etcd-")
    members = []
    try:
        pki = make_pki(work)
        plain = Etcd(work, "plain")
        weak = Etcd(work, "weak", tls=(pki["weak.crt"], pki["weak.key"]),
                    peer_tls=(pki["weak.crt"], pki["weak.key"]))
        auto = Etcd(work, "auto", auto_tls=True)
        hard = Etcd(work, "hard", tls=(pki["server.crt"], pki["server.key"]),
                    peer_tls=(pki["server.crt"], pki["server.key"]),
                    client_auth=pki["ca.crt"], peer_auth=pki["ca.crt"],
                    extra=["--cipher-suites", AEAD])
        members = [plain, weak, auto, hard]
        weak.pki = hard.pki = pki
        for m in members:
            m.wait()
        seed(plain, bulk=24)
        seed(weak)
        weak.put(b"/registry/secrets/legacy/kms-v1", b"k8s:enc:kms:v1:vault:" + os.urandom(32))
        weak.put(b"/registry/secrets/odd/garbage", b"\x93not a Secret" + SECRET_MARK)
        seed(auto, encrypted=False)
        seed(hard, plain=False)
        for args in (["user", "add", "root:rootpw"], ["auth", "enable"]):
            p = hard.etcdctl(*args)
            if p.returncode != 0:
                raise RuntimeError(f"etcdctl {args}: {p.stderr.decode()}")
        tls = ["--cacert", pki["ca.crt"], "--cert", pki["client.crt"], "--key",
               pki["client.key"]]
        test_usage()
        test_check_plaintext(plain)
        test_check_weak(weak)
        test_check_auto_tls(auto)
        test_check_legacy_front(plain, pki)
        test_check_hardened(hard)
        test_backup_matches_etcdctl(plain, work, "plaintext")
        test_backup_matches_etcdctl(plain, work, "gateway", "--api", "gateway")
        hard_env = dict(os.environ, ETCDCTL_API="3")
        out = os.path.join(work, "hard-backups")
        os.makedirs(out)
        p = ringwall("backup", "--endpoints", hard.client, *tls, "--user", "root:rootpw",
                     "--out", os.path.join(out, "etcd.db"))
        ctl = os.path.join(work, "hard-etcdctl.db")
        run(["etcdctl", "--endpoints", hard.client, *tls, "--user", "root:rootpw",
             "snapshot", "save", ctl], env=hard_env)
        mine = snapshot_status(os.path.join(out, "etcd.db")) if p.returncode == 0 else None
        theirs = snapshot_status(ctl)
        tap(isinstance(mine, dict) and isinstance(theirs, dict) and
            all(mine[k] == theirs[k] for k in ("hash", "revision", "totalKey")),
            "backup over TLS with a client certificate and RBAC: etcdctl snapshot status "
            "agrees", f"{p.stderr.decode()} {mine} {theirs}")
        test_backup_failover(plain, work)
        test_backup_damaged_streams(plain, work)
        test_backup_keep(plain, work)
        test_backup_encrypted(plain, work)
        test_backup_disk_full(plain, work)
        test_backup_sigkill(plain, work)
    finally:
        for m in members:
            m.stop()
        shutil.rmtree(work, ignore_errors=True)
    return status()


if __name__ == "__main__":
    sys.exit(main())
