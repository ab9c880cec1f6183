"""The steps of ``bench_scale.py``: processes timed with the harness, the query suite, pages.

Each function returns printable rows and a dict of medians (seconds) the caller keeps for the
growth factors between sizes.
"""

from __future__ import annotations

import http.client
import shutil
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from harness import Sample, interleave, run_once
from usm_kb.queries import load_named_queries
from usm_kb.store import KnowledgeBase
from usm_kb.store.remote.backend import FORM, SparqlBackend, prologue
from usm_kb.store.remote.results import ACCEPT


@dataclass(frozen=True)
class Row:
    """One line of the table: a step, one column per side, peak memory."""

    step: str
    cells: dict[str, list[float]]  # side -> seconds per run
    peaks: dict[str, float]  # side -> MiB

    def median(self, side: str) -> float:
        return statistics.median(self.cells[side])

    def render(self) -> str:
        parts = []
        for side, values in self.cells.items():
            peak = f", {self.peaks[side]:.0f} MiB" if side in self.peaks else ""
            parts.append(f"{side} {_spread(values)}{peak}")
        ratio = ""
        if len(self.cells) == 2:
            a, b = self.cells.values()
            pair = [y / x for x, y in zip(a, b, strict=False) if x]
            ratio = f" · ratio {statistics.median(pair):.2f}×" if pair else ""
        return f"| {self.step} | " + " · ".join(parts) + ratio + " |"


def _spread(values: Sequence[float]) -> str:
    med = statistics.median(values)
    if med < 1:
        return f"{med * 1000:.1f} ms ({min(values) * 1000:.1f}–{max(values) * 1000:.1f})"
    return f"{med:.2f} s ({min(values):.2f}–{max(values):.2f})"


def processes(
    step: str, commands: dict[str, list[str]], runs: int, ok: tuple[int, ...], budget: float
) -> Row:
    """Whole ``usm-kb`` processes, interleaved after one warm-up round.

    When the warm-up round shows that *runs* more rounds would take longer than *budget*
    seconds, the warm-up round is reported alone (one run, marked so).
    """
    first = {side: run_once(argv) for side, argv in commands.items()}
    for side, sample in first.items():
        if sample.returncode not in ok:
            raise SystemExit(f"{step} {side} exited {sample.returncode}: {commands[side]}")
    if sum(s.wall for s in first.values()) * runs > budget:
        return _row(
            f"{step} (1 run: {runs} would exceed {budget:.0f} s)",
            {k: [v] for k, v in first.items()},
        )
    return _row(step, interleave(commands, runs=runs, warmup=0, ok_codes=ok))


def _row(step: str, got: dict[str, list[Sample]]) -> Row:
    return Row(
        step,
        {side: [s.wall for s in samples] for side, samples in got.items()},
        {side: max(s.peak_mib for s in samples) for side, samples in got.items()},
    )


def compile_row(exe: str, base: Path, ws: Path, scratch: Path, runs: int, budget: float) -> Row:
    """The workspace's first open: a copy of the compiled KB's cache without the workspace.

    The first run is the warm-up; when it shows *runs* more would exceed *budget* seconds,
    it is reported alone.
    """
    samples: list[Sample] = []
    step = "compile (first open of the workspace)"
    for round_ in range(runs + 1):
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(base, scratch)
        argv = [exe, "--cache", str(scratch), "--no-reason", "--workspace", str(ws), "info"]
        sample = run_once(argv)
        if sample.returncode:
            raise SystemExit(f"compiling {ws} failed ({sample.returncode})")
        if round_:
            samples.append(sample)
        elif sample.wall * runs > budget:
            samples.append(sample)
            step += f" (1 run: {runs} would exceed {budget:.0f} s)"
            break
    shutil.rmtree(scratch, ignore_errors=True)
    return _row(step, {"embedded": samples})


