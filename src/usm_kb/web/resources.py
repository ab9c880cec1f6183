"""Linked data: every IRI under the base resolves here, as a page or as RDF.

``/id/…``, ``/framework/…``, ``/vocabulary/…``, ``/mapping/…``, ``/mappings/…``,
``/agent/…``, ``/graph/…`` and ``/ontology`` answer HTML for browsers, the page's JSON twin
for ``application/json`` (or a ``.json`` suffix), and Turtle, N-Triples, JSON-LD or RDF/XML by
``Accept`` (or ``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``). An IRI the KB does not know is a
404 page with search suggestions.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, request

from usm_kb.explorer.base import Page
from usm_kb.explorer.framework import filter_practices, framework_page
from usm_kb.explorer.glossary import concept_page, glossary_page, language
from usm_kb.explorer.practice import practice_page
from usm_kb.explorer.process import process_page
from usm_kb.explorer.resource import (
    describe,
    graph_page,
    ontology_page,
    page_kind,
    resource_page,
)
from usm_kb.explorer.workflow import workflow_page
from usm_kb.web.errors import not_found
from usm_kb.web.links import iri_of, split_suffix
from usm_kb.web.negotiate import GRAPH_TYPES, MEDIA
from usm_kb.web.render import HTML, JSON, build, render
from usm_kb.web.state import get_kb

bp = Blueprint("resources", __name__)

PAGES: dict[str, Callable[..., Page]] = {
    "process": process_page,
    "workflow": workflow_page,
    "practice": practice_page,
    "resource": resource_page,
    "graph": graph_page,
}


def _negotiate() -> str:
    """html, json or an RDF format, by Accept (HTML when nothing is preferred)."""
    offered = [HTML, JSON, *GRAPH_TYPES]
    best = request.accept_mimetypes.best_match(offered) or HTML
    return {HTML: "html", JSON: "json"}.get(best) or GRAPH_TYPES[best]


def resolve(path: str) -> Response:
    """The IRI at *path*: its page, its page's JSON, or its RDF description."""
    iri, fmt = iri_of(path), None
    kb = get_kb()
    kind = build(lambda: page_kind(kb, iri))
    if kind is None:
        base, fmt = split_suffix(path)
        iri = iri_of(base)
        kind = build(lambda: page_kind(kb, iri)) if fmt else None
    if kind is None:
        return not_found(path.rsplit("/", 1)[-1])
    chosen = fmt or _negotiate()
    if chosen not in ("html", "json"):
        return _rdf(iri, chosen, vary=fmt is None)
    suffix = "json" if fmt == "json" else None
    if kind == "framework":
        words, sort = request.args.get("q", ""), request.args.get("sort", "id")
        return render(
            lambda: filter_practices(framework_page(kb, iri), words, sort),
            key=("q", words[:100], "sort", sort[:20]),
            suffix=suffix,
        )
    if kind in ("concept", "glossary"):
        lang = language(request.args.get("lang"))
        if kind == "glossary":
            return render(lambda: glossary_page(kb, lang), key=("lang", lang), suffix=suffix)
        return render(lambda: concept_page(kb, iri, lang), key=("lang", lang), suffix=suffix)
    if kind == "ontology":
        return render(lambda: ontology_page(kb), key=(), suffix=suffix)
    make = PAGES[kind]
    return render(lambda: make(kb, iri), key=(), suffix=suffix)


def _rdf(iri: str, fmt: str, *, vary: bool) -> Response:
    kb = get_kb()
    result = build(lambda: describe(kb, iri, fmt))
    response = Response(result.body, 200, content_type=MEDIA[("graph", fmt)])
    if vary:
        response.vary.add("Accept")
    return response


@bp.route("/ontology")
@bp.route("/ontology<any('.json','.ttl','.nt','.jsonld','.rdf'):suffix>")
def ontology(suffix: str = "") -> Response:
    """The ontology document (its terms are ``/ontology#Term``)."""
    return resolve("ontology" + suffix)


@bp.route("/id/<path:rest>", defaults={"prefix": "id"})
@bp.route("/framework/<path:rest>", defaults={"prefix": "framework"})
@bp.route("/vocabulary/<path:rest>", defaults={"prefix": "vocabulary"})
@bp.route("/mapping/<path:rest>", defaults={"prefix": "mapping"})
@bp.route("/mappings/<path:rest>", defaults={"prefix": "mappings"})
@bp.route("/agent/<path:rest>", defaults={"prefix": "agent"})
@bp.route("/graph/<path:rest>", defaults={"prefix": "graph"})
@bp.route("/.well-known/genid/<path:rest>", defaults={"prefix": ".well-known/genid"})
def resource(prefix: str, rest: str) -> Response:
    """Any IRI under the base."""
    return resolve(f"{prefix}/{rest}")
