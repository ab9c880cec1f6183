"""Parse the hand-edited sources into one rdflib graph per named graph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from usm_kb.errors import DataError
from usm_kb.namespaces import ontology_graph
from usm_kb.rdf_bridge import graph_from_triples


@dataclass(frozen=True)
class SourceGraph:
    """One parsed source: the named graph it becomes and where it came from."""

    iri: str
    path: Path
    graph: Graph


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file; syntax errors become ``DataError`` with file and line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror}", path=path) from exc
    if b"\x00" in data[:4096]:
        raise DataError(
            "not a Turtle text file (binary content)",
            path=path,
            hint="save the file as UTF-8 Turtle",
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text at byte {exc.start}", path=path) from exc
    try:
        triples = ox.parse(
            input=data, format=ox.RdfFormat.TURTLE, base_iri=path.absolute().as_uri()
        )
        graph = graph_from_triples(triples)
    except SyntaxError as exc:
        message = re.sub(r"^Parser error at line \d+ ", "", str(exc.msg))
        raise DataError(f"Turtle syntax error {message}", path=path, line=exc.lineno) from exc
    for prefix, namespace in triples.prefixes.items():
        graph.bind(prefix, namespace)
    return graph


def ontology_files(root: Path) -> list[Path]:
    """The ontology's Turtle files (not the SHACL shapes), in name order."""
    return sorted((root / "ontology").glob("*.ttl"))


def iter_ontology(root: Path) -> Iterator[SourceGraph]:
    """Yield one ``SourceGraph`` per ontology file."""
    for path in ontology_files(root):
        yield SourceGraph(ontology_graph(path.stem), path, parse_turtle(path))
