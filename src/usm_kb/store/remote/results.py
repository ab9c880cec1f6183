"""A SPARQL server's answers read into the same :class:`CappedResult` the embedded store gives.

SELECT/ASK come as SPARQL 1.1 JSON results, CONSTRUCT/DESCRIBE as N-Triples; terms become
the shared term classes (typed literals, language tags and triple terms kept), so a named
query answers the same on both backends. Blank node labels are the server's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from usm_kb.errors import UsmKbError
from usm_kb.rdf.oxigraph import parse_ntriples
from usm_kb.rdf.sparql_results import CappedResult, Term
from usm_kb.rdf.terms import IRI, BlankNode, Literal, Quad, Triple

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
ACCEPT = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"


class BadAnswer(UsmKbError):
    """The server's answer is not valid SPARQL results or N-Triples."""


def read_answer(body: bytes, content_type: str, cap: int | None, server: str) -> CappedResult:
    """The answer of one query, at most *cap* rows or triples (``truncated`` says if cut)."""
    try:
        if content_type == RESULTS_JSON or content_type == "application/json":
            return _read_json(json.loads(body), cap)
        if content_type in (N_TRIPLES, "text/plain"):
            triples, truncated = _take(_triples(body), cap)
            return CappedResult("graph", triples=tuple(triples), truncated=truncated)
    except (ValueError, TypeError, KeyError, SyntaxError) as exc:
        raise BadAnswer(f"the SPARQL server {server} sent an unreadable answer: {exc}") from None
    raise BadAnswer(f"the SPARQL server {server} answered in {content_type}, not JSON/N-Triples")


def _read_json(data: dict[str, Any], cap: int | None) -> CappedResult:
    if "boolean" in data:
        if not isinstance(data["boolean"], bool):
            raise ValueError("'boolean' is not true or false")
        return CappedResult("ask", boolean=data["boolean"])
    names = tuple(str(v) for v in data["head"]["vars"])
    nodes: dict[str, BlankNode] = {}
    bindings = data["results"]["bindings"]
    rows = []
    for binding in bindings if cap is None else bindings[:cap]:
        rows.append(tuple(_term(binding.get(n), nodes) for n in names))
    truncated = cap is not None and len(bindings) > cap
    return CappedResult("select", names, tuple(rows), truncated=truncated)


def _term(data: dict[str, Any] | None, nodes: dict[str, BlankNode]) -> Term:
    if data is None:
        return None
    kind = data["type"]
    if kind == "uri":
        return IRI(data["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in data:
            return Literal(data["value"], language=data["xml:lang"])
        if "datatype" in data:
            return Literal(data["value"], datatype=IRI(data["datatype"]))
        return Literal(data["value"])
    if kind == "bnode":
        label = str(data["value"])
        if label not in nodes:
            try:
                nodes[label] = BlankNode(label)
            except ValueError:  # not a valid N-Triples label: a fresh node per label
                nodes[label] = BlankNode()
        return nodes[label]
    if kind == "triple":
        parts = data["value"]
        subject, predicate, obj = (
            _term(parts[k], nodes) for k in ("subject", "predicate", "object")
        )
        return Triple(subject, predicate, obj)  # type: ignore[arg-type]
    raise ValueError(f"unknown term type {kind!r}")


def _triples(body: bytes) -> Iterator[Triple]:
    return parse_ntriples(body)


def read_quads(body: bytes, graph: str) -> list[Quad]:
    """The N-Triples of one graph (a Graph Store ``GET``) as quads of *graph*."""
    name = IRI(graph)
    return [Quad(t.subject, t.predicate, t.object, name) for t in parse_ntriples(body)]


def _take(items: Iterator[Any], cap: int | None) -> tuple[list[Any], bool]:
    taken: list[Any] = []
    for item in items:
        if cap is not None and len(taken) >= cap:
            return taken, True
        taken.append(item)
    return taken, False
