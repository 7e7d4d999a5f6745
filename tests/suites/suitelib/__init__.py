"""suitelib — what the Python suites of tests/suites share: TAP results in
the form tests/run.py counts, running a command, free loopback ports,
waiting for a server, a server started with its JSON log on a file, and
certificates made with openssl.

A suite imports it as `suitelib` (python3 puts the suite's own folder first
on sys.path; run.py runs only *.py files of that folder as suites, so this
package is never taken for one). RINGWALL and RINGWALL_ROOT come from run.py;
run by hand, the checkout this package lies in and its ./ringwall are used.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.abspath(os.environ.get("RINGWALL_ROOT") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
RINGWALL = os.path.abspath(os.environ.get("RINGWALL") or os.path.join(ROOT, "ringwall"))
ASAN = bool(os.environ.get("RINGWALL_ASAN"))   # the sanitizer pass of run.py

DETAIL_LINES = 40           # run.py shows no more of a failure than this
_failed = 0


# ---------------------------------------------------------------- results

def tap(cond, name, detail=""):
    """`ok - NAME` when cond holds, else `not ok - NAME` followed by the
    first lines of detail as `#` comments (run.py shows them under it)."""
    global _failed
    print(f"{'ok' if cond else 'not ok'} - {name}", flush=True)
    if not cond:
        _failed += 1
        for line in str(detail).splitlines()[:DETAIL_LINES]:
            print("#   " + line, flush=True)


def skip(name, reason):
    """A result not checked, with its reason (run.py lists it as skipped)."""
    print(f"ok - {name} # SKIP {reason}", flush=True)


def prefixed(prefix):
    """tap() with every name starting with prefix."""
    def tap_prefixed(cond, name, detail=""):
        tap(cond, prefix + name, detail)
    return tap_prefixed


def present(path, what):
    """Whether path (data a suite reads, most of it under ../shared) exists;
    when it does not, the failed result `WHAT: PATH is missing`."""
    if os.path.exists(path):
        return True
    tap(False, f"{what}: {path} is missing")
    return False


def failures():
    """The number of failed results so far."""
    return _failed


def status():
    """The exit status of a suite: 1 when a result failed."""
    return 1 if _failed else 0


def run_main(main):
    """Runs a suite's main(), prints its time and failure count as a comment
    and exits with main's status, or 1 when a result failed."""
    t0 = time.monotonic()
    rc = main()
    print(f"# {time.monotonic() - t0:.1f}s, {failures()} failed", flush=True)
    sys.exit(rc or status())


# ---------------------------------------------------------------- processes

def run(args, text=True, **kw):
    """subprocess.run with stdout and stderr captured."""
    return subprocess.run(args, capture_output=True, text=text, **kw)


def ringwall(*args, **kw):
    """The binary under test with args (see run)."""
    return run([RINGWALL, *args], **kw)


def free_port():
    """A loopback TCP port no one listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(cond, seconds, step=0.05, proc=None, ignore=()):
    """Calls cond every step seconds until it returns true (an exception of
    a type in ignore counts as not yet, e.g. a server's port not answering):
    True then; False when seconds pass first or proc (a Popen) exits."""
    end = time.monotonic() + seconds
    while True:
        try:
            if cond():
                return True
        except ignore:
            pass
        if time.monotonic() >= end or (proc is not None and proc.poll() is not None):
            return False
        time.sleep(step)


class LoggedServer:
    """A server started from args with its standard error on logpath,
    waited for (up to seconds) until it logs its JSON start line with the
    port it listens on: port is that port, or None when it exits or the
    time passes first."""

    STOP_SECONDS = 30       # how long stop() waits before SIGKILL

    def __init__(self, args, logpath, seconds=15):
        self.logpath = logpath
        self.log = open(logpath, "w")
        self.p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.log,
                                  stdin=subprocess.DEVNULL)
        self.port = None
        start = re.compile(r'"event":"start".*"port":(\d+)')

        def started():
            m = start.search(self.text())
            if m:
                self.port = int(m.group(1))
            return m
        wait_for(started, seconds, proc=self.p)

    def text(self):
        """The log so far."""
        with open(self.logpath) as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, seconds=None):
        """Sends sig (unless it has exited) and waits seconds (STOP_SECONDS)
        for the exit, then kills it: its exit status."""
        if self.p.poll() is None:
            self.p.send_signal(sig)
        try:
            return self.p.wait(timeout=self.STOP_SECONDS if seconds is None else seconds)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return self.p.wait()


# ---------------------------------------------------------------- certificates

EC_P256 = ("ec", "-pkeyopt", "ec_paramgen_curve:P-256")
LOCALHOST = "subjectAltName=IP:127.0.0.1,DNS:localhost\n"


def openssl(*args, cwd=None):
    """Runs openssl; its standard output, or RuntimeError with its errors."""
    p = run(["openssl", *args], cwd=cwd)
    if p.returncode:
        raise RuntimeError(f"openssl {' '.join(args)}: {p.stderr}")
    return p.stdout


def make_ca(d, subject, days=2):
    """d/ca.key and d/ca.crt: a self-signed ECDSA P-256 CA; returns ca.crt."""
    crt = os.path.join(d, "ca.crt")
    openssl("req", "-x509", "-newkey", *EC_P256, "-nodes", "-keyout", os.path.join(d, "ca.key"),
            "-out", crt, "-days", str(days), "-subj", subject)
    return crt


def issue(d, stem, subject, days=2, newkey=EC_P256, ext=LOCALHOST):
    """STEM.key and STEM.crt: a certificate for subject signed by the CA of
    make_ca(d), with the extensions of ext (openssl -extfile lines, kept in
    STEM.ext); newkey is what openssl req -newkey takes. Returns (crt, key)."""
    crt, key, csr, extfile = (f"{stem}.{x}" for x in ("crt", "key", "csr", "ext"))
    with open(extfile, "w") as f:
        f.write(ext)
    openssl("req", "-newkey", *newkey, "-nodes", "-keyout", key, "-out", csr, "-subj", subject)
    openssl("x509", "-req", "-in", csr, "-CA", os.path.join(d, "ca.crt"), "-CAkey",
            os.path.join(d, "ca.key"), "-CAcreateserial", "-out", crt, "-days", str(days),
            "-extfile", extfile)
    return crt, key
