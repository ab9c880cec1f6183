"""The HTML side of /sparql and /queries: the console and the named-query pages.

A browser (it prefers HTML) that opens ``/sparql`` gets the console (YASGUI over a plain
form that works without JavaScript; with ``?query=`` the answer is shown as a table), and
``/queries`` and ``/queries/NAME`` become pages with a parameter form. SPARQL clients keep
getting the protocol; ``.json`` gives a page's JSON twin.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from usm_kb.explorer.console import console_page, named_query_page, queries_page
from usm_kb.web.render import render
from usm_kb.web.state import endpoint_url, get_kb, get_settings, run_limits

bp = Blueprint("console", __name__)


@bp.route("/sparql.json")
def console_json() -> Response:
    """The console page's JSON twin (SPARQL clients use /sparql itself)."""
    return console("json")


def console(suffix: str | None = None) -> Response:
    """The console page; a given query runs like one sent to the endpoint (general lane)."""
    limits = run_limits(get_settings(), request.environ, "general")
    kb = get_kb()
    query = request.args.get("query", "")
    return render(lambda: console_page(kb, query, endpoint_url(), limits), suffix=suffix)


@bp.route("/queries.json")
def queries_json() -> Response:
    """The named queries as a page's JSON twin (``/queries`` itself stays the API list)."""
    kb = get_kb()
    return render(lambda: queries_page(kb), key=(), suffix="json")


def queries_html() -> Response:
    """The named queries as a page (for a browser at ``/queries``)."""
    kb = get_kb()
    return render(lambda: queries_page(kb), key=(), suffix="html")


@bp.route("/queries/<name>.json")
def named_query_json(name: str) -> Response:
    """One named query's page as JSON (its answer as rows of cells)."""
    return named_query(name, "json")


def named_query(name: str, suffix: str = "html") -> Response:
    """One named query's page; parameters from the URL (unknown ones ignored)."""
    kb = get_kb()
    values = {k: v[:500] for k, v in request.args.items()}
    return render(lambda: named_query_page(kb, name, values), suffix=suffix)
