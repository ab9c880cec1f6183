"""Result and graph writers handle every term kind and never emit a broken document.

pyoxigraph's own writers are the oracle where they are right (SPARQL JSON/XML round trips)
and the counter-example where they are not (they write U+0001 into XML and invalid RDF/XML
element names).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from usm_kb.errors import NotAcceptable
from usm_kb.rdf.serialize import serialize_result, serialize_triples
from usm_kb.rdf.sparql_results import collect

TRIPLE_TERM = 'SELECT ?t ?x WHERE { BIND(<<( <urn:s> <urn:p> "o"@en )>> AS ?t) BIND(1 AS ?x) }'


def run(text: str):
    return collect(ox.Store().query(text))


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_triple_terms_round_trip_through_pyoxigraphs_parser(fmt: str) -> None:
    body = serialize_result(run(TRIPLE_TERM), fmt)
    kind = ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.XML
    (row,) = list(ox.parse_query_results(body, format=kind))
    assert row["t"] == ox.Triple(
        ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o", language="en")
    )
    assert row["x"] == ox.Literal(1)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("tsv", '<<( <urn:s> <urn:p> "o"@en )>>\t1\n'), ("csv", '<<( <urn:s> <urn:p> ""o""@en )>>')],
)
def test_triple_terms_in_delimited_results(fmt: str, expected: str) -> None:
    # pyoxigraph's TSV writes an xsd:integer in Turtle's short form (1), as TSV allows
    assert expected in serialize_result(run(TRIPLE_TERM), fmt).decode()


def test_xml_results_refuse_characters_xml_cannot_carry() -> None:
    result = run('SELECT ?v WHERE { BIND("a\\u0001b" AS ?v) }')
    with pytest.raises(NotAcceptable, match=r"U\+0001, which XML 1.0 cannot carry"):
        serialize_result(result, "xml")
    assert json.loads(serialize_result(result, "json"))["results"]["bindings"][0]["v"]["value"]


def test_xml_results_are_well_formed_with_markup_in_values() -> None:
    result = run('SELECT ?v WHERE { BIND("<&>\\"\'" AS ?v) }')
    root = ET.fromstring(serialize_result(result, "xml"))
    assert "".join(root.itertext()).strip().endswith("<&>\"'")


@pytest.mark.parametrize("predicate", ["http://example.org/1", "http://example.org/p/"])
def test_rdf_xml_refuses_properties_without_an_xml_name(predicate: str) -> None:
    triple = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode(predicate), ox.Literal("v"))
    with pytest.raises(NotAcceptable, match="no XML local name"):
        serialize_triples([triple], "xml")
    assert b"urn:s" in serialize_triples([triple], "ttl")


def test_json_ld_refuses_triple_terms_instead_of_crashing() -> None:
    inner = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"))
    outer = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), inner)
    with pytest.raises(NotAcceptable, match="cannot be written as jsonld"):
        serialize_triples([outer], "jsonld")
    assert b"<<(" in serialize_triples([outer], "nt")


def test_graph_with_a_control_character_is_refused_as_rdf_xml() -> None:
    triple = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("http://e.org/p"), ox.Literal("a\x01"))
    with pytest.raises(NotAcceptable, match="U\\+0001"):
        serialize_triples([triple], "xml")


@pytest.mark.parametrize(
    ("cap", "kept", "truncated"),
    [(0, 0, True), (2, 2, True), (3, 3, False), (9, 3, False), (None, 3, False)],
)
def test_collect_keeps_at_most_the_cap_and_says_when_more_rows_exist(
    cap: int | None, kept: int, truncated: bool
) -> None:
    text = "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }"
    result = collect(ox.Store().query(text), cap)
    assert [row[0].value for row in result.rows] == ["1", "2", "3"][:kept]
    assert result.truncated is truncated
    graph = collect(
        ox.Store().query(
            "CONSTRUCT { ?x <urn:p> 1 } WHERE { VALUES ?x { <urn:a> <urn:b> <urn:c> } }"
        ),
        cap,
    )
    assert len(graph.triples) == kept and graph.truncated is truncated
