#!/usr/bin/env python3
"""serve.py — the HTTPS server module (src/serve) end to end through its test
application, tests/serve/echo_server.c: a CA and ECDSA P-256 server
certificates made with openssl, real TLS on loopback, curl, openssl s_client
and raw sockets as clients. Covers TLS versions (1.1 refused, proven against
an openssl s_server that does speak 1.1), keep-alive, /healthz /readyz
/metrics, the limits (413 by Content-Length and chunked, 431, 405, 404,
connection count), certificate rotation on disk and by SIGHUP, a broken
certificate and a failing settings reload, SIGTERM with a request in flight,
and abuse: garbage bytes, handshakes cut in half, a client that never reads,
2,000 slowloris connections and 10,000 idle ones (peak RSS), each while a
normal request must still be answered within 2 s.
"""
import json
import os
import random
import re
import resource
import select
import signal
import socket
import ssl
import subprocess
import tempfile
import time

import suitelib
from suitelib import (ASAN, RINGWALL, ROOT, LoggedServer, free_port, issue, make_ca, openssl,
                      prefixed, run, run_main, skip, tap)

# The sanitizer build runs every case at a tenth of the volume and with
# looser time bounds: it is there to find memory errors, the plain build
# proves the figures.
SCALE = 10 if ASAN else 1
SLOWLORIS = 2000 // SCALE
IDLE = 10000 // SCALE
PROMPT_S = 5.0 if ASAN else 2.0   # a normal request under abuse is answered within this
STOP_S = 15.0 if ASAN else 5.0    # SIGTERM to exit
TIMEOUT = 6 if ASAN else 3        # the main server's --timeout
# The cases report through the global tap: test_epoll_pool binds it to one
# that prefixes every name with the threading mode of its second pass.


def echo_binary():
    """build-asan/ringwall pairs with build-asan/tests-serve, ./ringwall with build/."""
    near = os.path.join(os.path.dirname(RINGWALL), "tests-serve", "echo_server")
    if os.access(near, os.X_OK):
        return near
    return os.path.join(ROOT, "build", "tests-serve", "echo_server")


# ---------------------------------------------------------------- certificates

class Certs:
    """A CA, server pairs a/b/c signed by it, and a cert-manager style
    secret directory whose tls.crt/tls.key are symlinks through ..data."""

    def __init__(self, d):
        self.d = d
        self.ca = make_ca(d, "/CN=ringwall test CA")
        for name in ("a", "b", "c"):
            issue(d, os.path.join(d, name), f"/CN=localhost {name}")
        self.secret = os.path.join(d, "secret")
        os.mkdir(self.secret)
        self.generation = 0
        self.install("a")
        os.symlink("..data/tls.crt", os.path.join(self.secret, "tls.crt"))
        os.symlink("..data/tls.key", os.path.join(self.secret, "tls.key"))
        self.cert = os.path.join(self.secret, "tls.crt")
        self.key = os.path.join(self.secret, "tls.key")

    def install(self, name, cert_text=None):
        """Swaps ..data to a new directory holding pair NAME (or a broken
        certificate), the way the kubelet updates a mounted secret."""
        self.generation += 1
        gen = os.path.join(self.secret, f"..gen{self.generation}")
        os.mkdir(gen)
        with open(os.path.join(self.d, f"{name}.crt")) as f:
            crt = f.read() if cert_text is None else cert_text
        with open(os.path.join(gen, "tls.crt"), "w") as f:
            f.write(crt)
        with open(os.path.join(self.d, f"{name}.key")) as f, \
                open(os.path.join(gen, "tls.key"), "w") as out:
            out.write(f.read())
        tmp = os.path.join(self.secret, "..data_tmp")
        os.symlink(os.path.basename(gen), tmp)
        os.rename(tmp, os.path.join(self.secret, "..data"))

    def fingerprint(self, name):
        return openssl("x509", "-noout", "-fingerprint", "-sha256", "-in",
                       os.path.join(self.d, f"{name}.crt")).strip()


def served_fingerprint(port):
    """The certificate the server presents, as `openssl s_client` sees it."""
    s = run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername",
             "localhost"], input="", timeout=10)
    return run(["openssl", "x509", "-noout", "-fingerprint", "-sha256"],
               input=s.stdout).stdout.strip()


