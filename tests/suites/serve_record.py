#!/usr/bin/env python3
"""serve_record.py — the server module's own TLS 1.3 record layer (a TLS 1.3
connection leaves OpenSSL after its handshake: src/serve/serve_offload.c)
end to end through the echo server, with real clients: curl over each of
the three TLS 1.3 cipher suites with a 1 MiB request and a 16 MiB answer,
Python's ssl with pipelined requests and a clean close_notify, openssl
s_client sending KeyUpdate with and without update_requested, a
man-in-the-middle proxy flipping one byte of a record mid-connection (the
connection is closed with bad_record_mac, the server goes on serving),
TLS 1.2 still on OpenSSL, and the metric counting the connections moved.
"""
import os
import select
import socket
import ssl
import subprocess
import tempfile
import threading
import time

import serve
import suitelib
from suitelib import run, run_main, tap

METRIC = "ringwall_tls_record_layer_connections_total"
SUITES = ("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")


def moved_since(m, before):
    """Connections moved to the record layer since the metric read before
    (not counting the one reading it now)."""
    return m.metric(METRIC) - before - 1


def curl13(port, suite, *args):
    return run(["curl", "-sS", "-v", "--cacert", serve.CA, "--tlsv1.3", "--tls13-ciphers", suite,
                "-m", "60", *args], text=False)


def test_suites(m, tmp):
    body = os.urandom(1 << 20)
    path = os.path.join(tmp, "1mib")
    with open(path, "wb") as f:
        f.write(body)
    for suite in SUITES:
        before = m.metric(METRIC)
        p = curl13(m.port, suite, "--data-binary", f"@{path}", f"https://127.0.0.1:{m.port}/echo",
                   "-X", "POST", f"https://127.0.0.1:{m.port}/large")
        err = p.stderr.decode(errors="replace")
        out = p.stdout
        tap(p.returncode == 0 and f"TLSv1.3 / {suite}" in err and
            out.startswith(b'{"path":"/echo","query":"","length":1048576}\n') and
            out.endswith(b"}\n" + b"x" * (16 << 20)) and "Re-using existing connection" in err,
            f"{suite}: a 1 MiB request and a 16 MiB answer on one connection",
            err[-1500:] + repr(out[:200]))
        tap(moved_since(m, before) == 1, f"{suite}: the connection moved to the record layer",
            f"{before} -> {m.metric(METRIC)}")


def read_answers(s, n):
    """Reads n HTTP answers (Content-Length bodies) from s: their bodies."""
    buf, bodies = b"", []
    while len(bodies) < n:
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            head = buf[:end].decode()
            length = int(next((line.split(":")[1] for line in head.split("\r\n")
                               if line.lower().startswith("content-length:")), "0"))
            if len(buf) >= end + 4 + length:
                bodies.append(buf[end + 4:end + 4 + length])
                buf = buf[end + 4 + length:]
                continue
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
    return bodies


def test_python_client(m):
    before = m.metric(METRIC)
    s = serve.tls_connect(m.port, serve.tls_context())
    s.settimeout(20)
    version = s.version()
    reqs = b"".join(b"POST /echo?n=%d HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (i, i) +
                    b"p" * i for i in range(1, 31))
    s.sendall(reqs)
    bodies = read_answers(s, 30)
    tap(version == "TLSv1.3" and len(bodies) == 30 and
        all(b'"query":"n=%d","length":%d' % (i + 1, i + 1) in b for i, b in enumerate(bodies)),
        "Python ssl: 30 pipelined requests in one write, 30 answers in order",
        f"{version} {bodies[:3]} ... {len(bodies)}")
    big = os.urandom(3 * 16384 + 100)
    s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(big) + big)
    bodies = read_answers(s, 1)
    tap(bodies and b'"length":%d' % len(big) in bodies[0],
        "Python ssl: then a body of four records on the same connection", f"{bodies}")
    s = s.unwrap()     # close_notify, and the server's in return
    rest = s.recv(100)
    s.close()
    tap(rest == b"", "Python ssl: close_notify ends the connection cleanly", repr(rest))
    tap(moved_since(m, before) == 1, "Python ssl: the connection was on the record layer",
        f"{before} -> {m.metric(METRIC)}")


def s_client_key_updates(port, command):
    """Three requests with a KeyUpdate (s_client's `k` or `K` line) before
    the second and the third: s_client's output."""
    p = subprocess.Popen(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-crlf",
                          "-tls1_3", "-msg", "-CAfile", serve.CA], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def line(b):
        p.stdin.write(b)
        p.stdin.flush()
        time.sleep(0.4)  # s_client takes a command only at the start of what it reads
    line(b"GET /healthz HTTP/1.1\nHost: x\n\n")
    for last in (False, True):
        line(command)
        line(b"POST /echo HTTP/1.1\nHost: x\nContent-Length: 5\n%s\nhello" %
             (b"Connection: close\n" if last else b""))
    try:
        out, _ = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
    return out.decode(errors="replace")


