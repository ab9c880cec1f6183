"""Linked data: which page an IRI gets, the generic page of any resource, the ontology page.

Every IRI under the KB's base that the KB mentions resolves. Processes, workflows,
frameworks, practices, glossary concepts and the glossary get their own pages; everything
else (call types, steps, variants, mapping records, agents …) gets the generic page: what
the KB states about it and what points at it, each value linked when it is an IRI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from usm_kb.explorer.base import Page, Ref, cached_page, select, text
from usm_kb.namespaces import GRAPH, ONTOLOGY_IRI, RDF, RDFS, SKOS, USM, VOCABULARY
from usm_kb.rdf.terms import IRI
from usm_kb.store import Formats, KnowledgeBase, Serialized
from usm_kb.store.binding import with_values

PAGE_KINDS = {"process", "workflow", "framework", "practice", "concept"}
GLOSSARY = VOCABULARY + "usm-glossary"
INCOMING_LIMIT = 200
OUT = """
SELECT ?property ?value (LANG(?value) AS ?lang) (DATATYPE(?value) AS ?datatype)
       (isIRI(?value) AS ?is_iri) ?label WHERE {
  ?subject ?property ?value .
  OPTIONAL { ?value rdfs:label|skos:prefLabel ?label
             FILTER(isIRI(?value) && (langMatches(LANG(?label), "en") || LANG(?label) = "")) }
} ORDER BY ?property ?value
"""
IN = f"""
SELECT ?source ?property ?label WHERE {{
  ?source ?property ?object .
  OPTIONAL {{ ?source rdfs:label|skos:prefLabel ?label
             FILTER(langMatches(LANG(?label), "en") || LANG(?label) = "") }}
}} ORDER BY ?property ?source LIMIT {INCOMING_LIMIT}
"""
TERMS = """
SELECT ?term ?type ?label ?comment ?definition WHERE {
  ?term rdfs:isDefinedBy ?ontology ; a ?type .
  FILTER(STRSTARTS(STR(?term), STR(usm:)))
  FILTER(?type IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty))
  OPTIONAL { ?term rdfs:label ?label FILTER(langMatches(LANG(?label), "en")) }
  OPTIONAL { ?term rdfs:comment ?comment FILTER(langMatches(LANG(?comment), "en")) }
  OPTIONAL { ?term skos:definition ?definition FILTER(langMatches(LANG(?definition), "en")) }
} ORDER BY ?type ?term
"""
WHOLE_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
ABOUT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
TERM_KINDS = {
    "http://www.w3.org/2002/07/owl#Class": "class",
    "http://www.w3.org/2002/07/owl#ObjectProperty": "object property",
    "http://www.w3.org/2002/07/owl#DatatypeProperty": "datatype property",
    "http://www.w3.org/2002/07/owl#AnnotationProperty": "annotation property",
}


@dataclass(frozen=True)
class Value:
    """One object of a statement: an IRI (with a label) or a literal."""

    text: str
    iri: str  # "" for a literal
    lang: str
    datatype: str


@dataclass(frozen=True)
class Statement:
    """A property with its values (outgoing) or its subjects (incoming)."""

    property: Ref
    values: tuple[Value, ...]


@dataclass(frozen=True)
class ResourcePage(Page):
    """Any resource: its statements both ways."""

    kind: ClassVar[str] = "resource"
    ref: Ref
    types: tuple[Ref, ...]
    definition: str
    statements: tuple[Statement, ...]
    incoming: tuple[Statement, ...]


@dataclass(frozen=True)
class Term:
    """One class or property of the ontology."""

    ref: Ref
    local: str  # the fragment: /ontology#local
    term_kind: str
    comment: str


@dataclass(frozen=True)
class OntologyPage(Page):
    """The usm: ontology's classes and properties (each at /ontology#Name)."""

    kind: ClassVar[str] = "ontology"
    ref: Ref
    terms: tuple[Term, ...]


def page_kind(kb: KnowledgeBase, iri: str) -> str | None:
    """Which page *iri* gets, or None when the KB does not know it.

    One of :data:`PAGE_KINDS`, ``glossary``, ``ontology``, ``graph`` or ``resource``.
    """
    kinds = kb.cached("explorer:page-kinds", lambda: _kinds(kb))
    if iri in kinds:
        return kinds[iri]
    if iri == ONTOLOGY_IRI:
        return "ontology"
    if iri == GLOSSARY:
        return "glossary"
    if iri in kb.graph_names():
        return "graph"
    return "resource" if kb.backend.mentions(iri) else None


def _kinds(kb: KnowledgeBase) -> dict[str, str]:
    names = kb.names()
    return {e.iri: kind for kind in PAGE_KINDS for e in names.choices(kind)}


