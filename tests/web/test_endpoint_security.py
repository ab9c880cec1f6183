"""The endpoint is read-only and never reaches out: UPDATE, LOAD, SERVICE, foreign FROM.

A local TCP listener stands in for an attacker's server; it must see no connection.
"""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.both_backends


def hostile(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ sErViCe<{url}>{{?s ?p ?o}} }}",
        f"PREFIX evil: <http://127.0.0.1:{port}/> "
        "SELECT * WHERE { SERVICE evil:x { ?s ?p ?o } }",
        f"SELECT * WHERE {{ ?s ?p ?o # a comment\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{url}>",
        f"LOAD <{url}> INTO GRAPH <urn:g>",
        "LOAD <file:///etc/passwd>",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ]


@pytest.mark.parametrize("index", range(17))
@pytest.mark.parametrize("method", ["get", "form", "direct"])
def test_hostile_queries_are_refused_and_nothing_is_fetched(
    client, executed: list[str], listener, index: int, method: str
) -> None:
    query = hostile(listener.port)[index]
    if method == "get":
        r = client.get("/sparql", query_string={"query": query})
    elif method == "form":
        r = client.post("/sparql", data={"query": query})
    else:
        r = client.post("/sparql", data=query, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400, (query, r.data)
    assert listener.connections == 0
    assert executed == []  # the policy refused it before the engine saw it


def test_keywords_inside_strings_and_comments_are_harmless(client) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE LOAD DROP" AS ?x) } # INSERT SERVICE'
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/json"})
    assert r.status_code == 200
    assert r.get_json()["results"]["bindings"][0]["x"]["value"] == "SERVICE LOAD DROP"


def test_runaway_query_is_stopped_and_the_next_is_answered(client, app, kb) -> None:
    timeout = app.extensions["usm_kb"]["settings"].sparql_timeout
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.perf_counter()
    r = client.get("/sparql", query_string={"query": heavy})
    elapsed = time.perf_counter() - started
    assert r.status_code == 503
    if kb.settings.store == "embedded":
        assert b"time limit" in r.data  # the query's worker process was stopped
    else:  # the server's own --timeout-s stops it there
        assert b"did not answer within" in r.data
    assert elapsed <= timeout + 2
    follow = client.get(
        "/sparql",
        query_string={"query": "ASK { process:agree ?p ?o }"},
        headers={"Accept": "application/json"},
    )
    assert follow.status_code == 200 and follow.get_json()["boolean"] is True
