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

TABULAR_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


def result_kind(result: Any) -> str:
    """'select', 'ask' or 'graph'."""
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


def serialize_result(result: Any, fmt: str) -> bytes:
    """Serialise a pyoxigraph query result in *fmt* (checked against the result kind)."""
    kind = result_kind(result)
    if kind in ("select", "ask"):
        if fmt not in TABULAR_FORMATS:
            raise UsageError(f"--format {fmt} does not fit a {kind.upper()} result; "
                             f"use one of table, {', '.join(TABULAR_FORMATS)}")
        return result.serialize(format=TABULAR_FORMATS[fmt])
    if fmt not in GRAPH_FORMATS:
        raise UsageError(f"--format {fmt} does not fit a CONSTRUCT/DESCRIBE result; "
                         f"use one of {', '.join(GRAPH_FORMATS)}")
    return serialize_triples(result, fmt)


def serialize_triples(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """Serialise triples; Turtle and RDF/XML get the usm-kb prefixes."""
    rdf_format = GRAPH_FORMATS[fmt]
    items = sorted(set(triples), key=str)
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(items, format=rdf_format, prefixes=PREFIXES)
    return ox.serialize(items, format=rdf_format)


def serialize_quads(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Serialise quads as TriG (with prefixes) or N-Quads, in a stable order."""
    items = sorted(quads, key=str)
    if fmt == "trig":
        return ox.serialize(items, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return ox.serialize(items, format=ox.RdfFormat.N_QUADS)


def rows_to_text(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    """Plain rows (already display strings or JSON values) as csv, tsv or json."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows],
                          indent=2, ensure_ascii=False, default=str) + "\n"
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
