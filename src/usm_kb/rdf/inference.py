"""Materialise the RDFS/OWL inferences queries rely on, with SPARQL CONSTRUCT rules on Oxigraph.

A full OWL-RL closure (owlrl) takes minutes at 100k triples (see docs/design.md), so the
KB materialises only what its queries need: subclass and subproperty closure, types along
the class hierarchy, declared inverses, symmetric and transitive properties, and the SKOS
inverse pairs. The rules run to a fixpoint, semi-naively (a round after the first joins only
against what the round before added); new triples go into the ``inferred`` graph.
Each rule leaves out what the store already holds (``FILTER NOT EXISTS`` on its template), so
a round costs the engine's joins, not one Python lookup per entailed triple.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pyoxigraph as ox

from usm_kb.namespaces import sparql_prologue
from usm_kb.rdf.oxigraph import construct
from usm_kb.rdf.oxterms import StarTriple, add_now

SKOLEM = "$SKOLEM_BASE"  # replaced by the IRI prefix of skolemised blank nodes


@dataclass(frozen=True)
class Rule:
    """``CONSTRUCT { head } WHERE { rest atoms… FILTER NOT EXISTS { head } }``.

    *atoms* are the body's patterns that match data (one may be a ``UNION`` of patterns);
    *rest* holds ``VALUES`` and ``FILTER``s over their variables.
    """

    head: str
    atoms: tuple[str, ...]
    rest: str = ""

    def naive(self) -> str:
        """The rule over the whole store."""
        return self._construct(" . ".join(self.atoms))

    def delta(self, graph: str) -> str:
        """The rule where at least one atom matches a triple of the named *graph*.

        One branch per atom: that atom in *graph*, the others anywhere.
        """
        branches = []
        for i in range(len(self.atoms)):
            parts = [
                f"GRAPH <{graph}> {{ {a} }}" if j == i else a for j, a in enumerate(self.atoms)
            ]
            branches.append("{ " + " . ".join(parts) + " }")
        return self._construct(" UNION ".join(branches))

    def _construct(self, body: str) -> str:
        return (
            f"CONSTRUCT {{ {self.head} }} WHERE {{ {self.rest} {body}"
            f" FILTER NOT EXISTS {{ {self.head} }} }}"
        )


SKOS_INVERSES = """VALUES (?p ?q) {
    (skos:broader skos:narrower) (skos:narrower skos:broader)
    (skos:broadMatch skos:narrowMatch) (skos:narrowMatch skos:broadMatch)
    (skos:topConceptOf skos:hasTopConcept) (skos:hasTopConcept skos:topConceptOf)
    (skos:related skos:related) (skos:relatedMatch skos:relatedMatch)
    (skos:exactMatch skos:exactMatch) (skos:closeMatch skos:closeMatch)
  }"""

RULES: dict[str, Rule] = {
    "subclass-transitive": Rule(
        "?a rdfs:subClassOf ?c",
        ("?a rdfs:subClassOf ?b", "?b rdfs:subClassOf ?c"),
        "FILTER(?a != ?c)",
    ),
    "type-along-subclass": Rule(
        "?x a ?c",
        ("?x a ?b", "?b rdfs:subClassOf ?c"),
        f'FILTER(isIRI(?c) && !STRSTARTS(STR(?c), "{SKOLEM}"))',
    ),
    "subproperty-transitive": Rule(
        "?a rdfs:subPropertyOf ?c",
        ("?a rdfs:subPropertyOf ?b", "?b rdfs:subPropertyOf ?c"),
        "FILTER(?a != ?c)",
    ),
    "value-along-subproperty": Rule(
        "?s ?q ?o", ("?p rdfs:subPropertyOf ?q", "?s ?p ?o"), "FILTER(isIRI(?q))"
    ),
    "inverse": Rule(
        "?o ?q ?s",
        ("{ ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p }", "?s ?p ?o"),
        "FILTER(!isLiteral(?o))",
    ),
    "symmetric": Rule(
        "?o ?p ?s", ("?p a owl:SymmetricProperty", "?s ?p ?o"), "FILTER(!isLiteral(?o))"
    ),
    "transitive": Rule(
        "?s ?p ?o",
        ("?p a owl:TransitiveProperty", "?s ?p ?m", "?m ?p ?o"),
        "FILTER(?s != ?o)",
    ),
    "skos-inverses": Rule("?o ?q ?s", ("?s ?p ?o",), SKOS_INVERSES + " FILTER(!isLiteral(?o))"),
}


def rules(skolem_base: str) -> dict[str, Rule]:
    """The rules; types never go to skolem IRIs (OWL class expressions)."""
    return {
        name: replace(rule, rest=rule.rest.replace(SKOLEM, skolem_base))
        for name, rule in RULES.items()
    }


MAX_ROUNDS = 25


def materialize(
    store: ox.Store, graph_iri: str, skolem_base: str, *, semi_naive: bool = True
) -> int:
    """Add entailed triples to the graph *graph_iri* of *store*; return how many were added.

    Semi-naive: the first round evaluates every rule over the whole store; a later round can
    only entail something new from a triple the round before added, so it evaluates each
    rule with one atom at a time in *graph_iri* (which holds every added triple, and maybe
    more: a larger delta costs time, never a triple). ``semi_naive=False`` evaluates every
    round over the whole store (the reference the tests compare with).
    """
    graph = ox.NamedNode(graph_iri)
    prologue = sparql_prologue()
    found = rules(skolem_base)
    whole = [prologue + rule.naive() for rule in found.values()]
    delta = [prologue + rule.delta(graph_iri) for rule in found.values()] if semi_naive else whole
    added = 0
    for round_ in range(MAX_ROUNDS):
        fresh: set[ox.Triple] = set()
        for query in delta if round_ else whole:
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
