"""The SPARQL console and the named queries as pages (Datasette's canned queries).

The console page runs an outside query (given by the caller's limits: the endpoint's lane,
time limit and row cap) and shows its answer as a table, so it works without JavaScript;
YASGUI takes over in the browser. A named query's page shows its question, a form for its
parameters, its SPARQL and its answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from usm_kb.catalogue.answers import SPARQL_EMPTY, Answer, cell, to_answer
from usm_kb.errors import QueryError
from usm_kb.explorer.base import Page, PageQuery, declare_prefixes
from usm_kb.queries import NamedQuery
from usm_kb.rdf.terms import IRI
from usm_kb.store import KnowledgeBase, RunLimits
from usm_kb.store.names import NameIndex

SHOWN_ROWS = 500  # rows a page shows (the endpoint's row cap applies before)
EXAMPLE_QUERY = declare_prefixes(
    "SELECT ?process ?code WHERE { ?process a usm:Process ; usm:code ?code }"
)


@dataclass(frozen=True)
class ParamInfo:
    """One parameter of a named query, for its form."""

    name: str
    type: str
    doc: str
    optional: bool
    default: str


@dataclass(frozen=True)
class NamedInfo:
    """A named query: its question, parameters and SPARQL."""

    name: str
    title: str
    description: str
    params: tuple[ParamInfo, ...]
    tags: tuple[str, ...]
    sparql: str
    example: dict[str, str]


@dataclass(frozen=True)
class Cell:
    """One cell: its text, and the IRI it stands for (empty for a literal)."""

    text: str
    iri: str = ""


@dataclass(frozen=True)
class Table:
    """A query's answer as a table."""

    kind: str  # select | ask | graph
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: int
    truncated: bool
    empty: str


@dataclass(frozen=True)
class ConsolePage(Page):
    """The SPARQL console: the editor, the named queries to load, and an answer."""

    kind: ClassVar[str] = "console"
    query: str
    endpoint: str
    named: tuple[NamedInfo, ...]
    result: Table | None
    error: str
    status: int  # the HTTP status: 200, or the refused query's (400, 413, 503 …)


@dataclass(frozen=True)
class QueriesPage(Page):
    """Every named query."""

    kind: ClassVar[str] = "queries"
    named: tuple[NamedInfo, ...]


@dataclass(frozen=True)
class NamedQueryPage(Page):
    """One named query with its parameters, SPARQL and answer."""

    kind: ClassVar[str] = "named_query"
    query: NamedInfo
    values: dict[str, str]
    missing: tuple[str, ...]  # required parameters not given yet
    result: Table | None


def info(query: NamedQuery) -> NamedInfo:
    """What a page shows of a named query."""
    params = tuple(
        ParamInfo(p.name, p.type, p.doc, p.optional, p.default or "") for p in query.params
    )
    return NamedInfo(
        query.name,
        query.title,
        query.description,
        params,
        query.tags,
        query.sparql,
        query.example(),
    )


def named_infos(kb: KnowledgeBase) -> tuple[NamedInfo, ...]:
    """Every named query, by name."""
    return tuple(info(q) for _, q in sorted(kb.named_queries().items()))


def table(kb: KnowledgeBase, answer: Answer) -> Table:
    """An answer as a table of linked cells (at most :data:`SHOWN_ROWS` rows)."""
    result = answer.result
    if answer.kind == "ask":
        return Table("ask", ("answer",), ((Cell(answer.cells[0][0]),),), 1, False, answer.empty)
    if answer.kind == "graph":
        names = kb.names()
        triples = tuple(
            tuple(_cell(term, names) for term in (t.subject, t.predicate, t.object))
            for t in result.triples[:SHOWN_ROWS]
        )
        return Table(
            "graph",
            ("subject", "predicate", "object"),
            triples,
            len(result.triples),
            result.truncated or len(result.triples) > SHOWN_ROWS,
            answer.empty,
        )
    rows = tuple(
        tuple(
            Cell(text, raw.value if isinstance(raw, IRI) else "")
            for text, raw in zip(cells, terms, strict=True)
        )
        for cells, terms in zip(answer.cells[:SHOWN_ROWS], result.rows, strict=False)
    )
    return Table(
        "select",
        answer.columns,
        rows,
        len(answer.cells),
        result.truncated or len(answer.cells) > SHOWN_ROWS,
        answer.empty,
    )


def _cell(term: object, names: NameIndex) -> Cell:
    return Cell(cell(term, names), term.value if isinstance(term, IRI) else "")


def console_page(kb: KnowledgeBase, query: str, endpoint: str, limits: RunLimits) -> ConsolePage:
    """The console, with the answer to *query* when one is given (run within *limits*)."""
    result, error, status = None, "", 200
    if query.strip():
        try:
            answer = to_answer(kb, kb.run(query, limits=limits), SPARQL_EMPTY)
            result = table(kb, answer)
        except QueryError as exc:
            error, status = exc.message, exc.http_status
    return ConsolePage(
        "SPARQL console",
        (PageQuery("The query", query),) if query.strip() else (),
        query or EXAMPLE_QUERY,
        endpoint,
        named_infos(kb),
        result,
        error,
        status,
    )


def queries_page(kb: KnowledgeBase) -> QueriesPage:
    """The list of named queries."""
    return QueriesPage("Named queries", (), named_infos(kb))


def named_query_page(kb: KnowledgeBase, name: str, values: dict[str, str]) -> NamedQueryPage:
    """One named query, run with *values* when every required parameter has one."""
    query = kb.get_named(name)
    given = {
        k: v for k, v in values.items() if v.strip() and any(p.name == k for p in query.params)
    }
    missing = tuple(p.name for p in query.params if not p.optional and p.name not in given)
    result = None
    queries: tuple[PageQuery, ...] = ()
    if not missing:
        prepared = kb.prepare_named(name, given)
        answer = to_answer(kb, kb.run(prepared), query.empty or SPARQL_EMPTY, query)
        result = table(kb, answer)
        queries = (PageQuery(query.title, prepared.text),)
    return NamedQueryPage(query.title, queries, info(query), given, missing, result)
