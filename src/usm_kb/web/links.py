"""IRIs as links: an IRI under the KB's base is served here, at the same path.

``namespaces.BASE + "id/process/agree"`` is ``/id/process/agree`` on this server (under
the app's script root when it is mounted below ``/``); other IRIs stay as they are. The
templates use :func:`href` (the ``href`` filter) and :func:`sparql_link` (the "show the
SPARQL" links, which open the console with the query).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, request

from usm_kb.namespaces import BASE

PAGE_ARGS = ("q", "kind", "a", "b", "min", "lang", "sort", "query")  # what pages read
SUFFIXES = {".json": "json", ".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".rdf": "xml"}


def href(iri: str) -> str:
    """The local path of an IRI under the base; other http(s) IRIs unchanged.

    Any other scheme gets no link (``#``): a query's answer may hold ``javascript:`` IRIs.
    """
    if iri.startswith(BASE):
        return request.script_root + "/" + iri[len(BASE) :]
    return iri if iri.startswith(("http://", "https://")) else "#"


def iri_of(path: str) -> str:
    """The IRI a local path stands for (the inverse of :func:`href`)."""
    return BASE + path.lstrip("/")


def split_suffix(path: str) -> tuple[str, str | None]:
    """``(path, format)`` for ``/x.json`` (format None when *path* has no known suffix)."""
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    return path, None


def sparql_link(text: str) -> str:
    """The console opened on *text* (``/sparql?query=…``)."""
    return request.script_root + "/sparql?" + urlencode({"query": text})


def json_link() -> str:
    """The JSON twin of the current page: ``.json`` on the path, the page's own parameters."""
    path = request.path
    base, fmt = split_suffix(path)
    if fmt == "json":
        path = base
    if path.rstrip("/") == "":
        path = "/index"
    if path.startswith("/queries/"):
        args = dict(request.args.items())
    else:
        args = {k: v for k in PAGE_ARGS if (v := request.args.get(k, ""))}
    query = urlencode(args)
    return request.script_root + path + ".json" + ("?" + query if query else "")


def register_filters(app: Flask) -> None:
    """Make the helpers available in every template."""
    app.add_template_filter(href, "href")
    app.add_template_global(sparql_link, "sparql_link")
    app.add_template_global(json_link, "json_link")
