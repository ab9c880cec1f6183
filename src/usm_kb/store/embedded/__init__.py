"""The embedded backend: the compiled artefact loaded into an in-memory pyoxigraph store.

Untimed queries (the Python API, named queries of the CLI: trusted texts) run in this
process. Timed ones run isolated, where they can be stopped and cannot reach the network:
in a :class:`~usm_kb.store.embedded.pool.QueryPool` when workers are configured (the
endpoint), else in a child forked for the one query (an ad-hoc CLI query, ``--workers 0``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from usm_kb.isolation import CAN_FORK, run_forked
from usm_kb.rdf.sparql_results import CappedResult
from usm_kb.store.backend import Dataset, Formats, Serialized
from usm_kb.store.embedded.execute import execute, execute_serialized
from usm_kb.store.embedded.pool import QueryPool


class EmbeddedBackend:
    """A pyoxigraph store in this process, plus query workers for timed queries."""

    def __init__(
        self, artefact: Path, *, workers: int = 0, max_waiting: int = 16, sandbox: bool = True
    ) -> None:
        self.artefact = artefact
        self.workers = workers
        self.max_waiting = max_waiting
        self.sandbox = sandbox
        self.store = ox.Store()
        self.store.bulk_load(path=str(artefact), format=ox.RdfFormat.N_QUADS)
        self._pool: QueryPool | None = None
        self._lock = threading.Lock()

    def _workers(self, timeout: float | None) -> QueryPool | None:
        if timeout is None or self.workers <= 0:
            return None
        with self._lock:
            if self._pool is None:
                self._pool = QueryPool(
                    self.artefact, self.workers, max_waiting=self.max_waiting, sandbox=self.sandbox
                )
            return self._pool

    def query(
        self,
        sparql: str,
        dataset: Dataset,
        *,
        cap: int | None,
        timeout: float | None,
        base_iri: str | None = None,
    ) -> CappedResult:
        """Run here when *timeout* is None, else isolated (a worker, or a forked child)."""
        pool = self._workers(timeout)
        if pool is not None and timeout is not None:
            return pool.query(sparql, dataset, cap=cap, timeout=timeout, base_iri=base_iri)
        if timeout is not None and CAN_FORK:
            args = (self.store, sparql, dataset, cap, base_iri)
            result: CappedResult = run_forked(execute, args, timeout, sandbox=self.sandbox)
            return result
        return execute(self.store, sparql, dataset, cap, base_iri)

    def query_serialized(
        self,
        sparql: str,
        dataset: Dataset,
        formats: Formats,
        *,
        cap: int | None,
        timeout: float | None,
        base_iri: str | None = None,
    ) -> Serialized:
        """Like :meth:`query`, written in one of *formats* (in the worker when there is one)."""
        pool = self._workers(timeout)
        if pool is not None and timeout is not None:
            return pool.query_serialized(
                sparql, dataset, formats, cap=cap, timeout=timeout, base_iri=base_iri
            )
        if timeout is not None and CAN_FORK:
            args = (self.store, sparql, dataset, formats, cap, base_iri)
            done: Serialized = run_forked(execute_serialized, args, timeout, sandbox=self.sandbox)
            return done
        return execute_serialized(self.store, sparql, dataset, formats, cap, base_iri)

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self) -> int:
        """Number of quads."""
        return len(self.store)

    def mentions(self, iri: str) -> bool:
        """True when *iri* is the subject or object of some triple."""
        node = ox.NamedNode(iri)
        return any(True for _ in self.store.quads_for_pattern(node, None, None)) or any(
            True for _ in self.store.quads_for_pattern(None, None, node)
        )

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad, or those of one named graph."""
        if graph is None:
            return iter(self.store)
        return iter(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def close(self) -> None:
        """Stop the query workers, if any were started."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
