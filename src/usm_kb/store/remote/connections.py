"""Kept-open HTTP connections to a SPARQL server: one per thread and origin, reused.

Opening a TCP connection for every query cost 2–3 ms on loopback, more than many queries
themselves. Each thread keeps one :class:`http.client.HTTPConnection` per origin (scheme,
host, port) and sends its next request on it; a connection the server closed is noticed by
the caller (the request fails before any answer) and replaced by :meth:`Connections.drop`.
No proxy is used, as before (the server is named directly).
"""

from __future__ import annotations

import http.client
import threading
import weakref
from urllib.parse import urlsplit


class Connections:
    """The connections of every thread, so :meth:`close` can end them all."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[http.client.HTTPConnection] = []
        self.opened = 0  # connections opened so far (for tests and benches)
        weakref.finalize(self, _close_all, self._all)  # a dropped client closes its sockets

    def get(self, url: str, timeout: float) -> tuple[http.client.HTTPConnection, str, bool]:
        """(connection, request target, reused) for *url* on the calling thread.

        A reused connection (one that served a request before) may since have been closed
        by the server; the caller then drops it and asks again.
        """
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        key = (parts.scheme, parts.netloc)
        pool: dict[tuple[str, str], http.client.HTTPConnection] = self._pool()
        conn = pool.get(key)
        reused = conn is not None and conn.sock is not None
        if conn is None:
            https = parts.scheme == "https"
            kind = http.client.HTTPSConnection if https else http.client.HTTPConnection
            conn = pool[key] = kind(parts.netloc, timeout=timeout)
        if conn.sock is None:  # opened by the request about to be sent
            with self._lock:
                self.opened += 1
                if conn not in self._all:
                    self._all.append(conn)
            conn.timeout = timeout
        else:
            conn.sock.settimeout(timeout)
        return conn, target, reused

    def drop(self, url: str) -> None:
        """Close and forget this thread's connection for *url*'s origin (after a failure)."""
        parts = urlsplit(url)
        conn = self._pool().pop((parts.scheme, parts.netloc), None)
        if conn is not None:
            conn.close()
            with self._lock:
                if conn in self._all:
                    self._all.remove(conn)

    def close(self) -> None:
        """Close every thread's connections (each reopens on its next request)."""
        with self._lock:
            _close_all(self._all)

    def _pool(self) -> dict[tuple[str, str], http.client.HTTPConnection]:
        pool = getattr(self._local, "pool", None)
        if pool is None:
            pool = self._local.pool = {}
        return pool


def _close_all(conns: list[http.client.HTTPConnection]) -> None:
    for conn in conns:
        conn.close()
    conns.clear()
