"""SPARQL answers ready to show: plain values, short display labels, and why they are empty.

``usm-kb query`` calls :func:`answer_sparql` or :func:`answer_named`; both run through the
one query path (``KnowledgeBase.run``) and keep the raw result for the W3C formats.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from usm_kb.errors import UnknownName
from usm_kb.namespaces import GRAPH
from usm_kb.queries import NamedQuery
from usm_kb.rdf.sparql_results import CappedResult
from usm_kb.rdf.terms import IRI, BlankNode, Literal, to_python
from usm_kb.store import Dataset, KnowledgeBase, RunLimits
from usm_kb.store.names import NameIndex, short_label

SPARQL_EMPTY = (
    "nothing matched; check IRIs and prefixes (docs/analyst-guide.md lists the vocabulary) "
    "or try `usm-kb queries` for ready-made questions"
)


@dataclass(frozen=True)
class Answer:
    """One query's answer: the raw result, plain rows and display cells."""

    kind: str  # select | ask | graph
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # plain Python values, IRIs in full
    result: CappedResult
    empty: str  # why the answer can be empty (the named query's '# empty:' line)
    query: NamedQuery | None = None
    names: Callable[[], NameIndex] | None = field(default=None, repr=False, compare=False)

    @property
    def boolean(self) -> bool | None:
        """The answer of an ASK query."""
        return self.result.boolean

    @cached_property
    def cells(self) -> tuple[tuple[str, ...], ...]:
        """Short labels, no language tags.

        Made when first asked for: CSV, TSV and JSON show plain values and never load the
        KB's name index.
        """
        if self.kind == "ask":
            return (("true" if self.result.boolean else "false",),)
        if self.kind != "select" or self.names is None:
            return ()
        names = self.names()
        return tuple(tuple(cell(t, names) for t in row) for row in self.result.rows)


def cell(term: Any, names: NameIndex) -> str:
    """Display text of one RDF term: a short label for an IRI, a literal's bare value."""
    if term is None:
        return ""
    if isinstance(term, IRI):
        return short_label(term.value, names)
    if isinstance(term, Literal):
        return str(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def to_answer(
    kb: KnowledgeBase, result: CappedResult, empty: str, query: NamedQuery | None = None
) -> Answer:
    """Plain rows and display cells of a result."""
    if result.kind == "ask":
        return Answer("ask", ("answer",), ((result.boolean,),), result, empty, query)
    if result.kind != "select":
        return Answer(result.kind, (), (), result, empty, query)
    rows = tuple(tuple(to_python(t) for t in row) for row in result.rows)
    return Answer("select", result.variables, rows, result, empty, query, kb.names)


def dataset_of(kb: KnowledgeBase, graphs: Sequence[str]) -> Dataset | None:
    """The dataset whose default graph merges *graphs* (IRIs or names after ``graph/``)."""
    if not graphs:
        return None
    known = kb.graph_names()
    chosen = []
    for name in graphs:
        iri = name if name in known else GRAPH + name.strip("/")
        if iri not in known:
            short = ", ".join(g.removeprefix(GRAPH) for g in known)
            raise UnknownName(f"no graph {name!r} in the knowledge base; graphs: {short}")
        chosen.append(iri)
    return Dataset(default_graphs=tuple(chosen))


def answer_sparql(
    kb: KnowledgeBase,
    text: str,
    graphs: Sequence[str] = (),
    limits: RunLimits | None = None,
) -> Answer:
    """Run any SPARQL text, over all graphs or only *graphs*, within *limits*."""
    result = kb.run(text, dataset=dataset_of(kb, graphs), limits=limits)
    return to_answer(kb, result, SPARQL_EMPTY)


def answer_named(
    kb: KnowledgeBase, name: str, params: dict[str, str], graphs: Sequence[str] = ()
) -> Answer:
    """Run a named query with the user's parameter words (resolved by the KB's resolver)."""
    query = kb.get_named(name)
    result = kb.run(kb.prepare_named(name, params), dataset=dataset_of(kb, graphs))
    return to_answer(kb, result, query.empty or SPARQL_EMPTY, query)
