"""Load benchmark: compile time of the full KB (ontology + all mapping sets), cold start of
`usm-kb info` (cache vs sources), and competency queries (incl. "practices per process per
framework") on pyoxigraph (the KB) vs rdflib Memory (baseline, same data, same run).

Run: python bench/bench_load.py [--runs N]. Prints medians and ratios; asserts nothing.
Target (issue #2): cold start from the cache <= 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

QUERIES = {
    "processes+triggers": """
        SELECT ?p ?code ?ct WHERE { ?p a usm:Process ; usm:code ?code ; usm:triggeredBy ?ct }""",
    "workflow steps in order": """
        SELECT ?w ?i ?proc WHERE { ?w a usm:Workflow ; usm:hasStep ?s .
          ?s usm:stepIndex ?i ; usm:inProcess ?proc } ORDER BY ?w ?i""",
    "practices/process/framework": """
        SELECT ?fw ?proc (COUNT(DISTINCT ?p) AS ?n) WHERE { ?m usm:mappingSubject ?p ;
          usm:mappingObject ?proc ; usm:inMappingSet/usm:framework ?fw }
        GROUP BY ?fw ?proc ORDER BY ?fw ?proc""",
    "practices per process": """
        SELECT ?proc (COUNT(DISTINCT ?p) AS ?n) WHERE { ?m usm:mappingSubject ?p ;
          usm:mappingObject ?proc ; usm:relation ?r FILTER(?r != "not_related") }
        GROUP BY ?proc ORDER BY DESC(?n)""",
}


def median_time(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "usm_kb", *args], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    import rdflib

    from usm_kb.build.pipeline import compile_kb
    from usm_kb.data_root import default_data_root
    from usm_kb.namespaces import sparql_prologue
    from usm_kb.store import KnowledgeBase

    root = default_data_root()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        compile_s = median_time(lambda: compile_kb(root, cache, reason=False), runs)
        reason_s = median_time(lambda: compile_kb(root, cache, reason=True), 1)
        warm = median_time(lambda: cli("--cache", str(cache), "info", "--format", "json"), runs)

        def from_sources() -> None:
            scratch = Path(tempfile.mkdtemp(dir=tmp))
            cli("--cache", str(scratch), "build", "--no-reason")
            cli("--cache", str(scratch), "info", "--format", "json")

        cold = median_time(from_sources, max(1, runs // 2))
        kb = KnowledgeBase.open(root, cache)
        graph = rdflib.Dataset()
        graph.parse(cache / "kb.nq", format="nquads")
        union = rdflib.Graph()
        for quad in graph.quads():
            union.add(quad[:3])
        print(f"KB: {len(kb)} quads; runs per measurement: {runs} (medians)")
        print(f"compile (no reasoner)            {compile_s:8.3f} s")
        print(f"compile (with HermiT), 1 run     {reason_s:8.3f} s")
        print(
            f"`usm-kb info` from cache         {warm:8.3f} s   target <= 1 s: "
            f"{'OK' if warm <= 1.0 else 'MISSED'}"
        )
        print(
            f"`usm-kb build`+`info` (sources)  {cold:8.3f} s   ratio sources/cache = "
            f"{cold / warm:.1f}x"
        )
        print(f"\n{'query':28} {'pyoxigraph':>12} {'rdflib':>12} {'rdflib/pyox':>12}")
        for name, body in QUERIES.items():
            text = sparql_prologue() + body
            ox_s = median_time(
                lambda t=text: list(kb.backend.store.query(t, use_default_graph_as_union=True)),
                runs,
            )
            rdf_s = median_time(lambda t=text: list(union.query(t)), runs)
            assert len(list(kb.backend.store.query(text, use_default_graph_as_union=True))) == len(
                list(union.query(text))
            ), f"backends disagree on {name}"
            print(f"{name:28} {ox_s * 1000:9.2f} ms {rdf_s * 1000:9.2f} ms {rdf_s / ox_s:11.1f}x")


if __name__ == "__main__":
    main()
