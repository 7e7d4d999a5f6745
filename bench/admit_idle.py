#!/usr/bin/env python3
"""admit_idle.py — holds many idle TLS connections to a server, for
bench/admit.sh's memory figure. Opens --count connections to 127.0.0.1:PORT
(TLS handshake done, certificate not verified), each sending a
`GET /healthz` every --ping seconds from the moment it is open so that the
server's idle timeout does not close it; prints `open N failed M` once all
have been tried and, one ping later, `held N` (those still open), then keeps
them until killed.
  admit_idle.py PORT [--count 10000] [--ping 4]"""
import argparse
import asyncio
import ssl
import sys


async def hold(port, ctx, gate, ping, state):
    """One connection: opened, then kept alive from the start (a connection
    left silent until all the others are open would reach the server's idle
    timeout first)."""
    async with gate:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port, ssl=ctx), 20)
        except (OSError, asyncio.TimeoutError, ssl.SSLError):
            state["failed"] += 1
            return
    state["open"] += 1
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
    state["lost"] += 1


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
    state = {"open": 0, "failed": 0, "lost": 0}
    tasks = [asyncio.create_task(hold(a.port, ctx, gate, a.ping, state))
             for _ in range(a.count)]
    while state["open"] + state["failed"] < a.count:
        await asyncio.sleep(0.2)
    print(f"open {state['open']} failed {state['failed']}", flush=True)
    await asyncio.sleep(a.ping + 1)  # every connection has pinged since
    print(f"held {state['open'] - state['lost']}", flush=True)
    await asyncio.gather(*tasks)
    await asyncio.sleep(3600)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
