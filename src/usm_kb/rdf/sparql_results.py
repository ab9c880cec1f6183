"""SPARQL 1.1 result writers (JSON, XML, CSV, TSV) over materialised rows, with a row cap.

pyoxigraph can serialise a result stream but not a truncated one, and the endpoint must cap
rows; so results are collected (up to the cap) and written here, for CLI and endpoint alike.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from usm_kb.namespaces import SPARQL_RESULTS_NS, XSD_STRING
from usm_kb.rdf.terms import display

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None


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
        rows, truncated = _take((tuple(s[n] for n in names) for s in result), cap)
        return CappedResult("select", names, tuple(rows), truncated=truncated)
    triples, truncated = _take(iter(result), cap)
    return CappedResult("graph", triples=tuple(triples), truncated=truncated)


def _take(items: Any, cap: int | None) -> tuple[list[Any], bool]:
    taken: list[Any] = []
    for item in items:
        if cap is not None and len(taken) >= cap:
            return taken, True
        taken.append(item)
    return taken, False


def term_json(term: Term) -> dict[str, str]:
    """SPARQL 1.1 JSON encoding of one RDF term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        data = {"type": "literal", "value": term.value}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            data["datatype"] = term.datatype.value
        return data
    return {"type": "triple", "value": str(term)}


def write_json(c: CappedResult) -> bytes:
    """application/sparql-results+json."""
    if c.kind == "ask":
        doc: dict[str, Any] = {"head": {}, "boolean": c.boolean}
    else:
        doc = {
            "head": {"vars": list(c.variables)},
            "results": {
                "bindings": [
                    {
                        n: term_json(t)
                        for n, t in zip(c.variables, row, strict=True)
                        if t is not None
                    }
                    for row in c.rows
                ]
            },
        }
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    assert isinstance(term, ox.Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def write_xml(c: CappedResult) -> bytes:
    """application/sparql-results+xml."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<sparql xmlns="{SPARQL_RESULTS_NS}">',
        "<head>",
    ]
    out += [f"<variable name={quoteattr(n)}/>" for n in c.variables]
    out.append("</head>")
    if c.kind == "ask":
        out.append(f"<boolean>{'true' if c.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in c.rows:
            cells = "".join(
                f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                for n, t in zip(c.variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out).encode("utf-8")


def _csv_value(term: Term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))


def write_delimited(c: CappedResult, tsv: bool) -> bytes:
    """text/csv (plain values) or text/tab-separated-values (N-Triples terms)."""
    if c.kind == "ask":
        text = "true" if c.boolean else "false"
        return (f"?_askResult\n{text}\n" if tsv else f"_askResult\r\n{text}\r\n").encode()
    if tsv:
        lines = ["\t".join(f"?{n}" for n in c.variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in c.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(c.variables)
    writer.writerows([_csv_value(t) for t in row] for row in c.rows)
    return out.getvalue().encode("utf-8")


def write_results(c: CappedResult, fmt: str) -> bytes:
    """Serialise a SELECT/ASK result as json, xml, csv or tsv."""
    if fmt == "json":
        return write_json(c)
    if fmt == "xml":
        return write_xml(c)
    return write_delimited(c, tsv=fmt == "tsv")


def display_rows(c: CappedResult) -> tuple[Sequence[str], list[list[str]]]:
    """Columns and display strings for a table."""
    return c.variables, [[display(t) for t in row] for row in c.rows]
