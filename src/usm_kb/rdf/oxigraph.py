"""Private Oxigraph stores and typed helpers over loosely typed pyoxigraph calls.

The engines that run on files (build, inference, validation) use private stores from here.

``ox.serialize`` and ``Store.dump`` return ``bytes | None`` (``None`` when writing to an
output); ``Store.query`` returns one of three result kinds. These helpers narrow the types and
fail loudly when a query has the wrong form.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

Store = ox.Store


def serialize_bytes(
    items: Iterable[ox.Triple] | Iterable[ox.Quad],
    rdf_format: ox.RdfFormat,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """Serialise triples or quads into bytes."""
    data = ox.serialize(items, format=rdf_format, prefixes=prefixes)
    if data is None:  # pragma: no cover - only when an output is passed
        raise RuntimeError("pyoxigraph returned no bytes")
    return data


def dump_bytes(store: ox.Store, rdf_format: ox.RdfFormat) -> bytes:
    """The whole store serialised into bytes (a quads format)."""
    data = store.dump(format=rdf_format)
    if data is None:  # pragma: no cover - only when an output is passed
        raise RuntimeError("pyoxigraph returned no bytes")
    return data


def select(store: ox.Store, query: str, **options: Any) -> ox.QuerySolutions:
    """Run a SELECT query; TypeError when *query* is another form."""
    result = store.query(query, **options)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return result


def construct(store: ox.Store, query: str, **options: Any) -> ox.QueryTriples:
    """Run a CONSTRUCT or DESCRIBE query; TypeError when *query* is another form."""
    result = store.query(query, **options)
    if not isinstance(result, ox.QueryTriples):
        raise TypeError("expected a CONSTRUCT or DESCRIBE query")
    return result


def new_store() -> ox.Store:
    """An empty in-memory store."""
    return ox.Store()


def disk_store(path: Path) -> ox.Store:
    """A store on disk (RocksDB) in the folder *path*, open for writing by this process only."""
    return ox.Store(str(path))


def read_only_store(path: Path) -> ox.Store:
    """The store on disk in the folder *path*, read-only (any number of processes at once)."""
    return ox.Store.read_only(str(path))


def dump_graph_ntriples(store: ox.Store, graph: str, path: Path) -> None:
    """Write the named *graph* of *store* to the file *path* as N-Triples, in the store's order.

    For a store on disk, the order of its keys, which depend only on the data, so the same
    data gives the same bytes. The dump runs in Oxigraph without holding Python's lock (a
    thread can do it while Python works), reading each term back from the database.
    """
    store.dump(str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))


def copy_as_nquads(ntriples: Path, graph: str, out: BinaryIO, *, chunk: int = 1 << 20) -> None:
    """Copy an N-Triples file written by Oxigraph to *out* as the N-Quads of the named *graph*.

    Each line ends in `` .`` and a newline, and a newline never occurs inside a line (N-Triples
    escapes it), so inserting the graph name before every line end is exact. Read *chunk*
    bytes at a time: memory stays bounded whatever the graph's size.
    """
    end = b" .\n"
    quad_end = f" <{ox.NamedNode(graph).value}> .\n".encode()
    rest = b""
    with ntriples.open("rb") as file:
        while block := file.read(chunk):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            out.write(block[:cut].replace(end, quad_end))
            rest = block[cut:]
    if rest:
        raise ValueError(f"{ntriples}: does not end with a line end")


def graph_size(store: ox.Store, graph: str) -> int:
    """Number of triples in the named *graph* of *store*."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    for row in select(store, query):
        return int(row["n"].value)
    return 0


def load_nquads(store: ox.Store, data: bytes) -> None:
    """Add N-Quads *data* to *store*."""
    store.load(input=data, format=ox.RdfFormat.N_QUADS)


def sorted_nquads(store: ox.Store) -> bytes:
    """The whole store as N-Quads, one line per quad, sorted and without duplicates."""
    lines = dump_bytes(store, ox.RdfFormat.N_QUADS).splitlines()
    return b"\n".join(sorted(set(lines))) + b"\n"


def triples_by_graph(path: Path, graphs: Collection[str]) -> dict[str, list[ox.Triple]]:
    """The triples of the named *graphs* in an N-Quads file (one parse; others skipped)."""
    found: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(path=path, format=ox.RdfFormat.N_QUADS):
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value in graphs:
            found.setdefault(graph.value, []).append(quad.triple)
    return found


def load_nquads_file(store: ox.Store, path: str) -> None:
    """Add the N-Quads file at *path* to *store*."""
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)


def named_graphs(store: ox.Store) -> list[str]:
    """IRIs of the named graphs of *store*."""
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def parse_ntriples(body: bytes) -> Iterator[ox.Triple]:
    """The triples of an N-Triples text."""
    for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
        yield quad.triple
