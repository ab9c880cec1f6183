"""W3C SPARQL 1.1 Protocol, query side (rdf-tests sparql11/protocol), against the Flask app.

Each test names the W3C test it mirrors. Datasets use the KB's own named graphs instead of
the kasei.us data files of the original suite. Update tests check the read-only refusal.
"""

from __future__ import annotations

import io
import json
import urllib.parse

import pytest
import rdflib
from rdflib.query import Result

pytestmark = pytest.mark.both_backends

G_USM = "https://w3id.org/usm-kb/graph/ontology/usm"
G_METHOD = "https://w3id.org/usm-kb/graph/ontology/usm-method"
G_AGILE = "https://w3id.org/usm-kb/graph/mappings/agile/catalog"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
JSON = {"Accept": "application/sparql-results+json"}


def count(response) -> int:
    assert response.status_code == 200, response.data
    return int(response.get_json()["results"]["bindings"][0]["n"]["value"])


def graph_size(kb, graph: str) -> int:
    return kb.scalar(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")


def test_query_get(client) -> None:
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
    assert r.status_code == 200
    assert r.mimetype == "application/sparql-results+json"
    assert r.get_json()["boolean"] is True


def test_query_post_form(client) -> None:
    r = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
    assert r.status_code == 200 and r.get_json()["boolean"] is True


def test_query_post_direct(client) -> None:
    r = client.post(
        "/sparql",
        data="ASK { ?s ?p ?o }",
        headers={**JSON, "Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 200 and r.get_json()["boolean"] is True


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_default_graphs(client, kb, method: str) -> None:
    params = [("query", COUNT), ("default-graph-uri", G_USM), ("default-graph-uri", G_AGILE)]
    if method == "get":
        r = client.get("/sparql?" + urllib.parse.urlencode(params), headers=JSON)
    else:
        r = client.post(
            "/sparql",
            data=urllib.parse.urlencode(params),
            headers={**JSON, "Content-Type": "application/x-www-form-urlencoded"},
        )
    assert count(r) == graph_size(kb, G_USM) + graph_size(kb, G_AGILE)


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_named_graphs(client, method: str) -> None:
    params = [("query", GRAPHS), ("named-graph-uri", G_METHOD), ("named-graph-uri", G_AGILE)]
    if method == "get":
        r = client.get("/sparql?" + urllib.parse.urlencode(params), headers=JSON)
    else:
        r = client.post(
            "/sparql",
            data=urllib.parse.urlencode(params),
            headers={**JSON, "Content-Type": "application/x-www-form-urlencoded"},
        )
    got = [b["g"]["value"] for b in r.get_json()["results"]["bindings"]]
    assert got == sorted([G_METHOD, G_AGILE])


def test_query_dataset_full(client, kb) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    params = [("query", query), ("default-graph-uri", G_USM), ("named-graph-uri", G_AGILE)]
    r = client.get("/sparql?" + urllib.parse.urlencode(params), headers=JSON)
    assert count(r) == graph_size(kb, G_USM) + graph_size(kb, G_AGILE)


def test_query_multiple_dataset_protocol_overrides_from(client, kb) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{G_METHOD}> WHERE {{ ?s ?p ?o }}"
    r = client.get(
        "/sparql", query_string=[("query", query), ("default-graph-uri", G_USM)], headers=JSON
    )
    assert count(r) == graph_size(kb, G_USM)


def test_from_clause_alone_selects_the_graph(client, kb) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{G_AGILE}> WHERE {{ ?s ?p ?o }}"
    assert count(client.get("/sparql", query_string={"query": query}, headers=JSON)) == graph_size(
        kb, G_AGILE
    )


SELECT_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]


@pytest.mark.parametrize(("accept", "fmt"), SELECT_TYPES, ids=[s[0] for s in SELECT_TYPES])
def test_query_content_type_select(client, accept: str, fmt: str) -> None:
    query = "SELECT ?p ?code WHERE { ?p a usm:Process ; usm:code ?code } ORDER BY ?code"
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["Vary"] == "Accept"
    result = Result.parse(source=io.BytesIO(r.data), format=fmt)
    assert sorted(str(row.code) for row in result) == ["CHM", "CTM", "INC", "OPS", "RIM"]


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+json", "application/sparql-results+xml"]
)
def test_query_content_type_ask(client, accept: str) -> None:
    r = client.get(
        "/sparql",
        query_string={"query": "ASK { process:agree a usm:Process }"},
        headers={"Accept": accept},
    )
    assert r.status_code == 200 and r.mimetype == accept
    assert Result.parse(source=io.BytesIO(r.data), format=accept.rsplit("+")[-1]).askAnswer is True


GRAPH_TYPES = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"),
    ("application/ld+json", "json-ld"),
]