def test_key_update(m):
    for command, what, answered in ((b"k\n", "without update_requested", 0),
                                    (b"K\n", "with update_requested", 2)):
        out = s_client_key_updates(m.port, command)
        sent = out.count(">>> TLS 1.3, Handshake [length 0005], KeyUpdate")
        got = out.count("<<< TLS 1.3, Handshake [length 0005], KeyUpdate")
        tap(sent == 2 and got == answered and out.count("HTTP/1.1 200") == 3 and
            out.count('"length":5') == 2,
            f"openssl s_client KeyUpdate {what}, twice: every request answered, "
            f"{answered} KeyUpdates in return", f"sent {sent}, got {got}\n" + out[-1500:])


class Tamper(threading.Thread):
    """A proxy in front of the server that flips one byte in the middle of
    the client's record number FLIP (counting all the client's records)."""

    def __init__(self, port, flip):
        super().__init__(daemon=True)
        self.port, self.flip = port, flip
        self.lsock = socket.create_server(("127.0.0.1", 0))
        self.lport = self.lsock.getsockname()[1]
        self.flipped = False

    def run(self):
        client, _ = self.lsock.accept()
        server = socket.create_connection(("127.0.0.1", self.port))
        pending, count = b"", 0
        socks = [client, server]
        while True:
            r, _, _ = select.select(socks, [], [], 30)
            if not r:
                break
            if server in r:
                data = server.recv(65536)
                if not data:
                    break
                client.sendall(data)
            if client in r:
                data = client.recv(65536)
                if not data:
                    break
                pending += data
                while len(pending) >= 5:       # whole records only
                    n = 5 + int.from_bytes(pending[3:5], "big")
                    if len(pending) < n:
                        break
                    rec = bytearray(pending[:n])
                    pending = pending[n:]
                    count += 1
                    if count == self.flip:
                        rec[5 + (n - 5) // 2] ^= 0x01
                        self.flipped = True
                    server.sendall(bytes(rec))
        for s in (client, server, self.lsock):
            s.close()


def test_tampered(m):
    # the client's records: ClientHello, a ChangeCipherSpec, Finished, then
    # the first request (4) and the second (5)
    proxy = Tamper(m.port, 5)
    proxy.start()
    s = serve.tls_connect(proxy.lport, serve.tls_context())
    s.settimeout(10)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    first = read_answers(s, 1)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        rest = s.recv(1000)
        outcome = f"read {rest!r}"
    except ssl.SSLError as e:
        rest, outcome = b"", f"{e}"
    except OSError as e:
        rest, outcome = b"", f"{e!r}"
    s.close()
    proxy.join(10)
    tap(first == [b"ok\n"] and proxy.flipped and not rest and "BAD_RECORD_MAC" in outcome.upper(),
        "a byte flipped in a request record mid-connection: bad_record_mac alert, closed",
        f"first {first}, flipped {proxy.flipped}, then {outcome}")
    ok, detail = serve.prompt(m.port)
    tap(ok, "the server goes on serving", detail)


def test_tls12(m):
    before = m.metric(METRIC)
    p = run(["curl", "-sS", "-v", "--cacert", serve.CA, "--tlsv1.2", "--tls-max", "1.2",
             "-d", "hello", f"https://127.0.0.1:{m.port}/echo",
             "-X", "POST", f"https://127.0.0.1:{m.port}/large"], text=False)
    err = p.stderr.decode(errors="replace")
    tap(p.returncode == 0 and "TLSv1.2" in err and b'"length":5' in p.stdout and
        p.stdout.endswith(b"}\n" + b"x" * (16 << 20)),
        "TLS 1.2 (on OpenSSL): a request and a 16 MiB answer", err[-1000:])
    tap(moved_since(m, before) == 0, "TLS 1.2 connections are not moved",
        f"{before} -> {m.metric(METRIC)}")


def main():
    if not os.access(serve.echo_binary(), os.X_OK):
        tap(False, "the echo server is built (make units)", serve.echo_binary())
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        certs = serve.Certs(tmp)
        serve.CA = certs.ca
        m = serve.Server(certs, tmp, "record", "--timeout", "20")
        tap(bool(m.port), "the server starts", m.text()[-1500:])
        if not m.port:
            m.stop()
            return 1
        try:
            test_suites(m, tmp)
            test_python_client(m)
            test_key_update(m)
            test_tampered(m)
            test_tls12(m)
        finally:
            tap(m.stop() == 0, "SIGTERM: exit 0", m.text()[-1000:])
    return 0


if __name__ == "__main__":
    run_main(main)
