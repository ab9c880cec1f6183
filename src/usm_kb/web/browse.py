"""The explorer's own pages: home, frameworks, glossary, search and compare."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request, send_from_directory

from usm_kb.data_root import web_root
from usm_kb.errors import UsageError
from usm_kb.explorer.compare import compare_page
from usm_kb.explorer.framework import frameworks_page
from usm_kb.explorer.model import home_page
from usm_kb.explorer.search import search_page
from usm_kb.web.render import render
from usm_kb.web.state import get_kb

bp = Blueprint("browse", __name__)
JSON_SUFFIX = "<any('.json'):suffix>"


def _suffix(suffix: str) -> str | None:
    return "json" if suffix == ".json" else None


@bp.route("/")
@bp.route("/index.json", defaults={"suffix": ".json"})
def home(suffix: str = "") -> Response:
    """The USM model on one screen."""
    kb = get_kb()
    return render(lambda: home_page(kb), key=(), suffix=_suffix(suffix))


@bp.route("/frameworks")
@bp.route("/frameworks" + JSON_SUFFIX)
def frameworks(suffix: str = "") -> Response:
    """Every framework against the five processes."""
    kb = get_kb()
    return render(lambda: frameworks_page(kb), key=(), suffix=_suffix(suffix))


@bp.route("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it by themselves."""
    return send_from_directory(web_root() / "static", "favicon.svg", mimetype="image/svg+xml")


@bp.route("/glossary")
def glossary() -> Response:
    """The glossary lives at its IRI."""
    lang = request.args.get("lang", "")
    target = "/vocabulary/usm-glossary" + ("?lang=nl" if lang == "nl" else "")
    return redirect(request.script_root + target, 303)  # type: ignore[return-value]


@bp.route("/search")
@bp.route("/search" + JSON_SUFFIX)
def search(suffix: str = "") -> Response:
    """Ranked search with type facets (``?q=words&kind=practice``)."""
    kb = get_kb()
    q, kind = request.args.get("q", "")[:200], request.args.get("kind", "")[:20]
    return render(
        lambda: search_page(kb, q, kind), key=("q", q, "kind", kind), suffix=_suffix(suffix)
    )


@bp.route("/compare")
@bp.route("/compare" + JSON_SUFFIX)
def compare(suffix: str = "") -> Response:
    """Two frameworks through the hub (``?a=itil4&b=cobit2019&min=40``)."""
    kb = get_kb()
    a, b = request.args.get("a", "")[:100], request.args.get("b", "")[:100]
    raw = request.args.get("min", "") or "0"
    try:
        minimum = max(0.0, min(100.0, float(raw)))
    except ValueError:
        raise UsageError(f"min must be a number from 0 to 100, not {raw[:20]!r}") from None
    return render(
        lambda: compare_page(kb, a, b, minimum),
        key=("a", a, "b", b, "min", str(minimum)),
        suffix=_suffix(suffix),
    )
