"""A response cache in front of the Flask app for the explorer's pages.

The KB is read-only, so a page answers the same bytes to the same request for the life of the
process. Flask's request and response machinery costs most of a page's time once the page is
built (measured: ~0.7 ms of ~0.8 ms), so repeated requests for a page are answered here,
before Flask: the key is the raw request (path, query string, ``Accept``, ``Origin``), the
value the whole response (status line, headers including CSP and CORS, body). Only responses
the render helper marks cacheable (``mark_cacheable``: pages with a cache key, status 200) are
kept; the endpoint, the console, health and errors never are. The cache is an LRU bounded
both in entries and in bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import request

MARK = "usm_kb.cacheable"
SIZE = 4096  # entries
MAX_BYTES = 32 * 2**20  # bodies kept, in all
Key = tuple[str, ...]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def mark_cacheable() -> None:
    """Let the response cache keep the answer to the current request."""
    request.environ[MARK] = True


@dataclass
class ResponseCache:
    """WSGI middleware: answer repeated GETs of cacheable pages from memory."""

    app: WsgiApp
    size: int = SIZE
    max_bytes: int = MAX_BYTES
    items: OrderedDict[Key, tuple[str, list[tuple[str, str]], bytes]] = field(
        default_factory=OrderedDict
    )
    lock: threading.Lock = field(default_factory=threading.Lock)
    held: int = 0  # bytes of the bodies kept

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Serve from the cache, or call the app and keep what it marks cacheable."""
        if environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        key = (
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_ACCEPT", ""),
            environ.get("HTTP_ORIGIN", ""),
        )
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
        if found is not None:
            status, headers, body = found
            start_response(status, headers)
            return [body]
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            captured[:] = [status, headers]
            return start_response(status, headers, *args)

        result = self.app(environ, capture)
        if not (environ.get(MARK) and captured and captured[0].startswith("200")):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        with self.lock:
            if key not in self.items and len(body) <= self.max_bytes:
                self.items[key] = (captured[0], list(captured[1]), body)
                self.held += len(body)
            while len(self.items) > self.size or self.held > self.max_bytes:
                self.held -= len(self.items.popitem(last=False)[1][2])
        return [body]
