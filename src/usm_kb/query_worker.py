"""Run SPARQL in worker processes so a runaway query can be stopped (pyoxigraph has no timeout).

Each worker loads the compiled artefact into its own store, executes one request at a time,
and sends back serialised bytes. On timeout the worker is killed and replaced; the server
keeps serving. With ``size=0`` queries run in-process (no timeout) — for tools and tests.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from usm_kb.namespaces import PREFIXES


@dataclass(frozen=True)
class QueryRequest:
    """One query with its dataset, chosen formats and row cap."""

    query: str
    results_format: str | None  # for SELECT/ASK: json | xml | csv | tsv
    graph_format: str | None  # for CONSTRUCT/DESCRIBE: ttl | nt | xml | jsonld
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    cap: int | None = None


@dataclass(frozen=True)
class QueryResponse:
    """Outcome: status 200 with a body, or an error status with a one-line message."""

    status: int
    body: bytes = b""
    kind: str = ""
    fmt: str = ""
    truncated: bool = False
    size: int = 0
    error: str = ""


def execute_request(store: ox.Store, req: QueryRequest) -> QueryResponse:
    """Execute and serialise one request against *store* (runs inside a worker)."""
    from usm_kb.results import serialize_collected
    from usm_kb.sparql_results import collect

    options: dict[str, Any] = {"prefixes": PREFIXES}
    if req.default_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if req.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
    try:
        result = store.query(req.query, **options)
        collected = collect(result, req.cap)
    except SyntaxError as exc:
        return QueryResponse(400, error=f"SPARQL syntax error: {exc}")
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return QueryResponse(400, error=f"SPARQL evaluation error: {exc}")
    except BaseException as exc:  # pyo3 PanicException derives from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return QueryResponse(400, error=f"the query engine rejected the query: {exc}")
    fmt = req.graph_format if collected.kind == "graph" else req.results_format
    if fmt is None:
        return QueryResponse(
            406, kind=collected.kind, error="no acceptable media type for this query form"
        )
    return QueryResponse(
        200,
        serialize_collected(collected, fmt),
        collected.kind,
        fmt,
        collected.truncated,
        collected.size,
    )


def _worker_main(conn: Connection, artefact: str) -> None:
    store = ox.Store()
    store.bulk_load(path=artefact, format=ox.RdfFormat.N_QUADS)
    conn.send("ready")
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        if req is None:
            return
        conn.send(execute_request(store, req))


class _Worker:
    def __init__(self, ctx: Any, artefact: Path) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, str(artefact)),
            daemon=True,
            name="usm-kb-sparql-worker",
        )
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float = 60.0) -> None:
        if not self.ready:
            if not self.conn.poll(timeout):
                raise RuntimeError("SPARQL worker did not start")
            self.conn.recv()
            self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of query workers with a per-query timeout."""

    def __init__(
        self, artefact: Path, size: int = 2, timeout: float = 10.0, store: ox.Store | None = None
    ) -> None:
        self.artefact = artefact
        self.size = size
        self.timeout = timeout
        self._store = store
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._idle.put(_Worker(self._ctx, artefact))

    def run(self, req: QueryRequest) -> QueryResponse:
        """Execute *req*; 503 when it exceeds the timeout (the worker is replaced)."""
        if self.size == 0:
            if self._store is None:
                self._store = ox.Store()
                self._store.bulk_load(path=str(self.artefact), format=ox.RdfFormat.N_QUADS)
            return execute_request(self._store, req)
        worker = self._idle.get()
        try:
            worker.wait_ready()
            worker.conn.send(req)
            if worker.conn.poll(self.timeout):
                response = worker.conn.recv()
                self._idle.put(worker)
                return response
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            self._idle.put(_Worker(self._ctx, self.artefact))
            return QueryResponse(503, error="the query worker stopped; please retry")
        worker.kill()
        self._idle.put(_Worker(self._ctx, self.artefact))
        return QueryResponse(503, error=f"query stopped after the {self.timeout:g} s time limit")

    def close(self) -> None:
        """Stop all workers."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        while not self._idle.empty():
            self._idle.get_nowait().kill()
