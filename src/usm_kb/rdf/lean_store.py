"""An rdflib store for one graph: two indexes and a count, nothing else.

rdflib's default ``Memory`` store keeps, besides its three indexes, the contexts of every
triple, fires an event per added triple and works out each triple's contexts again when a
pattern matches it; ``Graph.triples`` then throws those contexts away. Validation builds one
graph of a few hundred thousand triples and asks it millions of patterns (pyshacl), so that
bookkeeping was about half the cost of building the graph. :class:`LeanStore` holds a single
graph: ``spo`` and ``pos`` indexes as nested dicts, a triple count (``len`` in constant time,
unlike rdflib's ``SimpleMemory``) and no contexts. Where a subject has one value for a
predicate (nearly every literal), the index keeps that value itself rather than a dict of one
(a dict costs 184 bytes; a third of the graph's memory at 100k practices). The third index
(``osp``) is left out, a third of the memory and of the building: a pattern with only the
object bound, which pyshacl seldom asks, looks the object up under each predicate instead.
Namespace bindings are rdflib's own (inherited from ``SimpleMemory``), so prefixes in
messages come out as with ``Memory``.

It says it is context- and graph-aware only because pyshacl wraps every data graph in an
rdflib ``Dataset``, which insists on it; it holds exactly one graph, whatever the context
asked for, and names that graph as every triple's context (pyshacl looks a blank node's
graph up that way to describe it in a message). Use it through :func:`lean_graph`, never
under a ``Dataset`` of several graphs.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import Any

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory

# a -> b -> the one c, or a dict of the cs (keys; values unused). Terms are never dicts.
Index = dict[Any, dict[Any, Any]]
_EMPTY: dict[Any, Any] = {}  # never written to


class LeanStore(SimpleMemory):
    """One graph's triples in two nested-dict indexes (no contexts, no events)."""

    context_aware = True  # pyshacl's Dataset wrapper requires it; one graph only (see above)
    graph_aware = True

    def __init__(self) -> None:
        super().__init__()
        self._spo: Index = {}
        self._pos: Index = {}
        self._count = 0
        self.graphs: tuple[Graph, ...] = ()  # the graph on this store (set by lean_graph)

    def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
        """Add one triple (the context is ignored: there is one graph)."""
        self.add_triples((triple,))

    def addN(self, quads: Iterable[Any]) -> None:  # rdflib names it so
        """Add (s, p, o, context) quads; contexts are ignored."""
        self.add_triples((s, p, o) for s, p, o, _context in quads)

    def add_triples(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        """Add many (s, p, o) triples, each once (one loop, for building big graphs)."""
        spo, pos = self._spo, self._pos
        added = 0
        for s, p, o in triples:
            if _put(spo, s, p, o):
                _put(pos, p, o, s)
                added += 1
        self._count += added

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        """Remove every triple matching *triple_pattern*."""
        for (s, p, o), _ in list(self.triples(triple_pattern)):
            _drop(self._spo, s, p, o)
            _drop(self._pos, p, o, s)
            self._count -= 1

    def __len__(self, context: Any = None) -> int:
        return self._count

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        """The one graph on this store (when it holds *triple*, if given)."""
        if triple is None or any(self.triples(triple)):
            yield from self.graphs

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        """``((s, p, o), contexts)`` for each triple matching the pattern (None matches any).

        The two patterns pyshacl asks most (objects of s p, subjects of p o) come first and
        inline: this method runs millions of times in a validation.
        """
        s, p, o = triple_pattern
        graphs = self.graphs if context is None else (context,)
        if s is not None and p is not None:
            objects = self._spo.get(s, _EMPTY).get(p)
            if objects is None:
                return
            if type(objects) is not dict:  # the one value
                if o is None or o == objects:
                    yield (s, p, objects), graphs
            elif o is None:
                for x in list(objects):
                    yield (s, p, x), graphs
            elif o in objects:
                yield (s, p, o), graphs
        elif p is not None:
            by_o = self._pos.get(p)
            if by_o is None:
                return
            if o is not None:
                for x in _each(by_o.get(o)):
                    yield (x, p, o), graphs
                return
            for y, subjects in list(by_o.items()):
                for x in _each(subjects):
                    yield (x, p, y), graphs
        elif s is not None:
            for q, objects in list(self._spo.get(s, _EMPTY).items()):
                if o is None:
                    for x in _each(objects):
                        yield (s, q, x), graphs
                elif _holds(objects, o):
                    yield (s, q, o), graphs
        elif o is not None:  # rare: one look-up per predicate (a graph has few of them)
            for q, by_o in list(self._pos.items()):
                for x in _each(by_o.get(o)):
                    yield (x, q, o), graphs
        else:
            for x, by_p in list(self._spo.items()):
                for q, objects in list(by_p.items()):
                    for y in _each(objects):
                        yield (x, q, y), graphs


def lean_graph() -> Graph:
    """An empty rdflib graph on a :class:`LeanStore` (namespaces bound as for ``Graph()``)."""
    store = LeanStore()
    graph = Graph(store=store)
    store.graphs = (graph,)
    return graph


def _each(values: Any) -> list[Any]:
    """The values an index entry holds (a copy: callers may change the graph meanwhile)."""
    if values is None:
        return []
    return list(values) if type(values) is dict else [values]


def _holds(values: Any, c: Any) -> bool:
    return c in values if type(values) is dict else values == c


def _put(index: Index, a: Any, b: Any, c: Any) -> bool:
    """File (a, b, c) under *index*; False when it was there already."""
    by_b = index.get(a)
    if by_b is None:
        index[a] = {b: c}
        return True
    cs = by_b.get(b)
    if cs is None:
        by_b[b] = c
    elif type(cs) is dict:
        if c in cs:
            return False
        cs[c] = None
    elif cs == c:
        return False
    else:
        by_b[b] = {cs: None, c: None}
    return True


def _drop(index: Index, a: Any, b: Any, c: Any) -> None:
    by_b = index[a]
    cs = by_b[b]
    if type(cs) is dict:
        del cs[c]
        if len(cs) == 1:
            by_b[b] = next(iter(cs))
        return
    del by_b[b]
    if not by_b:
        del index[a]
