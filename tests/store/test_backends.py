"""The two backends answer alike: every named query, the services, the explorer, the policy.

The ``sparql`` backend runs against an Oxigraph server the session starts on loopback
(``sparql_server_kb`` in conftest), with the shipped KB and the ``mixed`` workspace
published into it once. GROUP_CONCAT joins its values in an order SPARQL leaves open (the
stores iterate differently), so those columns compare as sets of their parts.
"""

from __future__ import annotations

import io
import json
import re
import socket
import time
from typing import Any

import pytest
from click.testing import CliRunner

from usm_kb.analysis.backlog import backlog
from usm_kb.analysis.conflicts import conflicts
from usm_kb.analysis.service import coverage, gaps, overlap
from usm_kb.cli import cli
from usm_kb.data_root import default_data_root
from usm_kb.errors import QueryRefused, QueryUnavailable, UsageError
from usm_kb.queries import load_named_queries
from usm_kb.store import KnowledgeBase, RunLimits
from usm_kb.store.remote.backend import SparqlBackend
from usm_kb.store.remote.location import parse_store
from usm_kb.web import create_app
from usm_kb.workspace.config import find_workspace

NAMED = load_named_queries(default_data_root())
# Optional parameters that give a query a non-empty answer on the shipped data.
WIDER = {"cobit-without-agile-counterpart": {"framework": "scrum"}}
EMPTY = {"mapping-quality-gaps", "equal-mappings"}  # empty on the shipped data (see tests/queries)
# GROUP_CONCAT(... separator="S") AS ?var: the separator and the variable, from each query.
CONCAT = re.compile(
    r'GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)',
    re.I | re.S,
)


def comparable(kb: KnowledgeBase, name: str) -> list[tuple[Any, ...]]:
    """The rows of a named query, sorted, with GROUP_CONCAT columns as sorted parts."""
    query = NAMED[name]
    concat = {var: sep for sep, var in CONCAT.findall(query.sparql)}
    result = kb.run_named(name, **query.example(), **WIDER.get(name, {}))
    rows = []
    for row in result.rows:
        cells = []
        for column, value in row.items():
            if column in concat and isinstance(value, str):
                value = tuple(sorted(value.split(concat[column])))
            cells.append((column, type(value).__name__, repr(value)))
        rows.append(tuple(cells))
    return sorted(rows)


@pytest.mark.parametrize("name", sorted(NAMED))
def test_every_named_query_answers_the_same_on_both_backends(
    name: str, kb: KnowledgeBase, sparql_kb: KnowledgeBase
) -> None:
    embedded = comparable(kb, name)
    assert comparable(sparql_kb, name) == embedded
    assert bool(embedded) != (name in EMPTY)


def test_the_concat_columns_are_found() -> None:
    """The normalisation above really sees the GROUP_CONCAT columns (else it would hide nothing)."""
    found = {name for name, q in NAMED.items() if CONCAT.search(q.sparql)}
    assert {"glossary", "principles", "multi-process-practices"} <= found


def test_the_store_as_a_whole_is_the_same(kb: KnowledgeBase, sparql_kb: KnowledgeBase) -> None:
    assert sparql_kb.graph_names() == kb.graph_names()
    assert len(sparql_kb) == len(kb)
    graph = next(g for g in kb.graph_names() if g.endswith("/itil4/mappings"))
    assert {str(q) for q in sparql_kb.quads(graph)} == {str(q) for q in kb.quads(graph)}
    assert sparql_kb.manifest == kb.manifest


def test_the_policy_holds_on_both_backends(any_kb: KnowledgeBase) -> None:
    for text in (
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://example.org/x>",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ):
        with pytest.raises(QueryRefused):
            any_kb.run(text)
    capped = any_kb.run("SELECT ?s WHERE { ?s ?p ?o }", limits=RunLimits(cap=7, timeout=3.0))
    assert capped.size == 7 and capped.truncated
    whole = any_kb.run("SELECT ?p WHERE { ?s a ?p } LIMIT 3", limits=RunLimits(cap=7))
    assert whole.size == 3 and not whole.truncated


def test_graph_datasets_and_construct_agree(kb: KnowledgeBase, sparql_kb: KnowledgeBase) -> None:
    graph = next(g for g in kb.graph_names() if g.endswith("/ontology/usm-method"))
    texts = [
        f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c . FILTER(isIRI(?s)) } LIMIT 50",
        "ASK { ?s usm:code ?c }",
    ]
    for text in texts:
        a, b = kb.query(text), sparql_kb.query(text)
        assert a.kind == b.kind and a.boolean == b.boolean
        assert sorted(map(repr, a.rows)) == sorted(map(repr, b.rows))
        assert len(a.triples) == len(b.triples)


def test_analysis_of_a_published_workspace_is_the_same(
    sparql_server_kb, kb: KnowledgeBase, tmp_path
) -> None:
    workspace = find_workspace(sparql_server_kb.location.parent / "mixed")
    local = KnowledgeBase.open(kb.root, kb.cache_dir, settings=kb.settings, workspace=workspace)
    remote_settings = kb.settings.replace(store=sparql_server_kb.store)
    remote = KnowledgeBase.open(
        kb.root, kb.cache_dir, settings=remote_settings, workspace=workspace
    )
    try:
        assert remote.workspace_manifest == local.workspace_manifest
        for analysis in (coverage, gaps):
            assert analysis(remote, ["kanban"]).to_dict() == analysis(local, ["kanban"]).to_dict()
        for whole in (overlap, conflicts, backlog):
            assert whole(remote).to_dict() == whole(local).to_dict()
    finally:
        local.close()


