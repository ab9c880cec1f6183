"""The response cache in front of Flask: repeated page requests are answered from memory,
keyed by the raw request; the endpoint's ad-hoc queries, health and errors never are."""

from __future__ import annotations

import pytest

from usm_kb.store import KnowledgeBase
from usm_kb.web.cache import ResponseCache

pytestmark = pytest.mark.both_backends


def fresh_app(kb: KnowledgeBase):
    from conftest import TEST_SETTINGS
    from usm_kb.web import create_app

    return create_app(TEST_SETTINGS, kb=kb, flask_config={"TESTING": True})


def cache_of(app) -> ResponseCache:
    assert isinstance(app.wsgi_app, ResponseCache)
    return app.wsgi_app


def test_pages_are_answered_from_memory_the_second_time(kb: KnowledgeBase, monkeypatch) -> None:
    from usm_kb.web import browse

    app = fresh_app(kb)
    client = app.test_client()
    first = client.get("/frameworks", headers={"Accept": "text/html"})
    monkeypatch.setattr(browse, "frameworks_page", lambda kb: 1 / 0)  # would fail if called
    again = client.get("/frameworks", headers={"Accept": "text/html"})
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    as_json = client.get("/frameworks", headers={"Accept": "application/json"})
    assert as_json.status_code == 500  # another Accept is another key: it reached the view
    assert len(cache_of(app).items) == 1


def test_cors_answers_are_kept_per_origin(kb: KnowledgeBase) -> None:
    app = fresh_app(kb)
    app.extensions["usm_kb"]["settings"] = app.extensions["usm_kb"]["settings"].replace(
        cors_origins="https://a.example"
    )
    client = app.test_client()
    a = client.get("/index.json", headers={"Origin": "https://a.example"})
    b = client.get("/index.json", headers={"Origin": "https://b.example"})
    assert a.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert "Access-Control-Allow-Origin" not in b.headers


def test_what_is_never_kept(kb: KnowledgeBase) -> None:
    app = fresh_app(kb)
    client = app.test_client()
    client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    client.get(
        "/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "text/html"}
    )
    client.get("/-/health.json")
    client.get("/id/process/nothing")
    client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})
    assert cache_of(app).items == {}
    client.get("/queries/processes", headers={"Accept": "application/sparql-results+json"})
    assert len(cache_of(app).items) == 1  # a named query: the same answer every time


def test_the_cache_is_bounded_in_entries_and_bytes(kb: KnowledgeBase) -> None:
    app = fresh_app(kb)
    cache = cache_of(app)
    cache.size = 3
    client = app.test_client()
    for n in range(6):
        assert client.get(f"/index.json?n={n}").status_code == 200
    assert len(cache.items) == 3
    one = len(next(iter(cache.items.values()))[2])
    assert cache.held == 3 * one
    cache.max_bytes = 2 * one
    client.get("/index.json?n=7")
    assert len(cache.items) == 2 and cache.held == 2 * one
