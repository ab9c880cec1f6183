"""The vocabulary is defined once in code, and the shapes and ontology agree with it."""

from __future__ import annotations

import re
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


def test_copy_host_shape_lists_exactly_the_vocabulary() -> None:
    graph = rdflib.Graph().parse(REPO / "ontology" / "shapes" / "sources.ttl")
    shape = rdflib.URIRef("https://w3id.org/usm-kb/shapes#CopyHostSourceShape")
    query = str(graph.value(graph.value(shape, SH.sparql), SH.select))
    block = re.search(r'REGEX\(\?host, "\(\^\|\[\.\]\)\(([^)]*)\)\$"\)', query)
    assert block is not None
    assert block.group(1).replace("[.]", ".").split("|") == list(vocab.COPY_HOSTS)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.scribd.com/document/1/x", "scribd.com"),
        ("https://WWW.SlideShare.net/slideshow/x/1", "slideshare.net"),
        ("https://scribd.com.example.org/", None),
        ("https://notscribd.com/", None),
        ("urn:isbn:9789491710087", None),
    ],
)
def test_copy_host_of_a_url(url: str, host: str | None) -> None:
    assert vocab.copy_host(url) == host
