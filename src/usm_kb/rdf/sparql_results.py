"""SPARQL 1.1 result writers (JSON, XML, CSV, TSV) over materialised rows, with a row cap.

pyoxigraph can serialise a result stream but not a truncated one, and the endpoint must cap
rows; so results are collected (up to the cap) and written here, for CLI and endpoint alike.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from usm_kb.errors import NotAcceptable
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
        rows, truncated = _take(map(tuple, result), cap)  # a solution iterates in that order
        return CappedResult("select", names, tuple(rows), truncated=truncated)
    triples, truncated = _take(iter(result), cap)
    return CappedResult("graph", triples=tuple(triples), truncated=truncated)


def _take(items: Any, cap: int | None) -> tuple[list[Any], bool]:
    if cap is None:
        return list(items), False
    taken: list[Any] = []
    for item in items:
        if cap is not None and len(taken) >= cap:
            return taken, True
        taken.append(item)
    return taken, False


# Characters XML 1.0 cannot carry, not even as character references.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def xml_text(text: str) -> str:
    """*text* escaped for XML content and double-quoted attributes."""
    return text.translate(_XML_ESCAPES)


def check_xml_chars(document: str, what: str) -> None:
    """Refuse to send XML that XML 1.0 parsers must reject."""
    found = XML_FORBIDDEN.search(document)
    if found:
        raise NotAcceptable(
            f"this {what} holds the character U+{ord(found.group()):04X}, which XML 1.0 cannot "
            "carry; ask for JSON, CSV or TSV instead"
        )


def term_json(term: Term) -> dict[str, Any]:
    """SPARQL 1.1 JSON encoding of one RDF term (RDF 1.2 triple terms as nested objects)."""
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
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    return {"type": "literal", "value": str(term)}


def write_json(c: CappedResult) -> bytes:
    """application/sparql-results+json.

    Each distinct term is encoded once (IRIs and labels repeat across rows), and rows are
    joined as text: about ten times faster than building one dict per cell.
    """
    if c.kind == "ask":
        return json.dumps({"head": {}, "boolean": c.boolean}).encode("utf-8")
    encoded: dict[Term, str] = {}
    names = [json.dumps(name, ensure_ascii=False) + ":" for name in c.variables]
    rows = []
    for row in c.rows:
        cells = []
        for name, term in zip(names, row, strict=True):
            if term is None:
                continue
            text = encoded.get(term)
            if text is None:
                text = encoded[term] = json.dumps(term_json(term), ensure_ascii=False)
            cells.append(name + text)
        rows.append("{" + ",".join(cells) + "}")
    head = json.dumps(list(c.variables), ensure_ascii=False)
    document = '{"head":{"vars":' + head + '},"results":{"bindings":[' + ",".join(rows) + "]}}"
    return document.encode("utf-8")


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    if not isinstance(term, ox.Literal):
        return f"<literal>{xml_text(str(term))}</literal>"
    if term.language:
        return f'<literal xml:lang="{xml_text(term.language)}">{xml_text(term.value)}</literal>'
    if term.datatype.value != XSD_STRING:
        datatype = xml_text(term.datatype.value)
        return f'<literal datatype="{datatype}">{xml_text(term.value)}</literal>'
    return f"<literal>{xml_text(term.value)}</literal>"


def write_xml(c: CappedResult) -> bytes:
    """application/sparql-results+xml."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<sparql xmlns="{SPARQL_RESULTS_NS}">',
        "<head>",
    ]
    out += [f'<variable name="{xml_text(n)}"/>' for n in c.variables]
    out.append("</head>")
    if c.kind == "ask":
        out.append(f"<boolean>{'true' if c.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in c.rows:
            cells = "".join(
                f'<binding name="{xml_text(n)}">{_xml_term(t)}</binding>'
                for n, t in zip(c.variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    document = "\n".join(out)
    check_xml_chars(document, "result")
    return document.encode("utf-8")


def _tsv_term(term: Term) -> str:
    """A term in N-Triples syntax (RDF 1.2 triple terms as ``<<( s p o )>>``)."""
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        parts = (term.subject, term.predicate, term.object)
        return "<<( " + " ".join(_tsv_term(part) for part in parts) + " )>>"
    return str(term)


def _csv_value(term: Term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return _tsv_term(term)
    return getattr(term, "value", str(term))


def write_delimited(c: CappedResult, tsv: bool) -> bytes:
    """text/csv (plain values) or text/tab-separated-values (N-Triples terms)."""
    if c.kind == "ask":
        text = "true" if c.boolean else "false"
        return (f"?_askResult\n{text}\n" if tsv else f"_askResult\r\n{text}\r\n").encode()
    if tsv:
        lines = ["\t".join(f"?{n}" for n in c.variables)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in c.rows]
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
