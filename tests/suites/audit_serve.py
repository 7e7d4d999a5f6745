#!/usr/bin/env python3
"""audit_serve.py — `ringwall audit serve`, the audit webhook backend, end to
end: a CA and a server certificate made with openssl, real TLS on loopback,
curl posting audit.k8s.io/v1 EventLists as the API server's webhook backend
does (no kube-apiserver exists on this machine: curl plays its part, reading
the URL and the CA from a webhook kubeconfig of the shape
--audit-webhook-config-file takes, deploy/audit/api-server/).

1. The alerts of every built-in rule's cases, posted one EventList per case
   (and the stateful case one event per request), are those `ringwall audit`
   gives offline on the same events (jsonl and falco formats), source aside.
2. A 12 MiB EventList is accepted and every event evaluated, with the same
   alerts as offline; a body over --max-body is refused with 413; malformed
   JSON and a body that is not an EventList get 400 with the reason.
3. A flood fills a small queue: 429s are seen and counted in /metrics, and
   the alerts are exactly those of the accepted requests' events.
4. SIGHUP loads changed rules (and keeps them when the new file is broken)
   and a new certificate;
   SIGTERM with batches queued drains them all before exit 0.
5. --output-http: the alerts reach the HTTP sink as well, delivered by exit.
"""
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time

from suitelib import RINGWALL, ROOT, LoggedServer, issue, make_ca, ringwall, run, run_main, tap

CASES = os.path.join(ROOT, "tests", "audit")
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.dont_write_bytecode = True  # nothing written into the checkout
import audit_gen  # noqa: E402  (the benchmark's realistic events)

CA = None


def server_cert(d, out, cn):
    """out/tls.crt and out/tls.key for 127.0.0.1 and localhost, subject
    CN=cn, signed by the CA of make_ca(d)."""
    os.makedirs(out, exist_ok=True)
    issue(d, os.path.join(out, "tls"), f"/CN={cn}")


def make_certs(d):
    """A CA and a server certificate for 127.0.0.1 signed by it."""
    make_ca(d, "/CN=ringwall audit test CA")
    server_cert(d, d, "localhost")


def served_subject(port):
    """The subject of the certificate the server presents."""
    out = run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}"], input="",
              timeout=10).stdout
    return run(["openssl", "x509", "-noout", "-subject"], input=out).stdout.strip()


class Server(LoggedServer):
    """`ringwall audit serve` on a free loopback port with certs/tls.crt
    (tmp's by default), its alerts (jsonl unless --format is given) on a
    file."""

    STOP_SECONDS = 60

    def __init__(self, tmp, tag, *args, certs=None):
        self.tmp = tmp
        certs = certs or tmp
        self.alerts = os.path.join(tmp, f"{tag}.alerts")
        if "--format" not in args:
            args += ("--format", "jsonl")
        super().__init__([RINGWALL, "audit", "serve", "--listen", "127.0.0.1:0", "--tls-cert",
                          f"{certs}/tls.crt", "--tls-key", f"{certs}/tls.key", "-o", self.alerts,
                          *args], os.path.join(tmp, f"{tag}.log"))

    def url(self, path="/"):
        return f"https://127.0.0.1:{self.port}{path}"

    def metric(self, series):
        for line in curl(self.url("/metrics"))[1].splitlines():
            if line.startswith(series + " "):
                return float(line.split()[-1])
        return 0.0

    def wait_events(self, want, seconds=60):
        end = time.monotonic() + seconds
        got = self.metric("ringwall_audit_events_total")
        while got < want and time.monotonic() < end:
            time.sleep(0.1)
            got = self.metric("ringwall_audit_events_total")
        return got

    def alert_lines(self):
        with open(self.alerts) as f:
            return [json.loads(line) for line in f if line.strip()]


def curl(url, *args, timeout=60):
    """(status, body, stderr)."""
    p = run(["curl", "-sS", "--cacert", CA, "-m", str(timeout), "-o", "-", "-w",
             "\n%{http_code}", *args, url])
    body, _, code = p.stdout.rpartition("\n")
    return (int(code) if code.isdigit() else 0), body, p.stderr


def post(url, path, *args):
    return curl(url, "-H", "Content-Type: application/json", "--data-binary", f"@{path}", *args)


def event_list(events):
    return {"kind": "EventList", "apiVersion": "audit.k8s.io/v1", "metadata": {},
            "items": events}


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, separators=(",", ":"))
    return path


