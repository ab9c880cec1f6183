"""Publishing to a SPARQL server: a publish killed midway leaves the previous version serving.

v1 is the small KB (agile, kanban), published with the CLI; v2 is the shipped KB. The
server is killed (SIGKILL) while v2's graphs are being staged and restarted on the same
folder: readers still get v1 whole, through the manifest, and the next publish clears the
leftovers and switches to v2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import sparql_server
from usm_kb.cli import cli
from usm_kb.errors import UsmKbError
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.store.remote.http import Client
from usm_kb.store.remote.location import parse_store
from usm_kb.store.remote.manifest import current_records, staged_graphs
from usm_kb.store.remote.publish import publish


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
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
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
        assert len(staged) == 5  # killed midway: 5 of the shipped KB's 35 graphs staged

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
        assert staged_graphs(Client(server.url), url)  # v2's half lies staged, unseen

        done = publish(url, kb.root, kb.cache_dir, settings)
        assert done.removed_staging == 5
        assert not staged_graphs(Client(server.url), url)
        v2 = KnowledgeBase.open(kb.root, kb.cache_dir, settings=settings)
        assert frameworks(v2) == frameworks(kb)
        assert len(v2) == len(kb) and v2.graph_names() == kb.graph_names()
        assert v2.scalar(count) == kb.scalar(count)
        record = current_records(Client(server.url), url)["kb"]
        assert record.id == done.id and record.fingerprint == kb.manifest.artefact_sha256
    finally:
        server.stop()
