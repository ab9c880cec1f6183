r"""The one query policy: every SPARQL text, from every entry point, passes :func:`admit`.

It decides on the text's *parsed* form (:func:`usm_kb.rdf.sparql_parse.parse_query`: a
grammar-complete SPARQL 1.1 parser that decodes ``\u`` escapes first, as the spec requires,
and refuses what it cannot parse) and refuses what a read-only KB must never run — SPARQL
Update (including ``LOAD``), ``SERVICE`` (Oxigraph would really send the HTTP request) and
``FROM`` graphs that are not in the KB — plus oversize texts and nesting beyond what
Oxigraph's recursive parser survives. It turns ``FROM`` / protocol graph lists into one
explicit dataset. The engine then runs the *decoded* text the decision was made on (Oxigraph
does not decode escapes outside IRIs and strings itself), with the KB's prefixes the text
uses declared in front of it. Decisions are cached per text, and
named queries are admitted once per template: their parameters are typed terms, not text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from usm_kb.errors import QueryError, QueryRefused, QueryTooLarge
from usm_kb.namespaces import PREFIXES
from usm_kb.rdf.sparql_text import tokens
from usm_kb.store.backend import Dataset
from usm_kb.store.decisions import DecisionLog, Verdict

if TYPE_CHECKING:
    from usm_kb.rdf.sparql_parse import ParsedQuery, SparqlSyntaxError

# The parser (lark and the grammar's tables) and its error hints are imported when a text
# has to be decided, not at start-up: a named query or any text decided before comes from the
# decision log, so most CLI runs never need them (~30 ms of imports).

MAX_DEPTH = 200  # bracket nesting
CHEAP_TEXT = 2_000  # longer texts are never "cheap" (the check stays trivially bounded)


@dataclass(frozen=True)
class Admitted:
    """A query the policy lets through, with the dataset it runs over."""

    text: str  # the text to run: escapes decoded, as it was decided on
    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    dataset: Dataset
    cheap: bool = False  # at most one triple pattern: linear in the KB size


# Tokens that let one query pattern cost more than one scan of the store.
_COSTLY = frozenset(
    {
        *(".", ";", ",", "*", "+", "/", "|", "^", "("),
        *("GRAPH", "OPTIONAL", "UNION", "MINUS", "SELECT", "FILTER", "BIND", "VALUES"),
        *("SERVICE", "EXISTS", "GROUP", "ORDER"),
    }
)


@lru_cache(maxsize=512)
def is_cheap(text: str) -> bool:
    """True for a short query of one group with at most one triple pattern and no operators.

    Such a query costs at most one scan of the store, so it may use the cheap lane, which
    runaway queries (joins, paths, subqueries) never reach.
    """
    if len(text) > CHEAP_TEXT:
        return False
    toks = tokens(text)
    opens = [i for i, (_, value) in enumerate(toks) if value == "{"]
    if len(opens) != 1 or toks[-1][1] != "}":
        return False
    inside = [v.upper() if k == "word" else v for k, v in toks[opens[0] + 1 : -1]]
    return len(inside) <= 3 and not _COSTLY.intersection(inside)


@lru_cache(maxsize=512)
def _parsed(text: str, tables: Path | None) -> ParsedQuery | QueryError:
    """The parsed form of *text*, or the error that refuses it (refusals are cached too)."""
    from usm_kb.rdf.sparql_parse import SparqlSyntaxError, parse_query

    try:
        return parse_query(text, prefixes=PREFIXES, max_depth=MAX_DEPTH, tables=tables)
    except SparqlSyntaxError as exc:
        return QueryError(syntax_message(text, exc))


def syntax_message(text: str, error: SparqlSyntaxError) -> str:
    """One line: where, and a hint for the usual mistakes (else what the parser expected)."""
    from usm_kb.rdf.sparql_errors import hint_for

    where = "SPARQL syntax error"
    if error.line is not None:
        where += f" at {error.line}:{error.column}"
    hint = hint_for(text, error.line, error.column, error.message, PREFIXES)
    return f"{where}: {hint or error.message}"


def admit(
    text: str,
    *,
    graphs: Callable[[], Collection[str]],
    dataset: Dataset | None = None,
    max_bytes: int | None = None,
    tables: Path | None = None,
    log: DecisionLog | None = None,
) -> Admitted:
    """Check *text* against the policy; raise a ``QueryError`` subclass saying why not.

    *graphs* lists the KB's named graphs (called only when the query or *dataset* names
    graphs); *dataset* comes from the protocol's ``default-graph-uri`` / ``named-graph-uri``;
    *tables* keeps the parser's tables between processes; *log* remembers verdicts on
    admitted texts between processes.
    """
    if max_bytes is not None and len(text.encode("utf-8")) > max_bytes:
        raise QueryTooLarge(f"the query is larger than {max_bytes // 1024} KiB")
    verdict = log.get(text) if log is not None else None
    if verdict is None:
        verdict = _verdict(text, tables)
        if log is not None:
            log.put(text, verdict)
    return Admitted(
        verdict.text,
        verdict.form,
        _dataset(verdict, dataset, graphs),
        verdict.cheap,
    )


@lru_cache(maxsize=512)
def _verdict(text: str, tables: Path | None) -> Verdict:
    """The verdict on *text* from its parsed form (refusals raise, and are not cached)."""
    parsed = _parsed(text, tables)
    if isinstance(parsed, QueryError):
        raise parsed
    if parsed.update_operations:
        raise QueryRefused(
            f"the knowledge base is read-only: {parsed.update_operations[0]} is a SPARQL Update "
            "operation; edit the source files and run `usm-kb build` instead"
        )
    if parsed.service:
        raise QueryRefused("SERVICE (federated query) is not allowed")
    if parsed.form is None:
        from usm_kb.rdf.sparql_errors import misspelt_form

        hint = misspelt_form(text) or "expected SELECT, ASK, CONSTRUCT or DESCRIBE"
        raise QueryError(f"SPARQL syntax error: {hint}")
    return Verdict(
        parsed.form,
        declared(parsed.borrowed) + parsed.text,
        parsed.from_graphs,
        parsed.from_named_graphs,
        is_cheap(parsed.text),
    )


def declared(borrowed: tuple[str, ...]) -> str:
    """``PREFIX`` declarations of the KB's prefixes a text uses without declaring them.

    They go in front of the text on its first line (line numbers stay), so every admitted text
    is complete and the engine needs no prefixes of its own: handing Oxigraph the KB's 28
    prefixes costs more than running a small query (~30 µs a call).
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}> " for name in borrowed)


def _dataset(
    parsed: Verdict, given: Dataset | None, graphs: Callable[[], Collection[str]]
) -> Dataset:
    """The protocol's dataset, else the query's FROM graphs, else the union of all graphs."""
    given = given or Dataset()
    from_graphs = parsed.from_graphs + parsed.from_named_graphs
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
        return Dataset(parsed.from_graphs, parsed.from_named_graphs)
    return given