def test_explorer_pages_are_the_same_on_both_backends(kb: KnowledgeBase, sparql_kb) -> None:
    paths = [
        "/id/process/recover.json",
        "/framework/itil4/ITIL4-5.2.5.json",
        "/vocabulary/incident.json",
        "/compare.json?a=itil4&b=cobit2019",
        "/search.json?q=incident",
    ]
    settings = kb.settings.replace(sparql_timeout=30.0)  # content compared here, not speed
    clients = [
        create_app(settings, kb=k, flask_config={"TESTING": True}).test_client()
        for k in (kb, sparql_kb)
    ]
    for path in paths:
        embedded, remote = (c.get(path) for c in clients)
        assert embedded.status_code == remote.status_code == 200, path
        assert json.loads(remote.data) == json.loads(embedded.data), path


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_server_is_a_clear_error(kb: KnowledgeBase) -> None:
    store = f"sparql+http://127.0.0.1:{closed_port()}"
    started = time.monotonic()
    with pytest.raises(
        QueryUnavailable, match=r"SPARQL server http://127\.0\.0\.1:\d+ is unreachable"
    ):
        KnowledgeBase.open(kb.root, kb.cache_dir, settings=kb.settings.replace(store=store))
    assert time.monotonic() - started < 5  # a few retries with backoff, then the error
    result = CliRunner().invoke(cli, ["--store", store, "query", "processes"])
    assert result.exit_code == 1
    assert "unreachable" in result.output and "Traceback" not in result.output


def test_the_explorer_answers_503_when_the_server_goes_away(sparql_server_kb, kb) -> None:
    settings = kb.settings.replace(store=sparql_server_kb.store, store_timeout=1.0)
    remote = KnowledgeBase.open(kb.root, kb.cache_dir, settings=settings)
    url = parse_store(f"sparql+http://127.0.0.1:{closed_port()}")
    assert url is not None
    remote.backend = SparqlBackend(url, dict.fromkeys(remote.graph_names(), 1))
    client = create_app(settings, kb=remote, flask_config={"TESTING": True}).test_client()
    started = time.monotonic()
    answer = client.get("/id/process/recover.json")
    assert answer.status_code == 503
    assert "unreachable" in answer.get_json()["error"]
    assert time.monotonic() - started < settings.sparql_timeout + 2


def test_a_server_that_never_answers_times_out(kb: KnowledgeBase) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections into its backlog, never answers
    try:
        url = parse_store(f"sparql+http://127.0.0.1:{silent.getsockname()[1]}")
        assert url is not None
        backend = SparqlBackend(url, {"urn:g": 1})
        started = time.monotonic()
        with pytest.raises(QueryUnavailable, match="did not answer within"):
            backend.query("ASK {}", kb.admit("ASK {}").dataset, RunLimits(timeout=1.0))
        assert time.monotonic() - started < 3
    finally:
        silent.close()


@pytest.mark.parametrize(
    ("text", "query", "store"),
    [
        ("sparql+http://h:7878", "http://h:7878/query", "http://h:7878/store"),
        ("sparql+https://h/kb/", "https://h/kb/query", "https://h/kb/store"),
        (
            "sparql+http://f:3030/usm?query=sparql&store=data&update=update",
            "http://f:3030/usm/sparql",
            "http://f:3030/usm/data",
        ),
    ],
)
def test_store_urls_name_the_endpoints(text: str, query: str, store: str) -> None:
    url = parse_store(text)
    assert url is not None and (url.query, url.store) == (query, store)
    assert parse_store("embedded") is None


@pytest.mark.parametrize(
    "text", ["http://h:1", "sparql+ftp://h", "sparql+http://u:p@h:1", "sparql+http://h:1?x=y"]
)
def test_other_store_urls_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        parse_store(text)
    result = CliRunner().invoke(cli, ["--store", text, "info"])
    assert result.exit_code == 2 and "--store" in result.output


def test_publish_needs_a_server() -> None:
    result = CliRunner().invoke(cli, ["publish"])
    assert result.exit_code == 2 and "needs a SPARQL server" in result.output


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_the_endpoint_sends_the_same_bytes_on_both_backends(
    kb: KnowledgeBase, sparql_kb: KnowledgeBase, accept: str
) -> None:
    query = (
        "SELECT ?p ?label (LANG(?label) AS ?lang) WHERE { ?p a usm:Process ; rdfs:label ?label }"
        " ORDER BY ?p ?label"
    )
    bodies = []
    for k in (kb, sparql_kb):
        client = create_app(kb.settings, kb=k, flask_config={"TESTING": True}).test_client()
        answer = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert answer.status_code == 200
        bodies.append(answer.data)
    assert bodies[0] == bodies[1] and len(bodies[0]) > 200


def test_uploads_are_refused_clearly_on_a_sparql_store(kb: KnowledgeBase, sparql_kb) -> None:
    client = create_app(sparql_kb.settings, kb=sparql_kb, flask_config={"TESTING": True})
    answer = client.test_client().post(
        "/upload.json",
        data={"catalogue": (io.BytesIO(b"id,name\nA,Incidents\n"), "team.csv")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 501
    assert "--store" in answer.get_json()["error"]
