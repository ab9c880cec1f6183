"""Serialise SPARQL results and graphs into the formats the CLI and the endpoint offer."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from usm_kb.errors import UsageError
from usm_kb.namespaces import PREFIXES
from usm_kb.rdf.oxigraph import serialize_bytes
from usm_kb.rdf.sparql_results import CappedResult, write_results

TABULAR_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


def serialize_result(c: CappedResult, fmt: str) -> bytes:
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


def serialize_triples_as(
    triples: Iterable[ox.Triple], fmt: str, prefixes: dict[str, str] | None = None
) -> bytes:
    """Serialise triples in their given order, with *prefixes* where the format has them."""
    return serialize_bytes(triples, GRAPH_FORMATS[fmt], prefixes)


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
