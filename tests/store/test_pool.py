"""The query worker pool: time limits, a bounded queue, and no request that can hang."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from usm_kb.build.artefact import ARTEFACT
from usm_kb.errors import QueryError, QueryUnavailable
from usm_kb.store import Dataset
from usm_kb.store.embedded.execute import execute
from usm_kb.store.embedded.pool import QueryPool

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture
def pool(kb) -> Iterator[QueryPool]:
    workers = QueryPool(kb.cache_dir / ARTEFACT, 1, max_waiting=0)
    yield workers
    workers.close()


def test_runaway_query_is_stopped_and_the_worker_replaced(pool: QueryPool) -> None:
    assert pool.run(execute, ("ASK { ?s ?p ?o }", Dataset(), None, None), 5).boolean is True
    started = time.perf_counter()
    with pytest.raises(QueryUnavailable, match="time limit"):
        pool.run(execute, (HEAVY, Dataset(), None, None), 1)
    assert time.perf_counter() - started < 1 + 1.5  # no 3 s SIGTERM grace on top
    assert pool.run(execute, ("ASK { ?s ?p ?o }", Dataset(), None, None), 5).boolean is True


def test_a_full_queue_refuses_at_once(pool: QueryPool) -> None:
    errors: list[Exception] = []

    def occupy() -> None:
        try:
            pool.run(execute, (HEAVY, Dataset(), None, None), 2)
        except QueryUnavailable as exc:
            errors.append(exc)

    busy = threading.Thread(target=occupy)
    busy.start()
    time.sleep(0.3)
    started = time.perf_counter()
    with pytest.raises(QueryUnavailable, match="too many queries"):
        pool.run(execute, ("ASK {}", Dataset(), None, None), 5)
    assert time.perf_counter() - started < 0.5
    busy.join(10)
    assert errors and "time limit" in str(errors[0])


def test_a_crashing_worker_is_a_query_error_and_is_replaced(pool: QueryPool) -> None:
    deep = "SELECT * WHERE " + "{" * 60_000 + "}" * 60_000  # overflows Oxigraph's parser stack
    with pytest.raises(QueryError, match="crashed on this query"):
        pool.run(execute, (deep, Dataset(), None, None), 10)
    assert pool.run(execute, ("ASK { ?s ?p ?o }", Dataset(), None, None), 5).boolean is True


def test_a_worker_that_never_starts_cannot_hang_requests(tmp_path: Path) -> None:
    """The old pool waited forever once its workers missed their start-up (review B2)."""
    fifo = tmp_path / "kb.nq"
    os.mkfifo(fifo)  # opening it for reading blocks: the worker never becomes ready
    pool = QueryPool(fifo, 1, max_waiting=2, startup_allowance=1.0)
    try:
        for _ in range(2):
            started = time.perf_counter()
            with pytest.raises(QueryUnavailable, match="no query worker was free"):
                pool.run(execute, ("ASK {}", Dataset(), None, None), 1)
            assert time.perf_counter() - started < 1 + 1.0 + 1.5
    finally:
        pool.close()


def test_closing_cannot_hang_when_pebble_does(pool: QueryPool, monkeypatch) -> None:
    """A stopped pebble pool joins its threads with no time limit; Ctrl+C must still end serve."""
    never = threading.Event()
    real_join = pool._pool.join
    monkeypatch.setattr(pool._pool, "join", lambda *args, **kwargs: never.wait())
    started = time.perf_counter()
    assert pool.close(wait=0.5) is False
    assert time.perf_counter() - started < 2.0
    never.set()  # free the abandoned thread
    monkeypatch.setattr(pool._pool, "join", real_join)
    assert pool.close(wait=10) is True  # a pool that does finish says so
