"""The USM elements a mapping row may point to, each with its classes (from the compiled KB)."""

from __future__ import annotations

from usm_kb.namespaces import ID
from usm_kb.store import KnowledgeBase

TARGETS = (
    f'SELECT DISTINCT ?i ?c WHERE {{ ?i a ?c FILTER(isIRI(?c) && STRSTARTS(STR(?i), "{ID}")) }}'
)


def target_classes(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """Every USM individual with all its classes (the inferred types included)."""
    found: dict[str, set[str]] = {}
    for row in kb.select(TARGETS):
        found.setdefault(str(row["i"]), set()).add(str(row["c"]))
    return {iri: frozenset(classes) for iri, classes in found.items()}
