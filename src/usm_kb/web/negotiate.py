"""Content negotiation: which serialisation a client's ``Accept`` header asks for."""

from __future__ import annotations

from flask import request

from usm_kb.store import Formats

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
    if not request.accept_mimetypes:
        return default
    best = request.accept_mimetypes.best_match(list(table))
    return table[best] if best else None


def accepted_formats() -> Formats:
    """The result and graph formats the request accepts (None where it accepts neither)."""
    return Formats(results=negotiate(RESULT_TYPES, "json"), graph=negotiate(GRAPH_TYPES, "ttl"))


def media_type(kind: str, fmt: str) -> str:
    """The Content-Type of an answer of *kind* (select/ask/graph) written as *fmt*."""
    return MEDIA[("graph" if kind == "graph" else "results", fmt)]
