"""Web benchmark: requests/s and p50/p95 latency of explorer pages against `usm-kb serve`.

Starts `usm-kb serve` (waitress, the production server) on a free loopback port and drives
it with a bounded Python client: N keep-alive connections driven by one thread with a
selector (so the client takes little of the two cores), each sending its next request when
the last one is answered, for a fixed time. Measured at 1 and 32 concurrent clients for the
home page, a process page, a practice page, a concept page, a search and a named query, next
to a static file served by the same server (the baseline: what the server and the client cost
without any page work).

Run: python bench/bench_web.py [--seconds S] [--clients 1,32] [--data DIR] [--cache DIR].
Prints a table; asserts nothing. Target (issue 17): p95 <= 50 ms for concept pages at 32
clients on two cores, zero errors.
"""

from __future__ import annotations

import argparse
import os
import selectors
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass

HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
TARGETS = [  # name, path, headers
    ("static file (baseline)", "/static/explorer.css", HTML),
    ("home", "/", HTML),
    ("process page", "/id/process/recover", HTML),
    ("practice page", "/framework/itil4/ITIL4-5.2.5", HTML),
    ("concept page", "/vocabulary/incident", HTML),
    # a new query string every time: past the response cache, through Flask (body cache hit)
    ("concept page, through Flask", "/vocabulary/incident?n={n}", HTML),
    ("search", "/search?q=incident", HTML),
    (
        "named query (SPARQL JSON)",
        "/queries/process-practices?process=recover",
        {"Accept": "application/sparql-results+json"},
    ),
]


@dataclass
class Run:
    """What one load run measured."""

    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, data: str | None, cache: str | None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "usm_kb"]
    if data:
        command += ["--data", data]
    if cache:
        command += ["--cache", cache]
    command += ["--no-reason", "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"usm-kb serve exited: {server.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/health.json", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("usm-kb serve did not start in time")


class Connection:
    """One client: a keep-alive socket with one request in flight at a time."""

    def __init__(self, port: int, request: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)
        self.request = request
        self.buffer = bytearray()
        self.sent = 0.0
        self.count = 0

    def send(self) -> None:
        self.buffer.clear()
        self.count += 1
        request = self.request.replace("{n}", f"{id(self)}-{self.count}")
        self.sent = time.perf_counter()
        self.sock.sendall(request.encode())

    def received(self, data: bytes) -> int | None:
        """The response's status once it is complete (None while more is to come)."""
        self.buffer += data
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        head = bytes(self.buffer[:head_end]).decode("latin-1").lower()
        length = next(
            int(line.split(":", 1)[1])
            for line in head.split("\r\n")
            if line.startswith("content-length:")
        )
        if len(self.buffer) - head_end - 4 < length:
            return None
        return int(head.split(" ", 2)[1])


def load(port: int, path: str, headers: dict[str, str], clients: int, seconds: float) -> Run:
    """*clients* keep-alive connections, each sending the next request when the last one is
    answered, for *seconds*; one thread with a selector, so the client costs little CPU."""
    lines = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{lines}\r\n"
    selector = selectors.DefaultSelector()
    connections = [Connection(port, request) for _ in range(clients)]
    latencies: list[float] = []
    errors = 0
    began = time.perf_counter()
    deadline = began + seconds
    for connection in connections:
        selector.register(connection.sock, selectors.EVENT_READ, connection)
        connection.send()
    open_ = clients
    while open_:
        for key, _ in selector.select(timeout=1.0):
            connection = key.data
            data = connection.sock.recv(1 << 20)
            if not data:
                raise SystemExit("the server closed a connection")
            status = connection.received(data)
            if status is None:
                continue
            now = time.perf_counter()
            latencies.append(now - connection.sent)
            errors += status != 200
            if now < deadline:
                connection.send()
            else:
                selector.unregister(connection.sock)
                connection.sock.close()
                open_ -= 1
    elapsed = time.perf_counter() - began
    return Run(len(latencies), errors, elapsed, latencies)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", default="1,32")
    parser.add_argument("--data")
    parser.add_argument("--cache")
    args = parser.parse_args()
    concurrency = [int(c) for c in args.clients.split(",")]
    port = free_port()
    server = start_server(port, args.data, args.cache)
    try:
        print("first request (the page is built then; later ones are served from memory):")
        for name, path, headers in TARGETS:
            first = load(port, path, headers, 1, 0.0)
            print(f"  {name:28} {first.percentile(50):8.1f} ms")
            load(port, path, headers, 1, 0.3)
        print(
            f"usm-kb serve (waitress) on loopback; {args.seconds:g} s per run; "
            f"{os.cpu_count()} CPUs; client: one selector thread, keep-alive connections"
        )
        print(
            f"\n{'target':28} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}"
        )
        for clients in concurrency:
            for name, path, headers in TARGETS:
                run = load(port, path, headers, clients, args.seconds)
                print(
                    f"{name:28} {clients:7d} {run.rate:8.0f} {run.percentile(50):8.1f} "
                    f"{run.percentile(95):8.1f} {run.errors:6d}"
                )
            print()
        print("target: p95 <= 50 ms for concept pages at 32 clients, zero errors")
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
