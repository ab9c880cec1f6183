"""How publish writes one graph to a SPARQL server, unseen by readers until the switch.

A graph no current record names is written in place with a Graph Store Protocol ``PUT`` of
an N-Triples body streamed from a file (:mod:`usm_kb.rdf.graph_files`); on Oxigraph's own
layout with its bulk loader (``?no_transaction``: not atomic, which does not matter for a
graph no reader queries, and several times faster on its on-disk store). A graph readers are
being served is not touched before the switch: its change becomes ``DELETE DATA`` /
``INSERT DATA`` operations of the switch's one update request, so an edit of a large graph
sends and applies only what changed. The change is the lines the previously published
artefact's graph and the new one do not share, when the previous artefact is still in the
local cache; else the server's triples are fetched and compared (graphs under
:data:`EDIT_LIMIT` triples). A graph with blank nodes (which ``DELETE DATA`` cannot name), or
too large to fetch, is written to a staging graph instead and moved in by the switch.

Each write's time limit grows with the triples it writes (:func:`write_timeout`): the store
timeout times :data:`WRITE_TIMEOUT_FACTOR`, plus one second per :data:`WRITE_RATE` triples,
at most :data:`MAX_WRITE_TIMEOUT`; so a large graph is not cut off by a limit sized for a
small one, and a server that stopped answering is still given up on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlencode

from usm_kb.rdf.graph_files import changed_lines
from usm_kb.rdf.oxigraph import parse_ntriples
from usm_kb.rdf.serialize import serialize_triples_as
from usm_kb.rdf.terms import IRI, BlankNode, Triple
from usm_kb.settings import Settings
from usm_kb.store.remote.http import Client, FileBody
from usm_kb.store.remote.location import StoreUrl
from usm_kb.store.remote.results import N_TRIPLES

EDIT_LIMIT = 1_000_000  # a served graph this large is not fetched to compare
WRITE_TIMEOUT_FACTOR = 10  # a write may take this many times the store timeout, plus:
WRITE_RATE = 5_000  # triples a second a write is allowed at least (a quarter of Oxigraph's
# transactional writes measured on two shared cores, ~20,000 a second)
MAX_WRITE_TIMEOUT = 6 * 3600.0  # seconds: the longest any one write may take


def write_timeout(settings: Settings, triples: int) -> float:
    """Seconds a write of *triples* triples may take (see the module's text)."""
    base = settings.store_timeout * WRITE_TIMEOUT_FACTOR
    return min(MAX_WRITE_TIMEOUT, base + triples / WRITE_RATE)


def put_file(
    client: Client, url: StoreUrl, graph: str, files: Iterable[Path], timeout: float
) -> None:
    """Replace *graph* on the server by the N-Triples *files*' triples, streamed."""
    params = {"graph": graph}
    target = f"{url.store}?{urlencode(params)}" + ("&no_transaction" if url.oxigraph else "")
    client.write(
        target,
        method="PUT",
        data=FileBody(tuple(files)),
        headers={"Content-Type": N_TRIPLES},
        timeout=timeout,
    )


def served_triples(client: Client, url: StoreUrl, graph: str) -> set[Triple]:
    """The triples *graph* holds on the server now."""
    answer = client.read(
        f"{url.store}?{urlencode({'graph': graph})}", headers={"Accept": N_TRIPLES}
    )
    return set(parse_ntriples(answer.body))


def file_triples(path: Path) -> set[Triple]:
    """The triples of an N-Triples file."""
    return set(parse_ntriples(path.read_bytes()))


def edit_ops(graph: str, old: set[Triple], new: set[Triple]) -> list[str] | None:
    """Update operations turning *old* into *new* in *graph*; None when blank nodes occur."""
    if any(_blank(t) for t in old) or any(_blank(t) for t in new):
        return None
    ops = []
    for verb, triples in (("DELETE", old - new), ("INSERT", new - old)):
        if triples:
            body = serialize_triples_as(sorted(triples, key=str), "nt")
            ops.append(_data_op(verb, graph, body))
    return ops


def file_edit_ops(graph: str, old: Path, new: Path) -> tuple[list[str], int]:
    """Operations turning the N-Triples file *old*'s graph into *new*'s; and triples changed.

    Both files come from :func:`usm_kb.rdf.graph_files.split_graphs` without blank nodes.
    """
    deleted, inserted = changed_lines(old, new)
    ops = [
        _data_op(verb, graph, b"".join(lines))
        for verb, lines in (("DELETE", deleted), ("INSERT", inserted))
        if lines
    ]
    return ops, len(deleted) + len(inserted)


def move_op(stage: str, graph: str) -> str:
    """The operation moving a staged graph onto its name."""
    return f"MOVE SILENT {IRI(stage)} TO {IRI(graph)}"


def _data_op(verb: str, graph: str, body: bytes) -> str:
    return f"{verb} DATA {{ GRAPH {IRI(graph)} {{\n{body.decode('utf-8')}}} }}"


def _blank(triple: Triple) -> bool:
    return any(
        isinstance(term, BlankNode) or (isinstance(term, Triple) and _blank(term))
        for term in (triple.subject, triple.object)
    )
