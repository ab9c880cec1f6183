"""The semi-naive materialisation entails exactly what evaluating every rule over the whole
store each round (naive) entails, on a graph whose entailments need many rounds and rules
feeding each other; and every rule fires on its own fixture."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from usm_kb.namespaces import GENID
from usm_kb.rdf.inference import RULES, materialize
from usm_kb.rdf.oxigraph import new_store

EX = "https://example.org/"
INFERRED = EX + "graph/inferred"
DATA = EX + "graph/data"
PREFIXES = f"""@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
# Chains across rules: ex:r is a transitive property only once its type is entailed along a
# subclass chain; its closure (two more rounds) then flows up a subproperty chain, through
# an inverse, and a symmetric property; SKOS narrower chains get their inverses.
CHAINS = """
ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C . ex:C rdfs:subClassOf ex:D .
ex:x a ex:A .
ex:T rdfs:subClassOf ex:T2 . ex:T2 rdfs:subClassOf owl:TransitiveProperty .
ex:r a ex:T .
ex:a ex:r ex:b . ex:b ex:r ex:c . ex:c ex:r ex:d . ex:d ex:r ex:e .
ex:r rdfs:subPropertyOf ex:s . ex:s rdfs:subPropertyOf ex:s2 .
ex:s2 owl:inverseOf ex:t .
ex:t rdfs:subPropertyOf ex:u . ex:u a owl:SymmetricProperty .
ex:k1 skos:broader ex:k2 . ex:k2 skos:broader ex:k3 .
ex:m1 skos:exactMatch ex:m2 .
"""
# Each rule's own trigger (the chains fire them all; these fire each alone).
ALONE = {
    "subclass-transitive": "ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C .",
    "type-along-subclass": "ex:x a ex:A . ex:A rdfs:subClassOf ex:B .",
    "subproperty-transitive": "ex:p rdfs:subPropertyOf ex:q . ex:q rdfs:subPropertyOf ex:r .",
    "value-along-subproperty": "ex:p rdfs:subPropertyOf ex:q . ex:a ex:p ex:b .",
    "inverse": "ex:p owl:inverseOf ex:q . ex:a ex:p ex:b .",
    "symmetric": "ex:p a owl:SymmetricProperty . ex:a ex:p ex:b .",
    "transitive": "ex:p a owl:TransitiveProperty . ex:a ex:p ex:b . ex:b ex:p ex:c .",
    "skos-inverses": "ex:a skos:broader ex:b .",
}


def _inferred(turtle: str, *, semi_naive: bool) -> set[str]:
    store = new_store()
    store.load(
        input=(PREFIXES + turtle).encode(),
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode(DATA),
    )
    added = materialize(store, INFERRED, GENID, semi_naive=semi_naive)
    found = {
        str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED))
    }
    assert added == len(found)
    return found


def _triple(s: str, p: str, o: str) -> str:
    return str(ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(p), ox.NamedNode(EX + o)))


def test_semi_naive_entails_what_naive_entails_through_long_chains() -> None:
    semi = _inferred(CHAINS, semi_naive=True)
    assert semi == _inferred(CHAINS, semi_naive=False)
    # the last links of the chains: each needs the rounds before it
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert _triple("x", rdf_type, "D") in semi
    assert _triple("a", EX + "r", "e") in semi  # transitive, once r's type is entailed
    assert _triple("a", EX + "s2", "e") in semi  # up the subproperty chain
    assert _triple("e", EX + "t", "a") in semi  # through the inverse
    assert _triple("a", EX + "u", "e") in semi  # up to the symmetric property, back again
    assert _triple("k3", "http://www.w3.org/2004/02/skos/core#narrower", "k2") in semi


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_fires_alike_both_ways(rule: str) -> None:
    semi = _inferred(ALONE[rule], semi_naive=True)
    assert semi  # the rule entailed something
    assert semi == _inferred(ALONE[rule], semi_naive=False)


def test_nothing_is_entailed_from_a_graph_without_triggers() -> None:
    assert _inferred("ex:a ex:p ex:b . ex:b rdfs:label 'b' .", semi_naive=True) == set()
