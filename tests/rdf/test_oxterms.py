"""Pyoxigraph terms built directly equal the converted rdflib terms; a graph dumped as
N-Triples and copied as N-Quads gives the bytes of serialising its quads."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef

from usm_kb.rdf.bridge import to_ox
from usm_kb.rdf.oxigraph import copy_as_nquads, disk_store, dump_graph_ntriples
from usm_kb.rdf.oxterms import Terms, add_ox_triples

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
    add_ox_triples(store, triples, G, batch=7)
    add_ox_triples(store, [(s, p, ox.Literal("elsewhere"))], G + "2")
    dump_graph_ntriples(store, G, tmp_path / "g.nt")
    copied = io.BytesIO()
    copy_as_nquads(tmp_path / "g.nt", G, copied, chunk=64)  # lines cut across chunks
    expected = ox.serialize(
        store.quads_for_pattern(None, None, None, ox.NamedNode(G)), format=ox.RdfFormat.N_QUADS
    )
    assert copied.getvalue() == expected
    assert expected.count(b"\n") == len(triples) and b"elsewhere" not in expected
