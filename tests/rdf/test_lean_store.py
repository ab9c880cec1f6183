"""The lean store answers every triple pattern as rdflib's Memory store does, counts in
constant time, removes, keeps namespace bindings, and pyshacl gives the same report on it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from usm_kb.rdf.bridge import graph_from_triples, store_from_graphs
from usm_kb.rdf.lean_store import LeanStore, lean_graph

EX = "https://example.org/"
DATA = Path(__file__).resolve().parents[1] / "data"


def _triples() -> list[tuple]:
    a, b, c = (URIRef(EX + n) for n in "abc")
    p, q = URIRef(EX + "p"), URIRef(EX + "q")
    blank = BNode()
    return [
        (a, p, b),
        (a, p, c),
        (a, q, Literal("x", lang="en")),
        (b, p, c),
        (b, q, Literal(3, datatype=XSD.integer)),
        (blank, p, a),
        (c, RDF.type, a),
        (a, p, b),  # a duplicate: stored once
    ]


def _pair() -> tuple[Graph, Graph]:
    memory, lean = Graph(), lean_graph()
    for triple in _triples():
        memory.add(triple)
        lean.add(triple)
    return memory, lean


def test_every_pattern_matches_what_memory_matches() -> None:
    memory, lean = _pair()
    terms = {t for triple in _triples() for t in triple} | {URIRef(EX + "absent")}
    patterns = itertools.product([None, *terms], repeat=3)
    checked = 0
    for pattern in patterns:
        assert sorted(lean.triples(pattern)) == sorted(memory.triples(pattern)), pattern
        checked += 1
    assert checked > 500
    assert len(lean) == len(memory) == 7


def test_remove_keeps_indexes_and_count_consistent() -> None:
    memory, lean = _pair()
    a, p = URIRef(EX + "a"), URIRef(EX + "p")
    for graph in (memory, lean):
        graph.remove((a, p, None))
        graph.remove((URIRef(EX + "absent"), None, None))
    assert len(lean) == len(memory) == 5
    assert set(lean) == set(memory)
    assert (a, p, URIRef(EX + "b")) not in lean
    assert list(lean.objects(a, p)) == []
    assert list(lean.subjects(p, URIRef(EX + "b"))) == []
    lean.remove((None, None, None))
    assert len(lean) == 0 and list(lean) == []


def test_graph_operations_and_bindings_work_as_on_memory() -> None:
    memory, lean = _pair()
    assert isomorphic(memory, lean)
    lean.bind("ex", EX)
    memory.bind("ex", EX)
    assert dict(lean.namespaces()) == dict(memory.namespaces())
    assert lean.serialize(format="turtle") == memory.serialize(format="turtle")
    union = lean_graph()
    union += lean
    assert len(union) == len(lean)
    assert list(lean.store.contexts()) == [lean]
    assert list(lean.store.contexts((URIRef(EX + "absent"), None, None))) == []
    assert list(LeanStore().contexts()) == []  # not made by lean_graph: knows no graph


def test_each_triple_names_its_graph_as_memory_does() -> None:
    memory, lean = _pair()
    for graph in (memory, lean):
        contexts = {c for _t, cs in graph.store.triples((None, None, None)) for c in cs}
        assert contexts == {graph}


def test_pyshacl_reports_the_same_on_both_stores() -> None:
    shapes = Graph().parse(
        data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <{EX}S> a sh:NodeShape ; sh:targetSubjectsOf <{EX}p> ;
            sh:property [ sh:path <{EX}q> ; sh:minCount 1 ] ,
                        [ sh:path [ sh:inversePath <{EX}p> ] ; sh:maxCount 0 ] .
        """,
        format="turtle",
    )
    memory, lean = _pair()
    reports = []
    for graph in (memory, lean):
        conforms, results, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
        found = sorted(
            (str(results.value(r, SH.focusNode)), str(results.value(r, SH.resultMessage)))
            for r in results.subjects(RDF.type, SH.ValidationResult)
        )
        reports.append((conforms, found))
    assert reports[0] == reports[1]
    assert reports[0][0] is False and len(reports[0][1]) == 3


def test_oxigraph_triples_feed_both_representations_alike() -> None:
    """``graph_from_triples`` (bulk path on a lean graph) and ``store_from_graphs`` (Oxigraph
    triples straight into the default graph) hold what rdflib's own route holds."""
    text = f"<{EX}a> <{EX}p> <{EX}b>, 0, '' ; <{EX}q> [ <{EX}p> 'x'@en ] .".encode()
    triples = list(ox.parse(input=text, format=ox.RdfFormat.TURTLE))
    lean = graph_from_triples(triples, lean_graph())
    memory = graph_from_triples(triples)
    assert isinstance(lean.store, LeanStore) and len(lean) == len(memory) == 5
    assert isomorphic(lean, memory)
    store = store_from_graphs([], triples)  # the parser's default-graph quads, as they are
    assert len(store) == 5
    assert all(q.graph_name == ox.DefaultGraph() for q in store)
    as_triples = store_from_graphs([], [q.triple for q in triples])
    assert set(as_triples) == set(store)


def test_a_single_value_is_kept_bare_and_grows_into_a_set_and_back() -> None:
    """One value per (subject, predicate) is the index entry itself (no dict of one): adding
    a second value, a duplicate, a term equal in text but not in kind, and removing again
    all keep the answers right."""
    a, p = URIRef(EX + "a"), URIRef(EX + "p")
    text, iri = Literal("1"), URIRef("1")
    lean = lean_graph()
    lean.add((a, p, text))
    store = lean.store
    assert isinstance(store, LeanStore)
    assert store._spo[a][p] is text and store._pos[p][text] is a
    lean.add((a, p, Literal("1")))  # the same term again: still one triple
    assert len(lean) == 1 and store._spo[a][p] is text
    lean.add((a, p, iri))  # same text, other kind: a second value
    assert len(lean) == 2 and set(lean.objects(a, p)) == {text, iri}
    assert (a, p, iri) in lean and (a, p, Literal("1", lang="en")) not in lean
    assert list(lean.subjects(p, iri)) == [a]
    lean.remove((a, p, text))
    assert store._spo[a][p] is iri and list(lean.objects(a, p)) == [iri]
    assert list(lean.triples((None, None, iri))) == [(a, p, iri)]
    lean.remove((a, p, iri))
    assert len(lean) == 0 and a not in store._spo and p not in store._pos
