"""The SPARQL 1.1 Protocol endpoint (``/sparql``): read-only, time-boxed, row-capped.

The view reads the protocol request and negotiates the format; the policy and the query run
on the KnowledgeBase's one query path (:meth:`KnowledgeBase.run_serialized`).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, Response, request

from usm_kb.errors import NotAcceptable
from usm_kb.store import Dataset, Formats, Serialized
from usm_kb.store.policy import Admitted
from usm_kb.web.console import console
from usm_kb.web.errors import ApiError, prefers_html
from usm_kb.web.negotiate import GRAPH_TYPES, accepted_formats, media_type, negotiate
from usm_kb.web.service_description import service_description
from usm_kb.web.state import endpoint_url, get_kb, get_settings, run_limits

bp = Blueprint("sparql", __name__)

READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
BOM = "\ufeff"


def _strict_pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    """Percent-decoded pairs; invalid UTF-8 after decoding is an error, not U+FFFD."""
    try:
        return parse_qsl(raw.decode("ascii"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the {where} is not valid percent-encoded UTF-8") from exc


def _values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in pairs if key == name]


def _read_query() -> tuple[str | None, list[str], list[str]]:
    """The query text and protocol dataset from GET, POST form or POST direct."""
    url = _strict_pairs(request.query_string, "query string")
    if _values(url, "update"):
        raise ApiError(400, READ_ONLY)
    defaults, named = _values(url, "default-graph-uri"), _values(url, "named-graph-uri")
    if request.method in ("GET", "HEAD"):
        return _one(_values(url, "query")), defaults, named
    mimetype = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(400, f"the request must be UTF-8, not {charset}")
    if mimetype == "application/x-www-form-urlencoded":
        form = _strict_pairs(request.get_data(cache=True), "form body")
        if _values(form, "update"):
            raise ApiError(400, READ_ONLY)
        if _values(url, "query"):
            raise ApiError(400, "give the query once: in the form body, not also in the URL")
        defaults += _values(form, "default-graph-uri")
        named += _values(form, "named-graph-uri")
        return _one(_values(form, "query")), defaults, named
    if mimetype == "application/sparql-query":
        if _values(url, "query"):
            raise ApiError(400, "give the query once: in the body, not also in the URL")
        return _utf8(request.get_data()).removeprefix(BOM), defaults, named
    if mimetype == "application/sparql-update":
        raise ApiError(400, READ_ONLY)
    if not mimetype:
        raise ApiError(
            400,
            "POST needs Content-Type application/sparql-query or application/x-www-form-urlencoded",
        )
    raise ApiError(415, f"unsupported Content-Type {mimetype}")


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the request body is not valid UTF-8 (byte {exc.start})") from exc


def _one(values: list[str]) -> str | None:
    if len(values) > 1:
        raise ApiError(400, "exactly one 'query' parameter is allowed")
    return values[0] if values else None


@bp.route("/sparql", methods=["GET", "POST"], strict_slashes=False)
def sparql() -> Response:
    """SPARQL 1.1 Protocol query operation (GET, POST form, POST direct; HEAD like GET).

    A browser (it prefers HTML) gets the console instead.
    """
    if request.method in ("GET", "HEAD") and prefers_html():
        return console()
    query, default_graphs, named_graphs = _read_query()
    if query is None:
        if request.method == "POST":
            raise ApiError(400, "missing 'query'")
        return _service_description()
    dataset = None
    if default_graphs or named_graphs:
        dataset = Dataset(tuple(default_graphs), tuple(named_graphs))
    return answer(query, dataset)


def _service_description() -> Response:
    fmt = negotiate(GRAPH_TYPES, "ttl")
    if fmt is None:
        raise NotAcceptable("the service description is RDF: ask for Turtle, N-Triples, …")
    body = service_description(endpoint_url(), set(get_kb().graph_names()), fmt)
    response = Response(body, 200, content_type=media_type("graph", fmt))
    response.vary.add("Accept")
    return response


def answer(query: str | Admitted, dataset: Dataset | None, *, lane: str = "general") -> Response:
    """Run *query* on the one query path and write the negotiated response.

    Ad-hoc queries use the ``general`` lane (or ``cheap`` when the policy finds them cheap);
    the server's own named queries use ``trusted``, so an attack on /sparql cannot starve
    them. A query whose client disconnects is stopped (waitress tells us).
    """
    formats = accepted_formats()
    if formats == Formats(None, None):
        raise NotAcceptable("none of the accepted media types fits this query's result")
    limits = run_limits(get_settings(), request.environ, lane)
    result = get_kb().run_serialized(query, formats, dataset=dataset, limits=limits)
    response = Response(result.body, 200, headers=result_headers(result, limits.cap))
    response.vary.add("Accept")
    return response


def result_headers(result: Serialized, cap: int | None) -> list[tuple[str, str]]:
    """Content type, size and truncation of an answer."""
    headers = [
        ("Content-Type", media_type(result.kind, result.fmt)),
        ("X-USM-KB-Result-Size", str(result.size)),
    ]
    if result.truncated:
        headers.append(("X-USM-KB-Truncated", f"true; cap={cap}"))
    return headers
