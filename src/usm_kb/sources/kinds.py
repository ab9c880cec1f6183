"""Kinds of catalogue entries, and which USM elements a mapping of each kind may point to.

An activity maps onto a process; a role onto a profile; a body onto a profile or a party or
team; an artefact onto a managed object, the managed infrastructure, a data element or a
routine type; a value onto a principle or design criterion; a metric onto the process or
workflow it measures; an event onto the process or call type that handles it
(:data:`usm_kb.vocab.KIND_TARGETS`). USM's first design criterion — a process states *what*,
never *who* — is why a role or body never maps onto a process. The SHACL shape
``shape:MappingTargetKindShape`` checks the same of RDF input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import RDF, RDFS, Graph, URIRef

from usm_kb.namespaces import ID, USM
from usm_kb.vocab import KIND_TARGETS


def target_classes(graphs: Iterable[Graph]) -> dict[str, frozenset[str]]:
    """Every USM individual (IRI under ``id/``) with all its classes, superclasses included."""
    union = Graph()
    for graph in graphs:
        union += graph
    supers: dict[str, set[str]] = {}
    for sub, sup in union.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            supers.setdefault(str(sub), set()).add(str(sup))

    def closure(cls: str) -> set[str]:
        found, todo = {cls}, [cls]
        while todo:
            for sup in supers.get(todo.pop(), ()):
                if sup not in found:
                    found.add(sup)
                    todo.append(sup)
        return found

    targets: dict[str, set[str]] = {}
    for individual, cls in union.subject_objects(RDF.type):
        if str(individual).startswith(ID) and isinstance(cls, URIRef):
            targets.setdefault(str(individual), set()).update(closure(str(cls)))
    return {iri: frozenset(classes) for iri, classes in targets.items()}


def kind_problem(kind: str, target: str, classes: Mapping[str, frozenset[str]]) -> str | None:
    """Why *target* cannot be the object of a mapping of a *kind* practice, or None."""
    allowed = KIND_TARGETS[kind]
    if classes.get(target, frozenset()) & {USM + name for name in allowed}:
        return None
    names = " or ".join(f"usm:{name}" for name in allowed)
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{article} {kind} maps onto a {names}, and {target} is none"
