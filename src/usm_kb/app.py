"""Flask application factory: one KnowledgeBase per process, reached through ``get_kb()``."""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from usm_kb.compile import ARTEFACT
from usm_kb.store import KnowledgeBase

DEFAULTS: dict[str, Any] = {
    "SPARQL_TIMEOUT": 10.0,  # seconds per query
    "SPARQL_ROW_CAP": 10_000,  # rows/triples per response
    "SPARQL_WORKERS": 2,  # worker processes (0 = in-process, no timeout)
    "SPARQL_MAX_QUERY_BYTES": 64 * 1024,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "USM_KB_DATA": None,
    "USM_KB_CACHE": None,
}


def create_app(config: dict[str, Any] | None = None, kb: KnowledgeBase | None = None) -> Flask:
    """Build the app; opens (and if needed compiles) the KB once, here, not at import."""
    app = Flask(__name__, static_folder=None)
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("USM_KB")
    if config:
        app.config.update(config)
    if kb is None:
        data, cache = app.config["USM_KB_DATA"], app.config["USM_KB_CACHE"]
        kb = KnowledgeBase.open(Path(data) if data else None, Path(cache) if cache else None)
    app.extensions["usm_kb"] = {"kb": kb, "pool": None}

    from usm_kb.endpoint import bp as sparql_bp

    app.register_blueprint(sparql_bp)
    return app


def get_kb() -> KnowledgeBase:
    """The app's knowledge base."""
    return current_app.extensions["usm_kb"]["kb"]


def get_pool() -> Any:
    """The app's SPARQL worker pool, started on first use and stopped at exit."""
    from usm_kb.query_worker import WorkerPool

    state = current_app.extensions["usm_kb"]
    if state["pool"] is None:
        kb = state["kb"]
        cfg = current_app.config
        pool = WorkerPool(
            kb.cache_dir / ARTEFACT,
            size=int(cfg["SPARQL_WORKERS"]),
            timeout=float(cfg["SPARQL_TIMEOUT"]),
            store=kb.store,
        )
        atexit.register(pool.close)
        state["pool"] = pool
    return state["pool"]
