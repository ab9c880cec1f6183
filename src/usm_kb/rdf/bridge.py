"""Terms and graphs between rdflib (pyshacl's world) and pyoxigraph (parsing, SPARQL).

Oxigraph parses Turtle about 30x faster than rdflib and reports errors with line and column;
rdflib is what pyshacl needs. Converting once, with a per-call term cache (IRIs and literals
repeat a lot), is ~3x faster than letting rdflib parse the text itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from usm_kb.namespaces import XSD_STRING
from usm_kb.rdf.lean_store import LeanStore

CACHE_LIMIT = 100_000  # converted terms kept at once

RdflibTerm = URIRef | BNode | Literal
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_ox(term: object) -> OxTerm:
    """The pyoxigraph term for an rdflib term (blank nodes keep their id)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> RdflibTerm | None:
    """The rdflib term for a pyoxigraph term (blank nodes keep their id; None stays None)."""
    return None if term is None else from_ox_term(term)


def from_ox_term(term: object) -> RdflibTerm:
    """The rdflib term for a pyoxigraph term (blank nodes keep their id)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


def graph_from_triples(triples: Iterable[ox.Triple | ox.Quad], graph: Graph | None = None) -> Graph:
    """Add pyoxigraph triples to an rdflib graph.

    Blank nodes get fresh rdflib ids, one per distinct node of this call, so two files that
    both say ``_:b0`` do not merge their nodes (as when rdflib parses each file itself).
    """
    target = Graph() if graph is None else graph
    cache: dict[object, RdflibTerm] = {}
    get = cache.get

    def term(t: object) -> RdflibTerm:
        found = cache[t] = BNode() if isinstance(t, ox.BlankNode) else from_ox_term(t)
        return found

    converted = (
        (
            a if (a := get(s)) is not None else term(s),
            b if (b := get(p)) is not None else term(p),
            c if (c := get(o)) is not None else term(o),
        )
        for s, p, o in ((t.subject, t.predicate, t.object) for t in triples)
    )
    store = target.store
    if isinstance(store, LeanStore):  # its bulk path: no per-triple method calls
        store.add_triples(converted)
    else:
        target.addN((s, p, o, target) for s, p, o in converted)
    return target


def store_from_graphs(
    graphs: Iterable[Graph], triples: Iterable[ox.Triple | ox.Quad] = ()
) -> ox.Store:
    """An in-memory Oxigraph store holding the triples of *graphs* and *triples* (default graph)."""
    store = ox.Store()
    add_to_store(store, graphs, triples)
    return store


def add_to_store(
    store: ox.Store, graphs: Iterable[Graph], triples: Iterable[ox.Triple | ox.Quad] = ()
) -> None:
    """Add the triples of rdflib *graphs* and pyoxigraph *triples* to *store*'s default graph.

    *triples* are Oxigraph triples already at hand (the compiled artefact's): they are loaded
    as they are, far faster than converting their rdflib graph back. Quads are taken to be in
    the default graph: no new object per statement.
    """
    store.extend(
        t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object) for t in triples
    )
    cache: dict[object, Any] = {}  # pyoxigraph checks each position's term kind itself

    def term(t: object) -> Any:
        found = cache.get(t)
        if found is None:
            found = cache[t] = to_ox(t)
        return found

    for graph in graphs:
        store.extend([ox.Quad(term(s), term(p), term(o)) for s, p, o in graph])


def triples_to_ox(
    triples: Iterable[tuple[object, object, object]],
) -> Iterator[tuple[Any, Any, Any]]:
    """Pyoxigraph triples for rdflib *triples* (blank nodes keep their id)."""
    return _converted(triples, to_ox)


def triples_from_ox(
    triples: Iterable[tuple[object, object, object]],
) -> Iterator[tuple[Any, Any, Any]]:
    """Rdflib triples for pyoxigraph *triples* (blank nodes keep their id)."""
    return _converted(triples, from_ox_term)


def _converted(
    triples: Iterable[tuple[object, object, object]], convert: Callable[[Any], Any]
) -> Iterator[tuple[Any, Any, Any]]:
    """*triples* with each term converted once per run of CACHE_LIMIT distinct terms."""
    cache: dict[object, Any] = {}

    def term(t: object) -> Any:
        found = cache.get(t)
        if found is None:
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            found = cache[t] = convert(t)
        return found

    for s, p, o in triples:
        yield (term(s), term(p), term(o))
