"""The ontology's Turtle files, each parsed into its own named graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from usm_kb.namespaces import ontology_graph
from usm_kb.rdf.parse import parse_turtle
from usm_kb.sources.graphs import SourceGraph


def ontology_files(root: Path) -> list[Path]:
    """The ontology's Turtle files (not the SHACL shapes), in name order."""
    return sorted((root / "ontology").glob("*.ttl"))


def iter_ontology(root: Path) -> Iterator[SourceGraph]:
    """Yield one ``SourceGraph`` per ontology file."""
    for path in ontology_files(root):
        yield SourceGraph(ontology_graph(path.stem), path, parse_turtle(path))