def label_of(iri: str) -> str:
    """A readable label for an IRI without one: a CURIE-like local name."""
    for base, prefix in ((USM, "usm:"), (RDF, "rdf:"), (RDFS, "rdfs:"), (SKOS, "skos:")):
        if iri.startswith(base):
            return prefix + iri[len(base) :]
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def resource_page(kb: KnowledgeBase, iri: str) -> ResourcePage:
    """The generic page of *iri* (built once per KB)."""
    return cached_page(kb, "resource:" + iri, lambda: _resource(kb, iri))


def _resource(kb: KnowledgeBase, iri: str) -> ResourcePage:
    out, q_out = select(kb, "What the KB states about it", OUT, subject=IRI(iri))
    into, q_in = select(kb, "What points at it", IN, object=IRI(iri))
    statements: dict[str, list[Value]] = {}
    for r in out:
        value = r["value"]
        is_iri = bool(r["is_iri"])
        item = Value(
            text(r["label"]) or (label_of(str(value)) if is_iri else text(value)),
            str(value) if is_iri else "",
            text(r["lang"]),
            text(r["datatype"]),
        )
        bucket = statements.setdefault(str(r["property"]), [])
        if item.iri and any(v.iri == item.iri for v in bucket):
            continue
        if item not in bucket:
            bucket.append(item)
    incoming: dict[str, list[Value]] = {}
    for r in into:
        source = str(r["source"])
        bucket = incoming.setdefault(str(r["property"]), [])
        if not any(v.iri == source for v in bucket):
            bucket.append(Value(text(r["label"]) or label_of(source), source, "", ""))
    labels = statements.get(RDFS + "label") or statements.get(SKOS + "prefLabel") or []
    label = next((v.text for v in labels if v.lang in ("en", "")), label_of(iri))
    definition = next(
        (v.text for v in statements.get(SKOS + "definition", []) if v.lang in ("en", "")), ""
    )
    types = tuple(Ref(v.iri, v.text) for v in statements.get(RDF + "type", []) if v.iri)
    return ResourcePage(
        title=label,
        queries=(q_out, q_in),
        ref=Ref(iri, label),
        types=types,
        definition=definition,
        statements=_statements(statements),
        incoming=_statements(incoming),
    )


def _statements(by_property: dict[str, list[Value]]) -> tuple[Statement, ...]:
    return tuple(Statement(Ref(p, label_of(p)), tuple(values)) for p, values in by_property.items())


@dataclass(frozen=True)
class GraphPage(Page):
    """One named graph of the KB: its size; its triples come as RDF from the same IRI."""

    kind: ClassVar[str] = "graph"
    ref: Ref
    triples: int
    graphs: tuple[Ref, ...]  # every named graph, to move between them


def graph_page(kb: KnowledgeBase, iri: str) -> GraphPage:
    """The page of the named graph *iri* (sizes from the compiled KB's manifest)."""
    sizes = kb.manifest.graphs
    name = iri.removeprefix(GRAPH)
    others = tuple(Ref(g, g.removeprefix(GRAPH)) for g in kb.graph_names())
    return GraphPage(f"Graph {name}", (), Ref(iri, name), sizes.get(iri, 0), others)


def ontology_page(kb: KnowledgeBase) -> OntologyPage:
    """The ontology's terms (built once per KB)."""
    return cached_page(kb, "ontology", lambda: _ontology(kb))


def _ontology(kb: KnowledgeBase) -> OntologyPage:
    rows, query = select(kb, "The ontology's classes and properties", TERMS)
    terms: dict[str, Term] = {}
    for r in rows:
        term = str(r["term"])
        kind = TERM_KINDS.get(str(r["type"]), "")
        if term in terms or not kind:
            continue
        local = term[len(USM) :]
        terms[term] = Term(
            Ref(term, text(r["label"]) or local),
            local,
            kind,
            text(r["definition"]) or text(r["comment"]),
        )
    ordered = sorted(
        terms.values(), key=lambda t: (list(TERM_KINDS.values()).index(t.term_kind), t.local)
    )
    return OntologyPage("USM ontology", (query,), Ref(ONTOLOGY_IRI, "USM ontology"), tuple(ordered))


def description_query(kb: KnowledgeBase, iri: str) -> str:
    """The CONSTRUCT that describes *iri* as linked data.

    The ontology and the glossary scheme give their whole source graph; any other IRI the
    statements about it (its concise description: one hop, no blank nodes in this KB).
    """
    graphs = {ONTOLOGY_IRI: "ontology/usm", GLOSSARY: "ontology/usm-vocabulary"}
    if iri in graphs:
        graph = next(g for g in kb.graph_names() if g.endswith("/" + graphs[iri]))
        return with_values(WHOLE_GRAPH, {"g": IRI(graph)})
    if iri in kb.graph_names():
        return with_values(WHOLE_GRAPH, {"g": IRI(iri)})
    return with_values(ABOUT, {"s": IRI(iri)})


def describe(kb: KnowledgeBase, iri: str, fmt: str) -> Serialized:
    """*iri* described in the RDF format *fmt* (ttl, nt, jsonld, xml)."""
    return kb.run_serialized(description_query(kb, iri), Formats(results=None, graph=fmt))
