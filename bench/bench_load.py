"""Build and start-up as users run them, and the query engine against rdflib.

1. ``usm-kb build`` (HermiT included, as by default) as a whole process, into an empty cache
   (a first build) and into the cache the previous run left (a curator's rebuild after an
   edit: remembered shape checks are kept), interleaved with the same commands of a baseline
   revision (default ``b1d8c97``, the code
   the performance review measured; checked out into a temporary git worktree and run with
   this interpreter). Each side compiles its own revision's data, so the baseline's figure
   is "what a build cost then", not the same data twice.
2. ``usm-kb info`` from a current cache, against ``python -c pass``.
3. Four competency queries in this process: pyoxigraph (the KB) vs rdflib Memory (same data).

Target (issue 19): ``usm-kb build`` <= 0.7x the baseline's.

    python bench/bench_load.py [--runs 5] [--baseline REV | --no-baseline]
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

from harness import build_cache, interleave, machine, ratios, spread, usm_kb_command

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


def build_command(python: str, cache: Path, src: Path | None, first: bool) -> list[str]:
    """`usm-kb build` of this checkout or of the one at *src*: into an emptied *cache* (a
    first build) or into the cache the previous run left (a curator's rebuild)."""
    env = f"PYTHONPATH={src} " if src else ""
    empty = f"rm -rf {cache} && " if first else ""
    return ["sh", "-c", f"{empty}{env}exec {python} -m usm_kb --cache {cache} build"]


def compare_builds(runs: int, baseline: str | None, tmp: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    commands = {
        "build, empty cache": build_command(sys.executable, tmp / "c-now", None, True),
        "rebuild": build_command(sys.executable, tmp / "r-now", None, False),
    }
    if baseline:
        tree = tmp / "baseline"
        subprocess.run(
            ["git", "-C", str(repo), "worktree", "add", "--detach", str(tree), baseline],
            check=True,
            capture_output=True,
        )
        commands[f"{baseline}: empty cache"] = build_command(
            sys.executable, tmp / "c-then", tree / "src", True
        )
        commands[f"{baseline}: rebuild"] = build_command(
            sys.executable, tmp / "r-then", tree / "src", False
        )
    try:
        got = interleave(commands, runs=runs)
    finally:
        if baseline:
            subprocess.run(
                ["git", "-C", str(repo), "worktree", "remove", "--force", str(tmp / "baseline")],
                capture_output=True,
            )
    for name, samples in got.items():
        peak = max(s.peak_mib for s in samples)
        print(f"{name:28} {spread([s.wall for s in samples]):>28}  peak {peak:.0f} MiB")
    if baseline:
        for kind, theirs in (("build, empty cache", "empty cache"), ("rebuild", "rebuild")):
            pair = ratios(got[kind], got[f"{baseline}: {theirs}"])
            print(f"{kind + ' now/then':28} {spread(pair, 'x', 2):>28}  (target <= 0.7x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default="b1d8c97")
    parser.add_argument("--no-baseline", dest="baseline", action="store_const", const=None)
    args = parser.parse_args()
    runs = args.runs

    import rdflib

    from usm_kb.data_root import default_data_root
    from usm_kb.namespaces import sparql_prologue
    from usm_kb.store import KnowledgeBase

    exe = usm_kb_command()
    print(machine())
    root = default_data_root()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        compare_builds(runs, args.baseline, tmp)
        cache = tmp / "cache"
        build_cache(exe, cache)
        starts = interleave(
            {
                "usm-kb info": [exe, "--cache", str(cache), "info"],
                "python -c pass": [sys.executable, "-c", "pass"],
            },
            runs=runs,
        )
        for label, samples in starts.items():
            print(f"{label:28} {spread([s.wall for s in samples]):>28}")
        kb = KnowledgeBase.open(root, cache, reason=False)
        graph = rdflib.Dataset()
        graph.parse(cache / "kb.nq", format="nquads")
        union = rdflib.Graph()
        for quad in graph.quads():
            union.add(quad[:3])
        print(f"\nKB: {len(kb)} quads; in-process queries, medians of {runs}")
        print(f"{'query':28} {'pyoxigraph':>12} {'rdflib':>12} {'rdflib/pyox':>12}")
        for label, body in QUERIES.items():
            text = sparql_prologue() + body
            ox_s = median_time(lambda t=text: list(kb.query(t).rows), runs)
            rdf_s = median_time(lambda t=text: list(union.query(t)), runs)
            print(f"{label:28} {ox_s * 1000:9.2f} ms {rdf_s * 1000:9.2f} ms {rdf_s / ox_s:11.1f}x")
        kb.close()


if __name__ == "__main__":
    main()
