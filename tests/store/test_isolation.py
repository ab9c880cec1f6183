"""The OS layer of the read-only guarantee, and crash/time isolation of outside queries.

Each sandbox test first shows the bypass is real (the same query, sandbox off, reaches the
listener) and then that the sandbox alone stops it: the query policy is not involved here,
queries go straight to the backend.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from usm_kb.build.artefact import ARTEFACT
from usm_kb.errors import QueryError, QueryUnavailable
from usm_kb.isolation import deny_network, run_forked
from usm_kb.store import Dataset, Formats, RunLimits
from usm_kb.store.embedded import EmbeddedBackend


def namespaces_available() -> bool:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(writer, deny_network().encode())
        os._exit(0)
    os.close(writer)
    answer = os.read(reader, 200).decode()
    os.close(reader)
    os.waitpid(pid, 0)
    return answer.startswith("network namespace")


needs_namespaces = pytest.mark.skipif(
    not namespaces_available(), reason="this OS offers no network namespaces (documented)"
)


def service(port: int) -> str:
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}"


@pytest.fixture(params=[0, 1], ids=["forked", "pool"])
def backends(request, kb) -> Iterator[tuple[EmbeddedBackend, EmbeddedBackend]]:
    artefact = kb.cache_dir / ARTEFACT
    open_ = EmbeddedBackend(artefact, workers=request.param, sandbox=False)
    closed = EmbeddedBackend(artefact, workers=request.param, sandbox=True)
    yield open_, closed
    open_.close()
    closed.close()


def attempt(backend: EmbeddedBackend, text: str) -> None:
    """Run *text*, giving up after 3 s: the listener never answers, so a query that did
    connect waits for its time limit (the connection is made in its first moments)."""
    with contextlib.suppress(QueryError):
        backend.query(text, Dataset(), RunLimits(timeout=3))


@needs_namespaces
def test_service_reaches_nothing_from_a_sandboxed_query(backends, listener) -> None:
    open_, closed = backends
    attempt(open_, service(listener.port))
    assert listener.connections >= 1  # without the sandbox the bypass really connects
    before = listener.connections
    with pytest.raises(QueryError):
        closed.query(service(listener.port), Dataset(), RunLimits(timeout=10))
    assert listener.connections == before


def test_forked_queries_answer_like_in_process(kb) -> None:
    backend = EmbeddedBackend(kb.cache_dir / ARTEFACT, workers=0, sandbox=True)
    # a backend runs admitted texts: complete, their prefixes declared (store.policy)
    text = kb.admit("SELECT ?c WHERE { ?p a usm:Process ; usm:code ?c } ORDER BY ?c").text
    here = backend.query(text, Dataset(), RunLimits())
    there = backend.query(text, Dataset(), RunLimits(timeout=10))
    assert there == here and len(there.rows) == 5
    written = backend.query_serialized(
        text, Dataset(), Formats("csv", None), RunLimits(cap=2, timeout=10)
    )
    assert written.truncated and written.body.count(b"\r\n") == 3


def crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)  # runs in the child: it kills itself


def test_a_crash_in_the_child_is_one_query_error() -> None:
    with pytest.raises(QueryError, match=r"crashed on this input \(SIGSEGV\)"):
        run_forked(crash, (), 5, sandbox=False)


def test_a_runaway_child_is_killed_at_its_deadline() -> None:
    started = time.perf_counter()
    with pytest.raises(QueryUnavailable, match="1 s time limit"):
        run_forked(time.sleep, (30,), 1, sandbox=False)
    assert time.perf_counter() - started < 2


def test_errors_in_the_child_come_back_as_they_are() -> None:
    def fail() -> None:
        raise QueryError("SPARQL syntax error: at 1:5")

    with pytest.raises(QueryError, match="at 1:5"):
        run_forked(fail, (), 5, sandbox=True)


def lookup_fails() -> None:
    raise LookupError("No package metadata was found for pyshacl")


def test_other_errors_inside_a_memory_ceiling_become_one_line() -> None:
    with pytest.raises(QueryError) as info:
        run_forked(lookup_fails, (), 5, sandbox=False, memory_mb=4096, what="validating these")
    message = str(info.value)
    assert "validating these failed within its 4096 MiB memory ceiling" in message
    assert "LookupError: No package metadata was found for pyshacl" in message


def test_without_a_ceiling_other_errors_stay_what_they_are() -> None:
    with pytest.raises(LookupError, match="pyshacl"):
        run_forked(lookup_fails, (), 5, sandbox=False)


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="Linux only (prctl)")
def test_a_child_does_not_outlive_its_parent() -> None:
    """A parent killed while its child works (a caller's own time limit) takes the child
    with it: a child must never be left running alone (one once spun at full CPU for
    minutes after its parent was killed)."""
    script = (
        "import os, time\n"
        "from usm_kb.isolation import run_forked\n"
        "def work():\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(60)\n"
        "run_forked(work, (), None, sandbox=False)\n"
    )
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert running(child)
        parent.kill()
        parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(child)
