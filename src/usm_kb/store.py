"""The ``KnowledgeBase``: one embedded pyoxigraph store opened from the compiled cache."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from usm_kb.compile import ARTEFACT, Manifest, compile_kb, is_fresh, read_manifest
from usm_kb.errors import DataError, QueryError
from usm_kb.namespaces import PREFIXES
from usm_kb.resources import default_data_root, sha256_file
from usm_kb.sparql_text import check_depth, inspect_query
from usm_kb.terms import to_python

Row = dict[str, Any]


@dataclass(frozen=True)
class QueryResult:
    """A query answer in plain Python: rows (SELECT), a boolean (ASK) or triples."""

    kind: str
    columns: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Any, Any, Any], ...] = ()

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


def to_query_result(result: Any) -> QueryResult:
    """Convert a raw pyoxigraph result."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        return QueryResult(
            "select", names, tuple(dict(zip(names, map(to_python, s), strict=True)) for s in result)
        )
    return QueryResult(
        "graph",
        triples=tuple(
            (to_python(t.subject), to_python(t.predicate), to_python(t.object)) for t in result
        ),
    )


def default_cache_dir(root: Path) -> Path:
    """Per-source-tree cache folder (``$USM_KB_CACHE`` or the user cache dir)."""
    env = os.environ.get("USM_KB_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return Path(user_cache_dir("usm-kb")) / key


@dataclass
class KnowledgeBase:
    """The compiled USM knowledge base, queryable with SPARQL.

    Create it with :meth:`open`; nothing is loaded at import time.
    """

    store: ox.Store
    manifest: Manifest
    root: Path
    cache_dir: Path
    rebuilt: bool = False
    _named: dict[str, Any] | None = field(default=None, repr=False)

    @classmethod
    def open(
        cls,
        root: Path | None = None,
        cache_dir: Path | None = None,
        *,
        reason: bool = True,
        progress: Callable[[str], None] | None = None,
    ) -> KnowledgeBase:
        """Open the cached KB for *root*, compiling it first when sources or code changed."""
        root = (root or default_data_root()).resolve()
        cache_dir = cache_dir or default_cache_dir(root)
        rebuilt = False
        manifest = read_manifest(cache_dir)
        if (
            not is_fresh(root, cache_dir)
            or manifest is None
            or sha256_file(cache_dir / ARTEFACT) != manifest.artefact_sha256
        ):
            manifest = compile_kb(root, cache_dir, reason=reason, progress=progress).manifest
            rebuilt = True
        store = ox.Store()
        store.bulk_load(path=str(cache_dir / ARTEFACT), format=ox.RdfFormat.N_QUADS)
        return cls(store, manifest, root, cache_dir, rebuilt)

    def execute(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        substitutions: dict[str, ox.NamedNode | ox.Literal] | None = None,
    ) -> Any:
        """Run a SPARQL query; return pyoxigraph's raw result (solutions, bool or triples).

        The default graph is the union of all graphs unless *default_graphs* is given.
        Well-known prefixes (usm:, skos:, process:, …) are predeclared.
        """
        options: dict[str, Any] = {"prefixes": PREFIXES}
        if default_graphs is None and named_graphs is None and "from" in sparql.lower():
            shape = inspect_query(sparql, PREFIXES)
            if shape.from_graphs or shape.from_named_graphs:  # FROM beats the union default
                default_graphs = list(shape.from_graphs)
                named_graphs = list(shape.from_named_graphs)
        if default_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if substitutions:
            options["substitutions"] = {ox.Variable(k): v for k, v in substitutions.items()}
        too_deep = check_depth(sparql)
        if too_deep:
            raise QueryError(too_deep)
        try:
            return self.store.query(sparql, **options)
        except SyntaxError as exc:
            shape = inspect_query(sparql, PREFIXES)
            if shape.form is None and shape.update_keywords:
                raise QueryError(
                    f"the knowledge base is read-only: {shape.update_keywords[0]} is a SPARQL "
                    "Update operation; edit the source files and run `usm-kb build` instead"
                ) from exc
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            raise QueryError(f"SPARQL evaluation error: {exc}") from exc

    def select(self, sparql: str, **bindings: Any) -> list[Row]:
        """Run a SELECT query; rows as dicts of plain Python values.

        *bindings* pre-bind variables (see :func:`with_values`); values are converted to
        RDF terms first, never pasted into the query as text.
        """
        result = self.execute(with_values(sparql, _terms(bindings)))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [dict(zip(names, map(to_python, s), strict=True)) for s in result]

    def query(self, sparql: str, **bindings: Any) -> QueryResult:
        """Run any query form; rows/boolean/triples as plain Python values."""
        return to_query_result(self.execute(with_values(sparql, _terms(bindings))))

    def named_queries(self) -> dict[str, Any]:
        """The named competency queries shipped with the data (``ontology/queries``)."""
        if self._named is None:
            from usm_kb.named_queries import load_named_queries

            self._named = load_named_queries(self.root)
        return self._named

    def get_named(self, name: str) -> Any:
        """One named query, or a QueryError listing close names."""
        queries = self.named_queries()
        if name not in queries:
            import difflib

            close = difflib.get_close_matches(name, list(queries), n=3)
            hint = (
                f"; did you mean {', '.join(close)}?" if close else "; `usm-kb queries` lists them"
            )
            raise QueryError(f"unknown named query {name!r}{hint}")
        return queries[name]

    def bind_named(self, name: str, params: dict[str, str]) -> str:
        """The text of a named query with its parameters bound (CLI, API and endpoint).

        Values are checked by type, and an IRI value must name something in the KB, so a
        mistyped framework or practice is an error instead of an empty answer.
        """
        from usm_kb.named_queries import bind_params

        query = self.get_named(name)
        terms = bind_params(query, params)
        for key, term in terms.items():
            if isinstance(term, ox.NamedNode) and not self._mentions(term):
                kind = next(p.type for p in query.params if p.name == key)
                raise QueryError(
                    f"parameter {key!r}: no {kind} {params.get(key, term.value)!r}"
                    f" in the knowledge base{self._known_hint(kind)}"
                )
        return with_values(query.sparql, terms)

    def _mentions(self, term: ox.NamedNode) -> bool:
        return any(True for _ in self.store.quads_for_pattern(term, None, None)) or any(
            True for _ in self.store.quads_for_pattern(None, None, term)
        )

    def _known_hint(self, kind: str) -> str:
        if kind != "framework":
            return {"practice": "; `usm-kb practices` lists them"}.get(kind, "")
        ids = self.select(
            "SELECT ?id WHERE { ?f a usm:Framework ; dcterms:identifier ?id } ORDER BY ?id"
        )
        return "; known: " + ", ".join(str(r["id"]) for r in ids)

    def execute_named(self, name: str, params: dict[str, str]) -> Any:
        """Raw pyoxigraph result of a named query with textual parameters."""
        return self.execute(self.bind_named(name, params))

    def run_named(self, name: str, **params: Any) -> QueryResult:
        """Run a named query; parameters by keyword, e.g. ``framework="itil4"``."""
        return to_query_result(self.execute_named(name, {k: str(v) for k, v in params.items()}))

    def scalar(self, sparql: str) -> Any:
        """First value of the first row of a SELECT query (None when empty)."""
        rows = self.select(sparql)
        return next(iter(rows[0].values())) if rows else None

    def graph_names(self) -> list[str]:
        """IRIs of all named graphs, sorted."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self.store)


WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_values(sparql: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Pre-bind variables with a ``VALUES`` block at the start of the outer WHERE group.

    The values are pyoxigraph terms (IRIs are validated, literals escaped by pyoxigraph),
    so user input can never change the query's structure.
    """
    if not terms:
        return sparql
    match = WHERE_OPEN.search(sparql)
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(term) for term in terms.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    return sparql[: match.end()] + block + sparql[match.end() :]


def _terms(bindings: dict[str, Any]) -> dict[str, ox.NamedNode | ox.Literal]:
    result: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in bindings.items():
        if isinstance(value, ox.NamedNode | ox.Literal):
            result[name] = value
        elif isinstance(value, str) and value.startswith(("http://", "https://", "urn:")):
            result[name] = ox.NamedNode(value)
        elif isinstance(value, bool | int | float | str):
            result[name] = ox.Literal(value)
        else:
            raise DataError(f"cannot bind {name!r} to a {type(value).__name__}")
    return result
