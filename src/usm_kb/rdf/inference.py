"""Materialise the RDFS/OWL inferences queries rely on, with SPARQL CONSTRUCT rules on Oxigraph.

A full OWL-RL closure (owlrl) takes minutes at 100k triples (see docs/design.md), so the
KB materialises only what its queries need: subclass and subproperty closure, types along
the class hierarchy, declared inverses, symmetric and transitive properties, and the SKOS
inverse pairs. The rules run to a fixpoint; new triples go into the ``inferred`` graph.
Each rule leaves out what the store already holds (``FILTER NOT EXISTS`` on its template), so
a round costs the engine's joins, not one Python lookup per entailed triple.
"""

from __future__ import annotations

import pyoxigraph as ox

from usm_kb.namespaces import sparql_prologue
from usm_kb.rdf.oxigraph import construct
from usm_kb.rdf.oxterms import StarTriple, add_now

SKOLEM = "$SKOLEM_BASE"  # replaced by the IRI prefix of skolemised blank nodes


RULES: dict[str, str] = {
    "subclass-transitive": """
        CONSTRUCT { ?a rdfs:subClassOf ?c } WHERE {
          ?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?c . FILTER(?a != ?c)
          FILTER NOT EXISTS { ?a rdfs:subClassOf ?c } }""",
    "type-along-subclass": """
        CONSTRUCT { ?x a ?c } WHERE {
          ?x a ?b . ?b rdfs:subClassOf ?c .
          FILTER(isIRI(?c) && !STRSTARTS(STR(?c), "$SKOLEM_BASE"))
          FILTER NOT EXISTS { ?x a ?c } }""",
    "subproperty-transitive": """
        CONSTRUCT { ?a rdfs:subPropertyOf ?c } WHERE {
          ?a rdfs:subPropertyOf ?b . ?b rdfs:subPropertyOf ?c . FILTER(?a != ?c)
          FILTER NOT EXISTS { ?a rdfs:subPropertyOf ?c } }""",
    "value-along-subproperty": """
        CONSTRUCT { ?s ?q ?o } WHERE { ?p rdfs:subPropertyOf ?q . ?s ?p ?o . FILTER(isIRI(?q))
          FILTER NOT EXISTS { ?s ?q ?o } }""",
    "inverse": """
        CONSTRUCT { ?o ?q ?s } WHERE {
          { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p }
          ?s ?p ?o . FILTER(!isLiteral(?o)) FILTER NOT EXISTS { ?o ?q ?s } }""",
    "symmetric": """
        CONSTRUCT { ?o ?p ?s } WHERE { ?p a owl:SymmetricProperty . ?s ?p ?o .
          FILTER(!isLiteral(?o)) FILTER NOT EXISTS { ?o ?p ?s } }""",
    "transitive": """
        CONSTRUCT { ?s ?p ?o } WHERE { ?p a owl:TransitiveProperty . ?s ?p ?m . ?m ?p ?o .
          FILTER(?s != ?o) FILTER NOT EXISTS { ?s ?p ?o } }""",
    "skos-inverses": """
        CONSTRUCT { ?o ?q ?s } WHERE {
          VALUES (?p ?q) {
            (skos:broader skos:narrower) (skos:narrower skos:broader)
            (skos:broadMatch skos:narrowMatch) (skos:narrowMatch skos:broadMatch)
            (skos:topConceptOf skos:hasTopConcept) (skos:hasTopConcept skos:topConceptOf)
            (skos:related skos:related) (skos:relatedMatch skos:relatedMatch)
            (skos:exactMatch skos:exactMatch) (skos:closeMatch skos:closeMatch)
          }
          ?s ?p ?o . FILTER(!isLiteral(?o)) FILTER NOT EXISTS { ?o ?q ?s } }""",
}


def rules(skolem_base: str) -> dict[str, str]:
    """The CONSTRUCT rules; types never go to skolem IRIs (OWL class expressions)."""
    return {name: body.replace(SKOLEM, skolem_base) for name, body in RULES.items()}


MAX_ROUNDS = 25


def materialize(store: ox.Store, graph_iri: str, skolem_base: str) -> int:
    """Add entailed triples to the graph *graph_iri* of *store*; return how many were added."""
    graph = ox.NamedNode(graph_iri)
    prologue = sparql_prologue()
    queries = {name: prologue + body for name, body in rules(skolem_base).items()}
    added = 0
    for _ in range(MAX_ROUNDS):
        fresh: set[ox.Triple] = set()
        for query in queries.values():
            fresh.update(construct(store, query, use_default_graph_as_union=True))
        if not fresh:
            return added
        _add(store, fresh, graph)
        added += len(fresh)
    raise RuntimeError(f"inference did not reach a fixpoint in {MAX_ROUNDS} rounds")


ADD_BATCH = 10_000  # triples written at once: a round at 100k entails 200k triples


def _add(store: ox.Store, triples: set[ox.Triple], graph: ox.NamedNode) -> None:
    """Add *triples* to *graph* by bulk batches (a transactional add is slow on disk)."""
    batch: list[StarTriple] = []
    for t in triples:
        batch.append((t.subject, t.predicate, t.object))
        if len(batch) >= ADD_BATCH:
            add_now(store, batch, graph)
            batch.clear()
    add_now(store, batch, graph)
