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
    block = re.search(r"\[\.\]\)\?\(([^)]*)\)\(\[:/\?#\]\|\$\)", query)
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


def test_practice_kinds_and_their_targets_are_those_of_the_ontology() -> None:
    graph = rdflib.Graph().parse(REPO / "ontology" / "usm-mapping.ttl")
    kind_class = rdflib.URIRef(USM + "PracticeKind")
    target = rdflib.URIRef(USM + "kindTarget")
    kinds = {str(k) for k in graph.subjects(rdflib.RDF.type, kind_class)}
    assert kinds == set(vocab.KIND_IRI.values())
    for name, classes in vocab.KIND_TARGETS.items():
        found = {str(c) for c in graph.objects(rdflib.URIRef(vocab.KIND_IRI[name]), target)}
        assert found == {USM + c for c in classes}, name
    assert vocab.DEFAULT_KIND in vocab.KINDS


def test_kind_shape_allows_exactly_the_vocabulary() -> None:
    graph = rdflib.Graph().parse(REPO / "ontology" / "shapes" / "catalogues.ttl")
    (node,) = list(graph.subjects(SH.path, rdflib.URIRef(USM + "practiceKind")))
    assert [str(v) for v in Collection(graph, graph.value(node, SH["in"]))] == list(
        vocab.KIND_IRI.values()
    )


def test_target_classes_exist_in_the_ontology() -> None:
    graph = rdflib.Graph()
    for name in ("usm.ttl", "usm-mapping.ttl"):
        graph.parse(REPO / "ontology" / name)
    classes = {str(c) for c in graph.subjects(rdflib.RDF.type, rdflib.OWL.Class)}
    for name in {c for targets in vocab.KIND_TARGETS.values() for c in targets}:
        assert USM + name in classes, name


def test_usm_owned_citations() -> None:
    assert vocab.is_usm_owned("https://usm-portal.com/boekpagina/12-2-4-change-enablement/")
    assert vocab.is_usm_owned("urn:isbn:9789491710087")
    assert not vocab.is_usm_owned("https://usm.gr/knowledge-base")  # a partner site
    assert not vocab.is_usm_owned("urn:isbn:9781787783126")  # a SIAM book
