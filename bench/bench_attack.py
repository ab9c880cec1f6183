"""Trivial-query latency while runaway queries attack a real `usm-kb serve` (issue 12).

Starts `usm-kb serve` on loopback (2 workers, a 5 s query time limit), then for N = 0, 5 and
20 concurrent runaway clients (a three-way cartesian product, sent again as soon as it is
answered) measures a trivial `ASK {}` every 0.1 s: p50 / p95 / max latency and errors. A last
phase sends runaway queries whose clients hang up after 1 s (abandoned clients) and measures
the same. Every runaway request's wait is checked against its time limit + 1 s.
Targets: p95 <= 1 s at N = 20, no request waits longer than its timeout + 1 s.

    python bench/bench_attack.py [--samples 40] [--timeout 5]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TRIVIAL = "ASK {}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, query: str, timeout: float) -> tuple[int, float]:
    """(status, seconds) of one GET /sparql."""
    started = time.perf_counter()
    try:
        full = url + "?" + urllib.parse.urlencode({"query": query})
        with urllib.request.urlopen(full, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (TimeoutError, urllib.error.URLError, ConnectionError):
        status = 0
    return status, time.perf_counter() - started


def abandoned(url: str) -> None:
    """Send a runaway query and hang up after one second."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port))) as sock:
        path = "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        time.sleep(1)


class Attack:
    """N threads sending runaway queries until stopped; records each wait."""

    def __init__(self, url: str, n: int, limit: float, hang_up: bool) -> None:
        self.url, self.limit, self.hang_up = url, limit, hang_up
        self.waits: list[float] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.loop, daemon=True) for _ in range(n)]

    def loop(self) -> None:
        while not self.stop.is_set():
            if self.hang_up:
                abandoned(self.url)
            else:
                self.waits.append(get(self.url, RUNAWAY, self.limit + 30)[1])

    def __enter__(self) -> Attack:
        for thread in self.threads:
            thread.start()
        time.sleep(1.0)  # let the attack fill the workers and the queue
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(self.limit + 35)


def measure(url: str, samples: int) -> tuple[list[float], int]:
    latencies, errors = [], 0
    for _ in range(samples):
        status, seconds = get(url, TRIVIAL, 30)
        latencies.append(seconds)
        errors += status != 200
        time.sleep(0.1)
    return latencies, errors


def report(label: str, latencies: list[float], errors: int, floor: float | None) -> None:
    latencies = sorted(latencies)
    p50 = statistics.median(latencies)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    ratio = f"{p50 / floor:7.1f}x" if floor else "   1.0x"
    print(
        f"{label:24} p50 {p50 * 1000:8.1f} ms  p95 {p95 * 1000:8.1f} ms  "
        f"max {latencies[-1] * 1000:8.1f} ms  errors {errors:3}  p50/floor {ratio}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    with tempfile.TemporaryDirectory() as cache:
        command = [
            sys.executable,
            "-m",
            "usm_kb",
            "--cache",
            cache,
            "--no-reason",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--timeout",
            str(args.timeout),
        ]
        server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=os.environ)
        try:
            for _ in range(600):
                if get(url, TRIVIAL, 2)[0] == 200:
                    break
                time.sleep(0.2)
            print(
                f"usm-kb serve on {url}: 2 workers, {args.timeout:g} s limit, "
                f"{os.cpu_count()} cores; trivial query = {TRIVIAL}"
            )
            floor_latencies, errors = measure(url, args.samples)
            floor = statistics.median(floor_latencies)
            report("N = 0 (floor)", floor_latencies, errors, None)
            worst = 0.0
            for n in (5, 20):
                with Attack(url, n, args.timeout, hang_up=False) as attack:
                    latencies, errors = measure(url, args.samples)
                report(f"N = {n} runaway", latencies, errors, floor)
                worst = max([worst, *attack.waits])
            with Attack(url, 6, args.timeout, hang_up=True):
                latencies, errors = measure(url, args.samples)
            report("6 abandoned clients", latencies, errors, floor)
            verdict = "ok" if worst <= args.timeout + 1 else "MISSED"
            limit = args.timeout + 1
            print(f"longest runaway wait {worst:.2f} s (limit + 1 s = {limit:g} s): {verdict}")
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
