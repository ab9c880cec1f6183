"""Content negotiation: which serialisation a client's ``Accept`` header asks for."""

from __future__ import annotations

from functools import lru_cache

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from usm_kb.store import Formats

HTML_TYPES = ("text/html", "application/xhtml+xml")

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "jsonld",
}
MEDIA = {
    ("results", "json"): "application/sparql-results+json",
    ("results", "xml"): "application/sparql-results+xml",
    ("results", "csv"): "text/csv; charset=utf-8",
    ("results", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("graph", "ttl"): "text/turtle; charset=utf-8",
    ("graph", "nt"): "application/n-triples",
    ("graph", "xml"): "application/rdf+xml",
    ("graph", "jsonld"): "application/ld+json",
}


def negotiate(table: dict[str, str], default: str) -> str | None:
    """The format the request's Accept header prefers from *table*; *default* without one."""
    return _best(request.accept_mimetypes, table, default)


def _best(accept: MIMEAccept, table: dict[str, str], default: str) -> str | None:
    if not accept:
        return default
    best = accept.best_match(list(table))
    return table[best] if best else None


def html_first(accept: MIMEAccept) -> bool:
    """True when *accept* names HTML and likes nothing it names better (a browser)."""
    html = max((q for value, q in accept if value in HTML_TYPES), default=0)
    other = max(
        (q for value, q in accept if value not in HTML_TYPES and "*" not in value), default=0
    )
    return html > 0 and html >= other


@lru_cache(maxsize=256)
def for_accept(header: str) -> tuple[bool, Formats]:
    """(HTML first, the result and graph formats) for one ``Accept`` value, decided once.

    Clients send the same few values again and again; parsing and matching one costs more
    than a small query, so the answers are kept (bounded: any value a client sends fits).
    """
    accept = parse_accept_header(header, MIMEAccept)
    results, graph = _best(accept, RESULT_TYPES, "json"), _best(accept, GRAPH_TYPES, "ttl")
    return html_first(accept), Formats(results=results, graph=graph)


def accepted_formats() -> Formats:
    """The result and graph formats the request accepts (None where it accepts neither)."""
    return for_accept(request.headers.get("Accept", ""))[1]


def media_type(kind: str, fmt: str) -> str:
    """The Content-Type of an answer of *kind* (select/ask/graph) written as *fmt*."""
    return MEDIA[("graph" if kind == "graph" else "results", fmt)]