def named_suite(
    kbs: dict[str, KnowledgeBase], raw: ox.Store, remote: SparqlBackend, runs: int
) -> tuple[list[str], dict[str, float]]:
    """Every named query in-process on both backends, and two floors.

    The floors: raw pyoxigraph on the same quads, and a raw HTTP POST of the same text to
    the server on a kept connection (its answer read, not parsed).
    """
    sides = ("embedded", "server", "pyoxigraph", "raw POST")
    totals: dict[str, list[float]] = {k: [0.0] * runs for k in sides}
    lines = ["| named query | " + " | ".join(sides) + " |", "|---|---|---|---|---|"]
    conn = http.client.HTTPConnection(remote.url.base.split("//", 1)[1], timeout=600)
    for name, query in sorted(load_named_queries(kbs["embedded"].root).items()):
        params = query.example()
        text = kbs["embedded"].prepare_named(name, params).text
        full = prologue(text) + text
        fields = [("query", full)] + [("default-graph-uri", g) for g in remote.default]
        if "graph" in text.lower():
            fields += [("named-graph-uri", g) for g in remote.graphs]
        calls = {
            "embedded": partial(kbs["embedded"].run_named, name, **params),
            "server": partial(kbs["server"].run_named, name, **params),
            "pyoxigraph": partial(_floor, raw, full),
            "raw POST": partial(_post, conn, remote, urlencode(fields).encode()),
        }
        samples: dict[str, list[float]] = {k: [] for k in sides}
        for round_ in range(runs + 1):
            for side, call in calls.items():
                started = time.perf_counter()
                call()
                if round_:
                    samples[side].append(time.perf_counter() - started)
        for side, values in samples.items():
            totals[side] = [t + v for t, v in zip(totals[side], values, strict=True)]
        lines.append(f"| {name} | " + " | ".join(_spread(samples[s]) for s in sides) + " |")
    conn.close()
    ratio = [s / e for e, s in zip(totals["embedded"], totals["server"], strict=True)]
    lines.append("| **suite total** | " + " | ".join(_spread(totals[s]) for s in sides) + " |")
    lines.append(
        f"\nsuite total server/embedded, pairwise by round: {statistics.median(ratio):.2f}× "
        f"({min(ratio):.2f}–{max(ratio):.2f})"
    )
    return lines, {side: statistics.median(v) for side, v in totals.items()}


def _floor(store: ox.Store, text: str) -> None:
    answer = store.query(text, use_default_graph_as_union=True)
    if not isinstance(answer, bool):
        for _ in answer:
            pass


def _post(conn: http.client.HTTPConnection, remote: SparqlBackend, body: bytes) -> None:
    headers = {"Content-Type": FORM, "Accept": ACCEPT}
    try:
        conn.request("POST", remote.url.query, body=body, headers=headers)
        answer = conn.getresponse()
    except (http.client.HTTPException, OSError):  # the server closed the idle connection
        conn.close()  # the next request opens a new one
        conn.request("POST", remote.url.query, body=body, headers=headers)
        answer = conn.getresponse()
    answer.read()
    if answer.status != 200:
        raise SystemExit(f"raw POST answered {answer.status}")


def serve(exe: str, args: list[str], port: int) -> subprocess.Popen[bytes]:
    """``usm-kb serve`` on *port*, once it answers."""
    child = subprocess.Popen(
        [exe, *args, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(f"usm-kb serve exited {child.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health")
            conn.getresponse().read()
            conn.close()
            return child
        except OSError:
            time.sleep(0.3)
    child.kill()
    raise SystemExit("usm-kb serve did not start in 600 s")


def peak_mib(pid: int) -> float:
    """The process's peak resident set so far (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pages(ports: dict[str, int], paths: list[str], requests: int) -> list[str]:
    """The first GET of each page, then p50/p95 of further GETs, on each server in turn.

    Each GET has a new query string (past the response cache; the page body is cached after
    the first, so the first GET is the one that queries the store), one keep-alive
    connection per server.
    """
    conns = {
        side: http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        for side, port in ports.items()
    }
    lines = [
        "| page | " + " | ".join(f"{s}: first GET · p50 / p95" for s in ports) + " |",
        "|---|" + "---|" * len(ports),
    ]
    for path in paths:
        got: dict[str, list[float]] = {s: [] for s in ports}
        first: dict[str, float] = {}
        for n in range(requests + 2):
            for side, conn in conns.items():
                sep = "&" if "?" in path else "?"
                started = time.perf_counter()
                conn.request("GET", f"{path}{sep}n={n}", headers={"Accept": "text/html"})
                answer = conn.getresponse()
                answer.read()
                if answer.status != 200:
                    raise SystemExit(f"{side} {path}: {answer.status}")
                if n >= 2:
                    got[side].append(time.perf_counter() - started)
                elif n == 0:
                    first[side] = time.perf_counter() - started
        cells = []
        for side in ports:
            values = sorted(got[side])
            p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
            cells.append(
                f"{first[side] * 1000:.1f} ms · {statistics.median(values) * 1000:.1f} / "
                f"{p95 * 1000:.1f} ms"
            )
        lines.append(f"| {path} | " + " | ".join(cells) + " |")
    for conn in conns.values():
        conn.close()
    return lines
