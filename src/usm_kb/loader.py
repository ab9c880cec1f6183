"""Parse the hand-edited sources into one rdflib graph per named graph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from usm_kb.errors import DataError
from usm_kb.namespaces import ontology_graph


@dataclass(frozen=True)
class SourceGraph:
    """One parsed source: the named graph it becomes and where it came from."""

    iri: str
    path: Path
    graph: Graph


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file; syntax errors become ``DataError`` with file and line."""
    graph = Graph()
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
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text at byte {exc.start}", path=path) from exc
    check_turtle_syntax(data, path)
    try:
        graph.parse(data=text, format="turtle", publicID=path.absolute().as_uri())
    except BadSyntax as exc:
        raise DataError(f"Turtle syntax error: {exc._why}", path=path, line=exc.lines + 1) from exc
    except Exception as exc:  # rdflib raises assorted errors on broken literals / IRIs
        raise DataError(f"Turtle error: {exc}", path=path) from exc
    return graph


def check_turtle_syntax(data: bytes, path: Path) -> None:
    """Syntax-check with Oxigraph first: precise line/column, no parser crashes."""
    try:
        base = path.absolute().as_uri()
        for _ in ox.parse(input=data, format=ox.RdfFormat.TURTLE, base_iri=base):
            pass
    except SyntaxError as exc:
        message = re.sub(r"^Parser error at line \d+ ", "", str(exc.msg))
        raise DataError(f"Turtle syntax error {message}", path=path, line=exc.lineno) from exc


def ontology_files(root: Path) -> list[Path]:
    """The ontology's Turtle files (not the SHACL shapes), in name order."""
    return sorted((root / "ontology").glob("*.ttl"))


def iter_ontology(root: Path) -> Iterator[SourceGraph]:
    """Yield one ``SourceGraph`` per ontology file."""
    for path in ontology_files(root):
        yield SourceGraph(ontology_graph(path.stem), path, parse_turtle(path))