@pytest.mark.parametrize(("accept", "fmt"), GRAPH_TYPES, ids=[g[0] for g in GRAPH_TYPES])
@pytest.mark.parametrize(
    "form",
    ["CONSTRUCT WHERE { process:agree ?p ?o }", "DESCRIBE process:agree"],
    ids=["construct", "describe"],
)
def test_query_content_type_graph(client, accept: str, fmt: str, form: str) -> None:
    r = client.get("/sparql", query_string={"query": form}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept
    graph = rdflib.Graph().parse(data=r.data, format=fmt)
    assert (rdflib.URIRef("https://w3id.org/usm-kb/id/process/agree"), None, None) in graph


def test_no_acceptable_type_is_406(client) -> None:
    r = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = client.get(
        "/sparql",
        query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "text/csv"},
    )
    assert r.status_code == 406


def test_bad_query_method(client) -> None:
    assert client.put("/sparql", data="ASK {}").status_code == 405
    assert client.delete("/sparql").status_code == 405


def test_bad_multiple_queries(client) -> None:
    r = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert r.status_code == 400 and b"exactly one" in r.data


def test_bad_query_wrong_media_type(client) -> None:
    r = client.post("/sparql", data="ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_bad_query_missing_form_type(client) -> None:
    r = client.post("/sparql", data="query=ASK%20%7B%7D", headers={"Content-Type": ""})
    assert r.status_code == 400


def test_bad_query_missing_direct_type(client) -> None:
    r = client.post("/sparql", data="ASK {}", headers={"Content-Type": ""})
    assert r.status_code == 400


def test_bad_query_non_utf8(client) -> None:
    body = 'SELECT * WHERE { ?s ?p "café" }'.encode("iso-8859-1")
    r = client.post(
        "/sparql",
        data=body,
        headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"},
    )
    assert r.status_code == 400
    r = client.post("/sparql", data=body, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and b"UTF-8" in r.data


def test_bad_query_syntax_gives_position(client) -> None:
    r = client.get(
        "/sparql",
        query_string={"query": "SELECT * WHERE { ?s ?p }"},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 400
    message = r.get_json()["error"]
    assert "syntax error" in message and "1:" in message
    r = client.get(
        "/sparql",
        query_string={"query": "SELECT * WHERE { ?s ?p }"},
        headers={"Accept": "text/plain"},
    )
    assert r.mimetype == "text/plain" and r.data.count(b"\n") == 1


@pytest.mark.parametrize(
    "request_kind", ["update_post_form", "update_post_direct", "bad_update_get"]
)
def test_updates_are_refused(client, executed: list[str], request_kind: str) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    if request_kind == "update_post_form":
        r = client.post("/sparql", data={"update": update})
    elif request_kind == "update_post_direct":
        r = client.post(
            "/sparql", data=update, headers={"Content-Type": "application/sparql-update"}
        )
    else:
        r = client.get("/sparql", query_string={"update": update})
    assert r.status_code == 400 and b"read-only" in r.data
    assert executed == []


def test_service_description(client, kb) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    graph = rdflib.Graph().parse(data=r.data, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert len(list(graph.subjects(rdflib.RDF.type, sd.Service))) == 1
    assert {str(o) for o in graph.objects(None, sd.name)} == set(kb.graph_names())


def test_unknown_parameters_are_ignored(client) -> None:
    r = client.get(
        "/sparql",
        query_string={"query": "ASK {}", "format": "json", "output": "json", "results": "json"},
    )
    assert r.status_code == 200


def test_unknown_protocol_graph_is_refused(client) -> None:
    r = client.get(
        "/sparql", query_string={"query": "ASK {}", "default-graph-uri": "http://example.org/g"}
    )
    assert r.status_code == 400 and b"unknown graph" in r.data


def test_row_cap_is_signalled(client) -> None:
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=JSON)
    assert r.status_code == 200
    assert r.headers["X-USM-KB-Truncated"] == "true; cap=500"
    assert len(r.get_json()["results"]["bindings"]) == 500
    small = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s a usm:Process }"})
    assert "X-USM-KB-Truncated" not in small.headers
    assert small.headers["X-USM-KB-Result-Size"] == "5"


def test_oversize_query_is_413(client) -> None:
    query = 'ASK { ?s ?p "' + "x" * (65 * 1024) + '" }'
    r = client.post("/sparql", data=query, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_json_error_body_is_one_object(client) -> None:
    r = client.get(
        "/sparql", query_string={"query": "ASK {"}, headers={"Accept": "application/json"}
    )
    assert r.status_code == 400
    assert set(json.loads(r.data)) == {"ok", "error", "status"}
