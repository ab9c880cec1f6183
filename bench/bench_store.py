"""Every named query on the embedded store and on an Oxigraph server, at 10k local practices.

The shipped KB plus a synthetic workspace graph of ``--practices`` local practices
(``workspace_gen.py``) is loaded twice: into the embedded pyoxigraph store, and into an
``oxigraph serve`` started here on loopback (its graphs ``PUT`` through the Graph Store
Protocol, as ``usm-kb publish`` does). Each named query (example parameters) then runs through
``KnowledgeBase.run_named`` on both, interleaved per round after a warm-up; the table shows
the medians, the ratio server/embedded taken pair by pair, and its range over rounds; a
third side, the same server through a client that opens a new connection for every query (as
the backend did before keep-alive), shows what kept connections save.

Target (issue 18): named queries on the server <= 2x the embedded time at 10k.

    python bench/bench_store.py [--practices 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from harness import machine
from workspace_gen import workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from sparql_server import OxigraphServer, oxigraph_command
from usm_kb.queries import load_named_queries
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.store.embedded import EmbeddedBackend
from usm_kb.store.remote.backend import SparqlBackend
from usm_kb.store.remote.http import Client, Response
from usm_kb.store.remote.location import parse_store
from usm_kb.store.remote.manifest import union_graph
from usm_kb.store.remote.publish import N_TRIPLES

EXTRA_GRAPH = "https://example.org/workspace/bench"


class FreshClient(Client):
    """A client that opens a new connection for every request (as before keep-alive)."""

    def read(self, url: str, **kwargs: Any) -> Response:
        try:
            return super().read(url, **kwargs)
        finally:
            self.connections.close()


def timed(kb: KnowledgeBase, name: str, params: dict[str, str]) -> float:
    started = time.perf_counter()
    kb.run_named(name, **params)
    return time.perf_counter() - started


def main() -> None:
    """Run the bench and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    command = oxigraph_command()
    if command is None:
        sys.exit("the oxigraph command is missing: pip install 'usm-kb[server]'")
    print(machine())
    shipped = KnowledgeBase.open(settings=Settings(sparql_workers=0, reason=False))
    with tempfile.TemporaryDirectory() as tmp:
        extra = Path(tmp) / "extra.nq"
        graph = ox.NamedNode(EXTRA_GRAPH)
        triples = list(
            ox.parse(
                workspace(args.practices).serialize(format="nt").encode(),
                format=ox.RdfFormat.N_TRIPLES,
            )
        )
        ox.serialize(
            [ox.Quad(*q.triple, graph) for q in triples], str(extra), format=ox.RdfFormat.N_QUADS
        )
        artefact = shipped.cache_dir / "kb.nq"
        embedded_backend = EmbeddedBackend(artefact, extra=(extra,))
        server = OxigraphServer(Path(tmp) / "db", command).start()
        try:
            url = parse_store(server.store)
            assert url is not None
            client = Client(server.url, timeout=300)
            counts: dict[str, int] = {}
            for quad_graph in [*shipped.graph_names(), EXTRA_GRAPH]:
                quads = embedded_backend.quads(quad_graph)
                body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
                client.write(
                    f"{url.store}?graph={quad_graph}",
                    method="PUT",
                    data=body,
                    headers={"Content-Type": N_TRIPLES},
                )
                counts[quad_graph] = body.count(b"\n")
            union = union_graph("bench", "kb")  # as publish writes it: every triple once
            body = ox.serialize(
                [q.triple for q in embedded_backend.quads()], format=ox.RdfFormat.N_TRIPLES
            )
            client.write(
                f"{url.store}?graph={union}",
                method="PUT",
                data=body,
                headers={"Content-Type": N_TRIPLES},
            )
            remote_backend = SparqlBackend(url, counts, (union,), client=client)
            fresh = SparqlBackend(
                url, counts, (union,), client=FreshClient(server.url, timeout=300)
            )
            kbs = {
                name: KnowledgeBase(
                    backend, shipped.manifest, shipped.root, shipped.cache_dir, shipped.settings
                )
                for name, backend in (
                    ("embedded", embedded_backend),
                    ("server", remote_backend),
                    ("fresh", fresh),
                )
            }
            print(
                f"{sum(counts.values())} triples ({len(triples)} in the workspace graph of "
                f"{args.practices} practices); {args.runs} rounds after a warm-up\n"
            )
            print(
                "| named query | embedded | server | ratio, pairwise (range) "
                "| server, a new connection per query |"
            )
            print("|---|---|---|---|---|")
            worst = []
            before = []  # the same ratio with a new connection per query
            totals = {side: [0.0] * args.runs for side in kbs}
            for name, query in sorted(load_named_queries(shipped.root).items()):
                params = query.example()
                samples: dict[str, list[float]] = {side: [] for side in kbs}
                for round_ in range(args.runs + 1):
                    for side, kb in kbs.items():
                        spent = timed(kb, name, params)
                        if round_:
                            samples[side].append(spent)
                for side, values in samples.items():
                    totals[side] = [t + v for t, v in zip(totals[side], values, strict=True)]
                ratios = [
                    s / e for e, s in zip(samples["embedded"], samples["server"], strict=True)
                ]
                worst.append(statistics.median(ratios))
                fresh_ratios = [
                    f / e for e, f in zip(samples["embedded"], samples["fresh"], strict=True)
                ]
                before.append(statistics.median(fresh_ratios))
                print(
                    f"| {name} | {statistics.median(samples['embedded']) * 1000:.1f} ms | "
                    f"{statistics.median(samples['server']) * 1000:.1f} ms | "
                    f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) | "
                    f"{statistics.median(samples['fresh']) * 1000:.1f} ms |"
                )
            print(
                f"\nmedian ratio over the queries: {statistics.median(worst):.2f}×; "
                f"worst: {max(worst):.2f}× (target <= 2×); with a new connection per query: "
                f"median {statistics.median(before):.2f}×, worst {max(before):.2f}×"
            )
            suite = [s / e for e, s in zip(totals["embedded"], totals["server"], strict=True)]
            kept = [s / f for f, s in zip(totals["fresh"], totals["server"], strict=True)]
            print(
                f"suite total (all {len(worst)} queries, one round): embedded "
                f"{statistics.median(totals['embedded']) * 1000:.0f} ms, server "
                f"{statistics.median(totals['server']) * 1000:.0f} ms; ratio pairwise by round "
                f"{statistics.median(suite):.2f}× ({min(suite):.2f}–{max(suite):.2f}); "
                f"a new connection per query: {statistics.median(totals['fresh']) * 1000:.0f} ms "
                f"(kept / new, pairwise: {statistics.median(kept):.2f}×)"
            )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
