"""Serialise SPARQL results and graphs into the formats the CLI and the endpoint offer."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from usm_kb.errors import UsageError
from usm_kb.namespaces import PREFIXES
from usm_kb.oxtools import serialize_bytes
from usm_kb.sparql_results import Collected, collect, write_results

TABULAR_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


def serialize_collected(c: Collected, fmt: str) -> bytes:
    """Serialise a collected result in *fmt* (checked against the result kind)."""
    if c.kind in ("select", "ask"):
        if fmt not in TABULAR_FORMATS:
            raise UsageError(
                f"--format {fmt} does not fit a {c.kind.upper()} result; "
                f"use one of table, {', '.join(TABULAR_FORMATS)}"
            )
        return write_results(c, fmt)
    if fmt not in GRAPH_FORMATS:
        raise UsageError(
            f"--format {fmt} does not fit a CONSTRUCT/DESCRIBE result; "
            f"use one of {', '.join(GRAPH_FORMATS)}"
        )
    return serialize_triples(c.triples, fmt)


def serialize_result(result: Any, fmt: str, cap: int | None = None) -> bytes:
    """Collect a pyoxigraph query result (up to *cap* rows) and serialise it."""
    return serialize_collected(collect(result, cap), fmt)


def serialize_triples(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """Serialise triples; Turtle and RDF/XML get the usm-kb prefixes."""
    rdf_format = GRAPH_FORMATS[fmt]
    items = sorted(set(triples), key=str)
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return serialize_bytes(items, rdf_format, PREFIXES)
    return serialize_bytes(items, rdf_format)


def serialize_quads(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Serialise quads as TriG (with prefixes) or N-Quads, in a stable order."""
    items = sorted(quads, key=str)
    if fmt == "trig":
        return serialize_bytes(items, ox.RdfFormat.TRIG, PREFIXES)
    return serialize_bytes(items, ox.RdfFormat.N_QUADS)


def rows_to_text(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    """Plain rows (already display strings or JSON values) as csv, tsv or json."""
    if fmt == "json":
        return (
            json.dumps(
                [dict(zip(columns, row, strict=True)) for row in rows],
                indent=2,
                ensure_ascii=False,
                default=str,
            )
            + "\n"
        )
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _cell(value: Any) -> str:
    """Spreadsheet-safe cell: neutralise formula injection (= + - @ at the start)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
