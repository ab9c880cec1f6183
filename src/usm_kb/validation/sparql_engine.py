"""Run SHACL-SPARQL constraints once over the whole graph on Oxigraph.

pyshacl evaluates a ``sh:sparql`` constraint with one rdflib query per focus node (about
1.7 ms each; see docs/validation.md). Here each constraint's ``SELECT`` runs once with
``$this`` unbound, and the rows whose ``$this`` is a focus node of the shape's targets become
results. That gives the same results as the pre-bound evaluation the SHACL spec describes,
provided the query binds ``$this`` through a triple pattern, which every usm-kb shape does
(``tests/test_validation_shapes.py`` compares both ways on the fixtures).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from usm_kb.errors import DataError
from usm_kb.rdf.bridge import from_ox, from_ox_term, to_ox
from usm_kb.rdf.oxigraph import Store, select
from usm_kb.rdf.terms import IRI, BlankNode
from usm_kb.rdf.terms import Literal as OxLiteral
from usm_kb.validation.shapes import SparqlConstraint

_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


@dataclass(frozen=True)
class SparqlResult:
    """One row of a SPARQL constraint that counts as a validation result."""

    shape: URIRef
    constraint: Node
    focus: URIRef | BNode | Literal
    value: URIRef | BNode | Literal | None
    bindings: dict[str, str]


def focus_nodes(store: Store, targets: Iterable[tuple[URIRef, object]]) -> set[object]:
    """The focus nodes (pyoxigraph terms) that the SHACL targets select in *store*."""
    nodes: set[object] = set()
    for kind, target in targets:
        node = to_ox(target)
        if kind == SH.targetNode:
            nodes.add(node)
            continue
        if kind == SH.targetClass:
            query = f"SELECT DISTINCT ?x WHERE {{ ?x <{RDF.type}>/<{RDFS.subClassOf}>* {node} }}"
        elif kind == SH.targetSubjectsOf:
            query = f"SELECT DISTINCT ?x WHERE {{ ?x {node} ?o }}"
        else:
            query = f"SELECT DISTINCT ?x WHERE {{ ?s {node} ?x }}"
        nodes.update(row[0] for row in select(store, query))
    return nodes


def run_constraints(
    store: Store, constraints: Iterable[SparqlConstraint]
) -> Iterator[SparqlResult]:
    """Evaluate every constraint once; yield the rows whose ``$this`` is a focus node."""
    targets_cache: dict[tuple, set[object]] = {}
    for constraint in constraints:
        if constraint.targets not in targets_cache:
            targets_cache[constraint.targets] = focus_nodes(store, constraint.targets)
        focus = targets_cache[constraint.targets]
        if not focus:
            continue
        try:
            solutions = select(store, constraint.query)
        except SyntaxError as exc:
            raise DataError(
                f"SPARQL constraint of {constraint.shape} does not parse: {exc}"
            ) from exc
        names = [v.value for v in solutions.variables]
        if "this" not in names:
            raise DataError(f"SPARQL constraint of {constraint.shape} must select $this")
        for row in solutions:
            this = row["this"]
            if this not in focus:
                continue
            bindings = {n: _display(row[n]) for n in names if row[n] is not None}
            value = row["value"] if "value" in names else None
            yield SparqlResult(
                constraint.shape,
                constraint.node,
                from_ox_term(this),
                from_ox(this if value is None else value),
                bindings,
            )


def _display(term: object) -> str:
    return term.value if isinstance(term, IRI | OxLiteral | BlankNode) else str(term)


def format_message(template: str, bindings: dict[str, str]) -> str:
    """Fill ``{?var}`` / ``{$var}`` placeholders of a SHACL-SPARQL message."""
    return _PLACEHOLDER.sub(lambda m: bindings.get(m.group(1), m.group(0)), template)
