"""Parse RDF files with Oxigraph into rdflib graphs; errors name the file and line.

Files may come from anyone (``usm-kb validate PATH``), so parsing is bounded: a size limit,
no XML entity declarations (the "billion laughs" expand a few hundred bytes into gigabytes
inside Oxigraph's RDF/XML parser; defusedxml refuses them first), no remote JSON-LD
contexts, and a token too large for the parser's buffer is a clear error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from rdflib import Graph

from usm_kb.errors import DataError
from usm_kb.files import MAX_INPUT_BYTES, check_size
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
# Formats that can name graphs: their statements are moved to the default graph.
_GRAPH_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD)


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file; syntax errors become ``DataError`` with file and line."""
    return parse_rdf(path, ox.RdfFormat.TURTLE)


def parse_rdf(
    path: Path, rdf_format: ox.RdfFormat | None = None, *, max_bytes: int = MAX_INPUT_BYTES
) -> Graph:
    """Parse one RDF file (format from *rdf_format* or the file extension) into rdflib.

    Oxigraph parses (fast, precise positions, nothing fetched: JSON-LD remote contexts are
    refused); errors become ``DataError`` with file and line. Quads formats are flattened.
    """
    return parse_rdf_twice(path, rdf_format, max_bytes=max_bytes)[0]


def parse_rdf_twice(
    path: Path,
    rdf_format: ox.RdfFormat | None = None,
    *,
    max_bytes: int = MAX_INPUT_BYTES,
    graph: Graph | None = None,
) -> tuple[Graph, list[ox.Quad]]:
    """Parse once; return the rdflib graph and the Oxigraph statements behind it.

    The statements are quads in the default graph (named graphs of N-Quads, TriG and
    JSON-LD are flattened), which an Oxigraph store takes as they are.
    The triples let a caller load the same data into an Oxigraph store without converting
    the rdflib graph back (validation runs SHACL-SPARQL constraints there). The triples go
    into *graph* when given (validation passes a :func:`~usm_kb.rdf.lean_store.lean_graph`),
    else into a new ``Graph()``.
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
    data = _read_bounded(path, max_bytes)
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
    if rdf_format == ox.RdfFormat.RDF_XML:
        _refuse_xml_entities(data, path)
    try:
        parser = ox.parse(input=data, format=rdf_format, base_iri=path.absolute().as_uri())
        if rdf_format in _GRAPH_FORMATS:  # flattened into the default graph
            triples = [ox.Quad(q.subject, q.predicate, q.object) for q in parser]
        else:  # already default-graph quads: kept as they are (no object made per triple)
            triples = list(parser)
        graph = graph_from_triples(triples, graph)
    except SyntaxError as exc:
        raise _syntax_error(name, exc, path) from exc
    except MemoryError as exc:
        if "buffer" not in str(exc):  # out of memory (the ceiling): not the file's fault alone
            raise
        # Oxigraph: one token beyond its 16 MiB buffer ("Reached the buffer maximal size …")
        raise DataError(
            f"a single literal or IRI is too large to parse ({exc})",
            path=path,
            hint="split the value or keep it outside the RDF file",
        ) from None
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace)
    return graph, triples


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    check_size(path, max_bytes)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror}", path=path) from exc


def _refuse_xml_entities(data: bytes, path: Path) -> None:
    """Refuse DTD entity declarations and external references before Oxigraph sees them."""
    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DataError(
            f"XML entity declarations are not accepted ({exc.__class__.__name__})",
            path=path,
            hint="expand the entities in the file; usm-kb never expands them",
        ) from None
    except SyntaxError:
        return  # malformed XML: Oxigraph's parser reports the position better


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
