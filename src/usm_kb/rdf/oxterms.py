"""Pyoxigraph terms built directly, for generators that stream millions of triples.

Building rdflib terms and converting them afterwards cost a workspace compile more than the
store itself (docs/performance.md): here IRIs that repeat (vocabulary, processes, teams) are
made once and reused, unique ones are made as they come, and typed or tagged literals are
written exactly as rdflib writes them (its lexical form for the value, its language tag), so a
triple built here equals the converted rdflib one.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Literal, URIRef

OxIri = ox.NamedNode  # for modules outside the engine seam (they may not import pyoxigraph)
OxSubject = ox.NamedNode | ox.BlankNode
OxObject = ox.NamedNode | ox.BlankNode | ox.Literal
OxTriple = tuple[OxSubject, ox.NamedNode, OxObject]

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


def add_ox_triples(
    store: ox.Store, triples: Iterable[OxTriple], graph: str, *, batch: int = 100_000
) -> None:
    """Add pyoxigraph *triples* to *store*'s named *graph*, *batch* at a time (bounded memory)."""
    name = ox.NamedNode(graph)
    quads: list[ox.Quad] = []
    for s, p, o in triples:
        quads.append(ox.Quad(s, p, o, name))
        if len(quads) >= batch:
            store.bulk_extend(quads)
            quads.clear()
    store.bulk_extend(quads)
