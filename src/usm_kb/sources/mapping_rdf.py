"""Mapping sets as RDF: one ``usm:Mapping`` resource per row plus a direct SKOS triple."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, XSD, Graph
from rdflib.namespace import DCTERMS, PROV

from usm_kb.namespaces import framework_iri
from usm_kb.rdf.bridge import triples_from_ox
from usm_kb.rdf.oxterms import OxTriple, Terms, unique_iri
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
    g.addN((s, p, o, g) for s, p, o in triples_from_ox(mapping_set_triples(ms)))
    return g


def mapping_set_triples(ms: MappingSet, *, workspace: str | None = None) -> Iterator[OxTriple]:
    """The triples of :func:`mapping_set_to_graph` as pyoxigraph terms, one by one.

    No rdflib graph and no list: a workspace compile streams them into its store. With
    *workspace* (its IRI) the set belongs to that workspace instead of a framework. A triple
    may repeat.
    """
    t = Terms()
    iri, text, typed = t.iri, t.text, t.typed
    a, mapping, in_set, subject, obj, predicate = t.iris(
        RDF.type, U.Mapping, U.inMappingSet, U.mappingSubject, U.mappingObject,
        U.mappingPredicate,
    )  # fmt: skip
    modifier, justification, confidence, share, evidence, evidence_source = t.iris(
        U.predicateModifier, U.mappingJustification, U.confidence, U.share, U.evidence,
        U.evidenceSource,
    )  # fmt: skip
    derived, attributed, reviewer, created, comment, placement = t.iris(
        PROV.wasDerivedFrom, PROV.wasAttributedTo, U.reviewer, DCTERMS.created, RDFS.comment,
        U.Placement,
    )  # fmt: skip
    copied = [(column, iri(str(prop))) for column, prop in COPY_LITERALS]
    meta = ms.meta
    s = unique_iri(meta["mapping_set_id"])
    yield (s, a, iri(str(U.MappingSet)))
    if workspace is None:
        yield (s, iri(str(U.framework)), iri(framework_iri(ms.framework)))
    else:
        yield (s, iri(str(U.inWorkspace)), iri(workspace))
    yield (s, iri(str(DCTERMS.title)), text(" ".join(str(meta["mapping_set_title"]).split())))
    description = " ".join(str(meta["mapping_set_description"]).split())
    yield (s, iri(str(DCTERMS.description)), text(description))
    yield (s, iri(str(DCTERMS.license)), iri(str(meta["license"])))
    yield (s, created, typed(meta["mapping_date"], str(XSD.date)))
    for creator in meta["creator_id"] or []:
        prefix, _, local = str(creator).partition(":")
        creator_iri = meta["curie_map"].get(prefix, prefix + ":") + local
        yield (s, iri(str(DCTERMS.creator)), iri(creator_iri))
    xsd_decimal, xsd_integer, xsd_date = str(XSD.decimal), str(XSD.integer), str(XSD.date)
    for row in ms.rows:
        m = unique_iri(row.iri)
        v = row.values
        yield (m, a, mapping)
        yield (m, in_set, s)
        yield (m, subject, iri(row.subject))
        yield (m, obj, iri(row.object))
        yield (m, predicate, iri(row.predicate))
        if v.get("predicate_modifier"):
            yield (m, modifier, text(v["predicate_modifier"]))
        yield (m, justification, iri(row.justification))
        yield (m, confidence, typed(v["confidence"], xsd_decimal))
        yield (m, share, typed(int(v["share"]), xsd_integer))
        yield (m, evidence, iri(EVIDENCE_IRI[v["evidence"]]))
        if v.get("source"):  # where the placement itself is stated
            yield (m, evidence_source, iri(v["source"]))
        for cited in row.see_also:  # what the curators derived it from
            yield (m, derived, iri(cited))
        yield (m, attributed, iri(row.author))
        if row.reviewer:
            yield (m, reviewer, iri(row.reviewer))
        yield (m, created, typed(v["mapping_date"], xsd_date))
        yield (m, comment, text(v["comment"], "en"))
        for column, prop in copied:
            yield (m, prop, text(v[column]))
        if is_placement(v["relation"], v["status"]):  # the one meaning of "placed"
            yield (m, a, placement)
            yield (iri(row.subject), iri(row.predicate), iri(row.object))
