"""Pyoxigraph terms built directly, for generators that stream millions of triples.

Building rdflib terms and converting them afterwards cost a workspace compile more than the
store itself (docs/performance.md): here IRIs that repeat (vocabulary, processes, teams) are
made once and reused, unique ones are made as they come, and typed or tagged literals are
written exactly as rdflib writes them (its lexical form for the value, its language tag), so a
triple built here equals the converted rdflib one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from concurrent.futures import Executor, Future

import pyoxigraph as ox
from rdflib import Literal, URIRef

from usm_kb.namespaces import XSD_STRING

OxIri = ox.NamedNode  # for modules outside the engine seam (they may not import pyoxigraph)
OxSubject = ox.NamedNode | ox.BlankNode
OxObject = ox.NamedNode | ox.BlankNode | ox.Literal
OxTriple = tuple[OxSubject, ox.NamedNode, OxObject]
StarTriple = tuple[OxSubject | ox.Triple, ox.NamedNode, OxObject | ox.Triple]  # what rules make

CACHE_LIMIT = 50_000  # terms kept at once: repeated ones come back at once after a clear


class Terms:
    """A factory of pyoxigraph terms with bounded caches (one per generator run)."""

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self._limit = limit
        self._iris: dict[str, ox.NamedNode] = {}
        self._typed: dict[tuple[type, object, str], ox.Literal] = {}
        self._tags: dict[str, str] = {}

    def iris(self, *values: str) -> tuple[ox.NamedNode, ...]:
        """Named nodes for *values* (vocabulary: rdflib IRIs are read as plain strings)."""
        return tuple(self.iri(str(value)) for value in values)

    def iri(self, value: str) -> ox.NamedNode:
        """The named node for an IRI that may repeat (reused while it is cached)."""
        found = self._iris.get(value)
        if found is None:
            if len(self._iris) >= self._limit:
                self._iris.clear()
            found = self._iris[value] = ox.NamedNode(value)
        return found

    def text(self, value: str, lang: str | None = None) -> ox.Literal:
        """A plain literal, or one tagged with the language *lang* (rdflib's form of the tag)."""
        if not lang:
            return ox.Literal(value)
        tag = self._tags.get(lang)
        if tag is None:
            tag = self._tags[lang] = str(Literal("", lang=lang).language)
        return ox.Literal(value, language=tag)

    def typed(self, value: object, datatype: str) -> ox.Literal:
        """A literal of *datatype* with the lexical form rdflib gives *value* (dates, numbers)."""
        if datatype == XSD_STRING and type(value) is str:  # rdflib keeps a string as it is
            return ox.Literal(value, datatype=self.iri(datatype))
        key = (type(value), value, datatype)
        found = self._typed.get(key)
        if found is None:
            if len(self._typed) >= self._limit:
                self._typed.clear()
            lexical = str(Literal(value, datatype=URIRef(datatype)))
            found = self._typed[key] = ox.Literal(lexical, datatype=self.iri(datatype))
        return found


def unique_iri(value: str) -> ox.NamedNode:
    """The named node for an IRI that does not repeat (not cached)."""
    return ox.NamedNode(value)


def load_ox_triples(
    store: ox.Store,
    triples: Iterable[OxTriple],
    graph: str,
    loader: Executor,
    *,
    batch: int = 100_000,
) -> Future[None]:
    """Load *triples* into *store*'s named *graph* on the *loader* thread; return the last load.

    ``bulk_extend`` keeps Python's lock while it stores (13 µs a quad on disk), so the caller
    could do nothing else meanwhile; here each *batch* is written as N-Triples text (the terms'
    own N-Triples form, parsed back to the same terms) and loaded by ``bulk_load``, which parses
    and stores outside the lock while the caller makes the next batch. At most two batches
    wait at once (bounded memory). A batch holding a blank node is added as quads instead
    (see :func:`add_now`).
    """
    name = ox.NamedNode(graph)
    pending: list[Future[None]] = []
    chunk: list[OxTriple] = []
    for triple in triples:
        chunk.append(triple)
        if len(chunk) >= batch:
            pending.append(_submit(loader, store, chunk, name))
            chunk = []
            if len(pending) > 1:
                pending.pop(0).result()
    pending.append(_submit(loader, store, chunk, name))
    for done in pending[:-1]:
        done.result()
    return pending[-1]


def _submit(
    loader: Executor, store: ox.Store, chunk: list[OxTriple], graph: ox.NamedNode
) -> Future[None]:
    return loader.submit(add_now, store, chunk, graph)


def add_now(store: ox.Store, chunk: Collection[StarTriple], graph: ox.NamedNode) -> None:
    """Add *chunk* to *graph* at once, by ``bulk_load`` (which works outside Python's lock).

    As N-Triples text, or as quads when a blank node (parsing would rename it) or a triple
    term (its text form is not N-Triples) is among them.
    """
    iri, plain = ox.NamedNode, (ox.NamedNode, ox.Literal)
    if any(type(s) is not iri or type(o) not in plain for s, _p, o in chunk):
        store.bulk_extend([ox.Quad(s, p, o, graph) for s, p, o in chunk])
        return
    text = "".join([f"{s} {p} {o} .\n" for s, p, o in chunk]).encode()
    store.bulk_load(input=text, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
