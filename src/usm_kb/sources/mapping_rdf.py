"""Mapping sets as RDF: one ``usm:Mapping`` resource per row plus a direct SKOS triple."""

from __future__ import annotations

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


def mapping_set_to_graph(ms: MappingSet) -> Graph:
    """RDF for a mapping set: the set, one ``usm:Mapping`` per row, and the SKOS projection."""
    g = Graph()
    meta = ms.meta
    s = URIRef(meta["mapping_set_id"])
    g.add((s, RDF.type, U.MappingSet))
    g.add((s, U.framework, URIRef(framework_iri(ms.framework))))
    g.add((s, DCTERMS.title, Literal(" ".join(str(meta["mapping_set_title"]).split()))))
    g.add((s, DCTERMS.description, Literal(" ".join(str(meta["mapping_set_description"]).split()))))
    g.add((s, DCTERMS.license, URIRef(str(meta["license"]))))
    g.add((s, DCTERMS.created, Literal(meta["mapping_date"], datatype=XSD.date)))
    for creator in meta["creator_id"] or []:
        prefix, _, local = str(creator).partition(":")
        g.add((s, DCTERMS.creator, URIRef(meta["curie_map"].get(prefix, prefix + ":") + local)))
    for row in ms.rows:
        m = URIRef(row.iri)
        v = row.values
        g.add((m, RDF.type, U.Mapping))
        g.add((m, U.inMappingSet, s))
        g.add((m, U.mappingSubject, URIRef(row.subject)))
        g.add((m, U.mappingObject, URIRef(row.object)))
        g.add((m, U.mappingPredicate, URIRef(row.predicate)))
        if v.get("predicate_modifier"):
            g.add((m, U.predicateModifier, Literal(v["predicate_modifier"])))
        g.add((m, U.mappingJustification, URIRef(row.justification)))
        g.add((m, U.confidence, Literal(v["confidence"], datatype=XSD.decimal)))
        g.add((m, U.share, Literal(int(v["share"]), datatype=XSD.integer)))
        g.add((m, U.evidence, URIRef(EVIDENCE_IRI[v["evidence"]])))
        if v.get("source"):  # where the placement itself is stated
            g.add((m, U.evidenceSource, URIRef(v["source"])))
        for cited in row.see_also:  # what the curators derived it from
            g.add((m, PROV.wasDerivedFrom, URIRef(cited)))
        g.add((m, PROV.wasAttributedTo, URIRef(row.author)))
        if row.reviewer:
            g.add((m, U.reviewer, URIRef(row.reviewer)))
        g.add((m, DCTERMS.created, Literal(v["mapping_date"], datatype=XSD.date)))
        g.add((m, RDFS.comment, Literal(v["comment"], lang="en")))
        for column, prop in COPY_LITERALS:
            g.add((m, prop, Literal(v[column])))
        if is_placement(v["relation"], v["status"]):  # the one meaning of "placed"
            g.add((m, RDF.type, U.Placement))
            g.add((URIRef(row.subject), URIRef(row.predicate), URIRef(row.object)))
    return g
