"""Every explorer page as HTML and as its JSON twin, content negotiation for IRIs, and the
answers' safety: CSP, CORS, 404 pages with suggestions, no traceback, unknown parameters
ignored, pages on the trusted lane."""

from __future__ import annotations

import html
import re

import pytest
import rdflib

from usm_kb.store import KnowledgeBase

# The store's services answer alike on both backends (conftest: both_backends).
pytestmark = pytest.mark.both_backends

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
JSON = {"Accept": "application/json"}

# (path, page kind, a text the HTML shows)
PAGES = [
    ("/", "home", "The five processes"),
    ("/id/process/recover", "process", "Practices placed in Recover"),
    ("/id/workflow/wish", "workflow", "reconstructed"),
    ("/frameworks", "frameworks", "Practices (by share) per framework and process"),
    ("/framework/itil4", "framework", "Coverage of the five processes"),
    ("/framework/itil4/ITIL4-5.2.5", "practice", "Also lives in"),
    ("/vocabulary/usm-glossary", "glossary", "USM glossary"),
    ("/vocabulary/incident", "concept", "Preferred label"),
    ("/search?q=incident", "search", "Incident management"),
    ("/compare?a=itil4&b=cobit2019", "compare", "Path through USM"),
    ("/id/call-type/incident", "resource", "What points at it"),
    ("/ontology", "ontology", "Classes"),
    ("/queries", "queries", "Named queries"),
    ("/queries/process-practices?process=recover", "named_query", "Open in the console"),
    ("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "console", "Answer"),
    ("/-/versions", "versions", "What built the knowledge base"),
    ("/-/settings", "settings", "USM_KB_SPARQL_TIMEOUT"),
    ("/-/health", "health", "Answers queries"),
    ("/-/downloads", "downloads", "itil4-usm.sssom.tsv"),
]


def json_twin(path: str) -> str:
    base, _, query = path.partition("?")
    base = {"/": "/index"}.get(base, base)
    return base + ".json" + ("?" + query if query else "")


@pytest.mark.parametrize(("path", "kind", "shown"), PAGES, ids=[p[1] for p in PAGES])
def test_every_page_has_html_and_a_json_twin(client, path: str, kind: str, shown: str) -> None:
    page = client.get(path, headers=BROWSER)
    assert page.status_code == 200, page.data[:300]
    assert page.mimetype == "text/html"
    text = html.unescape(page.get_data(as_text=True))
    assert shown in text
    assert 'rel="alternate" type="application/json"' in text
    twin = client.get(json_twin(path))
    assert twin.status_code == 200 and twin.mimetype == "application/json"
    data = twin.get_json()
    assert data["page"] == kind
    assert data["title"] in text  # the same dataclass behind both


def test_a_practice_page_shows_kind_targets_share_source_and_see_also(client) -> None:
    """A body maps onto a party and a profile (not a process); an activity's published row
    has its source. Shares are percentages; see-also links are the pages it came from."""
    body = html.unescape(client.get("/framework/siam/X-SIAM-L2", headers=BROWSER).text)
    kind = re.search(r"<dt>Kind</dt><dd>(\w+)</dd>", body)
    assert kind and kind.group(1) == "body"
    assert "(party)" in body and "(profile)" in body and "60 %" in body
    assert 'href="https://www.scopism.com/"' in body and ">see also" in body
    assert 'href="/id/party/provider"' in body
    data = client.get("/framework/siam/X-SIAM-L2.json").get_json()
    assert data["practice_kind"] == "body"
    assert {m["target_type"] for m in data["mappings"]} == {"party", "profile"}
    activity = html.unescape(client.get("/framework/itil4/ITIL4-5.2.5", headers=BROWSER).text)
    assert "<dd>activity</dd>" in activity and "100 %" in activity
    assert 'href="https://usm-portal.com/boekpagina/12-2-5-incidentmanagement/"' in activity
    process = html.unescape(client.get("/id/process/recover", headers=BROWSER).text)
    assert "share 100 %" in process and "strength" not in process
    assert "X-SIAM-L2" not in process


@pytest.mark.parametrize("path", ["/", "/id/process/agree", "/frameworks", "/-/health"])
def test_accept_json_gives_the_twin_on_the_same_url(client, path: str) -> None:
    r = client.get(path, headers=JSON)
    assert r.mimetype == "application/json" and r.get_json()["page"]
    assert "Accept" in r.headers["Vary"]


def test_explorer_pages_link_to_the_sparql_behind_them(client) -> None:
    text = client.get("/id/process/recover", headers=BROWSER).get_data(as_text=True)
    link = re.search(r'class="show-sparql" href="([^"]+)"', text)
    assert link and html.unescape(link.group(1)).startswith("/sparql?query=")
    console = client.get(html.unescape(link.group(1)), headers=BROWSER)
    assert console.status_code == 200 and b"Answer" in console.data


RDF = [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
]


@pytest.mark.parametrize(("accept", "media", "parser"), RDF, ids=[r[2] for r in RDF])
@pytest.mark.parametrize(
    "path",
    [
        "/id/process/recover",
        "/framework/itil4/ITIL4-5.2.5",
        "/vocabulary/incident",
        "/id/call-type/wish",
    ],
)
def test_iris_answer_rdf_by_accept(client, path: str, accept: str, media: str, parser: str) -> None:
    r = client.get(path, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == media
    graph = rdflib.Graph().parse(data=r.data, format=parser)
    subject = rdflib.URIRef("https://w3id.org/usm-kb" + path)
    assert len(list(graph.triples((subject, None, None)))) >= 3


@pytest.mark.parametrize(
    ("suffix", "media"),
    [
        (".ttl", "text/turtle"),
        (".nt", "application/n-triples"),
        (".jsonld", "application/ld+json"),
        (".json", "application/json"),
    ],
)
def test_a_suffix_picks_the_format_whatever_the_accept(client, suffix: str, media: str) -> None:
    r = client.get("/id/process/agree" + suffix, headers=BROWSER)
    assert r.status_code == 200 and r.mimetype == media


def test_a_practice_id_with_dots_is_no_suffix(client) -> None:
    assert client.get("/framework/itil4/ITIL4-5.2.5", headers=JSON).get_json()["notation"] == (
        "ITIL4-5.2.5"
    )
    assert client.get("/framework/itil4/ITIL4-5.2.5.ttl").mimetype == "text/turtle"


def test_the_ontology_and_the_glossary_come_whole_as_rdf(client) -> None:
    ontology = rdflib.Graph().parse(data=client.get("/ontology.ttl").data, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/usm-kb/ontology#Process"), None, None) in ontology
    glossary = client.get("/vocabulary/usm-glossary", headers={"Accept": "text/turtle"})
    assert glossary.data.count(b"skos:prefLabel") + glossary.data.count(b"prefLabel") > 50


def test_unknown_iris_get_a_404_page_with_suggestions(client) -> None:
    r = client.get("/id/process/incident-managment", headers=BROWSER)
    assert r.status_code == 404 and r.mimetype == "text/html"
    text = r.get_data(as_text=True)
    assert "Were you looking for" in text and 'href="/id/process/recover"' in text
    as_json = client.get("/id/process/nothing", headers=JSON)
    assert as_json.status_code == 404
    assert as_json.get_json() == {"ok": False, "error": as_json.get_json()["error"], "status": 404}
    assert client.get("/no/such/page", headers=BROWSER).status_code == 404


def test_bad_values_are_errors_on_the_page_and_in_the_one_json_shape(client) -> None:
    page = client.get("/compare?a=itil4&b=nothing", headers=BROWSER)
    assert page.status_code == 400 and b"nothing" in page.data and page.mimetype == "text/html"
    data = client.get("/compare.json?a=itil4&b=nothing").get_json()
    assert data["ok"] is False and data["status"] == 400
    console = client.get("/sparql?query=SELEC", headers=BROWSER)
    assert console.status_code == 400 and b"refused" in console.data


def test_unknown_query_parameters_are_ignored(client) -> None:
    plain = client.get("/id/process/agree.json").get_json()
    assert client.get("/id/process/agree.json?foo=bar&lang=xx").get_json() == plain
    assert client.get("/search.json?q=incident&x=1").get_json()["q"] == "incident"


def test_no_page_shows_a_traceback(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import TEST_SETTINGS
    from usm_kb.web import browse, create_app

    def broken(kb: KnowledgeBase) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(browse, "frameworks_page", broken)
    client = create_app(TEST_SETTINGS, kb=kb).test_client()  # not TESTING: errors are handled
    for headers in (BROWSER, JSON):
        r = client.get("/frameworks", headers=headers)
        assert r.status_code == 500
        assert b"secret internals" not in r.data and b"Traceback" not in r.data


def test_security_headers_and_cors(client) -> None:
    r = client.get("/", headers=BROWSER)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in r.get_data(as_text=True)  # no inline script: the CSP allows none
    query = {"query": "ASK { ?s ?p ?o }"}
    cors = client.get("/sparql", query_string=query, headers={"Origin": "https://yasgui.example"})
    assert cors.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code in (200, 204)
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_cors_origins_come_from_the_settings() -> None:
    from usm_kb.web.headers import allowed_origin

    assert allowed_origin("https://a.example", "*") == "*"
    assert allowed_origin("https://a.example", "https://a.example https://b.example") == (
        "https://a.example"
    )
    assert allowed_origin("https://c.example", "https://a.example") is None
    assert allowed_origin(None, "https://a.example") is None


def test_sparql_clients_still_get_the_protocol(client) -> None:
    description = client.get("/sparql")
    assert description.mimetype == "text/turtle"
    results = client.get(
        "/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "*/*"}
    )
    assert results.mimetype == "application/sparql-results+json"
    listing = client.get("/queries")
    assert listing.mimetype == "application/json" and isinstance(listing.get_json(), list)
    named = client.get("/queries/processes", headers={"Accept": "application/sparql-results+json"})
    assert named.get_json()["results"]["bindings"]


def test_a_named_query_page_asks_for_missing_parameters(client) -> None:
    r = client.get("/queries/process-practices", headers=BROWSER)
    assert r.status_code == 200 and b"Give process to run this query" in r.data


def test_pages_run_their_queries_on_the_trusted_lane(kb: KnowledgeBase, monkeypatch) -> None:
    from conftest import TEST_SETTINGS
    from usm_kb.web import create_app

    seen: list[str] = []
    inner = kb.backend

    class Spy:
        def query(self, sparql, dataset, limits):
            seen.append(limits.lane)
            return inner.query(sparql, dataset, limits)

        def __getattr__(self, name):
            return getattr(inner, name)

    monkeypatch.setattr(kb, "backend", Spy())
    monkeypatch.setattr(kb, "_cache", {})  # nothing built yet: every page queries
    client = create_app(TEST_SETTINGS, kb=kb).test_client()
    for path in (
        "/",
        "/id/workflow/risk-via-change",
        "/framework/itil4/ITIL4-5.2.5",
        "/search?q=x",
    ):
        assert client.get(path, headers=JSON).status_code == 200
    assert seen and set(seen) == {"trusted"}


def test_downloads(client) -> None:
    with client.get("/-/downloads/kb.nq") as nq:
        assert nq.status_code == 200 and nq.mimetype == "application/n-quads"
        assert len(nq.data.splitlines()) > 10_000
    with client.get("/-/downloads/itil4-usm.sssom.tsv") as sssom:
        assert sssom.status_code == 200 and b"subject_id" in sssom.data
    turtle = client.get("/-/downloads/kb.ttl")
    assert turtle.mimetype == "text/turtle" and len(turtle.data) > 100_000
    assert client.get("/-/downloads/../../etc-usm.sssom.tsv").status_code == 404
    assert client.get("/-/downloads/nothing-usm.sssom.tsv").status_code == 404


def test_named_graphs_resolve_as_a_page_and_as_rdf(client) -> None:
    page = client.get("/graph/ontology/usm-method", headers=BROWSER)
    assert page.status_code == 200 and b"triples" in page.data
    assert client.get("/graph/ontology/usm-method.json").get_json()["triples"] > 500
    turtle = client.get("/graph/ontology/usm-method", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=turtle.data, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/usm-kb/id/process/agree"), None, None) in graph


def test_only_http_iris_become_links(client) -> None:
    query = 'SELECT ?x WHERE { BIND(IRI("javascript:alert(1)") AS ?x) }'
    page = client.get("/sparql", query_string={"query": query}, headers=BROWSER)
    assert page.status_code == 200
    assert b'href="javascript:' not in page.data and b'href="#"' in page.data
