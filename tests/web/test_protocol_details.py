"""Protocol details the hardening review found (issue 12, item 9), each pinned by a test."""

from __future__ import annotations

import pytest
import rdflib

pytestmark = pytest.mark.both_backends

SELECT = "SELECT ?c WHERE { process:agree usm:code ?c }"
JSON = {"Accept": "application/sparql-results+json"}


def test_head_behaves_like_get(client) -> None:
    r = client.head("/sparql", query_string={"query": SELECT}, headers=JSON)
    assert r.status_code == 200 and r.data == b""
    assert r.mimetype == "application/sparql-results+json"


def test_a_trailing_slash_reaches_the_endpoint(client) -> None:
    r = client.get("/sparql/", query_string={"query": SELECT}, headers=JSON)
    assert r.status_code == 200
    assert r.get_json()["results"]["bindings"][0]["c"]["value"] == "CTM"


@pytest.mark.parametrize("kind", ["form", "direct"])
def test_a_query_in_both_url_and_body_is_refused(client, kind: str) -> None:
    if kind == "form":
        r = client.post("/sparql?query=ASK%7B%7D", data={"query": SELECT})
    else:
        r = client.post(
            "/sparql?query=ASK%7B%7D",
            data=SELECT,
            headers={"Content-Type": "application/sparql-query"},
        )
    assert r.status_code == 400 and b"give the query once" in r.data


def test_update_in_a_post_url_is_refused(client, executed: list[str]) -> None:
    r = client.post("/sparql?update=DROP%20ALL", data={"query": SELECT})
    assert r.status_code == 400 and b"read-only" in r.data
    assert executed == []


@pytest.mark.parametrize("where", ["url", "form"])
def test_invalid_percent_encoded_utf8_is_refused(client, where: str) -> None:
    if where == "url":
        r = client.get("/sparql?query=SELECT%20%FF%20WHERE%20%7B%7D")
    else:
        r = client.post(
            "/sparql",
            data=b"query=SELECT%20%FF",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert r.status_code == 400 and b"percent-encoded UTF-8" in r.data


def test_a_byte_order_mark_in_a_direct_post_is_ignored(client) -> None:
    body = ("\ufeff" + SELECT).encode("utf-8")
    r = client.post(
        "/sparql", data=body, headers={"Content-Type": "application/sparql-query", **JSON}
    )
    assert r.status_code == 200, r.data


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_service_description_follows_accept(client, accept: str, fmt: str) -> None:
    r = client.get("/sparql", headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept
    graph = rdflib.Graph().parse(data=r.data, format=fmt)
    assert len(graph) > 10


def test_service_description_does_not_echo_the_host_header(client, app) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle", "Host": "evil.example:666"})
    assert b"evil.example" not in r.data
    public = app.extensions["usm_kb"]["settings"].base_url + "sparql"
    assert f"<{public}>".encode() in r.data


def test_relative_iris_resolve_against_the_endpoint(client, app) -> None:
    """W3C protocol test query_content_type_construct: CONSTRUCT { <s> <p> 1 } WHERE {}."""
    r = client.get(
        "/sparql",
        query_string={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
        headers={"Accept": "application/n-triples"},
    )
    assert r.status_code == 200, r.data
    base = app.extensions["usm_kb"]["settings"].base_url
    assert r.data.decode().startswith(f"<{base}s> <{base}p> ")


def test_overload_answers_503_with_retry_after(client, monkeypatch) -> None:
    from usm_kb.errors import QueryUnavailable
    from usm_kb.store import KnowledgeBase

    def busy(*_args: object, **_kwargs: object) -> None:
        raise QueryUnavailable("too many queries are running or waiting; retry in a moment")

    monkeypatch.setattr(KnowledgeBase, "run_serialized", busy)
    r = client.get("/sparql", query_string={"query": SELECT})
    assert r.status_code == 503 and r.headers["Retry-After"] == "2"
