"""Synthetic workspaces of local practices for the benches (1k / 10k / 100k practices).

Each practice has a label, a definition, an owner profile and one or two mapping rows (shares
adding up to 100); teams hold domain assignments per service; every tenth practice has a
RACI-annotated activity. Every *defect_every*-th practice lacks its owner and has a row with
share 120, so validation has findings to report at every size.

    python bench/workspace_gen.py PRACTICES OUT.ttl
"""

from __future__ import annotations

import sys

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


def main() -> None:
    practices, out = int(sys.argv[1]), sys.argv[2]
    workspace(practices).serialize(out, format="turtle")


if __name__ == "__main__":
    main()
