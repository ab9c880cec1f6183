"""HTTP to a SPARQL server: time limits, a byte cap, and retries for reads only.

Every failure becomes a ``UsmKbError`` naming the server: unreachable, too slow, answering
with an error, or sending more than :data:`MAX_RESPONSE_BYTES`. Reads (queries, Graph Store
``GET``) are idempotent and are retried with exponential backoff when the connection fails
or the server says it is busy (502/503/504); writes never are, a failed write is reported.
Connections are kept open between requests (:mod:`.connections`); a read that fails on a
kept connection the server has meanwhile closed, or that it answers with a 5xx (Oxigraph
server's ``--timeout-s`` also times out idle kept connections), is sent again at once on a
new one, and a write always starts on a connection that has not served a request yet, so
that failure cannot befall it.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from usm_kb.errors import QueryError, QueryUnavailable, UsmKbError
from usm_kb.store.remote.connections import Connections

MAX_RESPONSE_BYTES = 256 * 2**20  # the most one answer may hold (far above the row cap's)
RETRIES = 3  # further attempts of a read after the first
BACKOFF = 0.2  # seconds before the first retry; doubled for each next one
CHUNK = 64 * 1024
BUSY = frozenset({502, 503, 504})
ERROR_TEXT = 300  # characters of a server's error message repeated to the user


class ServerError(UsmKbError):
    """The SPARQL server refused a write or answered in a way usm-kb cannot use."""


@dataclass(frozen=True)
class Response:
    """A whole response body with its status and media type."""

    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class FileBody:
    """A request body read from *paths* in turn, a chunk at a time (never held whole)."""

    paths: tuple[Path, ...]

    @property
    def size(self) -> int:
        """Bytes in all (the ``Content-Length``)."""
        return sum(path.stat().st_size for path in self.paths)

    def chunks(self) -> Iterator[bytes]:
        """The bytes, in chunks."""
        for path in self.paths:
            with path.open("rb") as body:
                while chunk := body.read(CHUNK * 16):
                    yield chunk


@dataclass
class Client:
    """Requests to one server; *timeout* bounds each request unless a caller passes one."""

    server: str
    timeout: float = 30.0
    max_bytes: int = MAX_RESPONSE_BYTES
    retries: int = RETRIES
    backoff: float = BACKOFF
    connections: Connections = field(default_factory=Connections, repr=False)

    def read(
        self,
        url: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> Response:
        """An idempotent request (GET, or POST of a query): retried with backoff."""
        limit = timeout or self.timeout
        deadline = time.monotonic() + limit
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                return self._send(
                    url, data, headers or {}, "POST" if data else "GET", deadline, read=True
                )
            except _Retryable as exc:
                left = deadline - time.monotonic()
                if attempt == self.retries or left <= delay:
                    raise QueryUnavailable(f"{exc.message} (tried {attempt + 1} times)") from None
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def write(
        self,
        url: str,
        *,
        method: str,
        data: bytes | FileBody | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> Response:
        """A request that changes the server (PUT, DELETE, POST of an update): never retried.

        A :class:`FileBody` is streamed from its files with its ``Content-Length``.
        """
        deadline = time.monotonic() + (timeout or self.timeout)
        try:
            return self._send(url, data, headers or {}, method, deadline, read=False)
        except _Retryable as exc:
            raise ServerError(exc.message) from None

    def close(self) -> None:
        """Close the kept connections (a later request opens a new one)."""
        self.connections.close()

    def _send(
        self,
        url: str,
        data: bytes | FileBody | None,
        headers: dict[str, str],
        method: str,
        deadline: float,
        *,
        read: bool,
    ) -> Response:
        left = deadline - time.monotonic()
        if left <= 0:
            raise QueryUnavailable(f"the SPARQL server {self.server} did not answer in time")
        conn, target, reused = self.connections.get(url, left)
        if reused and not read:
            self.connections.drop(url)  # a write goes out on a fresh connection
            conn, target, reused = self.connections.get(url, left)
        try:
            if isinstance(data, FileBody):
                sized = {**headers, "Content-Length": str(data.size)}
                conn.request(method, target, body=data.chunks(), headers=sized)
            else:
                conn.request(method, target, body=data, headers=headers)
            answer = conn.getresponse()
        except TimeoutError:
            self.connections.drop(url)
            raise self._too_slow(left) from None
        except (http.client.HTTPException, OSError) as exc:
            self.connections.drop(url)
            if reused:  # closed by the server while idle: nothing was answered, ask again
                return self._send(url, data, headers, method, deadline, read=read)
            raise self._unreachable(exc) from None
        try:
            if 200 <= answer.status < 300:
                body = self._body(answer, deadline)
                return Response(answer.status, answer.headers.get_content_type(), body)
            text = _error_text(answer.read(self.max_bytes))
        except TimeoutError:
            self.connections.drop(url)
            raise self._too_slow(left) from None
        except (http.client.HTTPException, OSError) as exc:
            self.connections.drop(url)
            raise self._unreachable(exc) from None
        except BaseException:
            self.connections.drop(url)  # half-read: the connection cannot carry another
            raise
        finally:
            if not answer.isclosed():
                self.connections.drop(url)
        if reused and read and answer.status >= 500:
            # Oxigraph server started with --timeout-s (docs/deploy.md) times out a kept
            # connection left idle that long and answers its next request 500: ask again once
            # on a fresh one (a read is idempotent; a real server error comes back there)
            self.connections.drop(url)
            return self._send(url, data, headers, method, deadline, read=read)
        if answer.status in BUSY:
            raise _Retryable(self._says(answer.status, text))
        if answer.status == 400 and method != "PUT":
            raise QueryError(f"the SPARQL server {self.server} refused the query: {text}")
        raise ServerError(self._says(answer.status, text))

    def _too_slow(self, left: float) -> QueryUnavailable:
        return QueryUnavailable(
            f"the SPARQL server {self.server} did not answer within {round(left, 1)} s",
            hint="the query may be too costly, or the server overloaded",
        )

    def _unreachable(self, exc: BaseException) -> _Retryable:
        return _Retryable(
            f"the SPARQL server {self.server} is unreachable: {exc}; check that it runs "
            "and that --store / USM_KB_STORE names it"
        )

    def _body(self, answer: object, deadline: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while chunk := answer.read(CHUNK):  # type: ignore[attr-defined]
            size += len(chunk)
            if size > self.max_bytes:
                raise ServerError(
                    f"the SPARQL server {self.server} sent more than {self.max_bytes:,} "
                    "bytes; ask for less (LIMIT)"
                )
            if time.monotonic() > deadline:
                raise QueryUnavailable(f"the SPARQL server {self.server} did not answer in time")
            chunks.append(chunk)
        return b"".join(chunks)

    def _says(self, status: int, text: str) -> str:
        return f"the SPARQL server {self.server} answered {status}: {text}"


class _Retryable(Exception):
    """A failure a read may retry: no connection, or the server busy."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _error_text(body: bytes) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text[:ERROR_TEXT] or "no message"
