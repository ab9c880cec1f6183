"""How publish writes one graph to a SPARQL server, unseen by readers until the switch.

A graph no current record names is written in place with a Graph Store Protocol ``PUT``; on
Oxigraph's own layout with its bulk loader (``?no_transaction``: not atomic, which does not
matter for a graph no reader queries, and several times faster on its on-disk store). A graph
readers are being served is not touched before the switch: its change is computed here — the
server's triples fetched, compared with the new ones — and becomes ``DELETE DATA`` /
``INSERT DATA`` operations of the switch's one update request, so an edit of a large graph
sends and applies only what changed. A graph with blank nodes (which ``DELETE DATA`` cannot
name), or too large to hold twice in memory, is written to a staging graph instead and moved
in by the switch.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from usm_kb.rdf.oxigraph import parse_ntriples
from usm_kb.rdf.serialize import serialize_triples_as
from usm_kb.rdf.terms import IRI, BlankNode, Triple
from usm_kb.store.remote.http import Client
from usm_kb.store.remote.location import StoreUrl
from usm_kb.store.remote.results import N_TRIPLES


def put(client: Client, url: StoreUrl, graph: str, triples: Iterable[Triple]) -> None:
    """Replace *graph* on the server by *triples* (bulk-loaded on Oxigraph's layout)."""
    params = {"graph": graph}
    target = f"{url.store}?{urlencode(params)}" + ("&no_transaction" if url.oxigraph else "")
    client.write(
        target,
        method="PUT",
        data=serialize_triples_as(triples, "nt") or b"",
        headers={"Content-Type": N_TRIPLES},
    )


def served_triples(client: Client, url: StoreUrl, graph: str) -> set[Triple]:
    """The triples *graph* holds on the server now."""
    answer = client.read(
        f"{url.store}?{urlencode({'graph': graph})}", headers={"Accept": N_TRIPLES}
    )
    return set(parse_ntriples(answer.body))


def edit_ops(graph: str, old: set[Triple], new: set[Triple]) -> list[str] | None:
    """Update operations turning *old* into *new* in *graph*; None when blank nodes occur."""
    if any(_blank(t) for t in old) or any(_blank(t) for t in new):
        return None
    name = str(IRI(graph))
    ops = []
    for verb, triples in (("DELETE", old - new), ("INSERT", new - old)):
        if triples:
            body = serialize_triples_as(sorted(triples, key=str), "nt").decode("utf-8")
            ops.append(f"{verb} DATA {{ GRAPH {name} {{\n{body}}} }}")
    return ops


def move_op(stage: str, graph: str) -> str:
    """The operation moving a staged graph onto its name."""
    return f"MOVE SILENT {IRI(stage)} TO {IRI(graph)}"


def _blank(triple: Triple) -> bool:
    return any(
        isinstance(term, BlankNode) or (isinstance(term, Triple) and _blank(term))
        for term in (triple.subject, triple.object)
    )
