"""A live `usm-kb serve`-style server on loopback, driven by real clients:
SPARQLWrapper (GET, POST, POSTDIRECTLY; JSON, XML, CSV; CONSTRUCT -> Turtle) and rdflib's
SPARQLStore."""

from __future__ import annotations

import csv
import io

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.both_backends

CODES = {"CTM", "CHM", "INC", "OPS", "RIM"}
QUERY = """PREFIX usm: <https://w3id.org/usm-kb/ontology#>
SELECT ?p ?code WHERE { ?p a usm:Process ; usm:code ?code }"""


def wrapper(url: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(QUERY)
    sw.setReturnFormat(fmt)
    if method == "POST":
        sw.setMethod(POST)
    elif method == "POSTDIRECTLY":
        sw.setMethod(POST)
        sw.setRequestMethod(POSTDIRECTLY)
    return sw


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_sparqlwrapper_json(endpoint: str, method: str) -> None:
    data = wrapper(endpoint, JSON, method).queryAndConvert()
    assert {b["code"]["value"] for b in data["results"]["bindings"]} == CODES


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_xml(endpoint: str, method: str) -> None:
    doc = wrapper(endpoint, XML, method).queryAndConvert()
    literals = {n.firstChild.data for n in doc.getElementsByTagName("literal")}
    assert literals == CODES


def test_sparqlwrapper_csv(endpoint: str) -> None:
    raw = wrapper(endpoint, CSV).queryAndConvert()
    rows = list(csv.DictReader(io.StringIO(raw.decode())))
    assert {r["code"] for r in rows} == CODES


def test_sparqlwrapper_construct_turtle(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(
        "PREFIX process: <https://w3id.org/usm-kb/id/process/> "
        "CONSTRUCT WHERE { process:agree ?p ?o }"
    )
    sw.setReturnFormat(TURTLE)
    data = sw.queryAndConvert()
    graph = rdflib.Graph().parse(data=data, format="turtle")
    assert len(graph) > 3


def test_sparqlwrapper_reports_syntax_error(endpoint: str) -> None:
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    sw = SPARQLWrapper(endpoint)
    sw.setQuery("SELECT * WHERE { ?s ?p }")
    sw.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        sw.query()


def test_rdflib_sparqlstore(endpoint: str) -> None:
    store = SPARQLStore(endpoint, returnFormat="json")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(QUERY))
    assert {str(r.code) for r in rows} == CODES
    agree = rdflib.URIRef("https://w3id.org/usm-kb/id/process/agree")
    assert len(list(graph.triples((agree, None, None)))) > 3
