"""Every named query three ways, side by side: the real server, the Python API, raw pyoxigraph.

- **endpoint**: ``GET /queries/NAME`` on a real ``usm-kb serve`` process (waitress, its
  own workers), a new connection per request, SPARQL JSON. The server keeps answers of the
  read-only KB, so the **first** request of each query (the server's real work: one sample
  per server start, ``--starts`` starts on the cache as the build left it, medians shown)
  and the **repeats** (its response cache) are shown apart; **POST /sparql** sends the same
  bound text through the protocol (policy, worker process; never cached). All against
  **raw+json**: the bound text on a plain ``pyoxigraph.Store`` in this process, written with
  pyoxigraph's own SPARQL JSON serialiser — the least a server could do.
- **API**: ``kb.run_named`` in this process (binding, policy, plain Python rows); against
  **raw**: the same bound text on the plain store, every row's terms read. Calls under a
  millisecond are timed in batches of about 2 ms (as timeit does), both sides alike.

Measurements are interleaved per round (endpoint, raw+json, API, raw, …) after a warm-up,
so drift hits all alike; ratios and overheads are taken pair by pair and their medians
printed, with the range over rounds. rdflib Memory is a separate, optional column
(``--rdflib``; its engine fails on some queries and takes minutes on others).

Targets (issue 19): every query through the API <= 1.5x raw; the endpoint <= 1.5x raw+json
at the median with overhead <= 2 ms; the largest answer (framework-overlap) <= 2x raw+json.

    python bench/bench_sparql.py [--runs 15] [--starts 3] [--rdflib]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import build_cache, machine, usm_kb_command

EXAMPLE_PARAMS = {
    "framework": "itil4",
    "framework_a": "itil4",
    "framework_b": "cobit2019",
    "practice": "itil4/ITIL4-5.2.5",
    "process": "change",
    "evidence": "published",
    "relation": "subset",
    "text": "incident",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"usm-kb serve did not answer {url} within {seconds:.0f} s")


def timed(func: Callable[[], object], repeat: int = 1) -> float:
    """Milliseconds per call, over *repeat* calls in a row (timeit's way for sub-ms calls)."""
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    return (time.perf_counter() - start) * 1000 / repeat


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--starts", type=int, default=3, help="server starts for GET first")
    parser.add_argument("--rdflib", action="store_true", help="add rdflib Memory (slow)")
    args = parser.parse_args()

    import pyoxigraph as ox

    from usm_kb.data_root import default_data_root
    from usm_kb.store import KnowledgeBase

    exe = usm_kb_command()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "built"
        build_cache(exe, built)
        kb = KnowledgeBase.open(default_data_root(), built, reason=False)
        raw = ox.Store()
        raw.bulk_load(path=str(built / "kb.nq"), format=ox.RdfFormat.N_QUADS)
        firsts: dict[str, list[Sample]] = {}
        try:
            for start in range(max(1, args.starts)):
                cache = Path(tmp) / f"cache-{start}"  # each start: the cache as the build left it
                shutil.copytree(built, cache)
                port = free_port()
                command = [exe, "--cache", str(cache), "serve", "--port", str(port)]
                server = subprocess.Popen(
                    [*command, "--row-cap", "100000"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                try:
                    base = f"http://127.0.0.1:{port}/queries/"
                    wait_until_up(base + "processes")
                    if start < args.starts - 1:
                        first_requests(kb, raw, base, ox, server.pid, firsts)
                    else:
                        rows = run_all(kb, raw, base, args.runs, ox, server.pid, firsts)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
        finally:
            kb.close()
    report(rows)
    if args.rdflib:
        print("\n(rdflib: run bench/bench_load.py for the rdflib Memory comparison)")


def requests_for(kb: Any, base: str) -> list[tuple[str, dict[str, str], str, Any]]:
    """(name, params, bound text, GET request) of every named query."""
    items = []
    for name, query in sorted(kb.named_queries().items()):
        params = {p.name: EXAMPLE_PARAMS[p.name] for p in query.params if not p.optional}
        url = base + name + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        items.append((name, params, kb.bind_named(name, params), request))
    return items


Sample = tuple[float, float, float, float]  # first GET ms, raw+json ms, server CPU ms, raw CPU ms


def cpu_ms(pid: int) -> float:
    """CPU time of every thread of process *pid* so far (ms; Linux schedstat, ns resolution)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # a thread that ended meanwhile
    return total / 1e6


def first_request(request: Any, text: str, raw: Any, ox: Any, pid: int) -> Sample:
    """The server's first answer to *request* and raw+json right after it: wall-clock ms of
    each, then CPU ms of the server process for the answer and of raw+json here. CPU time
    does not grow while a process waits for a core, so it shows the work on a busy machine.
    """

    def endpoint() -> None:
        with urllib.request.urlopen(request) as response:
            response.read()

    def raw_json() -> None:
        raw.query(text, use_default_graph_as_union=True).serialize(
            format=ox.QueryResultsFormat.JSON
        )

    raw_json()
    before = cpu_ms(pid)
    first = timed(endpoint)
    server = cpu_ms(pid) - before
    start = time.thread_time()
    wall = timed(raw_json)
    return first, wall, server, (time.thread_time() - start) * 1000


def first_requests(
    kb: Any, raw: Any, base: str, ox: Any, pid: int, firsts: dict[str, list[Sample]]
) -> None:
    """One first request of every named query on a server just started."""
    for name, _, text, request in requests_for(kb, base):
        firsts.setdefault(name, []).append(first_request(request, text, raw, ox, pid))


def run_all(
    kb: Any,
    raw: Any,
    base: str,
    runs: int,
    ox: Any,
    pid: int,
    firsts: dict[str, list[Sample]],
) -> list[tuple[Any, ...]]:
    print(
        f"\n{'query':34} {'rows':>5} {'GET first':>15} {'GET repeat':>15} {'POST /sparql':>15} "
        f"{'raw+json':>8} {'API':>8} {'raw':>8} {'API/raw':>14} {'first CPU':>9}"
    )
    results = []
    for name, params, text, request in requests_for(kb, base):

        def endpoint(req: urllib.request.Request = request) -> None:
            with urllib.request.urlopen(req) as response:
                response.read()

        def raw_json(t: str = text) -> None:
            raw.query(t, use_default_graph_as_union=True).serialize(
                format=ox.QueryResultsFormat.JSON
            )

        def api(n: str = name, p: dict[str, str] = params) -> None:
            kb.run_named(n, **p)

        def raw_rows(t: str = text) -> None:
            for row in raw.query(t, use_default_graph_as_union=True):
                tuple(row)

        post = urllib.request.Request(
            base.replace("/queries/", "/sparql"),
            data=text.encode("utf-8"),
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/sparql-query",
            },
        )

        def protocol(req: urllib.request.Request = post) -> None:
            with urllib.request.urlopen(req) as response:
                response.read()

        samples_first = firsts.setdefault(name, [])
        samples_first.append(first_request(request, text, raw, ox, pid))  # not answered before
        first = statistics.median(f[0] for f in samples_first)
        first_ratio = statistics.median(f[0] / f[1] for f in samples_first)
        first_over = statistics.median(f[0] - f[1] for f in samples_first)
        first_cpu = statistics.median(f[2] / max(f[3], 0.001) for f in samples_first)
        for func in (endpoint, protocol, api, raw_rows):  # warm-up
            func()
        # in-process calls under a millisecond are timed in batches of >= ~2 ms
        repeat = max(1, min(200, int(2.0 / max(timed(raw_rows), 0.01))))
        samples: dict[str, list[float]] = {"ep": [], "rj": [], "post": [], "api": [], "raw": []}
        for _ in range(runs):
            samples["ep"].append(timed(endpoint))
            samples["rj"].append(timed(raw_json))
            samples["post"].append(timed(protocol))
            samples["api"].append(timed(api, repeat))
            samples["raw"].append(timed(raw_rows, repeat))
        n_rows = len(kb.run_named(name, **params))
        post_ratio = [a / b for a, b in zip(samples["post"], samples["rj"], strict=True)]
        ep_ratio = [a / b for a, b in zip(samples["ep"], samples["rj"], strict=True)]
        api_ratio = [a / b for a, b in zip(samples["api"], samples["raw"], strict=True)]
        med = statistics.median
        print(
            f"{name:34} {n_rows:>5} {first:7.2f}m {first_ratio:5.2f}x "
            f"{med(samples['ep']):7.2f}m {med(ep_ratio):5.2f}x "
            f"{med(samples['post']):7.2f}m {med(post_ratio):5.2f}x {med(samples['rj']):7.2f}m "
            f"{med(samples['api']):7.2f}m {med(samples['raw']):7.2f}m "
            f"{med(api_ratio):5.2f}x ({min(api_ratio):.1f}–{max(api_ratio):.1f}) "
            f"{first_cpu:5.2f}x"
        )
        results.append(
            (
                name,
                n_rows,
                first_ratio,
                first_over,
                med(api_ratio),
                med(ep_ratio),
                med(post_ratio),
                med(samples["post"]) - med(samples["rj"]),
                first_cpu,
            )
        )
    return results


def report(rows: list[tuple[Any, ...]]) -> None:
    med = statistics.median
    worst_api = max(rows, key=lambda r: r[4])
    largest = max(rows, key=lambda r: r[1])
    print(
        f"\nGET /queries first request / raw+json, median over queries  "
        f"{med(r[2] for r in rows):.2f}x (target <= 1.5x); overhead "
        f"{med(r[3] for r in rows):.2f} ms (target <= 2 ms)\n"
        f"GET /queries first request, server CPU / raw+json CPU, median  "
        f"{med(r[8] for r in rows):.2f}x (worst {max(r[8] for r in rows):.2f}x; load-independent)\n"
        f"GET /queries repeat / raw+json, median  {med(r[5] for r in rows):.2f}x (response cache)\n"
        f"POST /sparql / raw+json, median  {med(r[6] for r in rows):.2f}x; overhead "
        f"{med(r[7] for r in rows):.2f} ms (worker process, never cached)\n"
        f"largest answer ({largest[0]}, {largest[1]} rows): first GET {largest[2]:.2f}x, "
        f"POST {largest[6]:.2f}x (target <= 2x)\n"
        f"API / raw, worst query ({worst_api[0]})  {worst_api[4]:.2f}x "
        f"(target <= 1.5x for every query); queries above 1.5x: "
        f"{sum(1 for r in rows if r[4] > 1.5)} of {len(rows)}"
    )


if __name__ == "__main__":
    main()
