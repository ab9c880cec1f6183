"""The ``KnowledgeBase`` façade: the one path every SPARQL text takes to a backend.

``run`` / ``run_serialized`` apply :func:`usm_kb.store.policy.admit` and then call the
backend; every other query method (``query``, ``select``, ``run_named`` …) goes through them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, cast

from usm_kb.build.artefact import Manifest
from usm_kb.data_root import default_data_root
from usm_kb.errors import QueryError, UnknownNamedQuery
from usm_kb.queries import NamedQuery, bind_params, load_named_queries
from usm_kb.rdf.sparql_results import CappedResult
from usm_kb.rdf.terms import IRI, BindableTerm, Literal, Quad
from usm_kb.settings import Settings
from usm_kb.store.backend import Backend, Dataset, Formats, RunLimits, Serialized
from usm_kb.store.binding import to_terms, with_values
from usm_kb.store.cache import default_cache_dir
from usm_kb.store.decisions import DecisionLog
from usm_kb.store.name_cache import cached_index, index_location
from usm_kb.store.names import Entry, NameIndex, load_index
from usm_kb.store.opening import open_backend
from usm_kb.store.policy import Admitted, admit
from usm_kb.store.results import QueryResult, Row, to_query_result
from usm_kb.workspace.artefact import WorkspaceManifest
from usm_kb.workspace.config import Workspace

PARSER_TABLES = "sparql-parser.tables"  # the SPARQL parser's tables, kept beside the compiled KB
DECISIONS = "policy-verdicts.jsonl"  # the policy's verdicts on admitted texts (store.decisions)
T = TypeVar("T")
UNLIMITED = RunLimits()  # here, no time limit, no cap: the Python API's trusted texts


@dataclass
class KnowledgeBase:
    """The compiled USM knowledge base, queryable with SPARQL.

    Create it with :meth:`open`; nothing is loaded at import time.
    """

    backend: Backend
    manifest: Manifest
    root: Path
    cache_dir: Path
    settings: Settings = field(default_factory=Settings)
    rebuilt: bool = False
    workspace: Workspace | None = None
    workspace_manifest: WorkspaceManifest | None = None
    _named: dict[str, NamedQuery] | None = field(default=None, repr=False)
    _names: NameIndex | None = field(default=None, repr=False)
    _log: DecisionLog | None = field(default=None, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    _templates: dict[str, Admitted] = field(default_factory=dict, repr=False)
    _limits: ContextVar[RunLimits | None] = field(
        default_factory=lambda: ContextVar("usm_kb_run_limits", default=None), repr=False
    )

    @classmethod
    def open(
        cls,
        root: Path | None = None,
        cache_dir: Path | None = None,
        *,
        reason: bool | None = None,
        progress: Callable[[str], None] | None = None,
        settings: Settings | None = None,
        workspace: Workspace | None = None,
        workspace_cache: Path | None = None,
    ) -> KnowledgeBase:
        """Open the compiled KB, compiling it first when sources or code changed.

        *root* and *cache_dir* default to the settings (``USM_KB_DATA``, ``USM_KB_CACHE``),
        then to the shipped data and a per-user cache folder. A *workspace* is compiled into
        its own named graphs (cached by its content) and loaded beside the KB, so every
        query sees both. Its compiled graphs go under *workspace_cache* when given (a
        temporary workspace keeps them beside itself), else under the KB's cache folder.
        With ``settings.store`` naming a SPARQL server, the KB published there is used and
        nothing is compiled or loaded here (:mod:`usm_kb.store.opening`).
        """
        settings = settings or Settings.resolve()
        root = (root or settings.data or default_data_root()).resolve()
        cache_dir = cache_dir or settings.cache or default_cache_dir(root)
        opened = open_backend(
            root,
            cache_dir,
            settings,
            reason=settings.reason if reason is None else reason,
            progress=progress,
            workspace=workspace,
            workspace_cache=workspace_cache,
        )
        return cls(
            opened.backend,
            opened.manifest,
            root,
            cache_dir,
            settings,
            opened.rebuilt,
            workspace,
            opened.workspace_manifest,
        )

    # --- the one query path -------------------------------------------------------------

    def admit(self, sparql: str | Admitted, dataset: Dataset | None = None) -> Admitted:
        """Check *sparql* against the policy (read-only, no SERVICE, known graphs, size).

        An :class:`Admitted` (a prepared named query) has passed already and is returned.
        """
        if isinstance(sparql, Admitted):
            if dataset is None:
                return sparql
            unknown = sorted(set(dataset.graphs()) - set(self.graph_names()))
            if unknown:
                raise QueryError(f"unknown graph {unknown[0]}; see the service description")
            return replace(sparql, dataset=dataset)
        return admit(
            sparql,
            graphs=self.graph_names,
            dataset=dataset,
            max_bytes=self.settings.sparql_max_query_bytes,
            tables=self.cache_dir / PARSER_TABLES,
            log=self._decisions(),
        )

    def _decisions(self) -> DecisionLog:
        if self._log is None:
            self._log = DecisionLog(self.cache_dir / DECISIONS, self.manifest.code)
        return self._log

    def run(
        self,
        sparql: str | Admitted,
        *,
        dataset: Dataset | None = None,
        limits: RunLimits | None = None,
    ) -> CappedResult:
        """Admit and run a query within *limits* (default: here, no limit, no cap).

        A timed query runs isolated: in a worker of its lane or a forked child, no network.
        """
        admitted = self.admit(sparql, dataset)
        return self.backend.query(admitted.text, admitted.dataset, self._lane(admitted, limits))

    def run_serialized(
        self,
        sparql: str | Admitted,
        formats: Formats,
        *,
        dataset: Dataset | None = None,
        limits: RunLimits | None = None,
    ) -> Serialized:
        """Admit and run a query, its answer written in one of *formats* (the endpoint)."""
        admitted = self.admit(sparql, dataset)
        return self.backend.query_serialized(
            admitted.text, admitted.dataset, formats, self._lane(admitted, limits)
        )

    @contextmanager
    def limited(self, limits: RunLimits) -> Iterator[None]:
        """Within the block, queries of this thread (or task) that give no limits use *limits*.

        The web explorer builds its pages with the services of the catalogue inside
        ``kb.limited(RunLimits(lane="trusted", timeout=…))``, so every query a page runs takes
        the trusted lane of the one query path without each service passing limits along.
        """
        token = self._limits.set(limits)
        try:
            yield
        finally:
            self._limits.reset(token)

    def _lane(self, admitted: Admitted, limits: RunLimits | None) -> RunLimits:
        """Outside queries the policy finds cheap get the cheap lane; trusted stay trusted."""
        limits = limits or self._limits.get() or UNLIMITED
        if limits.lane == "general" and admitted.cheap:
            return replace(limits, lane="cheap")
        return limits

    # --- conveniences over run() ---------------------------------------------------------

    def query(self, sparql: str, **bindings: Any) -> QueryResult:
        """Run any query form; rows/boolean/triples as plain Python values.

        *bindings* pre-bind variables (``VALUES``); strings are literals, pass
        ``usm_kb.rdf.terms.IRI`` for IRIs.
        """
        return to_query_result(self.run(with_values(sparql, to_terms(bindings))))

    def select(self, sparql: str, **bindings: Any) -> list[Row]:
        """Run a SELECT query; rows as dicts of plain Python values."""
        result = self.query(sparql, **bindings)
        if result.kind != "select":
            raise QueryError("expected a SELECT query")
        return list(result.rows)

    def scalar(self, sparql: str) -> Any:
        """First value of the first row of a SELECT query (None when empty)."""
        rows = self.select(sparql)
        return next(iter(rows[0].values())) if rows else None

    # --- named queries --------------------------------------------------------------------

    def named_queries(self) -> dict[str, NamedQuery]:
        """The named competency queries shipped with the data (``ontology/queries``)."""
        if self._named is None:
            self._named = load_named_queries(self.root)
        return self._named

    def get_named(self, name: str) -> NamedQuery:
        """One named query, or ``UnknownNamedQuery`` listing close names."""
        queries = self.named_queries()
        if name not in queries:
            close = difflib.get_close_matches(name, list(queries), n=3)
            hint = (
                f"; did you mean {', '.join(close)}?" if close else "; `usm-kb queries` lists them"
            )
            raise UnknownNamedQuery(f"unknown named query {name!r}{hint}")
        return queries[name]

    def bind_named(self, name: str, params: dict[str, str]) -> str:
        """The text of a named query with its parameters bound (see :meth:`prepare_named`)."""
        return self.prepare_named(name, params).text

    def prepare_named(self, name: str, params: dict[str, str]) -> Admitted:
        """A named query admitted once per template, its parameters bound as typed terms.

        Values that name something (a process, framework, practice, evidence level …) are
        resolved from the user's words (:meth:`resolve`); an ``iri`` value must name
        something in the KB, so a mistyped IRI is an error instead of an empty answer. The
        policy decides on the template (cached); the bound values are terms, never text, so
        they cannot change what was decided.
        """
        template = self._template(name)
        query = self.get_named(name)
        terms = bind_params(query, params, self._term)
        for key, term in terms.items():
            kind = next(p.type for p in query.params if p.name == key)
            if kind == "iri" and isinstance(term, IRI) and not self.backend.mentions(term.value):
                raise QueryError(
                    f"parameter {key!r}: no {params.get(key, term.value)!r} in the knowledge base"
                )
        return replace(template, text=with_values(template.text, terms)) if terms else template

    def _template(self, name: str) -> Admitted:
        """The admitted template of a named query, decided once per KB (graphs never change)."""
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.admit(self.get_named(name).sparql)
        return template

    # --- names: the user's words -> elements ------------------------------------------------

    def names(self) -> NameIndex:
        """The resolver's index of this KB's labels, codes and ids (built once, cached)."""
        if self._names is None:
            where = index_location(self.cache_dir, self.manifest, self.workspace_manifest)
            self._names = cached_index(*where, lambda: load_index(self.select))
        return self._names

    def resolve(self, kind: str, word: str) -> Entry:
        """The element of *kind* that *word* names (id, code, English or Dutch label, any case).

        *kind* is one of ``usm_kb.store.names.KINDS`` (process, workflow, calltype, domain,
        framework, practice, evidence, concept, relation); raises ``UnknownName`` (with close
        matches) or ``AmbiguousName`` (with the candidates), both ``QueryError``.
        """
        return self.names().resolve(kind, word)

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """A value derived from this KB, built by *build* on first use and kept.

        The KB is read-only, so such a value (a search index …) never goes stale.
        """
        if key not in self._cache:
            self._cache[key] = build()
        return cast(T, self._cache[key])

    def _term(self, kind: str, word: str) -> BindableTerm:
        entry = self.resolve(kind, word)
        return Literal(entry.id) if kind == "relation" else IRI(entry.iri)

    def run_named(self, name: str, **params: Any) -> QueryResult:
        """Run a named query; parameters by keyword, e.g. ``framework="itil4"``."""
        prepared = self.prepare_named(name, {k: str(v) for k, v in params.items()})
        return to_query_result(self.run(prepared))

    # --- the store as a whole ---------------------------------------------------------------

    def graph_names(self) -> list[str]:
        """IRIs of all named graphs, sorted."""
        return self.backend.graph_names()

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """Every quad, or those of one named graph."""
        return self.backend.quads(graph)

    def __len__(self) -> int:
        return self.backend.count()

    def start(self) -> None:
        """Serve soon: workers up, named templates admitted (checked, not run), names loaded."""
        self.backend.start()
        for name in self.named_queries():
            with suppress(QueryError):
                self._template(name)
        self.names()

    def close(self) -> None:
        """Stop query workers and release the store."""
        self.backend.close()
