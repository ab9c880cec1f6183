"""The SPARQL server client: reads retried with backoff, writes never, answers bounded."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sparql_server import OxigraphServer
from usm_kb.errors import QueryError, QueryUnavailable
from usm_kb.store.backend import UNION, RunLimits
from usm_kb.store.remote.backend import SparqlBackend
from usm_kb.store.remote.http import Client, ServerError
from usm_kb.store.remote.location import parse_store
from usm_kb.store.remote.results import BadAnswer

ASK_TRUE = b'{"head":{},"boolean":true}'


class Stub:
    """A fake SPARQL server answering from a script of (status, body) pairs."""

    def __init__(self, script: list[tuple[int, bytes]], keep_alive: bool = False) -> None:
        self.script = script
        self.requests: list[str] = []
        self.connections = 0  # TCP connections accepted
        self.hang_up_after = 0  # > 0: close each connection after that many answers
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

            def setup(self) -> None:
                super().setup()
                stub.connections += 1
                self.answered = 0

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                stub.requests.append(self.command)
                status, body = stub.script.pop(0) if stub.script else (200, ASK_TRUE)
                self.send_response(status)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.answered += 1
                if stub.hang_up_after and self.answered >= stub.hang_up_after:
                    self.close_connection = True  # without telling the client, as on a timeout

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub([])
    yield server
    server.close()


@pytest.fixture
def keep_alive() -> Iterator[Stub]:
    server = Stub([], keep_alive=True)
    yield server
    server.close()


def backend(stub: Stub) -> SparqlBackend:
    url = parse_store("sparql+" + stub.url)
    assert url is not None
    return SparqlBackend(url, {"urn:g": 1}, client=Client(stub.url, timeout=5, backoff=0.01))


def test_a_busy_server_is_asked_again_for_reads(stub: Stub) -> None:
    stub.script += [(503, b"busy"), (502, b"bad gateway")]
    assert backend(stub).query("ASK {}", UNION, RunLimits()).boolean is True
    assert stub.requests == ["POST", "POST", "POST"]


def test_retries_end_with_a_message_naming_the_server(stub: Stub) -> None:
    stub.script += [(503, b"busy")] * 4
    with pytest.raises(QueryUnavailable, match=rf"{stub.url} answered 503: busy \(tried 4 times\)"):
        backend(stub).query("ASK {}", UNION, RunLimits())


def test_writes_are_never_repeated(stub: Stub) -> None:
    stub.script += [(503, b"busy")]
    with pytest.raises(ServerError, match="answered 503"):
        Client(stub.url).write(stub.url + "/store?graph=urn:g", method="PUT", data=b"")
    assert stub.requests == ["PUT"]


def test_a_refused_query_is_a_query_error_not_retried(stub: Stub) -> None:
    stub.script += [(400, b"Parser error at 1:3")]
    with pytest.raises(QueryError, match="refused the query: Parser error at 1:3"):
        backend(stub).query("ASK {}", UNION, RunLimits())
    assert stub.requests == ["POST"]


def test_an_oversized_answer_is_refused(stub: Stub) -> None:
    stub.script += [(200, b'{"head":{"vars":["x"]},"results":{"bindings":[' + b" " * 5000 + b"]}}")]
    client = Client(stub.url, max_bytes=1000)
    url = parse_store("sparql+" + stub.url)
    assert url is not None
    with pytest.raises(ServerError, match="sent more than"):
        SparqlBackend(url, {"urn:g": 1}, client=client).query("SELECT ?x {}", UNION, RunLimits())


def test_an_unreadable_answer_is_a_clear_error(stub: Stub) -> None:
    stub.script += [(200, b"<html>not json</html>")]
    with pytest.raises(BadAnswer, match="unreadable answer"):
        backend(stub).query("ASK {}", UNION, RunLimits())


def test_queries_share_one_kept_connection(keep_alive: Stub) -> None:
    remote = backend(keep_alive)
    for _ in range(3):
        assert remote.query("ASK {}", UNION, RunLimits()).boolean is True
    assert keep_alive.requests == ["POST"] * 3
    assert keep_alive.connections == 1 and remote.client.connections.opened == 1


def test_a_server_without_keep_alive_gets_a_connection_per_query(stub: Stub) -> None:
    remote = backend(stub)
    for _ in range(2):
        assert remote.query("ASK {}", UNION, RunLimits()).boolean is True
    assert stub.connections == 2


def test_a_read_on_a_connection_the_server_dropped_is_sent_again(keep_alive: Stub) -> None:
    keep_alive.hang_up_after = 1
    remote = backend(keep_alive)
    for _ in range(3):
        assert remote.query("ASK {}", UNION, RunLimits()).boolean is True
    assert keep_alive.requests == ["POST"] * 3
    assert keep_alive.connections == 3


def test_a_write_starts_on_a_fresh_connection(keep_alive: Stub) -> None:
    client = Client(keep_alive.url)
    client.read(keep_alive.url + "/query?query=ASK%7B%7D")
    client.write(keep_alive.url + "/store?graph=urn:g", method="PUT", data=b"")
    assert keep_alive.requests == ["GET", "PUT"] and keep_alive.connections == 2


def test_close_ends_the_kept_connections(keep_alive: Stub) -> None:
    remote = backend(keep_alive)
    remote.query("ASK {}", UNION, RunLimits())
    remote.close()
    remote.query("ASK {}", UNION, RunLimits())
    assert keep_alive.connections == 2


def test_a_5xx_on_a_kept_connection_is_asked_again_on_a_fresh_one(keep_alive: Stub) -> None:
    """What Oxigraph server with --timeout-s answers on a connection idle past its limit."""
    keep_alive.script += [(200, ASK_TRUE), (500, b"Resource temporarily unavailable (os error 11)")]
    remote = backend(keep_alive)
    for _ in range(2):
        assert remote.query("ASK {}", UNION, RunLimits()).boolean is True
    assert keep_alive.requests == ["POST"] * 3 and keep_alive.connections == 2


def test_a_5xx_on_a_fresh_connection_is_the_servers_error(stub: Stub) -> None:
    stub.script += [(500, b"storage broken")]
    with pytest.raises(ServerError, match="answered 500: storage broken"):
        backend(stub).query("ASK {}", UNION, RunLimits())
    assert stub.requests == ["POST"]


def test_an_idle_kept_connection_survives_the_servers_own_time_limit(
    oxigraph: str, tmp_path: Path
) -> None:
    """Against the real server, started as docs/deploy.md advises (--timeout-s)."""
    server = OxigraphServer(tmp_path / "db", oxigraph, query_timeout_s=1).start()
    try:
        client = Client(server.url, timeout=10)
        ask = server.url + "/query?query=ASK%7B%7D"
        assert client.read(ask).status == 200
        time.sleep(2.5)  # idle past the server's limit: it times the kept connection out
        assert client.read(ask).status == 200
        assert client.connections.opened == 2
    finally:
        server.stop()
