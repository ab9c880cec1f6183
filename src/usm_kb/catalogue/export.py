"""Export the knowledge base (or parts of it) as RDF files, or a mapping set as SSSOM TSV."""

from __future__ import annotations

from rdflib import Graph

from usm_kb.catalogue.frameworks import mapping_graph_iri
from usm_kb.namespaces import INFERRED_GRAPH
from usm_kb.rdf.bridge import graph_from_triples
from usm_kb.rdf.serialize import DATASET_FORMATS, GRAPH_FORMATS, serialize_quads, serialize_triples
from usm_kb.rdf.terms import IRI, Quad
from usm_kb.sources.sssom_write import graph_to_sssom
from usm_kb.store import KnowledgeBase


def selected_quads(kb: KnowledgeBase, *, include_inferred: bool = True) -> list[Quad]:
    """All quads, optionally without the inferred graph."""
    inferred = IRI(INFERRED_GRAPH)
    return [q for q in kb.quads() if include_inferred or q.graph_name != inferred]


def export_kb(kb: KnowledgeBase, fmt: str, *, include_inferred: bool = True) -> bytes:
    """Serialise the KB: datasets (trig, nq) keep graphs; triple formats merge them."""
    quads = selected_quads(kb, include_inferred=include_inferred)
    if fmt in DATASET_FORMATS:
        return serialize_quads(quads, fmt)
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    return serialize_triples((q.triple for q in quads), fmt)


def framework_mapping_graph(kb: KnowledgeBase, framework: str) -> Graph:
    """The asserted mapping graph of one framework as an rdflib graph."""
    framework = kb.resolve("framework", framework).id
    return graph_from_triples(q.triple for q in kb.quads(mapping_graph_iri(framework)))


def export_sssom(kb: KnowledgeBase, framework: str) -> bytes:
    """One framework's mapping set as SSSOM TSV (the framework by id or title, any case)."""
    framework = kb.resolve("framework", framework).id
    return graph_to_sssom(framework_mapping_graph(kb, framework), framework).encode("utf-8")
