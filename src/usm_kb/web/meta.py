"""The reserved ``/-/`` pages: versions, settings, health and downloads (each with ``.json``)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_file

from usm_kb.explorer.meta import (
    KB_FORMATS,
    SSSOM,
    downloads_page,
    health_page,
    kb_file,
    settings_page,
    sssom_file,
    versions_page,
)
from usm_kb.web.errors import not_found
from usm_kb.web.render import build, render
from usm_kb.web.state import get_kb, get_settings

bp = Blueprint("meta", __name__, url_prefix="/-")
JSON_SUFFIX = "<any('.json'):suffix>"


def _suffix(suffix: str) -> str | None:
    return "json" if suffix == ".json" else None


@bp.route("/versions")
@bp.route("/versions" + JSON_SUFFIX)
def versions(suffix: str = "") -> Response:
    """What runs and what built the KB."""
    kb = get_kb()
    return render(lambda: versions_page(kb), key=(), suffix=_suffix(suffix))


@bp.route("/settings")
@bp.route("/settings" + JSON_SUFFIX)
def settings(suffix: str = "") -> Response:
    """The settings the server runs with."""
    resolved = get_settings()
    return render(lambda: settings_page(resolved), key=(), suffix=_suffix(suffix))


@bp.route("/health")
@bp.route("/health" + JSON_SUFFIX)
def health(suffix: str = "") -> Response:
    """Whether the KB answers (never cached)."""
    kb = get_kb()
    return render(lambda: health_page(kb), suffix=_suffix(suffix))


@bp.route("/downloads")
@bp.route("/downloads" + JSON_SUFFIX)
def downloads(suffix: str = "") -> Response:
    """The files one can download."""
    kb = get_kb()
    return render(lambda: downloads_page(kb), key=(), suffix=_suffix(suffix))


@bp.route("/downloads/<name>")
def download(name: str) -> Response:
    """One download: the KB in a format, or a framework's SSSOM mapping set."""
    kb = get_kb()
    if name in KB_FORMATS:
        found = build(lambda: kb_file(kb, name))
        media = KB_FORMATS[name][0]
        if isinstance(found, Path):
            return send_file(found, mimetype=media, as_attachment=True, download_name=name)
        response = Response(found, 200, mimetype=media)
        response.headers["Content-Disposition"] = f"attachment; filename={name}"
        return response
    framework = name.removesuffix("-usm.sssom.tsv")
    path = build(lambda: sssom_file(kb, framework)) if name.endswith("-usm.sssom.tsv") else None
    if path is None:
        return not_found(name)
    return send_file(path, mimetype=SSSOM, as_attachment=True, download_name=name)