# ---------------------------------------------------------------- the server

class Server(LoggedServer):
    """The echo server serving the secret directory of certs."""

    def __init__(self, certs, tmp, tag, *args):
        self.certs = certs
        super().__init__([echo_binary(), "--cert", certs.cert, "--key", certs.key, *args],
                         os.path.join(tmp, f"{tag}.log"))

    def events(self):
        out = []
        for line in self.text().splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                out.append({"unparsed": line})
        return out

    def metrics(self):
        return curl(self.port, "/metrics")[1]

    def metric(self, series):
        for line in self.metrics().splitlines():
            if line.startswith(series + " "):
                return float(line.split()[-1])
        return 0.0

    def wait_metric(self, series, want, seconds=6):
        end = time.monotonic() + seconds
        got = self.metric(series)
        while got < want and time.monotonic() < end:
            time.sleep(0.2)
            got = self.metric(series)
        return got


CA = None


def curl(port, path, *args, timeout=5):
    """(status, body, curl's stderr)."""
    p = run(["curl", "-sS", "--cacert", CA, "-m", str(timeout), "-o", "-", "-w", "\n%{http_code}",
             *args, f"https://127.0.0.1:{port}{path}"])
    body, _, code = p.stdout.rpartition("\n")
    return (int(code) if code.isdigit() else 0), body, p.stderr


def prompt(port):
    """A normal request is answered correctly within PROMPT_S."""
    t0 = time.monotonic()
    code, body, err = curl(port, "/echo", "-d", "ping", timeout=PROMPT_S)
    secs = time.monotonic() - t0
    ok = code == 200 and '"length":4' in body and secs <= PROMPT_S
    return ok, f"status {code} after {secs:.2f}s: {body} {err}"


def tls_context():
    ctx = ssl.create_default_context(cafile=CA)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def tls_connect(port, ctx):
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    return ctx.wrap_socket(raw, server_hostname="127.0.0.1")


def closed_count(socks):
    """How many of the sockets the server has closed (readable: EOF or reset)."""
    poller = select.poll()
    for s in socks:
        poller.register(s.fileno(), select.POLLIN | select.POLLHUP | select.POLLERR)
    return len(poller.poll(0))


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


# ---------------------------------------------------------------- the cases

def test_protocol(m):
    p = run(["curl", "-sS", "-v", "--cacert", CA, "--tlsv1.2", "--tls-max", "1.2", "-d", "hello",
             f"https://127.0.0.1:{m.port}/echo"])
    tap(p.returncode == 0 and '"length":5' in p.stdout and
        "TLSv1.2" in p.stderr, "POST answered over TLS 1.2", p.stdout + p.stderr[-800:])
    p = run(["curl", "-sS", "-v", "--cacert", CA, "--tlsv1.3", "-d", "hello13",
             f"https://127.0.0.1:{m.port}/echo"])
    tap(p.returncode == 0 and '"length":7' in p.stdout and
        "TLSv1.3" in p.stderr, "POST answered over TLS 1.3", p.stdout + p.stderr[-800:])
    p = run(["curl", "-sS", "-v", "--cacert", CA, "-d", "one", f"https://127.0.0.1:{m.port}/echo",
             "-d", "two!", f"https://127.0.0.1:{m.port}/echo"])
    tap(p.returncode == 0 and "Re-using existing connection" in p.stderr and
        p.stdout.count('"length":') == 2 and p.stderr.count("Connected to") == 1,
        "HTTP/1.1 keep-alive: two requests on one connection",
        p.stdout + p.stderr[-1500:])
    test_tls11_refused(m)


def s_client_tls11(port):
    p = run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-tls1_1", "-cipher",
             "DEFAULT:@SECLEVEL=0"], input="", timeout=10)
    return p.stdout + p.stderr


