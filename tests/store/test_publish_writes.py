"""How publish writes graphs: bodies streamed from split files, time limits by size, edits.

The time limit of a write grows with the triples it writes, so a large graph is not cut off
by a limit sized for a small one (here: a server that takes longer than the store timeout
allows, small sizes with small settings); a served workspace graph is edited by the lines the
previously published artefact and the new one do not share.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

import sparql_server
from usm_kb.errors import QueryUnavailable
from usm_kb.rdf.graph_files import changed_lines, split_graphs
from usm_kb.settings import Settings
from usm_kb.store.remote import graph_writes, part_writes
from usm_kb.store.remote.graph_writes import (
    MAX_WRITE_TIMEOUT,
    WRITE_TIMEOUT_FACTOR,
    file_edit_ops,
    put_file,
    write_timeout,
)
from usm_kb.store.remote.http import Client
from usm_kb.store.remote.location import StoreUrl, parse_store
from usm_kb.store.remote.publish import publish

EX = "https://example.org/"
SLOW = 0.6  # seconds the fake server takes to store any body


class SlowStore(http.server.BaseHTTPRequestHandler):
    """A Graph Store that reads the whole body, then takes :data:`SLOW` s to store it."""

    received: ClassVar[list[int]] = []

    def do_PUT(self) -> None:
        size = int(self.headers["Content-Length"])
        body = self.rfile.read(size)
        SlowStore.received.append(len(body))
        time.sleep(SLOW)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def slow_store() -> Iterator[StoreUrl]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowStore)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    SlowStore.received.clear()
    url = parse_store(f"sparql+http://127.0.0.1:{server.server_address[1]}")
    assert url is not None
    yield url
    server.shutdown()
    server.server_close()


def ntriples(path: Path, count: int) -> Path:
    lines = (f'<{EX}s{i}> <{EX}p> "value {i}" .\n' for i in range(count))
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_the_time_limit_of_a_write_grows_with_its_triples_and_is_bounded() -> None:
    settings = Settings(store_timeout=2.0)
    base = 2.0 * WRITE_TIMEOUT_FACTOR
    assert write_timeout(settings, 0) == base
    assert write_timeout(settings, graph_writes.WRITE_RATE * 30) == pytest.approx(base + 30)
    assert write_timeout(settings, 10**12) == MAX_WRITE_TIMEOUT


def test_a_large_write_gets_the_time_its_size_needs_and_its_body_is_streamed_whole(
    slow_store: StoreUrl, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graph_writes, "WRITE_RATE", 1_000)  # 2,000 triples: 2 s more
    settings = Settings(store_timeout=0.02)  # a bare limit of 0.2 s, below the server's 0.6 s
    body = ntriples(tmp_path / "g.nt", 2_000)
    client = Client(str(slow_store))
    put_file(client, slow_store, f"{EX}g", [body, body], write_timeout(settings, 4_000))
    assert SlowStore.received == [2 * body.stat().st_size]
    with pytest.raises(QueryUnavailable, match="did not answer within"):
        put_file(client, slow_store, f"{EX}g", [body], write_timeout(settings, 0))


def test_an_artefact_is_split_into_one_file_per_graph_with_counts_and_blank_nodes(
    tmp_path: Path,
) -> None:
    artefact = tmp_path / "a.nq"
    artefact.write_text(
        f'<{EX}a> <{EX}p> "x" <{EX}g1> .\n'
        f"<{EX}a> <{EX}p> <{EX}b> <{EX}g1> .\n"
        f"_:n <{EX}p> <{EX}b> <{EX}g2> .\n"
        f"<{EX}a> <{EX}p> <{EX}c> .\n",  # the default graph: not published
        encoding="utf-8",
    )
    files = split_graphs(artefact, tmp_path / "split")
    assert sorted(files) == [f"{EX}g1", f"{EX}g2"]
    assert (files[f"{EX}g1"].triples, files[f"{EX}g2"].triples) == (2, 1)
    assert not files[f"{EX}g1"].blank and files[f"{EX}g2"].blank
    text = files[f"{EX}g1"].path.read_text("utf-8")
    assert text.count("\n") == 2 and f"<{EX}g1>" not in text and f"<{EX}c>" not in text


def test_a_file_edit_names_only_the_lines_that_changed(tmp_path: Path) -> None:
    old = ntriples(tmp_path / "old.nt", 5)
    new = tmp_path / "new.nt"
    lines = old.read_text("utf-8").splitlines(keepends=True)
    new.write_text("".join([*lines[1:], f'<{EX}s9> <{EX}p> "added" .\n']), encoding="utf-8")
    deleted, inserted = changed_lines(old, new)
    assert deleted == [lines[0].encode()] and inserted == [f'<{EX}s9> <{EX}p> "added" .\n'.encode()]
    ops, changed = file_edit_ops(f"{EX}g", old, new)
    assert changed == 2 and [op.split(" ")[0] for op in ops] == ["DELETE", "INSERT"]
    assert '"value 1"' not in "".join(ops) and '"added"' in ops[1]
    assert file_edit_ops(f"{EX}g", old, old) == ([], 0)


def test_publish_gives_each_write_the_time_its_triples_need(
    small_compiled: tuple[Path, Path],
    oxigraph: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = sparql_server.OxigraphServer(tmp_path / "db", oxigraph).start()
    try:
        url = parse_store(server.store)
        assert url is not None
        limits: dict[str, float] = {}
        real = part_writes.put_file

        def recording(c: Client, u: StoreUrl, graph: str, files: list[Path], t: float) -> None:
            limits[graph] = t
            real(c, u, graph, files, t)

        monkeypatch.setattr(part_writes, "put_file", recording)
        settings = Settings(reason=False, sparql_workers=0, store_timeout=1.0)
        done = publish(url, *small_compiled, settings)
        graphs = done.parts[0].graphs
        union = max(limits, key=limits.__getitem__)
        assert union not in graphs
        assert limits[union] == pytest.approx(write_timeout(settings, sum(graphs.values())))
        assert all(limits[g] == write_timeout(settings, n) for g, n in graphs.items())
    finally:
        server.stop()
