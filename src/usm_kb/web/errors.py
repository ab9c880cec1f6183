"""One error shape for every JSON answer, an error page for browsers, and the handlers.

A refused request answers ``{"ok": false, "error": message, "status": code}`` as JSON, the
message as one line of text, or (for a browser, which prefers HTML) an error page, by
``Accept``; the status comes from the exception class. A 404 page suggests what the last
part of the path may have meant. No answer ever carries a traceback.
"""

from __future__ import annotations

import json

from flask import Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from usm_kb.errors import UsmKbError
from usm_kb.explorer.search import ErrorPage, not_found_page
from usm_kb.store import RunLimits
from usm_kb.web.negotiate import for_accept
from usm_kb.web.state import get_kb, get_settings


class ApiError(Exception):
    """A request the web layer refuses, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def prefers_html() -> bool:
    """True when the client names HTML and likes nothing it names better (a browser)."""
    return for_accept(request.headers.get("Accept", ""))[0]


def error_response(status: int, message: str, retry_after: int | None = None) -> Response:
    """One-line error as JSON or plain text, or an error page, by Accept (JSON for ``.json``)."""
    if prefers_html() and not request.path.endswith(".json"):
        page = ErrorPage("Error" if status != 404 else "Not found", (), status, message)
        return _page_response(page, retry_after)
    best = request.accept_mimetypes.best_match(
        ["text/plain", "application/json", "application/sparql-results+json"]
    )
    if (best and "json" in best) or request.path.endswith(".json"):
        body = json.dumps({"ok": False, "error": message, "status": status})
        response = Response(body, status, mimetype="application/json")
    else:
        response = Response(message + "\n", status, mimetype="text/plain")
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _page_response(page: ErrorPage, retry_after: int | None = None) -> Response:
    response = Response(render_template("error.html", page=page), page.status, mimetype="text/html")
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def not_found(word: str) -> Response:
    """404: nothing at this path; a browser gets suggestions for *word*."""
    message = f"nothing here: {request.path} is no page of this server and no IRI of the KB"
    if not prefers_html() or request.path.endswith(".json"):
        return error_response(404, message)
    kb = get_kb()
    limits = RunLimits(timeout=get_settings().sparql_timeout or None, lane="trusted")
    try:
        with kb.limited(limits):
            page = not_found_page(kb, word, message)
    except UsmKbError:
        page = ErrorPage("Not found", (), 404, message)
    return _page_response(page)


def register_error_handlers(app: Flask) -> None:
    """Turn errors into the one error shape (or page); never a traceback."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.message)

    @app.errorhandler(UsmKbError)
    def _usm_kb_error(exc: UsmKbError) -> Response:
        return error_response(exc.http_status, exc.message, exc.retry_after)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        if status == 404:
            return not_found(request.path.rstrip("/").rsplit("/", 1)[-1])
        response = error_response(status, exc.description or exc.name)
        allowed = getattr(exc, "valid_methods", None)
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        current_app.logger.exception("unexpected error on %s", request.path)
        return error_response(500, "internal error: the server could not answer this request")
