"""Where a SPARQL server is: ``--store`` / ``USM_KB_STORE`` parsed into its three endpoints.

``embedded`` (the default) keeps the KB in this process. ``sparql+http://HOST:PORT`` (or
``sparql+https://…``) names a SPARQL 1.1 server laid out as Oxigraph's: queries at
``/query``, updates at ``/update``, the Graph Store Protocol at ``/store``. Other servers put
them elsewhere; the URL's query string names them, each relative to the URL's path or
absolute, e.g. ``sparql+http://fuseki:3030/usm?query=sparql&update=update&store=data``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from usm_kb.errors import UsageError

EMBEDDED = "embedded"
OXIGRAPH_PATHS = {"query": "query", "update": "update", "store": "store"}
SCHEMES = {"sparql+http": "http", "sparql+https": "https"}


@dataclass(frozen=True)
class StoreUrl:
    """The endpoints of one SPARQL server."""

    base: str  # the server's URL without the ``sparql+`` prefix and query string
    query: str
    update: str
    store: str
    oxigraph: bool = False  # the endpoints are Oxigraph's (none named in the URL)

    def __str__(self) -> str:
        return self.base


def parse_store(text: str) -> StoreUrl | None:
    """None for ``embedded``, else the server's endpoints; a ``UsageError`` when malformed."""
    text = text.strip()
    if text in ("", EMBEDDED):
        return None
    parts = urlsplit(text)
    scheme = SCHEMES.get(parts.scheme.lower())
    if scheme is None or not parts.hostname:
        raise UsageError(
            f"--store {text!r}: expected 'embedded' or sparql+http://HOST:PORT",
            hint="e.g. --store sparql+http://127.0.0.1:7878 for an Oxigraph server",
        )
    if parts.username or parts.password:
        raise UsageError(
            f"--store {text!r}: credentials do not belong in the URL",
            hint="put the server behind a proxy that adds them",
        )
    try:
        _ = parts.port
    except ValueError:
        raise UsageError(f"--store {text!r}: the port is not a number") from None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    base = urlunsplit((scheme, parts.netloc, path, "", ""))
    given = dict(parse_qsl(parts.query))
    unknown = sorted(set(given) - set(OXIGRAPH_PATHS))
    if unknown:
        raise UsageError(
            f"--store {text!r}: unknown endpoint {unknown[0]!r}",
            hint="the URL's query string may name query=, update= and store= only",
        )
    ends = {k: urljoin(base, given.get(k, v)) for k, v in OXIGRAPH_PATHS.items()}
    return StoreUrl(base.rstrip("/"), ends["query"], ends["update"], ends["store"], not given)
