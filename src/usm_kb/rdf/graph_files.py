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
    """Each named graph of the N-Quads *artefact* written to its own file in *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    outs: dict[str, BinaryIO] = {}
    batches: dict[str, list[ox.Triple]] = {}
    counts: dict[str, int] = {}
    blank: set[str] = set()
    try:
        for quad in ox.parse(path=artefact, format=ox.RdfFormat.N_QUADS):
            if not isinstance(quad.graph_name, ox.NamedNode):
                continue
            name = quad.graph_name.value
            batch = batches.get(name)
            if batch is None:
                outs[name] = (folder / f"{len(outs)}.nt").open("wb")
                batch = batches[name] = []
                counts[name] = 0
            if _unnameable(quad.subject) or _unnameable(quad.object):
                blank.add(name)
            batch.append(quad.triple)
            if len(batch) >= BATCH:
                _flush(batch, outs[name], counts, name)
        for name, batch in batches.items():
            _flush(batch, outs[name], counts, name)
    finally:
        for out in outs.values():
            out.close()
    return {
        name: GraphFile(Path(out.name), counts[name], name in blank) for name, out in outs.items()
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


def _flush(batch: list[ox.Triple], out: BinaryIO, counts: dict[str, int], name: str) -> None:
    ox.serialize(batch, output=out, format=ox.RdfFormat.N_TRIPLES)
    counts[name] += len(batch)
    batch.clear()


def _unnameable(term: object) -> bool:
    return isinstance(term, ox.BlankNode | ox.Triple)
