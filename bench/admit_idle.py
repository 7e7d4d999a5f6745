#!/usr/bin/env python3
"""admit_idle.py — holds many idle TLS connections to a server, for
bench/admit.sh's memory figure. Opens --count connections to 127.0.0.1:PORT
(TLS handshake done, certificate not verified), prints `open N failed M` once
all have been tried, then keeps them open until killed, sending a
`GET /healthz` on each every --ping seconds so that the server's idle
timeout does not close them.
  admit_idle.py PORT [--count 10000] [--ping 4]"""
import argparse
import asyncio
import ssl
import sys


async def connect(port, ctx, gate):
    async with gate:
        try:
            return await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port, ssl=ctx), 20)
        except (OSError, asyncio.TimeoutError, ssl.SSLError):
            return None


async def keep(conn, ping):
    reader, writer = conn
    try:
        while True:
            await asyncio.sleep(ping)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n")
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
        pass


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--ping", type=float, default=4)
    a = ap.parse_args()
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    gate = asyncio.Semaphore(200)
    conns = await asyncio.gather(*(connect(a.port, ctx, gate) for _ in range(a.count)))
    live = [c for c in conns if c]
    print(f"open {len(live)} failed {a.count - len(live)}", flush=True)
    await asyncio.gather(*(keep(c, a.ping) for c in live))
    await asyncio.sleep(3600)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
