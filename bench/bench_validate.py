"""SHACL validation time: the shipped KB, and synthetic workspaces of local practices.

Run: python bench/bench_validate.py [--runs N] [--sizes 1000 10000]. Prints the median of
N runs (seconds) per data set and the growth factor between sizes, then one end-to-end run
of the largest workspace from a Turtle file; asserts nothing.
Target (issue #4): the shipped KB in a few seconds, 10k local practices <= 10 s on a
2-core machine, growth close to linear.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef

USM = Namespace("https://w3id.org/usm-kb/ontology#")
WS = Namespace("https://example.org/workspace/")
PROCESSES = [
    URIRef(f"https://w3id.org/usm-kb/id/process/{p}")
    for p in ("agree", "change", "operate", "recover", "improve")
]
DOMAINS = [URIRef(f"https://w3id.org/usm-kb/id/domain/{d}") for d in ("specify", "realize")]
RELATIONS = ("subset", "intersects", "superset", "intersects", "subset")


def workspace(practices: int, defect_every: int = 100) -> Graph:
    """A workspace with *practices* local practices, 1.5 mapping rows per practice,
    teams with domain assignments per service, and RACI-annotated activities; every
    *defect_every*-th practice lacks its owner and has a row with share 120."""
    g = Graph()
    mapping_set = WS["mappings"]
    g.add((mapping_set, RDF.type, USM.MappingSet))
    profiles = [WS[f"profile-{i}"] for i in range(20)]
    for i, profile in enumerate(profiles):
        g.add((profile, RDF.type, USM.Profile))
        g.add((profile, RDFS.label, Literal(f"profile {i}", lang="en")))
    services = [WS[f"service-{i}"] for i in range(max(1, practices // 100))]
    for i, service in enumerate(services):
        g.add((service, RDF.type, USM.Service))
        g.add((service, RDFS.label, Literal(f"service {i}", lang="en")))
    for i in range(max(1, practices // 50)):
        team = WS[f"team-{i}"]
        g.add((team, RDF.type, USM.Team))
        g.add((team, RDFS.label, Literal(f"team {i}", lang="en")))
        assignment = WS[f"assignment-{i}"]
        g.add((assignment, RDF.type, USM.DomainAssignment))
        g.add((assignment, USM.assignee, team))
        g.add((assignment, USM.inDomain, DOMAINS[i % 2]))
        g.add((assignment, USM.forService, services[i % len(services)]))
    for i in range(practices):
        practice = WS[f"practice-{i}"]
        g.add((practice, RDF.type, USM.LocalPractice))
        g.add((practice, RDFS.label, Literal(f"local practice {i}", lang="en")))
        g.add((practice, SKOS.definition, Literal(f"How team {i % 50} does thing {i}.", lang="en")))
        defective = i % defect_every == 0
        if not defective:
            g.add((practice, USM.ownerProfile, profiles[i % len(profiles)]))
        spans_two = i % 2 == 0  # such a practice cannot lie inside one process (no subset)
        for k in range(2 if spans_two else 1):
            row = WS[f"mapping-{i}-{k}"]
            g.add((row, RDF.type, USM.Mapping))
            g.add((row, USM.inMappingSet, mapping_set))
            g.add((row, USM.mappingSubject, practice))
            g.add((row, USM.mappingObject, PROCESSES[(i + k) % 5]))
            relation = ("intersects", "superset")[k] if spans_two else RELATIONS[i % 5]
            g.add((row, USM.relation, Literal(relation)))
            g.add((row, USM.rationale, Literal("functional")))
            share = (60, 40)[k] if spans_two else 100
            share = 120 if defective and k == 0 else share
            g.add((row, USM.share, Literal(share, datatype=XSD.integer)))
            g.add((row, USM.confidence, Literal("0.7", datatype=XSD.decimal)))
            g.add((row, USM.evidence, USM.Derived))
            g.add((row, USM.evidenceSource, URIRef(f"https://example.org/wiki/{i}")))
            g.add((row, USM.status, Literal("proposed")))
    for i in range(max(1, practices // 10)):
        activity = WS[f"activity-{i}"]
        g.add((activity, RDF.type, USM.Activity))
        for j, role in enumerate("RACI"):
            raci = WS[f"raci-{i}-{role}"]
            g.add((activity, USM.raci, raci))
            g.add((raci, RDF.type, USM.RaciAssignment))
            g.add((raci, USM.raciRole, Literal(role)))
            g.add((raci, USM.raciProfile, profiles[(i + j) % len(profiles)]))
    return g


def median_seconds(func: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--no-end-to-end",
        dest="end_to_end",
        action="store_false",
        help="skip the file-based run of the largest size",
    )
    args = parser.parse_args()

    from usm_kb.data_root import default_data_root
    from usm_kb.sources import load_sources
    from usm_kb.validation import validate_graph, validate_kb
    from usm_kb.validation.shapes import load_shapes, shapes_dir

    root = default_data_root()
    shapes = load_shapes(shapes_dir(root))  # parse + SHACL-SHACL once, as a long process does
    sources = load_sources(root)
    kb = median_seconds(lambda: validate_kb(root, sources=sources), args.runs)
    report = validate_kb(root, sources=sources)
    print(
        f"shipped KB: {report.triples} triples, {len(report.findings)} findings, "
        f"{kb:.2f} s (median of {args.runs}, sources parsed once)"
    )
    onto = Graph()
    for source in sources:
        if "/graph/ontology/" in source.iri:
            onto += source.graph
    previous: tuple[int, float] | None = None
    for size in args.sizes:
        data = workspace(size)

        def run(data: Graph = data) -> object:
            return validate_graph(data, ontology=onto, inplace=True, shapes=shapes)

        seconds = median_seconds(run, args.runs)
        result = run()
        growth = ""
        if previous is not None:
            factor = seconds / previous[1]
            growth = f", growth x{factor:.1f} for x{size / previous[0]:.0f} data"
        print(
            f"workspace {size:>6} local practices: {len(data)} triples, "
            f"{len(result.findings)} findings, {seconds:.2f} s{growth}"
        )
        previous = (size, seconds)
    if args.end_to_end:
        size = args.sizes[-1]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "workspace.ttl"
            workspace(size).serialize(path, format="turtle")
            start = time.perf_counter()
            report = validate_kb(root, [path])
            print(
                f"end to end, as 'usm-kb validate workspace.ttl' ({size} practices: parse "
                f"the file, load the KB sources, validate): "
                f"{time.perf_counter() - start:.2f} s, of which validation "
                f"{report.seconds:.2f} s (one run)"
            )


if __name__ == "__main__":
    main()
