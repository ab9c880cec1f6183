"""Query workers: processes with their own copy of the KB, so a runaway query can be stopped.

pyoxigraph's ``Store.query`` has no time limit, so timed queries run in a pebble process pool:
pebble kills a worker whose task outlives its timeout and starts a fresh one. On top of it,
admission control: at most ``size + max_waiting`` queries are admitted at once (others are
refused at once with 503), and nobody waits longer than the query's timeout plus
:data:`GRACE` — the deadline counts the time spent waiting for a worker. A query whose client
has gone away is cancelled (its worker, if it started, is killed and replaced).
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from usm_kb.errors import QueryError, QueryUnavailable
from usm_kb.isolation import deny_network
from usm_kb.store.embedded.stores import open_store

GRACE = 0.7  # seconds a caller may wait beyond the time limit (answer within it + 1 s)
POLL = 0.2  # seconds between checks whether the client has gone away
STARTUP_ALLOWANCE = 30.0  # seconds the workers may take to load the artefact at warm-up
CLOSE_WAIT = 5.0  # seconds :meth:`QueryPool.close` waits for pebble before it walks away

# State of a worker process (filled by its initializer; the server process never uses it).
_worker_store: dict[str, ox.Store] = {}


def _init_worker(artefact: str, sandbox: bool, disk: str | None = None) -> None:
    # pebble stops a timed-out worker with SIGTERM and a Python handler, which cannot run while
    # the query is inside Oxigraph's native code (pebble then waits 3 s before SIGKILL). The
    # default action ends the process at once; it holds nothing that needs cleaning up.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sandbox:
        deny_network()
    _worker_store["kb"] = open_store(Path(artefact), Path(disk) if disk else None)


def _call(function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    return function(_worker_store["kb"], *args)


def _ready() -> bool:
    return "kb" in _worker_store


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
        disk: Path | None = None,
    ) -> None:
        self.size = size
        self.startup_allowance = startup_allowance
        self._slots = threading.BoundedSemaphore(size + max(0, max_waiting))
        import pebble  # deferred: ~50 ms of every CLI start otherwise; only servers need it

        self._expired: type[Exception] = pebble.ProcessExpired
        self._pool = pebble.ProcessPool(
            max_workers=size,
            initializer=_init_worker,
            initargs=(str(artefact), sandbox, str(disk) if disk else None),
            context=mp.get_context("spawn"),
        )

    def warm_up(self) -> None:
        """Start the workers and wait until each has loaded the KB (bounded)."""
        futures = [self._pool.schedule(_ready) for _ in range(self.size)]
        for future in futures:
            future.result(timeout=self.startup_allowance)

    def run(
        self,
        function: Callable[..., Any],
        args: tuple[Any, ...],
        timeout: float,
        *,
        cancelled: Callable[[], bool] | None = None,
    ) -> Any:
        """``function(store, *args)`` in a worker, within *timeout* (queue time included)."""
        if not self._slots.acquire(blocking=False):
            raise QueryUnavailable("too many queries are running or waiting; retry in a moment")
        try:
            future = self._pool.schedule(_call, args=(function, args), timeout=timeout)
            try:
                return self._wait(future, timeout, cancelled)
            except self._expired:
                raise QueryError(
                    "the query engine crashed on this query (its worker was replaced); "
                    "simplify the query"
                ) from None
            except RuntimeError as exc:  # pebble: the pool is broken or stopped
                raise QueryUnavailable(f"no query worker available ({exc})") from None
        finally:
            self._slots.release()

    def _wait(self, future: Any, timeout: float, cancelled: Callable[[], bool] | None) -> Any:
        deadline = time.monotonic() + timeout + GRACE
        while True:
            remaining = deadline - time.monotonic()
            try:
                return future.result(timeout=max(0.0, min(POLL, remaining)))
            except TimeoutError:
                if future.done():  # pebble stopped the task and replaced its worker
                    raise QueryUnavailable(
                        f"query stopped after the {timeout:g} s time limit"
                    ) from None
                if remaining <= POLL:
                    future.cancel()  # still waiting for a worker, or none became ready
                    raise QueryUnavailable(
                        f"no query worker was free within the {timeout:g} s time limit"
                    ) from None
                if cancelled is not None and cancelled():
                    future.cancel()  # the client has gone: free its worker
                    raise QueryUnavailable("the client went away; the query was stopped") from None
            except CancelledError:
                raise QueryUnavailable("the query was cancelled; retry") from None

    def close(self, wait: float = CLOSE_WAIT) -> bool:
        """Stop the workers (running queries are killed); False when pebble did not finish.

        A stopped pebble pool joins its manager threads without a time limit, which can hang
        when a worker dies at the wrong moment; a server must still exit on Ctrl+C. So the join
        runs on a daemon thread and is abandoned after *wait* seconds: the workers are daemon
        processes, which multiprocessing terminates at interpreter exit.
        """
        self._pool.stop()
        joiner = threading.Thread(target=self._pool.join, name="usm-kb-pool-close", daemon=True)
        joiner.start()
        joiner.join(wait)
        return not joiner.is_alive()
