"""The vocabulary is defined once in code, and the shapes and ontology agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import SH

from usm_kb import vocab
from usm_kb.namespaces import USM

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(REPO / "ontology" / "shapes" / "mappings.ttl")


def allowed(graph: rdflib.Graph, prop: str) -> list[str]:
    (node,) = list(graph.subjects(SH.path, rdflib.URIRef(USM + prop)))
    return [str(v) for v in Collection(graph, graph.value(node, SH["in"]))]


@pytest.mark.parametrize(
    ("prop", "words"),
    [
        ("relation", vocab.RELATIONS),
        ("rationale", vocab.RATIONALES),
        ("status", vocab.STATUSES),
        ("evidence", tuple(vocab.EVIDENCE_IRI.values())),
    ],
)
def test_shapes_allow_exactly_the_vocabulary(shapes: rdflib.Graph, prop: str, words) -> None:
    assert allowed(shapes, prop) == list(words)


def test_evidence_levels_are_individuals_of_the_ontology() -> None:
    graph = rdflib.Graph().parse(REPO / "ontology" / "usm.ttl")
    levels = {str(s) for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef(USM + "EvidenceLevel"))}
    assert levels == set(vocab.EVIDENCE_IRI.values())


@pytest.mark.parametrize(
    ("relation", "status", "places"),
    [
        ("subset", "approved", True),
        ("intersects", "draft", True),
        ("not_related", "approved", False),
        ("equal", "deprecated", False),
    ],
)
def test_one_meaning_of_placement(relation: str, status: str, places: bool) -> None:
    assert vocab.is_placement(relation, status) is places
