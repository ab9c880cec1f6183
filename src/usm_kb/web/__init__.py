"""The Flask application factory: one KnowledgeBase per process, opened here, not at import.

``create_app()`` with no arguments reads the same settings as the CLI (``USM_KB_*``), so a
WSGI server can run ``usm_kb.web:create_app()``.
"""

from __future__ import annotations

import atexit
from typing import Any

from flask import Flask

from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.web import queries, sparql
from usm_kb.web.errors import register_error_handlers
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
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.config.update(flask_config or {})
    if kb is None:
        workspace = find_workspace(settings.workspace) if settings.workspace else None
        kb = KnowledgeBase.open(settings=settings, workspace=workspace)
        atexit.register(kb.close)  # a WSGI server gives no shutdown hook
    app.extensions[EXTENSION] = {"kb": kb, "settings": settings}
    register_error_handlers(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(queries.bp)
    return app
