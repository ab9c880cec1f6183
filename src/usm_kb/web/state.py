"""Per-app state reached from views: the KnowledgeBase and the settings (like flaskr's get_db)."""

from __future__ import annotations

from flask import current_app

from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase

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
