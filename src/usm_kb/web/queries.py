"""Named queries over HTTP: ``/queries`` lists them, ``/queries/NAME?k=v`` runs one."""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from usm_kb.errors import QueryError
from usm_kb.web.cache import mark_cacheable
from usm_kb.web.console import named_query, queries_html
from usm_kb.web.errors import prefers_html
from usm_kb.web.named_lane import CLIENT_HINTS, FAILED
from usm_kb.web.sparql import answer
from usm_kb.web.state import get_kb

bp = Blueprint("queries", __name__)


def named_params(args: dict[str, list[str]]) -> dict[str, str]:
    """Query-string parameters of a named query: one value each; unknown names are refused."""
    params = {}
    for key, values in args.items():
        if key in CLIENT_HINTS:
            continue
        if len(values) != 1:
            raise QueryError(f"parameter {key!r} given {len(values)} times; give it once")
        params[key] = values[0]
    return params


@bp.route("/queries")
def list_queries() -> Response:
    """The named queries as JSON (name, title, description, params, tags, sparql).

    A browser gets them as a page.
    """
    if prefers_html():
        return queries_html()
    items = [q.to_dict() for q in get_kb().named_queries().values()]
    return Response(json.dumps(items, ensure_ascii=False), 200, mimetype="application/json")


@bp.route("/queries/<name>")
def run_named_query(name: str) -> Response:
    """Run a named query; parameters come from the URL query string.

    A browser gets the query's page: a form for its parameters, its SPARQL and its answer.
    """
    if prefers_html():
        return named_query(name)
    failed = request.environ.pop(FAILED, None)
    if failed is not None:  # the named-query lane ran this request and met this error
        raise failed
    prepared = get_kb().prepare_named(name, named_params(request.args.to_dict(flat=False)))
    response = answer(prepared, None, lane="trusted")
    mark_cacheable()  # the KB is read-only: the same request gets the same answer
    return response
