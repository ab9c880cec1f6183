"""Ontology conventions that hold for every USM term (see ontology/CONVENTIONS.md)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.query import ResultRow

from usm_kb.namespaces import ID, USM


@dataclass(frozen=True)
class ConventionFinding:
    """A term that breaks a convention."""

    term: str
    problem: str


MISSING_ANNOTATIONS = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?term ?label ?definition WHERE {{
  ?term a ?type .
  FILTER(isIRI(?term) && (STRSTARTS(STR(?term), "{USM}") || STRSTARTS(STR(?term), "{ID}")))
  OPTIONAL {{ ?term rdfs:label ?l FILTER(langMatches(lang(?l), "en")) }}
  OPTIONAL {{ ?term skos:definition ?d FILTER(langMatches(lang(?d), "en")) }}
  BIND(BOUND(?l) AS ?label) BIND(BOUND(?d) AS ?definition)
  FILTER(!?label || !?definition)
}} ORDER BY ?term
"""


TRUE = Literal(True)


def check_annotations(graph: Graph) -> list[ConventionFinding]:
    """Every typed USM term (class, property, individual) needs an en label and definition."""
    findings = []
    for row in graph.query(MISSING_ANNOTATIONS):
        if not isinstance(row, ResultRow):
            continue
        if row.label != TRUE:
            findings.append(ConventionFinding(str(row.term), "no rdfs:label in English"))
        if row.definition != TRUE:
            findings.append(ConventionFinding(str(row.term), "no skos:definition in English"))
    return findings
