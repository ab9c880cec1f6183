"""The one render helper: a page dataclass as HTML (Jinja) or as its JSON twin.

A page's format comes from a ``.json`` suffix on the URL (the view passes it) or else from
``Accept`` (HTML unless JSON is preferred). Every page is built inside
``kb.limited(RunLimits(lane="trusted", …))``, so its queries take the trusted lane of the one
query path and a flood of ad-hoc queries on /sparql cannot starve the pages. The KB is
read-only: rendered bodies are kept in a small per-app cache under a key the view gives
(only the parameters the view reads, so unknown query parameters neither matter nor grow it),
and whole responses in the response cache in front of Flask (``web/cache.py``).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Response, current_app, render_template, request

from usm_kb.explorer.base import Page
from usm_kb.store import RunLimits
from usm_kb.web.cache import mark_cacheable
from usm_kb.web.state import EXTENSION, get_kb, get_settings

HTML = "text/html"
JSON = "application/json"
BODY_CACHE = 2048  # rendered bodies kept per app (pages are small; the KB never changes)
BODY_BYTES = 32 * 2**20


@dataclass
class BodyCache:
    """A thread-safe LRU of rendered bodies, bounded in entries and in bytes."""

    size: int = BODY_CACHE
    max_bytes: int = BODY_BYTES
    items: OrderedDict[tuple[str, ...], bytes] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    held: int = 0

    def get(self, key: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
        """The body under *key*, made and kept on first use."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        body = make()
        with self.lock:
            if key not in self.items and len(body) <= self.max_bytes:
                self.items[key] = body
                self.held += len(body)
            while len(self.items) > self.size or self.held > self.max_bytes:
                self.held -= len(self.items.popitem(last=False)[1])
        return body


def page_limits() -> RunLimits:
    """The limits of the pages' own queries: the trusted lane, the endpoint's time limit."""
    return RunLimits(timeout=get_settings().sparql_timeout or None, lane="trusted")


def build(make: Callable[[], Any]) -> Any:
    """Run a page service on the trusted lane."""
    kb = get_kb()
    with kb.limited(page_limits()):
        return make()


def wants_json(suffix: str | None = None) -> bool:
    """True for a ``.json`` suffix, or an Accept that prefers JSON to HTML."""
    if suffix is not None:
        return suffix == "json"
    return request.accept_mimetypes.best_match([HTML, JSON]) == JSON


def render(
    make: Callable[[], Page],
    *,
    key: tuple[str, ...] | None = None,
    suffix: str | None = None,
    status: int = 200,
) -> Response:
    """The page *make* builds, as HTML or JSON (cached under *key* when given)."""
    fmt = "json" if wants_json(suffix) else "html"
    if key is None:
        page = build(make)
        data = _body(page, fmt)
        status = getattr(page, "status", status)
    else:
        data = cache().get((fmt, request.path, *key), lambda: _body(build(make), fmt))
        mark_cacheable()
    response = Response(data, status, mimetype=JSON if fmt == "json" else HTML)
    if suffix is None:
        response.vary.add("Accept")
    return response


def _body(page: Page, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(page.to_dict(), ensure_ascii=False).encode("utf-8")
    return render_template(f"{page.kind}.html", page=page).encode("utf-8")


def cache() -> BodyCache:
    """The app's body cache."""
    cache: BodyCache = current_app.extensions[EXTENSION]["bodies"]
    return cache
