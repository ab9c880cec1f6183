"""Parse RDF files with Oxigraph into rdflib graphs or a store; errors name the file and line.

Files may come from anyone (``usm-kb validate PATH``), so parsing is bounded: a size limit,
no XML entity declarations (the "billion laughs" expand a few hundred bytes into gigabytes
inside Oxigraph's RDF/XML parser; defusedxml refuses them first), no remote JSON-LD
contexts, and a token too large for the parser's buffer is a clear error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    path: Path,
    rdf_format: ox.RdfFormat | None = None,
    *,
    max_bytes: int = MAX_INPUT_BYTES,
    graph: Graph | None = None,
) -> Graph:
    """Parse one RDF file (format from *rdf_format* or the file extension) into rdflib.

    Oxigraph parses (fast, precise positions, nothing fetched: JSON-LD remote contexts are
    refused); errors become ``DataError`` with file and line. Quads formats are flattened.
    The triples go into *graph* when given (validation passes a
    :func:`~usm_kb.rdf.lean_store.lean_graph`), else into a new ``Graph()``.
    """
    return graph_from_text(read_rdf(path, rdf_format, max_bytes=max_bytes), graph)


@dataclass(frozen=True)
class RdfText:
    """A file's bytes, checked to be bounded UTF-8 text of a known RDF format."""

    path: Path
    data: bytes
    format: ox.RdfFormat


def read_rdf(
    path: Path, rdf_format: ox.RdfFormat | None = None, *, max_bytes: int = MAX_INPUT_BYTES
) -> RdfText:
    """Read and check one RDF file before any parser sees it; ``DataError`` on bad input.

    Checked: a known format (from *rdf_format* or the extension), the size limit, text rather
    than binary, UTF-8, and no XML entity declarations in RDF/XML.
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
    return RdfText(path, data, rdf_format)


def graph_from_text(text: RdfText, graph: Graph | None = None) -> Graph:
    """Parse *text* into *graph* (or a new ``Graph()``), its prefixes bound there too."""
    with _parsing(text):  # named graphs flattened: only each statement's triple is taken
        parser = ox.parse(input=text.data, format=text.format, base_iri=_base(text))
        graph = graph_from_triples(parser, graph)
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace)
    return graph


def load_text(store: ox.Store, text: RdfText) -> None:
    """Parse *text* into *store*'s default graph (named graphs flattened).

    Turtle, N-Triples and RDF/XML go straight from Oxigraph's parser into the store, no Python
    object per statement.
    Each load gives the file's blank nodes fresh ids, so two files that both say ``_:b0``
    keep two nodes, as :func:`graph_from_text` does.
    """
    with _parsing(text):
        if text.format in _GRAPH_FORMATS:
            parser = ox.parse(input=text.data, format=text.format, base_iri=_base(text))
            store.extend(_flat_with_fresh_blank_nodes(parser))
        else:
            # ``load``, not ``bulk_load``: the bulk loader reserves a 200 MB buffer up front
            store.load(
                text.data, format=text.format, base_iri=_base(text), to_graph=ox.DefaultGraph()
            )


def _flat_with_fresh_blank_nodes(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
    """*quads* in the default graph, each blank node label of this file a fresh blank node."""
    fresh: dict[ox.BlankNode, ox.BlankNode] = {}

    def node(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            found = fresh.get(term)
            if found is None:
                found = fresh[term] = ox.BlankNode()
            return found
        return term

    for quad in quads:
        yield ox.Quad(node(quad.subject), quad.predicate, node(quad.object))


def _base(text: RdfText) -> str:
    return text.path.absolute().as_uri()


@contextmanager
def _parsing(text: RdfText) -> Iterator[None]:
    """Oxigraph's parse errors as ``DataError`` naming the file and line."""
    try:
        yield
    except SyntaxError as exc:
        raise _syntax_error(text.format.name, exc, text.path) from exc
    except MemoryError as exc:
        if "buffer" not in str(exc):  # out of memory (the ceiling): not the file's fault alone
            raise
        # Oxigraph: one token beyond its 16 MiB buffer ("Reached the buffer maximal size …")
        raise DataError(
            f"a single literal or IRI is too large to parse ({exc})",
            path=text.path,
            hint="split the value or keep it outside the RDF file",
        ) from None


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
