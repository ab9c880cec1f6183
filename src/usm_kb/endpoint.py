"""The SPARQL 1.1 Protocol endpoint (``/sparql``): read-only, time-boxed, row-capped."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, request

from usm_kb.app import get_kb, get_pool
from usm_kb.namespaces import PREFIXES
from usm_kb.query_worker import QueryRequest
from usm_kb.service_description import service_description
from usm_kb.sparql_text import QueryShape, check_depth, inspect_query

bp = Blueprint("sparql", __name__)

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "jsonld",
}
MEDIA = {
    ("results", "json"): "application/sparql-results+json",
    ("results", "xml"): "application/sparql-results+xml",
    ("results", "csv"): "text/csv; charset=utf-8",
    ("results", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("graph", "ttl"): "text/turtle; charset=utf-8",
    ("graph", "nt"): "application/n-triples",
    ("graph", "xml"): "application/rdf+xml",
    ("graph", "jsonld"): "application/ld+json",
}


class ProtocolError(Exception):
    """A request the endpoint refuses, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> Response:
    """One-line error as JSON or plain text, by Accept."""
    best = request.accept_mimetypes.best_match(
        ["text/plain", "application/json", "application/sparql-results+json"]
    )
    if best and "json" in best:
        body = json.dumps({"error": message, "status": status})
        return Response(body, status, mimetype="application/json")
    return Response(message + "\n", status, mimetype="text/plain")


def _negotiate(table: dict[str, str], default: str) -> str | None:
    if not request.accept_mimetypes:
        return default
    best = request.accept_mimetypes.best_match(list(table))
    return table[best] if best else None


def _read_query() -> tuple[str | None, list[str], list[str]]:
    """The query text and protocol dataset from GET, POST form or POST direct."""
    args = request.args
    if request.method == "GET":
        if "update" in args:
            raise ProtocolError(400, "this endpoint is read-only: SPARQL Update is not accepted")
        return (
            _one(args.getlist("query")),
            args.getlist("default-graph-uri"),
            args.getlist("named-graph-uri"),
        )
    mimetype = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(400, f"the request must be UTF-8, not {charset}")
    if mimetype == "application/x-www-form-urlencoded":
        raw = request.get_data(cache=True)
        _check_utf8(raw)
        form = request.form
        if "update" in form:
            raise ProtocolError(400, "this endpoint is read-only: SPARQL Update is not accepted")
        return (
            _one(form.getlist("query")),
            form.getlist("default-graph-uri") + args.getlist("default-graph-uri"),
            form.getlist("named-graph-uri") + args.getlist("named-graph-uri"),
        )
    if mimetype == "application/sparql-query":
        raw = request.get_data()
        return _check_utf8(raw), args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    if mimetype == "application/sparql-update":
        raise ProtocolError(400, "this endpoint is read-only: SPARQL Update is not accepted")
    if not mimetype:
        raise ProtocolError(
            400,
            "POST needs Content-Type application/sparql-query or application/x-www-form-urlencoded",
        )
    raise ProtocolError(415, f"unsupported Content-Type {mimetype}")


def _check_utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the request body is not valid UTF-8 (byte {exc.start})") from exc


def _one(values: list[str]) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, "exactly one 'query' parameter is allowed")
    return values[0] if values else None


