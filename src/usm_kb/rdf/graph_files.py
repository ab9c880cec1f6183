"""The named graphs of an N-Quads artefact as N-Triples files, and line edits between two.

Publish sends each graph through the Graph Store Protocol as an N-Triples body read from a
file (:func:`split_graphs`, one streamed pass over the artefact, a bounded batch in memory),
never as Python triples held whole. Both files of an edit are written here by the same
serializer, one triple a line, so a triple is the same line in both and the change of a
graph is the lines one file has and the other has not (:func:`changed_lines`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

BATCH = 50_000  # triples of one graph held before they are written out


@dataclass(frozen=True)
class GraphFile:
    """One graph's triples in an N-Triples file."""

    path: Path
    triples: int
    blank: bool  # holds blank nodes or triple terms, which ``DELETE DATA`` cannot name


def split_graphs(artefact: Path, folder: Path) -> dict[str, GraphFile]:
    """Each named graph of the N-Quads *artefact* written to its own file in *folder*.

    Quads are batched per graph and written as N-Quads by the serializer, then each line's
    graph term (the batch's own, so a known suffix: no literal holds a raw line break) is cut
    off, which makes it N-Triples without a Python object per triple.
    """
    folder.mkdir(parents=True, exist_ok=True)
    outs: dict[ox.NamedNode, BinaryIO] = {}
    batches: dict[ox.NamedNode, list[ox.Quad]] = {}
    counts: dict[ox.NamedNode, int] = {}
    blank: set[ox.NamedNode] = set()
    try:
        for quad in ox.parse(path=artefact, format=ox.RdfFormat.N_QUADS):
            graph = quad.graph_name
            batch = batches.get(graph)
            if batch is None:
                if not isinstance(graph, ox.NamedNode):
                    continue
                outs[graph] = (folder / f"{len(outs)}.nt").open("wb")
                batch = batches[graph] = []
                counts[graph] = 0
            batch.append(quad)
            if len(batch) >= BATCH:
                _flush(graph, batch, outs, counts, blank)
        for graph, batch in batches.items():
            _flush(graph, batch, outs, counts, blank)
    finally:
        for out in outs.values():
            out.close()
    return {
        graph.value: GraphFile(Path(out.name), counts[graph], graph in blank)
        for graph, out in outs.items()
    }


def changed_lines(old: Path, new: Path) -> tuple[list[bytes], list[bytes]]:
    """(lines only *old* has, lines only *new* has), each sorted: one graph's edit."""
    before = set(_lines(old))
    after = set(_lines(new))
    return sorted(before - after), sorted(after - before)


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                yield line if line.endswith(b"\n") else line + b"\n"


def _flush(
    graph: ox.NamedNode,
    batch: list[ox.Quad],
    outs: dict[ox.NamedNode, BinaryIO],
    counts: dict[ox.NamedNode, int],
    blank: set[ox.NamedNode],
) -> None:
    if not batch:
        return
    data = ox.serialize(batch, format=ox.RdfFormat.N_QUADS) or b""
    data = data.replace(f" {graph} .\n".encode(), b" .\n")
    if data.startswith(b"_:") or b" _:" in data or b"\n_:" in data or b"<<" in data:
        blank.add(graph)  # a blank node or a triple term; maybe only text that looks so
    outs[graph].write(data)
    counts[graph] += len(batch)
    batch.clear()