def read_events(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def offline(tmp, events, fmt):
    """`ringwall audit` over the same events, as JSON lines."""
    path = os.path.join(tmp, "offline.jsonl")
    with open(path, "w") as f:
        for e in events:
            f.write(json.dumps(e, separators=(",", ":")) + "\n")
    p = ringwall("audit", "--fail-on", "none", "--format", fmt, path)
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def without_source(alerts):
    return [{k: v for k, v in a.items() if k != "source"} for a in alerts]


# ---------------------------------------------------------------- the cases

def test_endpoints(s):
    codes = [curl(s.url(p))[0] for p in ("/healthz", "/readyz", "/metrics")]
    tap(codes == [200, 200, 200], "/healthz, /readyz and /metrics answer 200", codes)
    code, body, _ = curl(s.url("/"))
    tap(code == 405, "GET on the webhook path: 405", f"{code} {body}")


def case_batches():
    """(name, [EventList events...]) in the order they are posted: one list
    per case file; the stateful case one event per request."""
    batches = []
    for name in sorted(os.listdir(CASES)):
        if not name.endswith(".jsonl"):
            continue
        events = read_events(os.path.join(CASES, name))
        if name.startswith("repeated-forbidden"):
            batches += [(name, [e]) for e in events]
        else:
            batches.append((name, events))
    return batches


def test_same_as_offline(tmp, fmt):
    s = Server(tmp, f"cases-{fmt}", "--format", fmt)
    try:
        batches = case_batches()
        codes = []
        for i, (_, events) in enumerate(batches):
            codes.append(post(s.url("/audit" if i % 2 else "/"),
                              write_json(f"{tmp}/batch.json", event_list(events)))[0])
        every = [e for _, events in batches for e in events]
        s.wait_events(len(every))
        rc = s.stop()
        served, expected = s.alert_lines(), offline(tmp, every, fmt)
        tap(codes == [200] * len(batches),
            f"{fmt}: {len(batches)} EventLists accepted with 200", codes)
        tap(expected and without_source(served) == without_source(expected),
            f"{fmt}: the alerts are those of `ringwall audit` on the same events "
            f"({len(expected)} alerts, the stateful one across requests)",
            f"served {json.dumps(served)[:1500]}\noffline {json.dumps(expected)[:1500]}")
        if fmt == "jsonl":
            sources = {a["source"] for a in served}
            tap(all(re.fullmatch(r"webhook:\d+", x) for x in sources) and len(sources) > 5,
                "jsonl: an alert's source is webhook:N, the Nth EventList",
                sources)
            tap(any(a["rule"] == "audit/repeated-forbidden" for a in served),
                "repeated-forbidden fires across requests", served)
        tap(rc == 0, f"{fmt}: SIGTERM: exit 0", s.text()[-1500:])
    finally:
        s.stop(signal.SIGKILL, 5)


def big_list(tmp, min_bytes, start=0):
    """An EventList of the benchmark's events of at least min_bytes."""
    import random
    rnd = random.Random(7)
    events, size, i = [], 0, start
    while size < min_bytes:
        e = audit_gen.event(i, rnd)
        events.append(e)
        size += len(json.dumps(e, separators=(",", ":"))) + 1
        i += 1
    return events, write_json(f"{tmp}/big-{min_bytes}.json", event_list(events))


def quiet_filler(tmp, min_bytes):
    """A function writing an EventList of the benchmark's events without the
    exec ones (the flood's marker rule), then the given event."""
    events, _ = big_list(tmp, min_bytes)
    text = ('{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[' +
            "".join(json.dumps(e, separators=(",", ":")) + ","
                    for e in events if e["objectRef"].get("subresource") != "exec"))

    def write(path, marker):
        with open(path, "w") as f:
            f.write(text + json.dumps(marker) + "]}")
        return path
    return write


def test_limits(tmp):
    s = Server(tmp, "limits", "--max-body", str(16 << 20))
    try:
        start = [json.loads(line) for line in s.text().splitlines() if '"start"' in line]
        tap(start and start[0].get("max_body") == 16 << 20,
            "the start line shows the 16 MiB body limit", s.text())
        events, path = big_list(tmp, 12 << 20)
        size = os.path.getsize(path)
        t0 = time.monotonic()
        code, body, err = post(s.url(), path)
        secs = time.monotonic() - t0
        tap(code == 200 and size >= 12 << 20,
            f"a {size / (1 << 20):.1f} MiB EventList ({len(events)} events): 200 "
            f"in {secs:.2f}s, before the rules have run",
            f"{code} {body} {err}")
        got = s.wait_events(len(events), 120)
        tap(got == len(events), "every event of it is evaluated", f"{got} of {len(events)}")
        opath = f"{tmp}/over.json"  # the same list padded past --max-body (still JSON)
        with open(path) as f, open(opath, "w") as out:
            text = f.read()
            out.write(text[:-1] + " " * ((16 << 20) + 1 - len(text)) + text[-1])
        code, body, err = post(s.url(), opath)
        tap(code == 413 and "too large" in body,
            f"{os.path.getsize(opath) / (1 << 20):.1f} MiB, over --max-body: 413",
            f"{code} {body} {err}")
        code, body, err = curl(s.url(), "-H", "Transfer-Encoding: chunked", "--data-binary",
                               f"@{opath}")
        tap(code == 413, "the same chunked (no Content-Length): 413", f"{code} {body} {err}")
        bad = write_json(f"{tmp}/bad.json", None)
        with open(bad, "w") as f:
            f.write('{"kind":"EventList","apiVersion":"audit.k8s.io/v1",\n"items":[{"auditID":"a"}]]}')
        code, body, _ = post(s.url(), bad)
        tap(code == 400 and body.startswith("malformed JSON: line 2, column"),
            "malformed JSON: 400 naming the line and column" , f"{code} {body}")
        with open(bad, "w") as f:
            f.write("not json at all")
        code, body, _ = post(s.url(), bad)
        tap(code == 400 and "malformed JSON" in body, "a body that is not JSON: 400",
            f"{code} {body}")
        write_json(bad, {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"})
        code, body, _ = post(s.url(), bad)
        tap(code == 400 and 'not an audit EventList: kind "AdmissionReview"' in body,
            "an AdmissionReview: 400 not an audit EventList",
            f"{code} {body}")
        s.wait_events(len(events))
        malformed = s.metric('ringwall_audit_batches_total{result="malformed"}')
        tap(malformed == 3, "/metrics counts the 400s", malformed)
        rc = s.stop()
        served = s.alert_lines()
        tap(served and without_source(served) == without_source(offline(tmp, events, "jsonl")),
            "the 12 MiB list's alerts are those of `ringwall audit` offline",
            f"{len(served)} served")
        tap(rc == 0, "SIGTERM: exit 0", s.text()[-1000:])
    finally:
        s.stop(signal.SIGKILL, 5)


def exec_event(n):
    return {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": "Metadata",
            "auditID": f"flood-{n}", "stage": "ResponseStarted", "verb": "create",
            "requestURI": "/api/v1/namespaces/default/pods/web/exec?command=sh",
            "user": {"username": "alice@example.com", "groups": ["system:authenticated"]},
            "objectRef": {"resource": "pods", "namespace": "default", "name": "web",
                          "subresource": "exec", "apiVersion": "v1"},
            "responseStatus": {"code": 101},
            "stageTimestamp": "2026-11-30T10:00:00.000000Z"}


def test_flood(tmp):
    """Many clients at once against a 1-batch queue: some get 429, none of
    the accepted requests' alerts is lost, none of a refused one's appears."""
    s = Server(tmp, "flood", "--queue-batches", "1")
    try:
        filler = quiet_filler(tmp, 1 << 20)
        clients, per = 8, 4
        results = {}
        lock = threading.Lock()

        def client(c):
            for k in range(per):
                n = c * per + k
                path = filler(f"{tmp}/flood-{n}.json", exec_event(n))
                code = post(s.url(), path)[0]
                with lock:
                    results[n] = code
        threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        accepted = {n for n, c in results.items() if c == 200}
        refused = {n for n, c in results.items() if c == 429}
        # A 429 decided from the headers closes the connection with the body
        # unread; the client may see that as a reset before it reads the 429
        # (an error the API server retries like a 429).
        cut = {n for n, c in results.items() if c == 0}
        tap(len(accepted) + len(refused) + len(cut) == clients * per and
            len(cut) <= len(refused),
            f"flood: every request answered 200 or 429 ({len(accepted)} accepted, "
            f"{len(refused)} refused, {len(cut)} cut while sending)", results)
        tap(len(refused) > 0, "flood: the full queue was answered 429", results)
        full = s.metric('ringwall_audit_batches_total{result="queue_full"}')
        tap(len(refused) <= full <= len(refused) + len(cut), "/metrics counts every 429",
            f"{full} vs {len(refused)} (+{len(cut)} cut)")
        rc = s.stop()
        ids = {a["auditID"] for a in s.alert_lines() if a["rule"] == "audit/exec-into-pod"}
        want = {f"flood-{n}" for n in accepted}
        tap(ids == want,
            "flood: the alerts are exactly the accepted requests' (none lost)",
            f"missing {sorted(want - ids)[:10]}, extra {sorted(ids - want)[:10]}")
        tap(rc == 0, "flood: SIGTERM: exit 0", s.text()[-1000:])
    finally:
        s.stop(signal.SIGKILL, 5)


def rule(name, cond):
    return (f"- rule: {name}\n  condition: {cond}\n  output: \"{name} %ka.auditid\"\n"
            "  priority: WARNING\n  source: k8s_audit\n")


def test_reload(tmp):
    rules = os.path.join(tmp, "rules.yaml")
    with open(rules, "w") as f:
        f.write(rule("first", "ka.verb = create"))
    certs = os.path.join(tmp, "reload-certs")
    server_cert(tmp, certs, "first certificate")
    s = Server(tmp, "reload", "--rules", rules, certs=certs)
    try:
        before = served_subject(s.port)
        def send(n):
            return post(s.url(), write_json(f"{tmp}/r.json", event_list([exec_event(n)])))[0]
        send(1)
        s.wait_events(1)
        with open(rules, "w") as f:
            f.write(rule("second", "ka.target.subresource = exec"))
        server_cert(tmp, certs, "second certificate")
        s.p.send_signal(signal.SIGHUP)
        end = time.monotonic() + 10
        while time.monotonic() < end and s.metric('ringwall_reloads_total{result="success"}') < 1:
            time.sleep(0.1)
        send(2)
        s.wait_events(2)
        after = served_subject(s.port)
        tap("first certificate" in before and "second certificate" in after,
            "reload: the new certificate is served (SIGHUP, or the change on disk)",
            f"{before} / {after}")
        with open(rules, "w") as f:
            f.write("- rule: broken\n  condition: ka.verb = = \n")
        s.p.send_signal(signal.SIGHUP)
        while time.monotonic() < end and s.metric('ringwall_reloads_total{result="failure"}') < 1:
            time.sleep(0.1)
        send(3)
        s.wait_events(3)
        rc = s.stop()
        got = [(a["rule"], a["auditID"]) for a in s.alert_lines()]
        tap(got == [("first", "flood-1"), ("second", "flood-2"), ("second", "flood-3")],
            "SIGHUP: the changed rules apply from the next batch; broken rules are refused "
            "and the last good ones kept",
            got)
        tap('"settings":"kept"' in s.text(), "reload: the failure is logged", s.text()[-1500:])
        tap(rc == 0, "reload: SIGTERM: exit 0", s.text()[-1000:])
    finally:
        s.stop(signal.SIGKILL, 5)


def test_drain(tmp):
    """SIGTERM while batches wait in the queue: all are evaluated first.
    Rounds of twenty parallel batches are posted until the queue holds some
    (how fast the rules thread keeps up depends on the machine), then
    SIGTERM comes at once."""
    s = Server(tmp, "drain", "--queue-batches", "64")
    try:
        filler = quiet_filler(tmp, 2 << 20)
        codes, queued, n = [], 0, 0
        while n < 200 and queued < 2:
            paths = [filler(f"{tmp}/d{k % 20}.json", exec_event(k)) for k in range(n, n + 20)]
            got = [0] * 20

            def send(i):
                got[i] = post(s.url(), paths[i])[0]
            threads = [threading.Thread(target=send, args=(i,)) for i in range(20)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            codes += got
            n += 20
            queued = s.metric("ringwall_audit_queue_batches")
        rc = s.stop()
        tap(codes == [200] * n, f"drain: {n} batches accepted", codes)
        tap(queued >= 1, f"drain: batches were still queued at SIGTERM ({queued:.0f})")
        ids = {a["auditID"] for a in s.alert_lines() if a["rule"] == "audit/exec-into-pod"}
        tap(rc == 0 and ids == {f"flood-{k}" for k in range(n)},
            f"SIGTERM with {queued:.0f} batches still queued: every batch's alert written "
            "before exit 0",
            f"rc {rc}, {len(ids)} of {n}\n{s.text()[-1000:]}")
        tap(f'"event":"drained","server":"audit","batches":{n},' in s.text(),
            "drain: the drained line counts every batch", s.text()[-800:])
    finally:
        s.stop(signal.SIGKILL, 5)


def test_kubeconfig(tmp):
    """The API server's --audit-webhook-config-file (deploy/audit/): a
    kubeconfig whose cluster names the webhook's URL and CA. No kube-apiserver
    runs here, so curl posts what the webhook backend would, with the URL and
    CA read from that file (the template's Service name resolved to 127.0.0.1)."""
    import base64
    import yaml
    src = os.path.join(ROOT, "deploy", "audit", "api-server", "audit-webhook.kubeconfig")
    with open(src) as f:
        cfg = yaml.safe_load(f)
    ok = (cfg.get("kind") == "Config" and cfg["clusters"] and cfg["contexts"] and
          cfg.get("current-context") == cfg["contexts"][0]["name"])
    tap(ok, "the webhook kubeconfig is a kubeconfig with one cluster, user and context", cfg)
    cluster = cfg["clusters"][0]["cluster"]
    with open(f"{tmp}/ca.crt", "rb") as f:
        cluster["certificate-authority-data"] = base64.b64encode(f.read()).decode()
    s = Server(tmp, "kubeconfig")
    try:
        server = re.sub(r"//[^/:]+:\d+", f"//localhost:{s.port}", cluster["server"])
        ca = os.path.join(tmp, "from-kubeconfig.crt")
        with open(ca, "wb") as f:
            f.write(base64.b64decode(cluster["certificate-authority-data"]))
        events = read_events(os.path.join(CASES, "exec-into-pod.jsonl"))
        code = run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca,
                    "-H", "Content-Type: application/json", "--data-binary",
                    "@" + write_json(f"{tmp}/k.json", event_list(events)), server]).stdout
        s.wait_events(len(events))
        s.stop()
        tap(code == "200" and any(a["rule"] == "audit/exec-into-pod" for a in s.alert_lines()),
            f"POST to the kubeconfig's server ({cluster['server']} → {server}) verified by "
            "its CA: 200 and the exec alert",
            f"{code} {s.text()[-800:]}")
    finally:
        s.stop(signal.SIGKILL, 5)


def test_http_sink(tmp):
    """--output-http: each alert also POSTed (Falco's layout), delivered by exit."""
    import http.server
    got = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    s = Server(tmp, "sink", "--output-http", f"http://127.0.0.1:{httpd.server_port}/alerts")
    try:
        code = post(s.url(), write_json(f"{tmp}/s.json", event_list([exec_event(7)])))[0]
        s.wait_events(1)
        rc = s.stop()
        tap(code == 200 and rc == 0 and len(got) == 1 and
            got[0].get("rule") == "audit/exec-into-pod",
            "--output-http: the alert is POSTed to the HTTP sink too, delivered before exit 0",
            f"{code} {rc} {got}\n{s.text()[-800:]}")
    finally:
        s.stop(signal.SIGKILL, 5)
        httpd.shutdown()


def main():
    global CA
    with tempfile.TemporaryDirectory() as tmp:
        make_certs(tmp)
        CA = f"{tmp}/ca.crt"
        s = Server(tmp, "main")
        tap(bool(s.port), "audit serve starts and logs its start line", s.text()[-1500:])
        if not s.port:
            return 1
        test_endpoints(s)
        s.stop()
        for test, *args in ((test_same_as_offline, tmp, "jsonl"),
                            (test_same_as_offline, tmp, "falco"), (test_limits, tmp),
                            (test_flood, tmp), (test_reload, tmp), (test_drain, tmp),
                            (test_kubeconfig, tmp), (test_http_sink, tmp)):
            t0 = time.monotonic()
            test(*args)
            print(f"# {test.__name__}: {time.monotonic() - t0:.1f}s", flush=True)
        p = ringwall("audit", "serve", "--listen", ":1")
        tap(p.returncode == 2 and "--tls-cert" in p.stderr,
            "audit serve without a certificate: usage error, exit 2", p.stderr)
    return 0


if __name__ == "__main__":
    run_main(main)
