"""One error shape for every JSON answer, and the handlers that produce it.

A refused request answers ``{"ok": false, "error": message, "status": code}`` as JSON, or
the message as one line of text, by ``Accept``; the status comes from the exception class.
"""

from __future__ import annotations

import json

from flask import Flask, Response, request

from usm_kb.errors import UsmKbError


class ApiError(Exception):
    """A request the web layer refuses, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str, retry_after: int | None = None) -> Response:
    """One-line error as JSON or plain text, by Accept (with ``Retry-After`` on a 503)."""
    best = request.accept_mimetypes.best_match(
        ["text/plain", "application/json", "application/sparql-results+json"]
    )
    if best and "json" in best:
        body = json.dumps({"ok": False, "error": message, "status": status})
        response = Response(body, status, mimetype="application/json")
    else:
        response = Response(message + "\n", status, mimetype="text/plain")
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def register_error_handlers(app: Flask) -> None:
    """Turn ``ApiError`` and user-facing ``UsmKbError`` into the one error shape."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.message)

    @app.errorhandler(UsmKbError)
    def _usm_kb_error(exc: UsmKbError) -> Response:
        return error_response(exc.http_status, exc.message, exc.retry_after)
