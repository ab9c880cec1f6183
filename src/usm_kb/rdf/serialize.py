"""Serialise SPARQL results and graphs into the formats the CLI and the endpoint offer."""

from __future__ import annotations

from collections.abc import Iterable
from xml.parsers import expat

import pyoxigraph as ox

from usm_kb.errors import NotAcceptable, UsageError
from usm_kb.namespaces import PREFIXES
from usm_kb.rdf.oxigraph import serialize_bytes
from usm_kb.rdf.sparql_results import CappedResult, check_xml_chars, write_results

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
    """Serialise triples in their given order, with *prefixes* where the format has them.

    A graph the format cannot express (RDF 1.2 triple terms in JSON-LD, characters or
    property IRIs that RDF/XML cannot carry) is ``NotAcceptable``, never a broken document.
    """
    try:
        data = serialize_bytes(triples, GRAPH_FORMATS[fmt], prefixes)
    except (OSError, ValueError, SyntaxError) as exc:
        raise NotAcceptable(f"this graph cannot be written as {fmt}: {exc}") from None
    if GRAPH_FORMATS[fmt] == ox.RdfFormat.RDF_XML:
        _check_rdf_xml(data)
    return data


def _check_rdf_xml(data: bytes) -> None:
    check_xml_chars(data.decode("utf-8"), "graph")
    parser = expat.ParserCreate(namespace_separator=" ")  # checks QNames too
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise NotAcceptable(
            "this graph cannot be written as RDF/XML (a property IRI has no XML local name: "
            f"{expat.ErrorString(exc.code)}); ask for Turtle, N-Triples or JSON-LD"
        ) from None


def serialize_triples(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """Serialise triples in a stable order; Turtle and RDF/XML get the usm-kb prefixes."""
    items = sorted(set(triples), key=str)
    with_prefixes = GRAPH_FORMATS[fmt] in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML)
    return serialize_triples_as(items, fmt, PREFIXES if with_prefixes else None)


def serialize_quads(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Serialise quads as TriG (with prefixes) or N-Quads, in a stable order."""
    items = sorted(quads, key=str)
    if fmt == "trig":
        return serialize_bytes(items, ox.RdfFormat.TRIG, PREFIXES)
    return serialize_bytes(items, ox.RdfFormat.N_QUADS)
