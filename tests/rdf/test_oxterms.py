"""Pyoxigraph terms built directly equal the converted rdflib terms; a graph dumped as
N-Triples and copied as N-Quads gives the bytes of serialising its quads."""

from __future__ import annotations

import datetime
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef

from usm_kb.rdf.bridge import to_ox
from usm_kb.rdf.oxigraph import copy_as_nquads, disk_store, dump_graph_ntriples
from usm_kb.rdf.oxterms import Terms, load_ox_triples

G = "https://example.org/graph/g"


def test_terms_equal_the_converted_rdflib_terms() -> None:
    t = Terms(limit=2)  # a tiny cache: cleared and refilled along the way
    cases = [
        (t.iri("https://example.org/a"), URIRef("https://example.org/a")),
        (t.text("Storingen", "nl"), Literal("Storingen", lang="nl")),
        (t.text("Mixed", "EN-gb"), Literal("Mixed", lang="EN-gb")),
        (t.text("plain"), Literal("plain")),
        (t.typed("0.80", str(XSD.decimal)), Literal("0.80", datatype=XSD.decimal)),
        (t.typed(5, str(XSD.integer)), Literal(5, datatype=XSD.integer)),
        (
            t.typed(datetime.date(2024, 1, 5), str(XSD.date)),
            Literal("2024-01-05", datatype=XSD.date),
        ),
        (t.typed("A-1", str(XSD.string)), Literal("A-1", datatype=XSD.string)),
    ]
    for built, rdflib_term in cases:
        assert built == to_ox(rdflib_term)
    assert t.iri("https://example.org/a") is t.iri("https://example.org/a")  # reused


def test_a_dumped_graph_copied_as_nquads_is_its_serialised_quads(tmp_path: Path) -> None:
    store = disk_store(tmp_path / "store")
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    hard = ["line\nbreak .\n", 'quote " and \\ back', "x .", "é ünïcode", "tab\t."]
    triples = [(s, p, ox.Literal(text)) for text in hard]
    triples += [(ox.NamedNode(f"https://example.org/n{i}"), p, s) for i in range(50)]
    with ThreadPoolExecutor(1) as loader:
        load_ox_triples(store, triples, G, loader, batch=7).result()
        load_ox_triples(store, [(s, p, ox.Literal("elsewhere"))], G + "2", loader).result()
    dump_graph_ntriples(store, G, tmp_path / "g.nt")
    copied = io.BytesIO()
    copy_as_nquads(tmp_path / "g.nt", G, copied, chunk=64)  # lines cut across chunks
    expected = ox.serialize(
        store.quads_for_pattern(None, None, None, ox.NamedNode(G)), format=ox.RdfFormat.N_QUADS
    )
    assert copied.getvalue() == expected
    assert expected.count(b"\n") == len(triples) and b"elsewhere" not in expected


def test_triples_loaded_as_text_are_the_triples_added_as_quads(tmp_path: Path) -> None:
    t = Terms()
    s, p = t.iri("https://example.org/s/é?q=1#f"), t.iri("https://example.org/p")
    objects = [
        t.text('quote " back \\ line\nreturn\rtab\t\u0001 😀', "EN-gb"),
        t.text(""),
        t.typed("0.80", str(XSD.decimal)),
        t.typed(7, str(XSD.integer)),
        t.typed("not a number", str(XSD.integer)),
        t.typed(datetime.date(2024, 1, 5), str(XSD.date)),
        t.typed("A-1", str(XSD.string)),
        ox.Literal("x", datatype=ox.NamedNode("https://example.org/type")),
    ]
    triples = [(s, p, o) for o in objects]
    triples += [(ox.NamedNode(f"https://example.org/n{i}"), p, s) for i in range(20)]
    blanks = [(ox.BlankNode("b1"), p, ox.BlankNode("b2")), (s, p, ox.BlankNode("b3"))]
    blanks.append((s, p, ox.Triple(s, p, s)))  # a triple term: no N-Triples text either
    expected = disk_store(tmp_path / "quads")
    expected.bulk_extend([ox.Quad(*triple, ox.NamedNode(G)) for triple in triples + blanks])
    store = disk_store(tmp_path / "text")
    with ThreadPoolExecutor(1) as loader:
        load_ox_triples(store, triples + blanks, G, loader, batch=5).result()
    dumped = store.dump(format=ox.RdfFormat.N_QUADS)
    assert dumped == expected.dump(format=ox.RdfFormat.N_QUADS)
    assert b"_:b1 " in dumped and dumped.count(b"\n") == len(triples) + len(blanks)


def test_a_string_typed_literal_is_the_rdflib_one_without_a_cache() -> None:
    t = Terms(limit=1)
    for value in ["P-1", " spaced ", "é", ""]:
        assert t.typed(value, str(XSD.string)) == to_ox(Literal(value, datatype=XSD.string))
