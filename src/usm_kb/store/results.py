"""Query answers as plain Python values (the Python API's result type)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from usm_kb.rdf.sparql_results import CappedResult
from usm_kb.rdf.terms import to_python

Row = dict[str, Any]


@dataclass(frozen=True)
class QueryResult:
    """A query answer in plain Python: rows (SELECT), a boolean (ASK) or triples."""

    kind: str
    columns: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Any, Any, Any], ...] = ()
    truncated: bool = False

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        if self.kind == "ask":
            return {"kind": "ask", "boolean": self.boolean}
        if self.kind == "select":
            return {"kind": "select", "columns": list(self.columns), "rows": list(self.rows)}
        return {"kind": "graph", "triples": [list(t) for t in self.triples]}


def to_query_result(result: CappedResult) -> QueryResult:
    """Convert a capped result of pyoxigraph terms into plain Python values."""
    if result.kind == "ask":
        return QueryResult("ask", boolean=result.boolean, truncated=result.truncated)
    if result.kind == "select":
        names = result.variables
        # a list first (faster than a generator into tuple); a solution has every variable
        rows = tuple([dict(zip(names, map(to_python, row), strict=False)) for row in result.rows])
        return QueryResult("select", names, rows, truncated=result.truncated)
    triples = tuple(
        (to_python(t.subject), to_python(t.predicate), to_python(t.object)) for t in result.triples
    )
    return QueryResult("graph", triples=triples, truncated=result.truncated)