def test_tls11_refused(m):
    # the same client completes TLS 1.1 with a server that allows it ...
    port = free_port()
    control = subprocess.Popen(["openssl", "s_server", "-accept", str(port), "-cert",
                                m.certs.cert, "-key", m.certs.key, "-tls1_1", "-cipher",
                                "DEFAULT:@SECLEVEL=0", "-naccept", "1", "-quiet"],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    out = ""
    for _ in range(50):
        time.sleep(0.1)
        out = s_client_tls11(port)
        if "Protocol  : TLSv1.1" in out:
            break
    control.kill()
    control.wait()
    tap("Protocol  : TLSv1.1" in out and "Cipher is (NONE)" not in out,
        "control: openssl s_client -tls1_1 completes TLS 1.1 with openssl s_server", out[-1500:])
    # ... and is refused by the server
    out = s_client_tls11(m.port)
    tap("Cipher is (NONE)" in out, "a TLS 1.1 client is refused", out[-1500:])
    code, _, err = curl(m.port, "/echo", "--tlsv1.1", "--tls-max", "1.1", "-d", "x")
    tap(code == 0, "curl --tls-max 1.1 is refused", err)


def exchange(port, data, wait=5.0):
    """Sends raw bytes over TLS and reads until the server closes (or WAIT
    seconds pass): (bytes read, whether the server closed)."""
    got, closed = b"", False
    try:
        s = tls_connect(port, tls_context())
    except (OSError, ssl.SSLError) as e:
        return f"connect: {e!r}".encode(), False
    s.settimeout(wait)
    try:
        s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                closed = True
                break
            got += chunk
    except (socket.timeout, ssl.SSLError, OSError):
        pass
    s.close()
    return got, closed


def statuses(raw):
    return [int(x) for x in re.findall(rb"^HTTP/1\.1 (\d{3}) ", raw, re.M)]


def head_of(size, body=b"x"):
    """A POST head of exactly SIZE bytes (request line to blank line)."""
    start = (b"POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n"
             b"X-Pad: " % len(body))
    pad = size - len(start) - 4
    return start + b"p" * pad + b"\r\n\r\n" + body


def test_http(m):
    """HTTP/1.1 details of the hand-written parser and connection handling."""
    two_kb = "e" * 2048
    p = run(["curl", "-sS", "-v", "--cacert", CA, "-H", "Expect: 100-continue", "-d", two_kb,
             f"https://127.0.0.1:{m.port}/echo"])
    tap(p.returncode == 0 and "Expect: 100-continue" in p.stderr and
        "HTTP/1.1 100 Continue" in p.stderr and '"length":2048' in p.stdout,
        "Expect: 100-continue (curl, 2 KB body): 100 Continue, then the answer",
        p.stdout + p.stderr[-1500:])
    got, closed = exchange(m.port, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                           b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                           b"POST /echo?a=1&b=%41 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                           b"Connection: close\r\n\r\nde")
    tap(statuses(got) == [200, 200, 200] and b'"length":3' in got and b"\r\n\r\nok\n" in got
        and b'"query":"a=1&b=A","length":2' in got and closed,
        "three pipelined requests in one write: three answers in order, then close", got[-800:])
    got, _ = exchange(m.port, b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                      b"Connection: close\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n")
    tap(statuses(got) == [200] and b'"length":5' in got,
        "a chunked body with an extension and a trailer is decoded", got)
    got, _ = exchange(m.port, b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                      b"\r\nzz\r\nabc\r\n0\r\n\r\n")
    tap(statuses(got) == [400], "a malformed chunk size: 400", got)
    got, closed = exchange(m.port, b"POST /echo HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi")
    tap(statuses(got) == [200] and closed and b"Connection: close" in got,
        "HTTP/1.0 without keep-alive: answered, then closed", got)
    got, closed = exchange(m.port, b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                           b"GET /healthz HTTP/1.0\r\n\r\n")
    tap(statuses(got) == [200, 200] and b"Connection: keep-alive" in got and closed,
        "HTTP/1.0 with Connection: keep-alive: the connection serves a second request", got)
    got, closed = exchange(m.port, b"HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    tap(statuses(got) == [200] and b"Content-Length: 3\r\n" in got and got.endswith(b"\r\n\r\n"),
        "HEAD /healthz: the head with the length of the body, no body",
        got)
    limit = 16 * 1024
    got, _ = exchange(m.port, head_of(limit))
    tap(statuses(got) == [200] and b'"length":1' in got,
        "a head of exactly the header limit (16,384 bytes) is accepted", got[:300])
    got, closed = exchange(m.port, head_of(limit + 1))
    tap(statuses(got) == [431] and closed,
        "a head one byte over the header limit: 431, then closed", got[:300])
    bad = {
        "not a request line": b"\x16\x03\x01 hello\r\n\r\n",
        "a header without a colon": b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n",
        "a space before the colon": b"GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n",
        "a folded header line": b"GET /healthz HTTP/1.1\r\nHost: x\r\n y\r\n\r\n",
        "a bare LF": b"GET /healthz HTTP/1.1\nHost: x\r\n\r\n",
        "Content-Length and Transfer-Encoding": b"POST /echo HTTP/1.1\r\nContent-Length: 3\r\n"
                                                b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "two different Content-Lengths": b"POST /echo HTTP/1.1\r\nContent-Length: 3\r\n"
                                         b"Content-Length: 4\r\n\r\nabcd",
        "a signed Content-Length": b"POST /echo HTTP/1.1\r\nContent-Length: +3\r\n\r\nabc",
        "an absolute-form target": b"GET http://x/healthz HTTP/1.1\r\n\r\n",
        "a NUL escape in the path": b"GET /heal%00thz HTTP/1.1\r\n\r\n",
    }
    for name, data in bad.items():
        got, closed = exchange(m.port, data)
        tap(statuses(got) == [400] and closed, f"malformed request ({name}): 400, then closed",
            got[:300])
    got, closed = exchange(m.port, b"GET /healthz HTTP/2.0\r\n\r\n")
    tap(statuses(got) == [505] and closed, "HTTP/2.0 in a request line: 505", got[:300])
    got, closed = exchange(m.port, b"POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")
    tap(statuses(got) == [501] and closed, "a transfer coding other than chunked: 501",
        got[:300])
    ok, detail = prompt(m.port)
    tap(ok, "after the HTTP cases the server keeps serving", detail)


def test_endpoints(m):
    code, body, err = curl(m.port, "/healthz")
    tap(code == 200 and body.strip() == "ok", "/healthz answers 200 ok", f"{code} {body} {err}")
    code, body, err = curl(m.port, "/readyz")
    tap(code == 200, "/readyz answers 200 when certificate and settings are loaded",
        f"{code} {body} {err}")
    text = m.metrics()
    need = ["# TYPE ringwall_http_requests_total counter", "# TYPE ringwall_tls_handshakes_total",
            "# TYPE ringwall_connections_total counter",
            "# TYPE ringwall_request_duration_seconds histogram",
            'ringwall_request_duration_seconds_bucket{le="+Inf"}', "echo_requests_total"]
    tap(all(n in text for n in need),
        "/metrics in Prometheus text format with the server's and the application's metrics",
        "\n".join(n for n in need if n not in text) + "\n" + text)
    code, _, err = curl(m.port, "/echo", "-i")
    tap(code == 405, "GET on an application path: 405", err)
    p = run(["curl", "-sS", "-i", "--cacert", CA, f"https://127.0.0.1:{m.port}/echo"])
    tap("Allow: POST" in p.stdout, "405 names the allowed method", p.stdout)
    code, _, err = curl(m.port, "/healthz", "-d", "x")
    tap(code == 405, "POST on /healthz: 405", err)
    code, _, err = curl(m.port, "/no/such/path", "-d", "x")
    tap(code == 404, "POST on an unknown path: 404", err)
    handshakes = m.metric("ringwall_tls_handshakes_total")
    tap(handshakes >= 8, "TLS handshakes are counted", f"{handshakes}")


def test_limits(m, tmp):
    big = os.path.join(tmp, "big.bin")
    with open(big, "wb") as f:
        f.write(b"x" * (8 * 1024 * 1024 + 1))
    code, body, err = curl(m.port, "/echo", "--data-binary", f"@{big}", timeout=20)
    tap(code == 413, "a body over 8 MiB by Content-Length: 413", f"{code} {body} {err}")
    code, body, err = curl(m.port, "/echo", "-H", "Transfer-Encoding: chunked", "--data-binary",
                           f"@{big}", timeout=20)
    tap(code == 413, "a chunked body over 8 MiB: 413", f"{code} {body} {err}")
    huge = os.path.join(tmp, "huge.bin")
    with open(huge, "wb") as f:
        f.write(b"z" * (40 * 1024 * 1024))
    code, body, err = curl(m.port, "/echo", "-H", "Transfer-Encoding: chunked", "--data-binary",
                           f"@{huge}", timeout=20)
    tap(code != 200 and prompt(m.port)[0],
        "a chunked body of 40 MiB is cut off (never read whole) and the server goes on",
        f"{code} {body} {err}")
    os.unlink(huge)
    exact = os.path.join(tmp, "exact.bin")
    with open(exact, "wb") as f:
        f.write(b"y" * (8 * 1024 * 1024))
    code, body, err = curl(m.port, "/echo", "-H", "Transfer-Encoding: chunked", "--data-binary",
                           f"@{exact}", timeout=20)
    tap(code == 200 and f'"length":{8 * 1024 * 1024}' in body,
        "a chunked body of exactly 8 MiB is accepted", f"{code} {body} {err}")
    code, _, err = curl(m.port, "/echo", "-H", "X-Big: " + "h" * 20000, "-d", "x")
    tap(code == 431, "20 KB of headers: 431", err)
    # far over what the server buffers, the server answers 431 and closes
    # while the client may still be sending: it sees the 431 or a reset
    code, _, err = curl(m.port, "/echo", "-H", "X-Huge: " + "h" * 100000, "-d", "x")
    refused = code == 431 or (code == 0 and re.search(r"curl: \((55|56)\)", err))
    tap(refused, "100 KB of headers: refused (431, or reset while still sending)",
        f"{code} {err}")
    ok, detail = prompt(m.port)
    tap(ok, "after the limits the server keeps serving", detail)
    body = m.metric('ringwall_limit_rejections_total{limit="body"}')
    headers = m.metric('ringwall_limit_rejections_total{limit="headers"}')
    tap(body == 3 and headers >= 1, "limit rejections are counted", f"body {body}, "
        f"headers {headers}")


def test_metric_counts(m, sent_ok):
    got = m.metric('ringwall_http_requests_total{path="/echo",code="200"}')
    tap(got == sent_ok, "ringwall_http_requests_total agrees with the requests sent",
        f"metric {got}, sent {sent_ok}")
    got = m.metric('ringwall_http_requests_total{path="/echo",code="405"}')
    tap(got == 2, "405 answers are counted by path and code", f"{got}")


class Load:
    """Requests in a loop on a background thread, alternately on one
    keep-alive connection and on new ones, until finish()."""

    def __init__(self, port):
        import http.client
        import threading
        self.port, self.http = port, http.client
        self.answered, self.errors = 0, []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def run(self):
        keep = self.http.HTTPSConnection("127.0.0.1", self.port, context=tls_context(), timeout=5)
        while not self.done.is_set():
            for conn in (keep, self.http.HTTPSConnection("127.0.0.1", self.port,
                                                         context=tls_context(), timeout=5)):
                try:
                    conn.request("POST", "/echo", body=b"load")
                    r = conn.getresponse()
                    body = r.read()
                    if r.status == 200 and b'"length":4' in body:
                        self.answered += 1
                    else:
                        self.errors.append(f"{r.status} {body[:80]!r}")
                except (OSError, self.http.HTTPException) as e:
                    self.errors.append(repr(e))
            time.sleep(0.02)

    def finish(self):
        self.done.set()
        self.thread.join()
        return self.answered, self.errors


def test_rotation(m):
    c = m.certs
    before = served_fingerprint(m.port)
    tap(before == c.fingerprint("a"), "the first certificate is served", before)
    load = Load(m.port)
    c.install("b")
    want = c.fingerprint("b")
    got = before
    end = time.monotonic() + 6
    while got != want and time.monotonic() < end:
        time.sleep(0.25)
        got = served_fingerprint(m.port)
    tap(got == want, "a certificate swapped on disk is served without a signal",
        f"want {want}\ngot {got}")
    time.sleep(0.3)
    answered, errors = load.finish()
    tap(answered > 0 and not errors,
        "no request fails across the certificate swap (keep-alive and new connections)",
        f"{answered} answered, errors: {errors[:5]}")
    tap(m.metric('ringwall_reloads_total{result="success"}') == 1,
        "the rotation counts a successful reload", m.metrics())
    c.install("c", cert_text="-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    fail = m.wait_metric('ringwall_reloads_total{result="failure"}', 1)
    tap(fail == 1, "a broken certificate on disk is refused and counted", m.metrics())
    tap(served_fingerprint(m.port) == want,
        "the old certificate is still served after the broken one", served_fingerprint(m.port))
    m.p.send_signal(signal.SIGHUP)
    fail = m.wait_metric('ringwall_reloads_total{result="failure"}', 2)
    tap(fail == 2, "SIGHUP with a broken certificate counts a failure", m.metrics())
    tap(served_fingerprint(m.port) == want,
        "SIGHUP with a broken certificate keeps serving the old one", served_fingerprint(m.port))
    ok, detail = prompt(m.port)
    tap(ok, "requests are answered after the failed reload", detail)
    lines = [e for e in m.events() if e.get("event") == "reload" and e.get("level") == "error"]
    tap(lines and lines[-1].get("certificate") == "kept" and lines[-1].get("reason") and
        lines[-1].get("trigger") == "SIGHUP",
        "a failed reload logs one JSON line with the reason", m.text()[-2000:])
    c.install("c")
    ok_reloads = m.wait_metric('ringwall_reloads_total{result="success"}', 2)
    tap(ok_reloads == 2 and
        served_fingerprint(m.port) == c.fingerprint("c"), "a repaired certificate is picked up",
        m.metrics())
    with open(os.path.join(os.path.dirname(c.secret), "fail"), "w") as f:
        f.write("refuse\n")
    m.p.send_signal(signal.SIGHUP)
    fail = m.wait_metric('ringwall_reloads_total{result="failure"}', 3)
    events = [e for e in m.events() if e.get("event") == "reload"]
    tap(fail == 3 and events and events[-1].get("settings") == "kept" and prompt(m.port)[0],
        "SIGHUP with settings the application refuses: counted, logged, still serving",
        m.text()[-1500:])


def test_garbage(m):
    socks = []
    rnd = random.Random(9)
    for _ in range(50):
        s = socket.create_connection(("127.0.0.1", m.port))
        s.sendall(bytes(rnd.getrandbits(8) for _ in range(4096)))
        socks.append(s)
    ok, detail = prompt(m.port)
    tap(ok, "garbage bytes on 50 connections: a normal request is still answered promptly",
        detail)
    return socks


def client_hello():
    """The bytes of a real TLS ClientHello."""
    ctx = tls_context()
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(incoming, outgoing, server_hostname="127.0.0.1")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def test_half_handshake(m):
    hello = client_hello()
    socks = []
    for _ in range(200):
        s = socket.create_connection(("127.0.0.1", m.port))
        s.sendall(hello[:len(hello) // 2])
        socks.append(s)
    ok, detail = prompt(m.port)
    tap(ok, "200 TLS handshakes cut in half: a normal request is still answered promptly",
        detail)
    return socks


def test_never_reads(m):
    s = tls_connect(m.port, tls_context())
    s.sendall(b"POST /large HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx")
    time.sleep(0.5)
    ok, detail = prompt(m.port)
    tap(ok, "a client that never reads its 16 MiB response: a normal request is still answered "
        "promptly", detail)
    return s


def drip(socks):
    """One more header byte on each connection; returns those still open."""
    alive = []
    for s in socks:
        try:
            s.sendall(b"X")
            alive.append(s)
        except OSError:
            pass
    return alive


def test_slowloris(m):
    """TLS connections that send a request line and then one header byte
    every half second: never idle, so only the read deadline can cut them."""
    ctx = tls_context()
    socks, alive = [], []
    worst = ""
    last = time.monotonic()
    for i in range(SLOWLORIS):
        s = tls_connect(m.port, ctx)
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        socks.append(s)
        alive.append(s)
        if time.monotonic() - last >= 0.5:
            alive = drip(alive)
            last = time.monotonic()
        if i % (SLOWLORIS // 4) == SLOWLORIS // 4 - 1:
            ok, detail = prompt(m.port)
            worst = worst or ("" if ok else detail)
    tap(not worst,
        f"{SLOWLORIS} slowloris connections: normal requests are still answered promptly", worst)
    end = time.monotonic() + TIMEOUT + 1 + 4
    rounds = 0
    while alive and time.monotonic() < end:
        alive = drip(alive)
        rounds += 1
        if rounds % 4 == 0:
            ok, detail = prompt(m.port)
            worst = worst or ("" if ok else detail)
        time.sleep(0.5)
    tap(not worst, "normal requests answered promptly while the slowloris clients drip",
        worst)
    time.sleep(0.5)
    closed = closed_count(socks)
    tap(closed == SLOWLORIS,
        "every slowloris connection is cut at the read deadline (not kept alive by "
        "dripping)", f"{closed} of {SLOWLORIS} closed")
    cut = m.metric('ringwall_limit_rejections_total{limit="timeout"}')
    tap(cut >= SLOWLORIS, "the cut connections are counted as timeouts", f"{cut}")
    for s in socks:
        s.close()


def test_idle(certs, tmp):
    srv = Server(certs, tmp, "idle", "--timeout", "30", "--max-connections", "10100")
    if not srv.port:
        tap(False, "idle: server starts", srv.text())
        return
    socks = []
    for _ in range(IDLE):
        socks.append(socket.create_connection(("127.0.0.1", srv.port)))
    time.sleep(0.5)
    ok, detail = prompt(srv.port)
    tap(ok, f"{IDLE} idle connections: a normal request is still answered promptly", detail)
    open_now = srv.metric("ringwall_connections_open")
    tap(open_now >= IDLE, f"{IDLE} idle connections are all held open", f"{open_now}")
    with open(f"/proc/{srv.p.pid}/status") as f:
        hwm = int(re.search(r"VmHWM:\s*(\d+)", f.read()).group(1))
    if ASAN:
        skip(f"peak RSS with {IDLE} idle connections", f"sanitizer build ({hwm} kB)")
    else:
        tap(hwm <= 50 * 1024,
            f"peak RSS with 10,000 idle connections is at most 50 MB ({hwm // 1024} MB)",
            f"VmHWM {hwm} kB")
    t0 = time.monotonic()
    rc = srv.stop()
    secs = time.monotonic() - t0
    tap(rc == 0 and secs < STOP_S, f"SIGTERM with {IDLE} idle connections exits 0 promptly",
        f"exit {rc} after {secs:.1f}s\n{srv.text()[-1000:]}")
    time.sleep(0.2)
    closed = closed_count(socks)
    tap(closed == IDLE, "SIGTERM closes the idle connections", f"{closed} closed")
    for s in socks:
        s.close()


def test_connection_limit(certs, tmp):
    srv = Server(certs, tmp, "limit", "--max-connections", "20")
    if not srv.port:
        tap(False, "limit: server starts", srv.text())
        return
    socks = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(20)]
    # The loops accept in parallel, so a connection that came right behind
    # the others could be counted before one of them: let them settle first.
    time.sleep(0.3)
    extra = socket.create_connection(("127.0.0.1", srv.port))
    time.sleep(0.5)
    tap(closed_count([extra]) == 1, "a connection over the limit is closed at once",
        "still open")
    tap(closed_count(socks) == 0, "the connections within the limit stay open",
        f"{closed_count(socks)} closed")
    for s in socks[:5]:
        s.close()
    time.sleep(0.3)
    ok, detail = prompt(srv.port)
    tap(ok, "below the limit again, requests are answered", detail)
    got = srv.metric('ringwall_limit_rejections_total{limit="connections"}')
    tap(got == 1, "connections over the limit are counted", f"{got}")
    for s in socks[5:] + [extra]:
        s.close()
    tap(srv.stop() == 0, "the limited server stops cleanly", srv.text()[-800:])


def test_sigterm(m, tmp):
    import http.client
    keep = http.client.HTTPSConnection("127.0.0.1", m.port, context=tls_context(), timeout=10)
    keep.request("GET", "/healthz")
    r = keep.getresponse()
    r.read()
    slow = subprocess.Popen(["curl", "-sS", "--cacert", CA, "-m", "20", "-d", "slow",
                             "-w", "\n%{http_code}", f"https://127.0.0.1:{m.port}/slow"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    t0 = time.monotonic()
    m.p.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    m.p.send_signal(signal.SIGHUP)   # too late to reload; must not end the process either
    time.sleep(0.1)
    keep.request("GET", "/readyz")
    r = keep.getresponse()
    r.read()
    tap(r.status == 503 and (r.getheader("Connection") or "").lower() == "close",
        "while stopping /readyz answers 503 and closes the connection",
        f"{r.status} {r.getheaders()}")
    try:
        socket.create_connection(("127.0.0.1", m.port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    tap(refused, "while stopping new connections are refused", "connect succeeded")
    out, err = slow.communicate(timeout=20)
    tap(out.endswith("\n200") and '"length":4' in out,
        "SIGTERM while a slow request is in flight: it is finished", out + err)
    try:
        rc = m.p.wait(timeout=15)
    except subprocess.TimeoutExpired:
        rc = None
    secs = time.monotonic() - t0
    tap(rc == 0 and secs < STOP_S,
        "SIGTERM (and a SIGHUP after it): exit 0 once the in-flight request is done",
        f"exit {rc} after {secs:.1f}s\n" + "\n".join(m.text().splitlines()[-4:]))
    events = [e.get("event") for e in m.events()]
    stop = [e for e in m.events() if e.get("event") == "stop"]
    tap("start" in events and "stopping" in events and stop and stop[0].get("unfinished") == 0
        and not any("unparsed" in e for e in m.events() if "echo settings" not in str(e)),
        "start, stopping and stop are logged as JSON lines",
        m.text()[-2000:])


def main():
    global CA
    if not os.access(echo_binary(), os.X_OK):
        tap(False, "the echo server is built (make units)", echo_binary())
        return 1
    if raise_nofile() < 13000:
        tap(False, "the file descriptor limit allows 10,000 connections",
            f"hard limit {resource.getrlimit(resource.RLIMIT_NOFILE)[1]}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        certs = Certs(tmp)
        CA = certs.ca
        m = Server(certs, tmp, "main", "--timeout", str(TIMEOUT), "--slow-ms", "1500",
                   "--reload-fail", os.path.join(tmp, "fail"))
        start = [e for e in m.events() if e.get("event") == "start"]
        tap(m.port and start and start[0].get("max_body") == 8 * 1024 * 1024,
            "the server starts and logs one JSON start line with the default limits",
            m.text()[-1500:])
        if not m.port:
            m.stop()
            return 1
        try:
            test_protocol(m)
            test_endpoints(m)
            test_limits(m, tmp)
            # 200s so far: TLS 1.2, 1.3, two on one connection, exactly 8 MiB, two prompt()
            test_metric_counts(m, 7)
            test_http(m)
            test_rotation(m)
            garbage = test_garbage(m)
            half = test_half_handshake(m)
            lazy = test_never_reads(m)
            test_slowloris(m)
            time.sleep(0.5)
            tap(closed_count(garbage) == 50, "connections that sent garbage are closed",
                f"{closed_count(garbage)} of 50 closed")
            tap(closed_count(half) == 200, "handshakes cut in half are closed at the timeout",
                f"{closed_count(half)} of 200 closed")
            tap(closed_count([lazy]) == 1,
                "the client that never reads is cut at the deadline", "still open")
            for s in garbage + half + [lazy]:
                s.close()
            with open(f"/proc/{m.p.pid}/status") as f:
                hwm = re.search(r"VmHWM:\s*(\d+)", f.read()).group(1)
            print(f"# peak RSS of the server after the abuse cases: {int(hwm) // 1024} MB")
            test_sigterm(m, tmp)
        finally:
            m.stop(signal.SIGKILL, 5)
        test_connection_limit(certs, tmp)
        test_idle(certs, tmp)
        test_epoll_pool(certs, tmp)
    return 0


def test_epoll_pool(certs, tmp):
    """The protocol, endpoints and limits again with the epoll thread pool."""
    global tap
    tap = prefixed("epoll pool: ")
    certs.install("a")
    m = Server(certs, tmp, "one-loop", "--threads", "1")
    tap(m.port and '"threads":1' in m.text(), "the server starts", m.text())
    if m.port:
        try:
            test_protocol(m)
            test_endpoints(m)
            test_limits(m, tmp)
            test_metric_counts(m, 7)
            ok, detail = prompt(m.port)
            tap(ok, "still serving", detail)
        finally:
            tap(m.stop() == 0, "SIGTERM: exit 0", m.text()[-1000:])
    tap = suitelib.tap


if __name__ == "__main__":
    run_main(main)
