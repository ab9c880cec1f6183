"""The one query policy: every SPARQL text, from every entry point, passes :func:`admit`.

It refuses what a read-only KB must never run — SPARQL Update (including ``LOAD``),
``SERVICE`` (Oxigraph would really send the HTTP request) and ``FROM`` graphs that are not in
the KB — plus oversize and overly deep texts, and turns ``FROM`` / protocol graph lists into
one explicit dataset. The decision is cached per text: named queries and repeated texts are
inspected once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache

from usm_kb.errors import QueryError, QueryRefused, QueryTooLarge
from usm_kb.namespaces import PREFIXES
from usm_kb.rdf.sparql_errors import misspelt_form
from usm_kb.rdf.sparql_text import QueryShape, check_depth, inspect_query
from usm_kb.store.backend import Dataset


@dataclass(frozen=True)
class Admitted:
    """A query the policy lets through, with the dataset it runs over."""

    text: str
    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    dataset: Dataset


@lru_cache(maxsize=512)
def _shape(text: str) -> QueryShape | str:
    """The lexical shape of *text*, or the message why it is too deep to parse safely."""
    return check_depth(text) or inspect_query(text, PREFIXES)


def admit(
    text: str,
    *,
    graphs: Callable[[], Collection[str]],
    dataset: Dataset | None = None,
    max_bytes: int | None = None,
) -> Admitted:
    """Check *text* against the policy; raise a ``QueryError`` subclass saying why not.

    *graphs* lists the KB's named graphs (called only when the query or *dataset* names
    graphs); *dataset* comes from the protocol's ``default-graph-uri`` / ``named-graph-uri``.
    """
    if max_bytes is not None and len(text.encode("utf-8")) > max_bytes:
        raise QueryTooLarge(f"the query is larger than {max_bytes // 1024} KiB")
    shape = _shape(text)
    if isinstance(shape, str):
        raise QueryError(shape)
    if shape.update_keywords:
        raise QueryRefused(
            f"the knowledge base is read-only: {shape.update_keywords[0]} is a SPARQL Update "
            "operation; edit the source files and run `usm-kb build` instead"
        )
    if shape.service:
        raise QueryRefused("SERVICE (federated query) is not allowed")
    if shape.form is None:
        hint = misspelt_form(text)
        raise QueryError(
            "SPARQL syntax error: " + (hint or "expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        )
    given = dataset or Dataset()
    from_graphs = shape.from_graphs + shape.from_named_graphs
    if from_graphs or not given.is_union:
        known = set(graphs())
        foreign = [g for g in from_graphs if g not in known]
        if foreign:
            raise QueryRefused(
                f"FROM graph {foreign[0] or '?'} is not a graph of this knowledge base; "
                "see the service description for the list"
            )
        unknown = [g for g in given.graphs() if g not in known]
        if unknown:
            raise QueryError(f"unknown graph {unknown[0]}; see the service description")
    if given.is_union and from_graphs:  # FROM beats the union default graph
        given = Dataset(shape.from_graphs, shape.from_named_graphs)
    return Admitted(text, shape.form, given)
