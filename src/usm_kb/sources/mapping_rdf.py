"""Mapping sets as RDF: one ``usm:Mapping`` resource per row plus a direct SKOS triple."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from usm_kb.namespaces import framework_iri
from usm_kb.sources.graphs import USM_NS as U
from usm_kb.sources.sssom import MappingSet
from usm_kb.vocab import EVIDENCE_IRI, is_placement

COPY_LITERALS = (
    ("relation", U.relation),
    ("rationale", U.rationale),
    ("status", U.status),
    ("subject_label", U.subjectLabel),
    ("object_label", U.objectLabel),
)


RdfTriple = tuple[URIRef, URIRef, URIRef | Literal]


def mapping_set_to_graph(ms: MappingSet) -> Graph:
    """RDF for a mapping set: the set, one ``usm:Mapping`` per row, and the SKOS projection."""
    g = Graph()
    g.addN((s, p, o, g) for s, p, o in mapping_set_triples(ms))
    return g


def mapping_set_triples(ms: MappingSet, *, workspace: str | None = None) -> Iterator[RdfTriple]:
    """The triples of :func:`mapping_set_to_graph`, one by one (no rdflib graph, no list).

    With *workspace* (its IRI) the set belongs to that workspace instead of a framework.
    A triple may repeat.
    """
    meta = ms.meta
    s = URIRef(meta["mapping_set_id"])
    yield (s, RDF.type, U.MappingSet)
    if workspace is None:
        yield (s, U.framework, URIRef(framework_iri(ms.framework)))
    else:
        yield (s, U.inWorkspace, URIRef(workspace))
    yield (s, DCTERMS.title, Literal(" ".join(str(meta["mapping_set_title"]).split())))
    yield (s, DCTERMS.description, Literal(" ".join(str(meta["mapping_set_description"]).split())))
    yield (s, DCTERMS.license, URIRef(str(meta["license"])))
    yield (s, DCTERMS.created, Literal(meta["mapping_date"], datatype=XSD.date))
    for creator in meta["creator_id"] or []:
        prefix, _, local = str(creator).partition(":")
        yield (s, DCTERMS.creator, URIRef(meta["curie_map"].get(prefix, prefix + ":") + local))
    for row in ms.rows:
        m = URIRef(row.iri)
        v = row.values
        yield (m, RDF.type, U.Mapping)
        yield (m, U.inMappingSet, s)
        yield (m, U.mappingSubject, URIRef(row.subject))
        yield (m, U.mappingObject, URIRef(row.object))
        yield (m, U.mappingPredicate, URIRef(row.predicate))
        if v.get("predicate_modifier"):
            yield (m, U.predicateModifier, Literal(v["predicate_modifier"]))
        yield (m, U.mappingJustification, URIRef(row.justification))
        yield (m, U.confidence, Literal(v["confidence"], datatype=XSD.decimal))
        yield (m, U.share, Literal(int(v["share"]), datatype=XSD.integer))
        yield (m, U.evidence, URIRef(EVIDENCE_IRI[v["evidence"]]))
        if v.get("source"):  # where the placement itself is stated
            yield (m, U.evidenceSource, URIRef(v["source"]))
        for cited in row.see_also:  # what the curators derived it from
            yield (m, PROV.wasDerivedFrom, URIRef(cited))
        yield (m, PROV.wasAttributedTo, URIRef(row.author))
        if row.reviewer:
            yield (m, U.reviewer, URIRef(row.reviewer))
        yield (m, DCTERMS.created, Literal(v["mapping_date"], datatype=XSD.date))
        yield (m, RDFS.comment, Literal(v["comment"], lang="en"))
        for column, prop in COPY_LITERALS:
            yield (m, prop, Literal(v[column]))
        if is_placement(v["relation"], v["status"]):  # the one meaning of "placed"
            yield (m, RDF.type, U.Placement)
            yield (URIRef(row.subject), URIRef(row.predicate), URIRef(row.object))
