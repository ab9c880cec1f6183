"""Run one admitted query on a pyoxigraph store: in this process or inside a query worker.

The functions take everything as arguments (no globals), so the worker pool can call them
with its own store and the in-process path with the KB's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import pyoxigraph as ox

from usm_kb.errors import NotAcceptable, QueryError, UsmKbError
from usm_kb.namespaces import PREFIXES
from usm_kb.rdf.oxigraph import select
from usm_kb.rdf.result_stream import RESULTS_FORMATS, write_capped
from usm_kb.rdf.serialize import serialize_result
from usm_kb.rdf.sparql_errors import explain
from usm_kb.rdf.sparql_results import CappedResult, collect
from usm_kb.rdf.sparql_text import star_order
from usm_kb.store.backend import Dataset, Formats, Serialized

T = TypeVar("T")


def query_options(dataset: Dataset, base_iri: str | None = None) -> dict[str, Any]:
    """Options of ``Store.query`` for *dataset* (union default graph when unset).

    No prefixes: an admitted text declares every prefix it uses (:func:`policy.declared`).
    """
    options: dict[str, Any] = {"base_iri": base_iri}
    if dataset.default_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if dataset.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
    return options


def execute(
    store: ox.Store, sparql: str, dataset: Dataset, cap: int | None, base_iri: str | None = None
) -> CappedResult:
    """Run *sparql*; engine errors become ``QueryError`` with one readable line."""
    result = evaluate(store, sparql, dataset, base_iri, lambda found: collect(found, cap))
    return in_star_order(result, sparql)


def evaluate(
    store: ox.Store,
    sparql: str,
    dataset: Dataset,
    base_iri: str | None,
    consume: Callable[[Any], T],
) -> T:
    """``consume`` the result of *sparql* (it is evaluated as it is read) with errors mapped."""
    try:
        return consume(store.query(sparql, **query_options(dataset, base_iri)))
    except UsmKbError:
        raise
    except SyntaxError as exc:
        raise QueryError(explain(sparql, str(exc), PREFIXES)) from None
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        raise QueryError(f"SPARQL evaluation error: {exc}") from None
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise QueryError(f"the query engine rejected the query: {exc}") from None


def in_star_order(result: CappedResult, sparql: str) -> CappedResult:
    """A ``SELECT *`` result with its columns in the query's own variable order."""
    if result.kind != "select":
        return result
    order = star_order(sparql, result.variables)
    if order == result.variables:
        return result
    index = [result.variables.index(v) for v in order]
    rows = tuple(tuple(row[i] for i in index) for row in result.rows)
    return replace(result, variables=order, rows=rows)


def execute_serialized(
    store: ox.Store,
    sparql: str,
    dataset: Dataset,
    formats: Formats,
    cap: int | None,
    base_iri: str | None = None,
) -> Serialized:
    """Run *sparql* and write the answer in the format *formats* offers for its kind.

    Solutions are written by pyoxigraph's serialisers as they stream, capped
    (:func:`usm_kb.rdf.result_stream.write_capped`); only a ``SELECT *`` whose columns must
    be put in the query's own order, ASK and graphs take the collected path.
    """

    def again() -> ox.QuerySolutions:
        return select(store, sparql, **query_options(dataset, base_iri))

    def consume(found: Any) -> Serialized | CappedResult:
        fmt = formats.results
        if isinstance(found, ox.QuerySolutions) and fmt in RESULTS_FORMATS:
            names = tuple(v.value for v in found.variables)
            if star_order(sparql, names) == names:
                body, size, truncated = write_capped(found, fmt, cap, again)
                return Serialized(body, "select", fmt, truncated, size)
        return in_star_order(collect(found, cap), sparql)

    result = evaluate(store, sparql, dataset, base_iri, consume)
    if isinstance(result, Serialized):
        return result
    fmt = formats.graph if result.kind == "graph" else formats.results
    if fmt is None:
        raise NotAcceptable("none of the accepted media types fits this query's result")
    return Serialized(
        serialize_result(result, fmt), result.kind, fmt, result.truncated, result.size
    )
