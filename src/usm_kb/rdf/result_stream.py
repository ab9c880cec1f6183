r"""SELECT answers written by pyoxigraph's own result serialisers, capped as they stream.

pyoxigraph writes a whole result and has no row cap; the endpoint must cap. So the solutions
are streamed as SPARQL TSV into a sink that counts lines (in TSV every solution is one line
ending in a newline: a newline inside a literal is written as ``\n``) and stops the writer,
and with it the query's evaluation, once the cap is passed. The kept lines are the answer;
for another format pyoxigraph reads them back and writes that format. No Python work per
row or cell: the sink only counts newlines in the writer's chunks (a few KiB each), so
memory stays bounded by the cap plus one chunk.
"""

from __future__ import annotations

from contextlib import suppress
from typing import IO, cast

import pyoxigraph as ox

from usm_kb.rdf.sparql_results import RESULTS_FORMATS, from_tsv

__all__ = ["RESULTS_FORMATS", "write_capped"]
TSV = ox.QueryResultsFormat.TSV


class _Full(Exception):
    """Raised by the sink to stop the writer: the answer has more rows than the cap."""


class _LineSink:
    """A binary output for ``QuerySolutions.serialize`` that stops past *limit* lines."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.chunks: list[bytes] = []
        self.lines = 0
        self.full = False

    def write(self, data: bytes) -> int:
        if self.full:  # pyoxigraph's buffer tries to flush again as it is dropped
            raise _Full
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.lines += chunk.count(b"\n")
        if self.limit is not None and self.lines > self.limit:
            self.full = True
            raise _Full
        return len(chunk)

    def flush(self) -> None:
        """Nothing is buffered here."""


def write_capped(
    solutions: ox.QuerySolutions, fmt: str, cap: int | None
) -> tuple[bytes, int, bool]:
    """(body in *fmt*, rows written, truncated) for at most *cap* solutions.

    Errors of the query's evaluation surface from here (the solutions are evaluated as they
    are written), as pyoxigraph raises them.
    """
    limit = None if cap is None else cap + 1  # the header line, then cap rows
    sink = _LineSink(limit)
    with suppress(_Full):
        solutions.serialize(cast(IO[bytes], sink), format=TSV)  # it only calls write()
    truncated = sink.full
    if truncated:  # keep the last chunk up to the limit-th line of the whole answer
        last = sink.chunks.pop()
        end = -1
        for _ in range((limit or 0) - (sink.lines - last.count(b"\n"))):
            end = last.index(b"\n", end + 1)
        sink.chunks.append(last[: end + 1])
    tsv = b"".join(sink.chunks)
    rows = tsv.count(b"\n") - 1
    if fmt == "tsv":
        return tsv, rows, truncated
    return from_tsv(tsv, fmt), rows, truncated
