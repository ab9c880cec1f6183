"""Publishing to a SPARQL server: a publish killed midway leaves the previous version serving.

v1 is the small KB (agile, kanban), published with the CLI; v2 is the shipped KB. The
server is killed (SIGKILL) while v2's graphs are being written and restarted on the same
folder: readers still get v1 whole, through the manifest, and the next publish clears the
leftovers and switches to v2.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import sparql_server
from usm_kb.cli import cli
from usm_kb.errors import UsmKbError
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.store.remote.http import Client
from usm_kb.store.remote.location import parse_store
from usm_kb.store.remote.manifest import current_records, graph_names
from usm_kb.store.remote.publish import publish

pytestmark = pytest.mark.slow  # scheduled first (tests/conftest.py)


def frameworks(kb: KnowledgeBase) -> set[str]:
    return {str(row["framework_id"]) for row in kb.run_named("frameworks").rows}


def test_a_publish_killed_midway_leaves_the_previous_graphs_answering(
    oxigraph: str,
    small_compiled: tuple[Path, Path],
    kb: KnowledgeBase,
    tmp_path: Path,
) -> None:
    server = sparql_server.OxigraphServer(tmp_path / "db", oxigraph).start()
    try:
        root, cache = small_compiled
        base = ["--data", str(root), "--cache", str(cache)]
        first = CliRunner().invoke(cli, [*base, "publish", "--store", server.store, "--json"])
        assert first.exit_code == 0, first.output
        v1 = json.loads(first.stdout)
        settings = Settings(reason=False, sparql_workers=0, store=server.store)
        before = KnowledgeBase.open(root, cache, settings=settings)
        assert frameworks(before) == {"agile", "kanban"}
        assert len(before) == v1["triples"]
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        triples = before.scalar(count)
        assert triples > 0

        staged: list[str] = []

        def kill_after_five(done: int, total: int, graph: str) -> None:
            staged.append(graph)
            if done == 5:
                server.kill()

        url = parse_store(server.store)
        assert url is not None
        with pytest.raises(UsmKbError, match="unreachable"):
            publish(url, kb.root, kb.cache_dir, settings, progress=kill_after_five)
        assert len(staged) == 5  # killed midway: 5 of the shipped KB's 35 graphs done

        server.port = sparql_server.free_port()
        server.start()
        settings = settings.replace(store=server.store)
        url = parse_store(server.store)
        assert url is not None
        after = KnowledgeBase.open(root, cache, settings=settings)
        assert after.manifest == before.manifest
        assert after.graph_names() == before.graph_names()
        assert frameworks(after) == {"agile", "kanban"}
        assert after.scalar(count) == triples
        records = current_records(Client(server.url), url)
        served = {g for r in records.values() for g in [*r.graphs, r.union, r.kept]}
        unseen = set(graph_names(Client(server.url), url)) - served
        assert unseen  # v2's graphs new to the server lie written, unseen; v1's unchanged

        done = publish(url, kb.root, kb.cache_dir, settings)
        assert done.removed_staging == len(unseen)
        records = current_records(Client(server.url), url)
        served = {g for r in records.values() for g in [*r.graphs, r.union, r.kept]}
        assert set(graph_names(Client(server.url), url)) == served
        v2 = KnowledgeBase.open(kb.root, kb.cache_dir, settings=settings)
        assert frameworks(v2) == frameworks(kb)
        assert len(v2) == len(kb) and v2.graph_names() == kb.graph_names()
        assert v2.scalar(count) == kb.scalar(count)
        record = current_records(Client(server.url), url)["kb"]
        assert record.id == done.id and record.fingerprint == kb.manifest.artefact_sha256
    finally:
        server.stop()


def serve(root: Path, cache: Path, store: str) -> tuple[str, subprocess.Popen[str]]:
    """`usm-kb serve --store URL` on a free port, as a deployment starts each worker."""
    port = sparql_server.free_port()
    command = [sys.executable, "-m", "usm_kb", "--data", str(root), "--cache", str(cache)]
    command += ["serve", "--store", store, "--workers", "2", "--port", str(port)]
    command += ["--timeout", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return f"http://127.0.0.1:{port}", process


def get(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def wait_for(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"usm-kb serve exited: {process.communicate()[1]}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("usm-kb serve did not answer in time")


def test_stateless_workers_serve_one_store_and_answer_503_without_it(
    oxigraph: str, small_compiled: tuple[Path, Path], tmp_path: Path
) -> None:
    root, cache = small_compiled
    server = sparql_server.OxigraphServer(tmp_path / "db", oxigraph).start()
    workers = []
    try:
        url = parse_store(server.store)
        assert url is not None
        publish(url, root, cache, Settings(reason=False))
        workers = [serve(root, tmp_path / f"cache-{n}", server.store) for n in (1, 2)]
        page = "/id/process/recover.json"
        answers = []
        for base, process in workers:
            wait_for(base + "/-/health.json", process)
            answers.append(get(base + page))
        assert answers[0] == answers[1] and answers[0][0] == 200
        assert not any((tmp_path / f"cache-{n}" / "kb.nq").exists() for n in (1, 2))

        server.kill()
        started = time.monotonic()
        status, body = get(workers[0][0] + "/id/process/change.json")
        assert status == 503 and server.url in body["error"]
        assert time.monotonic() - started < 5
    finally:
        for _, process in workers:
            process.terminate()
            process.communicate(timeout=10)
        server.stop()
