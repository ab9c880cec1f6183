"""The Flask application factory: one KnowledgeBase per process, opened here, not at import.

``create_app()`` with no arguments reads the same settings as the CLI (``USM_KB_*``), so a
WSGI server can run ``usm_kb.web:create_app()``. Templates and static files come from the
shipped ``web/`` folder.
"""

from __future__ import annotations

import atexit
from typing import Any

from flask import Flask

from usm_kb.data_root import web_root
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.web import browse, console, meta, queries, resources, sparql, upload
from usm_kb.web.cache import ResponseCache
from usm_kb.web.errors import register_error_handlers
from usm_kb.web.headers import register_headers
from usm_kb.web.links import register_filters
from usm_kb.web.named_lane import NamedQueryLane
from usm_kb.web.render import BodyCache
from usm_kb.web.state import EXTENSION
from usm_kb.workspace.config import find_workspace


def create_app(
    settings: Settings | None = None,
    *,
    kb: KnowledgeBase | None = None,
    flask_config: dict[str, Any] | None = None,
) -> Flask:
    """Build the app over *kb*.

    Without *kb*, the KB the settings name is opened (and if needed compiled) now, with
    the workspace the settings name (``USM_KB_WORKSPACE``) beside it.
    """
    settings = settings or Settings.resolve()
    web = web_root()
    app = Flask(
        __name__,
        static_folder=str(web / "static"),
        static_url_path="/static",
        template_folder=str(web / "templates"),
    )
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    app.config.update(flask_config or {})
    if kb is None:
        workspace = find_workspace(settings.workspace) if settings.workspace else None
        kb = KnowledgeBase.open(settings=settings, workspace=workspace)
        atexit.register(kb.close)  # a WSGI server gives no shutdown hook
    app.extensions[EXTENSION] = {"kb": kb, "settings": settings, "bodies": BodyCache()}
    register_error_handlers(app)
    register_headers(app)
    register_filters(app)
    for blueprint in (
        sparql.bp,
        queries.bp,
        console.bp,
        browse.bp,
        resources.bp,
        meta.bp,
        upload.bp,
    ):
        app.register_blueprint(blueprint)
    lane = NamedQueryLane(app.wsgi_app, kb, settings)
    app.wsgi_app = ResponseCache(lane)  # type: ignore[method-assign]
    return app