def _check_query(text: str, graphs: set[str]) -> QueryShape:
    """Refuse oversize, update, SERVICE and foreign FROM; return what the scan found."""
    limit = int(current_app.config["SPARQL_MAX_QUERY_BYTES"])
    if len(text.encode("utf-8")) > limit:
        raise ProtocolError(413, f"the query is larger than {limit // 1024} KiB")
    too_deep = check_depth(text)
    if too_deep:
        raise ProtocolError(400, too_deep)
    shape = inspect_query(text, PREFIXES)
    if shape.update_keywords:
        raise ProtocolError(
            400, f"this endpoint is read-only: {shape.update_keywords[0]} is not accepted"
        )
    if shape.service:
        raise ProtocolError(400, "SERVICE (federated query) is not allowed on this endpoint")
    foreign = [g for g in shape.from_graphs + shape.from_named_graphs if g not in graphs]
    if foreign:
        raise ProtocolError(
            400,
            f"FROM graph {foreign[0] or '?'} is not a graph of this "
            "knowledge base; see the service description for the list",
        )
    if shape.form is None:
        raise ProtocolError(400, "SPARQL syntax error: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return shape


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """SPARQL 1.1 Protocol query operation (GET, POST form, POST direct)."""
    try:
        return _answer()
    except ProtocolError as exc:
        return error_response(exc.status, exc.message)


def _answer() -> Response:
    kb = get_kb()
    query, default_graphs, named_graphs = _read_query()
    graphs = set(kb.graph_names())
    if query is None:
        if request.method == "POST":
            raise ProtocolError(400, "missing 'query'")
        body, mimetype = service_description(request.base_url, graphs)
        return Response(body, 200, mimetype=mimetype)
    shape = _check_query(query, graphs)
    unknown = [g for g in default_graphs + named_graphs if g not in graphs]
    if unknown:
        raise ProtocolError(400, f"unknown graph {unknown[0]}; see the service description")
    if not (default_graphs or named_graphs) and (shape.from_graphs or shape.from_named_graphs):
        # the store's union default graph would hide FROM: make the query's dataset explicit
        default_graphs, named_graphs = list(shape.from_graphs), list(shape.from_named_graphs)
    return _run(query, default_graphs, named_graphs, shape.form or "SELECT")


def _run(query: str, default_graphs: list[str], named_graphs: list[str], form: str) -> Response:
    """Negotiate the format, run the query in the worker pool, build the response."""
    is_tabular = form in ("SELECT", "ASK")
    results_fmt = _negotiate(RESULT_TYPES, "json")
    graph_fmt = _negotiate(GRAPH_TYPES, "ttl")
    if (results_fmt if is_tabular else graph_fmt) is None:
        raise ProtocolError(406, "none of the accepted media types fits this query's result")
    cap = int(current_app.config["SPARQL_ROW_CAP"])
    dataset = bool(default_graphs or named_graphs)
    req = QueryRequest(
        query,
        results_fmt,
        graph_fmt,
        tuple(default_graphs) if dataset else None,
        tuple(named_graphs) if dataset else None,
        cap,
    )
    res = get_pool().run(req)
    if res.status != 200:
        raise ProtocolError(res.status, res.error)
    part = "graph" if res.kind == "graph" else "results"
    response = Response(res.body, 200, content_type=MEDIA[(part, res.fmt)])
    response.headers["X-USM-KB-Result-Size"] = str(res.size)
    if res.truncated:
        response.headers["X-USM-KB-Truncated"] = f"true; cap={cap}"
    response.vary.add("Accept")
    return response


# Result-format hints that SPARQL clients add to every request; content negotiation decides.
_CLIENT_HINTS = frozenset({"format", "output", "results"})


def _named_params(args: dict[str, list[str]]) -> dict[str, str]:
    """Query-string parameters of a named query: one value each; unknown names are refused."""
    from usm_kb.errors import QueryError

    params = {}
    for key, values in args.items():
        if key in _CLIENT_HINTS:
            continue
        if len(values) != 1:
            raise QueryError(f"parameter {key!r} given {len(values)} times; give it once")
        params[key] = values[0]
    return params


@bp.route("/queries")
def list_queries() -> Response:
    """The named queries as JSON (name, title, description, params, tags, sparql)."""
    items = [q.to_dict() for q in get_kb().named_queries().values()]
    return Response(json.dumps(items, ensure_ascii=False), 200, mimetype="application/json")


@bp.route("/queries/<name>")
def run_named_query(name: str) -> Response:
    """Run a named query; parameters come from the URL query string."""
    from usm_kb.errors import QueryError

    kb = get_kb()
    try:
        named = kb.get_named(name)
        text = kb.bind_named(name, _named_params(request.args.to_dict(flat=False)))
    except QueryError as exc:
        status = 404 if "unknown named query" in exc.message else 400
        return error_response(status, exc.message)
    try:
        return _run(text, [], [], inspect_query(named.sparql, PREFIXES).form or "SELECT")
    except ProtocolError as exc:
        return error_response(exc.status, exc.message)
