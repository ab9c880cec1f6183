"""Per-app state reached from views: the KnowledgeBase and the settings (like flaskr's get_db)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase, RunLimits

EXTENSION = "usm_kb"


def get_kb() -> KnowledgeBase:
    """The app's knowledge base."""
    kb: KnowledgeBase = current_app.extensions[EXTENSION]["kb"]
    return kb


def get_settings() -> Settings:
    """The app's resolved settings."""
    settings: Settings = current_app.extensions[EXTENSION]["settings"]
    return settings


def endpoint_url() -> str:
    """The endpoint's public URL (the configured base, never the request's Host header)."""
    return get_settings().base_url + "sparql"


def run_limits(settings: Settings, environ: dict[str, Any], lane: str) -> RunLimits:
    """The bounds of one query of a request: row cap, time limit, base IRI, hang-up, lane."""
    return RunLimits(
        cap=settings.sparql_row_cap,
        timeout=settings.sparql_timeout or None,
        base_iri=settings.base_url + "sparql",  # endpoint_url(), outside an app context too
        cancelled=environ.get("waitress.client_disconnected"),
        lane=lane,
    )
