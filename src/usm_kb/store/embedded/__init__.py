"""The embedded backend: pyoxigraph in this process, the KB in memory or a workspace on disk.

Without a workspace the compiled artefact is loaded into an in-memory store; with one, the
compiled workspace's store on disk is opened read-only (KB and workspace together: nothing
to parse at open, memory bounded by Oxigraph's caches).

Untimed queries (the Python API, named queries of the CLI) run in this process, and so do
the server's ``trusted`` lane (its own named queries: no process hop, at most
:data:`TRUSTED_CONCURRENCY` at a time). Timed outside queries run isolated, where they can be
stopped and cannot reach the network: in their lane's
:class:`~usm_kb.store.embedded.pool.QueryPool` when workers are configured (the endpoint),
else in a child forked for the one query (an ad-hoc CLI query).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from usm_kb.store.embedded.pool import QueryPool

from usm_kb.errors import QueryUnavailable
from usm_kb.isolation import CAN_FORK, run_forked
from usm_kb.rdf.sparql_results import CappedResult
from usm_kb.store.backend import (
    LANE_WORKERS,
    TRUSTED_CONCURRENCY,
    Dataset,
    Formats,
    RunLimits,
    Serialized,
)
from usm_kb.store.embedded.execute import execute, execute_serialized
from usm_kb.store.embedded.stores import open_store
from usm_kb.workspace.in_use import Lease


class EmbeddedBackend:
    """A pyoxigraph store in this process, plus query workers for timed queries."""

    def __init__(
        self,
        artefact: Path,
        *,
        workers: int = 0,
        max_waiting: int = 16,
        sandbox: bool = True,
        disk: Path | None = None,
        lease: Lease | None = None,
    ) -> None:
        """Load *artefact* in memory, or open the store on *disk* that holds it (read-only).

        *lease* keeps the folder of *disk* from being pruned; :meth:`close` releases it.
        """
        self.artefact = artefact
        self.disk = disk
        self.lease = lease
        self.workers = workers
        self.max_waiting = max_waiting
        self.sandbox = sandbox
        self.store = open_store(artefact, disk)
        self._pools: dict[str, QueryPool] = {}
        self._lock = threading.Lock()
        self._trusted = threading.BoundedSemaphore(TRUSTED_CONCURRENCY)

    def pool(self, lane: str) -> QueryPool | None:
        """The lane's worker pool (started on first use), or None without workers."""
        if self.workers <= 0:
            return None
        # imported here: multiprocessing and concurrent.futures only where workers exist
        from usm_kb.store.embedded.pool import QueryPool

        with self._lock:
            if lane not in self._pools:
                size = LANE_WORKERS.get(lane, self.workers)
                self._pools[lane] = QueryPool(
                    self.artefact,
                    size,
                    max_waiting=self.max_waiting,
                    sandbox=self.sandbox,
                    disk=self.disk,
                )
            return self._pools[lane]

    def start(self) -> None:
        """Start every lane's workers now (a server does, so no request waits for them)."""
        for lane in ("cheap", "general"):
            pool = self.pool(lane)
            if pool is not None:
                pool.warm_up()

    def query(self, sparql: str, dataset: Dataset, limits: RunLimits) -> CappedResult:
        """Run here when the limits have no timeout, else isolated (a worker or a child)."""
        args = (sparql, dataset, limits.cap, limits.base_iri)
        result: CappedResult = self._run(execute, args, limits)
        return result

    def query_serialized(
        self, sparql: str, dataset: Dataset, formats: Formats, limits: RunLimits
    ) -> Serialized:
        """Like :meth:`query`, written in one of *formats* (in the worker when there is one)."""
        args = (sparql, dataset, formats, limits.cap, limits.base_iri)
        result: Serialized = self._run(execute_serialized, args, limits)
        return result

    def _run(self, function: Any, args: tuple[Any, ...], limits: RunLimits) -> Any:
        if limits.timeout is None:
            return function(self.store, *args)
        if limits.lane == "trusted":
            return self._run_trusted(function, args, limits.timeout)
        pool = self.pool(limits.lane)
        if pool is not None:
            return pool.run(function, args, limits.timeout, cancelled=limits.cancelled)
        if CAN_FORK:
            return run_forked(function, (self.store, *args), limits.timeout, sandbox=self.sandbox)
        return function(self.store, *args)

    def _run_trusted(self, function: Any, args: tuple[Any, ...], timeout: float) -> Any:
        if not self._trusted.acquire(timeout=timeout):
            raise QueryUnavailable("too many queries are running; retry in a moment")
        try:
            return function(self.store, *args)
        finally:
            self._trusted.release()

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
        """Stop the query workers, if any were started; release the folder's lease."""
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()
        if self.lease is not None:
            self.lease.release()
