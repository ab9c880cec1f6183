"""Parse RDF files with Oxigraph into rdflib graphs; errors name the file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from usm_kb.errors import DataError
from usm_kb.rdf.bridge import graph_from_triples

# File extensions usm-kb reads as RDF data (``usm-kb validate PATH``); the KB's own sources
# are Turtle.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file; syntax errors become ``DataError`` with file and line."""
    return parse_rdf(path, ox.RdfFormat.TURTLE)


def parse_rdf(path: Path, rdf_format: ox.RdfFormat | None = None) -> Graph:
    """Parse one RDF file (format from *rdf_format* or the file extension) into rdflib.

    Oxigraph parses (fast, precise positions, nothing fetched: JSON-LD remote contexts are
    refused); errors become ``DataError`` with file and line. Quads formats are flattened.
    """
    if rdf_format is None:
        rdf_format = RDF_FORMATS.get(path.suffix.lower())
        if rdf_format is None:
            raise DataError(
                f"not an RDF file type: {path.suffix or '(no extension)'}",
                path=path,
                hint="use one of " + ", ".join(RDF_FORMATS),
            )
    name = rdf_format.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror}", path=path) from exc
    if b"\x00" in data[:4096]:
        raise DataError(
            f"not a {name} text file (binary content)",
            path=path,
            hint=f"save the file as UTF-8 {name}",
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text at byte {exc.start}", path=path) from exc
    try:
        triples = ox.parse(input=data, format=rdf_format, base_iri=path.absolute().as_uri())
        graph = graph_from_triples(triples)
    except SyntaxError as exc:
        raise _syntax_error(name, exc, path) from exc
    for prefix, namespace in triples.prefixes.items():
        graph.bind(prefix, namespace)
    return graph


def _syntax_error(name: str, exc: SyntaxError, path: Path) -> DataError:
    message = re.sub(r"^Parser error at line \d+ ", "", str(exc.msg))
    if "LoadDocumentCallback" in message:
        return DataError(
            "the JSON-LD @context is a remote document, which usm-kb does not fetch",
            path=path,
            hint="put the context inline in the file",
        )
    if exc.lineno is None:
        return DataError(f"{name} syntax error: {message}", path=path)
    return DataError(f"{name} syntax error {message}", path=path, line=exc.lineno)
