"""The named queries' lane: ``GET /queries/NAME`` for a SPARQL client, answered before Flask.

A named query's answer is a few hundred microseconds of work for most queries, and Flask's
request and response machinery costs about as much again (measured: ~0.5 ms). So the plain
case — a GET from a client that does not prefer HTML, an ASCII name, a query string that
decodes cleanly with each parameter once — is answered here, on the same query path with
the same bounds as the view (:func:`usm_kb.web.state.run_limits`: row cap, time limit, the
trusted lane) and the same headers (:func:`usm_kb.web.headers.answer_headers`). Everything
else goes to Flask untouched, and so does every failure: the error the query path raised is
handed to the view (:data:`FAILED`), which raises it, so Flask's handlers write the one error
shape without running the query a second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from usm_kb.settings import Settings
from usm_kb.store import Formats, KnowledgeBase
from usm_kb.web.cache import MARK, StartResponse, WsgiApp
from usm_kb.web.headers import answer_headers
from usm_kb.web.negotiate import for_accept
from usm_kb.web.sparql import result_headers
from usm_kb.web.state import run_limits

PREFIX = "/queries/"
FAILED = "usm_kb.named_lane.failed"  # environ key: the error the lane met, for the view
CLIENT_HINTS = frozenset({"format", "output", "results"})  # result-format hints, ignored
NOTHING = Formats(None, None)


def plain_params(query_string: str) -> dict[str, str] | None:
    """The parameters of a plain query string, or None to leave the request to Flask."""
    if not query_string:
        return {}
    if not query_string.isascii():
        return None
    try:
        pairs = parse_qsl(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return None
    params = {key: value for key, value in pairs if key not in CLIENT_HINTS}
    if len(params) != sum(1 for key, _ in pairs if key not in CLIENT_HINTS):
        return None  # a parameter given twice: the view says so
    return params


@dataclass
class NamedQueryLane:
    """WSGI middleware: the plain ``GET /queries/NAME`` of a SPARQL client, without Flask."""

    app: WsgiApp
    kb: KnowledgeBase
    settings: Settings

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer a plain named-query request here; hand anything else to the app."""
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "GET" or not path.startswith(PREFIX):
            return self.app(environ, start_response)
        name = path[len(PREFIX) :]
        html, formats = for_accept(environ.get("HTTP_ACCEPT", ""))
        params = plain_params(environ.get("QUERY_STRING", ""))
        plain_name = name.isascii() and "/" not in name and "." not in name  # not a .json page
        if html or formats == NOTHING or params is None or not plain_name:
            return self.app(environ, start_response)
        limits = run_limits(self.settings, environ, "trusted")
        try:
            prepared = self.kb.prepare_named(name, params)
            result = self.kb.run_serialized(prepared, formats, limits=limits)
        except Exception as exc:  # every failure is answered by Flask's handlers
            environ[FAILED] = exc
            return self.app(environ, start_response)
        origin = environ.get("HTTP_ORIGIN")
        headers = result_headers(result, limits.cap)
        headers.append(("Content-Length", str(len(result.body))))
        cors = answer_headers(origin, self.settings.cors_origins)
        by_origin = ("Access-Control-Allow-Origin", "*") not in cors and cors[-1][
            0
        ] != "X-Frame-Options"
        headers.append(("Vary", "Accept, Origin" if by_origin else "Accept"))
        headers += cors
        environ[MARK] = True  # the KB is read-only: the response cache may keep it
        start_response("200 OK", headers)
        return [result.body]
