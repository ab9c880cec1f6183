"""SPARQL latency of every named query through (a) the HTTP endpoint, (b) the Python API,
(c) raw pyoxigraph on the same data, (d) rdflib Memory — medians and ratios, one run.

"raw" evaluates the already-bound query text on a plain ``pyoxigraph.Store`` and reads every
row's terms (``tuple(solution)``) — the least any consumer does; the API additionally binds
the parameters and converts each cell to a Python value. rdflib's engine fails on some
queries that pyoxigraph answers, and takes minutes on others; those rows print the error (or
the time budget) and are left out of its ratio.

Run: python bench/bench_sparql.py [--runs N]. Targets (issue #5): API <= 1.5x raw
pyoxigraph; endpoint overhead (endpoint - raw) <= 5 ms median per query. Prints, asserts
nothing.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

EXAMPLE_PARAMS = {
    "framework": "itil4",
    "framework_a": "itil4",
    "framework_b": "cobit2019",
    "practice": "itil4/ITIL4-5.2.5",
    "process": "change",
    "workflow": "wish",
    "evidence": "published",
    "lang": "en",
    "calltype": "incident",
    "domain": "realize",
    "min_processes": "3",
    "limit": "10",
    "relation": "subset",
    "text": "incident",
}


def median_ms(func: Callable[[], object], runs: int) -> float:
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _rdflib_child(graph: object, text: str, runs: int, out: object) -> None:
    try:
        out.put(median_ms(lambda: list(graph.query(text)), runs))  # type: ignore[attr-defined]
    except Exception as exc:  # rdflib's engine, not ours: report the error
        out.put(f"rdflib: {type(exc).__name__}")  # type: ignore[attr-defined]


def rdflib_ms(graph: object, text: str, runs: int, budget: float) -> float | str:
    """Median ms of rdflib on *graph* in a forked child; a string when it fails or overruns.

    rdflib takes minutes on some queries and cannot be interrupted in-thread, so each one
    runs in a child process that is killed after *budget* seconds.
    """
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_rdflib_child, args=(graph, text, runs, out))
    child.start()
    child.join(budget)
    if child.is_alive():
        child.kill()
        child.join()
        return f"> {budget:.0f} s"
    return out.get(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--rdflib-budget",
        type=float,
        default=30.0,
        help="seconds rdflib may spend on one query (default 30)",
    )
    args = parser.parse_args()
    runs, budget = args.runs, args.rdflib_budget

    import pyoxigraph as ox
    import rdflib
    from werkzeug.serving import make_server

    from usm_kb.data_root import default_data_root
    from usm_kb.namespaces import sparql_prologue
    from usm_kb.settings import Settings
    from usm_kb.store import KnowledgeBase
    from usm_kb.web import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log per request

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(sparql_workers=1, sparql_row_cap=1_000_000)
        kb = KnowledgeBase.open(
            default_data_root(), Path(tmp) / "cache", reason=False, settings=settings
        )
        raw = ox.Store()
        raw.bulk_load(path=str(kb.cache_dir / "kb.nq"), format=ox.RdfFormat.N_QUADS)
        dataset = rdflib.Dataset()
        dataset.parse(data=(kb.cache_dir / "kb.nq").read_bytes(), format="nquads")
        union = rdflib.Graph()
        for s, p, o, _ in dataset.quads():
            union.add((s, p, o))
        app = create_app(settings, kb=kb)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/queries/"

        print(
            f"{'query':38} {'endpoint':>9} {'API':>8} {'raw ox':>8} {'rdflib':>9} "
            f"{'API/raw':>8} {'ep-raw':>8} {'rdf/raw':>8}"
        )
        api_ratios, overheads, rdf_ratios = [], [], []
        for name, query in sorted(kb.named_queries().items()):
            params = {
                p.name: EXAMPLE_PARAMS[p.name]
                for p in query.params
                if p.name in EXAMPLE_PARAMS and not p.optional
            }
            text = kb.bind_named(name, params)
            url = base + name + ("?" + urllib.parse.urlencode(params) if params else "")

            def http(u: str = url) -> bytes:
                req = urllib.request.Request(
                    u, headers={"Accept": "application/sparql-results+json"}
                )
                with urllib.request.urlopen(req) as resp:
                    return resp.read()

            t_ep = median_ms(http, runs)
            t_api = median_ms(lambda n=name, p=params: kb.run_named(n, **p), runs)
            t_raw = median_ms(
                lambda t=text: [
                    tuple(row) for row in raw.query(t, use_default_graph_as_union=True)
                ],
                runs,
            )
            rdf_text = sparql_prologue() + text
            api_ratios.append(t_api / t_raw)
            overheads.append(t_ep - t_raw)
            line = f"{name:38} {t_ep:8.2f}m {t_api:7.2f}m {t_raw:7.2f}m"
            t_rdf = rdflib_ms(union, rdf_text, max(3, runs // 5), budget)
            if isinstance(t_rdf, str):
                print(f"{line} {'-':>9} {t_api / t_raw:7.2f}x {t_ep - t_raw:7.2f}m   {t_rdf}")
                continue
            rdf_ratios.append(t_rdf / t_raw)
            print(
                f"{line} {t_rdf:8.1f}m "
                f"{t_api / t_raw:7.2f}x {t_ep - t_raw:7.2f}m {t_rdf / t_raw:7.1f}x"
            )
        server.shutdown()
        app.extensions["usm_kb"]["pool"].close()
        print(
            f"\nmedian API/raw pyoxigraph   {statistics.median(api_ratios):.2f}x (target <= 1.5x)"
        )
        print(f"median endpoint overhead    {statistics.median(overheads):.2f} ms (target <= 5 ms)")
        print(f"median rdflib/raw pyoxigraph {statistics.median(rdf_ratios):.1f}x")


if __name__ == "__main__":
    main()
