"""Export the knowledge base (or parts of it) as RDF files."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from usm_kb.namespaces import INFERRED_GRAPH
from usm_kb.oxtools import serialize_bytes
from usm_kb.results import DATASET_FORMATS, GRAPH_FORMATS, serialize_quads, serialize_triples
from usm_kb.store import KnowledgeBase


def selected_quads(kb: KnowledgeBase, *, include_inferred: bool = True) -> list[ox.Quad]:
    """All quads, optionally without the inferred graph."""
    inferred = ox.NamedNode(INFERRED_GRAPH)
    return [q for q in kb.store if include_inferred or q.graph_name != inferred]


def export_kb(kb: KnowledgeBase, fmt: str, *, include_inferred: bool = True) -> bytes:
    """Serialise the KB: datasets (trig, nq) keep graphs; triple formats merge them."""
    quads = selected_quads(kb, include_inferred=include_inferred)
    if fmt in DATASET_FORMATS:
        return serialize_quads(quads, fmt)
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    return serialize_triples((q.triple for q in quads), fmt)


def framework_mapping_graph(kb: KnowledgeBase, framework: str) -> Any:
    """The asserted mapping graph of one framework as an rdflib graph."""
    import rdflib

    from usm_kb.frameworks import known_framework, mapping_graph_iri

    known_framework(kb, framework)
    quads = kb.store.quads_for_pattern(None, None, None, ox.NamedNode(mapping_graph_iri(framework)))
    data = serialize_bytes((q.triple for q in quads), ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def export_sssom(kb: KnowledgeBase, framework: str) -> bytes:
    """One framework's mapping set as SSSOM TSV."""
    from usm_kb.mapping_rdf import graph_to_sssom

    return graph_to_sssom(framework_mapping_graph(kb, framework), framework).encode("utf-8")
