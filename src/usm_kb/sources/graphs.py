"""A parsed source: the named graph it becomes, the file it came from, its triples."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import ClosedNamespace

from usm_kb.namespaces import USM
from usm_kb.rdf.terms import Quad, Triple
from usm_kb.usm_terms import USM_TERMS

# The usm: vocabulary for rdflib code: a misspelt term raises instead of minting a new IRI.
USM_NS = ClosedNamespace(URIRef(USM), sorted(USM_TERMS))


@dataclass(frozen=True)
class SourceGraph:
    """One parsed source: the named graph it becomes and where it came from."""

    iri: str
    path: Path
    graph: Graph
    # The Oxigraph triples the graph was built from (a user's file, or the compiled artefact);
    # a user's file keeps the parser's default-graph quads.
    triples: tuple[Triple | Quad, ...] = field(default=(), compare=False, repr=False)


def union_graph(graphs: list[SourceGraph]) -> Graph:
    """All source graphs merged into one rdflib graph (for HermiT and SHACL)."""
    union = Graph()
    for source in graphs:
        union += source.graph
    return union
