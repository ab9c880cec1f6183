"""Query workers: processes with their own copy of the KB, so a runaway query can be stopped.

pyoxigraph's ``Store.query`` has no time limit, so timed queries run in a pebble process pool:
pebble kills a worker whose task outlives its timeout and starts a fresh one. On top of it,
admission control: at most ``size + max_waiting`` queries are admitted at once (others are
refused at once with 503), and no caller waits longer than its timeout plus the time a
worker needs to start — a worker that never becomes ready cannot hang a request.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import threading
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

import pebble
import pyoxigraph as ox

from usm_kb.errors import QueryError, QueryUnavailable
from usm_kb.isolation import deny_network
from usm_kb.rdf.sparql_results import CappedResult
from usm_kb.store.backend import Dataset, Formats, Serialized
from usm_kb.store.embedded.execute import execute, execute_serialized

STARTUP_ALLOWANCE = 30.0  # seconds a worker may take to load the artefact, on top of a timeout

# State of a worker process (filled by its initializer; the server process never uses it).
_worker_store: dict[str, ox.Store] = {}


def _init_worker(artefact: str, sandbox: bool) -> None:
    # pebble stops a timed-out worker with SIGTERM and a Python handler, which cannot run while
    # the query is inside Oxigraph's native code (pebble then waits 3 s before SIGKILL). The
    # default action ends the process at once; it holds nothing that needs cleaning up.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sandbox:
        deny_network()
    store = ox.Store()
    store.bulk_load(path=artefact, format=ox.RdfFormat.N_QUADS)
    _worker_store["kb"] = store


def _run(sparql: str, dataset: Dataset, cap: int | None, base_iri: str | None) -> CappedResult:
    return execute(_worker_store["kb"], sparql, dataset, cap, base_iri)


def _run_serialized(
    sparql: str, dataset: Dataset, formats: Formats, cap: int | None, base_iri: str | None
) -> Serialized:
    return execute_serialized(_worker_store["kb"], sparql, dataset, formats, cap, base_iri)


class QueryPool:
    """A fixed number of query worker processes with per-query timeouts and a bounded queue."""

    def __init__(
        self,
        artefact: Path,
        size: int,
        *,
        max_waiting: int,
        sandbox: bool = True,
        startup_allowance: float = STARTUP_ALLOWANCE,
    ) -> None:
        self.size = size
        self.startup_allowance = startup_allowance
        self._slots = threading.BoundedSemaphore(size + max(0, max_waiting))
        self._pool = pebble.ProcessPool(
            max_workers=size,
            initializer=_init_worker,
            initargs=(str(artefact), sandbox),
            context=mp.get_context("spawn"),
        )

    def query(
        self,
        sparql: str,
        dataset: Dataset,
        *,
        cap: int | None,
        timeout: float,
        base_iri: str | None = None,
    ) -> CappedResult:
        """Run a query in a worker (see :func:`usm_kb.store.embedded.execute.execute`)."""
        result: CappedResult = self._submit(_run, (sparql, dataset, cap, base_iri), timeout)
        return result

    def query_serialized(
        self,
        sparql: str,
        dataset: Dataset,
        formats: Formats,
        *,
        cap: int | None,
        timeout: float,
        base_iri: str | None = None,
    ) -> Serialized:
        """Run a query in a worker and serialise the answer there."""
        args = (sparql, dataset, formats, cap, base_iri)
        result: Serialized = self._submit(_run_serialized, args, timeout)
        return result

    def _submit(self, function: Any, args: tuple[Any, ...], timeout: float) -> Any:
        if not self._slots.acquire(blocking=False):
            raise QueryUnavailable("too many queries are running or waiting; retry in a moment")
        try:
            future = self._pool.schedule(function, args=args, timeout=timeout)
            try:
                return future.result(timeout=timeout + self.startup_allowance)
            except TimeoutError:
                if future.done():  # pebble stopped the task and replaced its worker
                    raise QueryUnavailable(
                        f"query stopped after the {timeout:g} s time limit"
                    ) from None
                future.cancel()  # still queued, or no worker ever became ready
                raise QueryUnavailable("no query worker became available in time") from None
            except pebble.ProcessExpired:
                raise QueryError(
                    "the query engine crashed on this query (its worker was replaced); "
                    "simplify the query"
                ) from None
            except CancelledError:
                raise QueryUnavailable("the query was cancelled; retry") from None
            except RuntimeError as exc:  # pebble: the pool is broken or stopped
                raise QueryUnavailable(f"no query worker available ({exc})") from None
        finally:
            self._slots.release()

    def close(self) -> None:
        """Stop the workers (running queries are killed)."""
        self._pool.stop()
        self._pool.join(timeout=5)
