"""The SPARQL 1.1 Protocol endpoint (``/sparql``): read-only, time-boxed, row-capped.

The view reads the protocol request and negotiates the format; the policy and the query run
on the KnowledgeBase's one query path (:meth:`KnowledgeBase.run_serialized`).
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from usm_kb.errors import NotAcceptable
from usm_kb.store import Dataset, Formats
from usm_kb.web.errors import ApiError
from usm_kb.web.negotiate import accepted_formats, media_type
from usm_kb.web.service_description import service_description
from usm_kb.web.state import get_kb, get_settings

bp = Blueprint("sparql", __name__)

READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


def _read_query() -> tuple[str | None, list[str], list[str]]:
    """The query text and protocol dataset from GET, POST form or POST direct."""
    args = request.args
    if request.method == "GET":
        if "update" in args:
            raise ApiError(400, READ_ONLY)
        return (
            _one(args.getlist("query")),
            args.getlist("default-graph-uri"),
            args.getlist("named-graph-uri"),
        )
    mimetype = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(400, f"the request must be UTF-8, not {charset}")
    if mimetype == "application/x-www-form-urlencoded":
        _check_utf8(request.get_data(cache=True))
        form = request.form
        if "update" in form:
            raise ApiError(400, READ_ONLY)
        return (
            _one(form.getlist("query")),
            form.getlist("default-graph-uri") + args.getlist("default-graph-uri"),
            form.getlist("named-graph-uri") + args.getlist("named-graph-uri"),
        )
    if mimetype == "application/sparql-query":
        text = _check_utf8(request.get_data())
        return text, args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    if mimetype == "application/sparql-update":
        raise ApiError(400, READ_ONLY)
    if not mimetype:
        raise ApiError(
            400,
            "POST needs Content-Type application/sparql-query or application/x-www-form-urlencoded",
        )
    raise ApiError(415, f"unsupported Content-Type {mimetype}")


def _check_utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the request body is not valid UTF-8 (byte {exc.start})") from exc


def _one(values: list[str]) -> str | None:
    if len(values) > 1:
        raise ApiError(400, "exactly one 'query' parameter is allowed")
    return values[0] if values else None


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """SPARQL 1.1 Protocol query operation (GET, POST form, POST direct)."""
    query, default_graphs, named_graphs = _read_query()
    if query is None:
        if request.method == "POST":
            raise ApiError(400, "missing 'query'")
        body, mimetype = service_description(request.base_url, set(get_kb().graph_names()))
        return Response(body, 200, mimetype=mimetype)
    dataset = None
    if default_graphs or named_graphs:
        dataset = Dataset(tuple(default_graphs), tuple(named_graphs))
    return answer(query, dataset)


def answer(query: str, dataset: Dataset | None) -> Response:
    """Run *query* on the one query path and write the negotiated response."""
    formats = accepted_formats()
    if formats == Formats(None, None):
        raise NotAcceptable("none of the accepted media types fits this query's result")
    settings = get_settings()
    cap = settings.sparql_row_cap
    result = get_kb().run_serialized(
        query, formats, dataset=dataset, cap=cap, timeout=settings.sparql_timeout
    )
    response = Response(result.body, 200, content_type=media_type(result.kind, result.fmt))
    response.headers["X-USM-KB-Result-Size"] = str(result.size)
    if result.truncated:
        response.headers["X-USM-KB-Truncated"] = f"true; cap={cap}"
    response.vary.add("Accept")
    return response
