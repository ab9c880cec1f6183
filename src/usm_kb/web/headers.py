"""Headers on every answer: a Content-Security-Policy and friends, and CORS.

The pages load scripts, styles and data only from this server (YASGUI and the explorer's own
script are files under ``/static/``; no inline script). CORS lets SPARQL tools hosted
elsewhere (a hosted YASGUI …) query the read-only server: the origins come from the
``cors_origins`` setting (``*`` by default); nothing here needs credentials or cookies.
"""

from __future__ import annotations

from flask import Flask, Response, request

from usm_kb.web.state import get_settings

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        # YASGUI (CodeMirror) sets style attributes and adds <style> elements at run time
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
EXPOSED = "X-USM-KB-Result-Size, X-USM-KB-Truncated, Retry-After, Content-Type"


def allowed_origin(origin: str | None, setting: str) -> str | None:
    """The ``Access-Control-Allow-Origin`` value for *origin* under the setting."""
    allowed = setting.split()
    if "*" in allowed:
        return "*"
    return origin if origin and origin in allowed else None


def answer_headers(origin: str | None, setting: str) -> list[tuple[str, str]]:
    """The headers every answer to a request from *origin* carries (security, then CORS)."""
    headers = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]
    allowed = allowed_origin(origin, setting)
    if allowed:
        headers.append(("Access-Control-Allow-Origin", allowed))
        headers.append(("Access-Control-Expose-Headers", EXPOSED))
    return headers


def register_headers(app: Flask) -> None:
    """Add the headers to every response."""

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        asked, setting = request.headers.get("Origin"), get_settings().cors_origins
        origin = allowed_origin(asked, setting)
        for key, value in answer_headers(asked, setting):
            if key.startswith("Access-Control-"):
                headers[key] = value
            else:
                headers.setdefault(key, value)
        if origin:
            if request.method == "OPTIONS":
                headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
                headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
                headers["Access-Control-Max-Age"] = "86400"
            if origin != "*":
                response.vary.add("Origin")
        return response
