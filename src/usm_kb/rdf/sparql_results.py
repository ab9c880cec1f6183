"""SPARQL 1.1 results held in memory (with a row cap) and written in JSON, XML, CSV or TSV.

The endpoint streams most answers straight through pyoxigraph's serialisers
(:mod:`usm_kb.rdf.result_stream`); a collected answer (the CLI, the SPARQL-server backend,
``SELECT *`` reordered) is written as TSV here and then by the same serialisers, so an answer
has the same bytes whichever way it came.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pyoxigraph as ox

from usm_kb.errors import NotAcceptable
from usm_kb.namespaces import SPARQL_RESULTS_NS

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None
RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class CappedResult:
    """A query result held in memory: solutions, a boolean, or triples."""

    kind: str  # select | ask | graph
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False

    @property
    def size(self) -> int:
        """Rows or triples held."""
        return len(self.rows) if self.kind == "select" else len(self.triples)


def collect(result: Any, cap: int | None = None) -> CappedResult:
    """Materialise a pyoxigraph result, keeping at most *cap* rows/triples."""
    if isinstance(result, ox.QueryBoolean):
        return CappedResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        rows, truncated = _take(map(tuple, result), cap)  # a solution iterates in that order
        return CappedResult("select", names, tuple(rows), truncated=truncated)
    triples, truncated = _take(iter(result), cap)
    return CappedResult("graph", triples=tuple(triples), truncated=truncated)


def _take(items: Any, cap: int | None) -> tuple[list[Any], bool]:
    """At most *cap* items, and whether there were more (one past the cap is read)."""
    if cap is None:
        return list(items), False
    taken = list(islice(items, cap + 1))  # no Python loop per row: this runs for every answer
    if len(taken) > cap:
        del taken[cap:]
        return taken, True
    return taken, False


# Characters XML 1.0 cannot carry, not even as character references.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_xml_chars(document: str, what: str) -> None:
    """Refuse to send XML that XML 1.0 parsers must reject."""
    found = XML_FORBIDDEN.search(document)
    if found:
        raise NotAcceptable(
            f"this {what} holds the character U+{ord(found.group()):04X}, which XML 1.0 cannot "
            "carry; ask for JSON, CSV or TSV instead"
        )


def write_ask(c: CappedResult, fmt: str) -> bytes:
    """An ASK answer in json, xml, csv or tsv."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": c.boolean}, separators=(",", ":")).encode()
    text = "true" if c.boolean else "false"
    if fmt == "xml":
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">\n'
            f"<head>\n</head>\n<boolean>{text}</boolean>\n</sparql>"
        ).encode()
    return (f"?_askResult\n{text}\n" if fmt == "tsv" else f"_askResult\r\n{text}\r\n").encode()


def _tsv_term(term: Term) -> str:
    """A term in N-Triples syntax (RDF 1.2 triple terms as ``<<( s p o )>>``)."""
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        parts = (term.subject, term.predicate, term.object)
        return "<<( " + " ".join(_tsv_term(part) for part in parts) + " )>>"
    return str(term)


def write_tsv(c: CappedResult) -> bytes:
    """Collected solutions as SPARQL TSV (terms in N-Triples syntax, one line a solution)."""
    lines = ["\t".join(f"?{n}" for n in c.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in c.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def from_tsv(tsv: bytes, fmt: str) -> bytes:
    """SPARQL TSV solutions written again by pyoxigraph's serialiser for *fmt*.

    Every SELECT answer, streamed or collected, from either backend, is written by the same
    serialisers, so the bytes do not depend on where the rows came from.
    """
    solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    if fmt == "csv" and b"<<(" in tsv:  # maybe a triple term: pyoxigraph's CSV drops its syntax
        return _write_csv(solutions)
    body = solutions.serialize(format=RESULTS_FORMATS[fmt])
    if body is None:  # pragma: no cover - only when an output is passed
        raise RuntimeError("pyoxigraph returned no bytes")
    if fmt == "xml":
        check_xml_chars(body.decode("utf-8"), "result")
    return body


def _csv_value(term: Term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return _tsv_term(term)
    return getattr(term, "value", str(term))


def _write_csv(solutions: Any) -> bytes:
    """text/csv with triple terms in N-Triples syntax (``<<( s p o )>>``), as in TSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([v.value for v in solutions.variables])
    writer.writerows([_csv_value(t) for t in solution] for solution in solutions)
    return out.getvalue().encode("utf-8")


def write_results(c: CappedResult, fmt: str) -> bytes:
    """Serialise a SELECT/ASK result as json, xml, csv or tsv."""
    if c.kind == "ask":
        return write_ask(c, fmt)
    return from_tsv(write_tsv(c), fmt)
