r"""SELECT answers written by pyoxigraph's own result serialisers, capped as they stream.

pyoxigraph writes a whole result and has no row cap; the endpoint must cap. So the writer
streams into a sink that counts the solutions in each chunk (a few KiB) and stops the
writer, and with it the query's evaluation, once the cap is passed: memory stays bounded by
the cap plus one chunk, and no Python runs per row or cell. SPARQL JSON (the usual answer)
is written in one pass, its solutions counted by its separators. Other formats, and a JSON
answer that has more rows than the cap, stream as SPARQL TSV (every solution one line ending
in a newline: a newline inside a literal is written as ``\n``), cut at the cap-th line, and
pyoxigraph reads those lines back to write the format asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
        self.lines += self.count(chunk)
        if self.limit is not None and self.lines > self.limit:
            self.full = True
            raise _Full
        return len(chunk)

    def count(self, chunk: bytes) -> int:
        """The lines *chunk* ends."""
        return chunk.count(b"\n")

    def flush(self) -> None:
        """Nothing is buffered here."""


# A JSON string, and the longest prefix of a text that does not end inside one (possessive:
# no backtracking, linear in the chunk).
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"')
_SETTLED = re.compile(rb'(?:[^"]++|"(?:[^"\\]++|\\.)*+")*+')


class _Tokenized:
    """Counts the solution separators of SPARQL JSON exactly, chunk after chunk.

    With its strings taken out, the document is only brackets, colons and commas, and
    ``},{`` occurs exactly between two solutions: within one, a term is followed by ``,:``
    (the next variable's name, taken out) or by ``}``. A string cut by the chunking is kept
    for the next chunk, and so are the last two bytes, for a ``},{`` cut in two.
    """

    def __init__(self) -> None:
        self.open = b""  # a string the last chunk ended inside
        self.tail = b""

    def count(self, chunk: bytes) -> int:
        text = self.open + chunk
        settled = _SETTLED.match(text)
        end = settled.end() if settled else 0
        self.open = text[end:]
        bare = self.tail + _STRING.sub(b"", text[:end])
        self.tail = bare[-2:]
        return bare.count(b"},{")


class _SolutionSink(_LineSink):
    """Counts the solutions of SPARQL JSON as pyoxigraph writes it (no white space).

    "Lines" here are the separators ``},{`` between solutions: the number of solutions less
    one. While streaming, every ``},{`` counts (C speed, no Python per byte): that is never
    fewer than the separators, since a string may hold ``},{`` too, so an answer under the
    cap is never stopped early. Past the cap by that rough count, the chunks are counted
    exactly (:class:`_Tokenized`) from the start, and from then on. :meth:`separators` gives
    the exact count of a whole answer.
    """

    def __init__(self, limit: int | None) -> None:
        super().__init__(limit)
        self.tokenized: _Tokenized | None = None  # set once the rough count passed the limit
        self.edge = b""  # the last two bytes, for a ``},{`` cut by the chunking

    def count(self, chunk: bytes) -> int:
        if self.tokenized is not None:
            return self.tokenized.count(chunk)
        text = self.edge + chunk
        self.edge = text[-2:]
        rough = text.count(b"},{")
        if self.limit is None or self.lines + rough <= self.limit:
            return rough
        self.tokenized = _Tokenized()  # every chunk so far, this one included, exactly
        return sum(map(self.tokenized.count, self.chunks)) - self.lines

    def separators(self, body: bytes) -> int:
        r"""The separators in *body*, the whole answer this sink took, counted exactly.

        Without ``{}`` in it (a solution that binds nothing, or a string holding ``{}``),
        every separator is followed by ``"`` and a variable's name. Inside a string ``"`` is
        written ``\"``, so ``},{"`` occurs there only where a string ends in ``},{``, and
        then ``,`` or ``}`` follows its closing quote, never a name. Otherwise the tokenizer
        counts.
        """
        if self.tokenized is not None:
            return self.lines
        if b"{}" in body:
            return _Tokenized().count(body)
        return body.count(b'},{"') - body.count(b'},{",') - body.count(b'},{"}')


def _json_whole(solutions: ox.QuerySolutions, cap: int | None) -> tuple[bytes, int] | None:
    """(SPARQL JSON, rows) written by pyoxigraph at once; None past *cap* rows (stopped)."""
    sink = _SolutionSink(None if cap is None else cap - 1)
    with suppress(_Full):
        solutions.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.JSON)
    if sink.full:
        return None
    body = b"".join(sink.chunks)
    return body, sink.separators(body) + (0 if body.endswith(b"[]}}") else 1)


def write_capped(
    solutions: ox.QuerySolutions,
    fmt: str,
    cap: int | None,
    again: Callable[[], ox.QuerySolutions],
) -> tuple[bytes, int, bool]:
    """(body in *fmt*, rows written, truncated) for at most *cap* solutions.

    JSON is written by pyoxigraph in one pass, its solutions counted as they stream; an
    answer with more rows than the cap stops there and is run *again* through TSV, which
    cuts it exactly (so only a truncated answer costs two runs, each stopped at the cap).
    Errors of the query's evaluation surface from here (the solutions are evaluated as they
    are written), as pyoxigraph raises them.
    """
    if fmt == "json":
        whole = _json_whole(solutions, cap)
        if whole is not None:
            return whole[0], whole[1], False
        solutions = again()
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
