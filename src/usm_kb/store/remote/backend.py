"""The ``sparql`` backend: the KB's graphs on a SPARQL 1.1 server, nothing held here.

Each query is sent with an explicit dataset, which keeps staging graphs, other publications
and the manifest out of every answer on any SPARQL 1.1 server: ``named-graph-uri`` for every
graph the publish manifest lists (the KB's, and the workspace's when one is open) and, as
the default graph, the one union graph publish wrote for that combination (the KB's
triples, with the workspace's when one is open, each once): the embedded store's union
default graph, except that a triple held by two graphs counts once (the RDF merge the
SPARQL specification defines) where the embedded union sees it twice. Texts arrive admitted by
:mod:`usm_kb.store.policy` (no updates, no SERVICE), with the KB's prefixes prepended, as
the embedded store predeclares them. Answers are capped and written here, so the endpoint's
bytes are the same on both backends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import urlencode

from usm_kb.errors import NotAcceptable, QueryUnavailable
from usm_kb.namespaces import PREFIXES
from usm_kb.rdf.serialize import serialize_result
from usm_kb.rdf.sparql_results import CappedResult
from usm_kb.rdf.terms import IRI, Quad
from usm_kb.store.backend import Dataset, Formats, RunLimits, Serialized
from usm_kb.store.embedded.execute import in_star_order
from usm_kb.store.remote.http import Client
from usm_kb.store.remote.location import StoreUrl
from usm_kb.store.remote.results import ACCEPT, N_TRIPLES, read_answer, read_quads

FORM = "application/x-www-form-urlencoded"
NOTHING = "urn:usm-kb:no-graph"  # an empty dataset must not become the server's default one


class SparqlBackend:
    """Queries sent to a SPARQL server over the published *graphs* (name -> triples)."""

    def __init__(
        self,
        url: StoreUrl,
        graphs: dict[str, int],
        default: tuple[str, ...] = (),
        *,
        client: Client | None = None,
        workers: int = 0,
        max_waiting: int = 16,
    ) -> None:
        """*default* names the union graph; *workers* > 0 bounds the queries in flight.

        Without *default*, every graph is listed as a default graph (slower, same answers).
        At most ``workers + max_waiting`` queries are in flight when *workers* > 0.
        """
        self.url = url
        self.graphs = dict(sorted(graphs.items()))
        self.default = default or tuple(self.graphs)
        self.client = client or Client(str(url))
        self._slots = threading.BoundedSemaphore(workers + max_waiting) if workers > 0 else None

    def query(self, sparql: str, dataset: Dataset, limits: RunLimits) -> CappedResult:
        """Send the query; a timeout bounds the wait, the cap the rows kept."""
        if self._slots is None:
            return self._query(sparql, dataset, limits)
        if not self._slots.acquire(timeout=limits.timeout or self.client.timeout):
            raise QueryUnavailable("too many queries are running; retry in a moment")
        try:
            return self._query(sparql, dataset, limits)
        finally:
            self._slots.release()

    def _query(self, sparql: str, dataset: Dataset, limits: RunLimits) -> CappedResult:
        text = prologue(sparql) + sparql
        if limits.base_iri:
            text = f"BASE <{limits.base_iri}>\n{text}"
        default = list(self.default if dataset.default_graphs is None else dataset.default_graphs)
        named = list(self.graphs if dataset.named_graphs is None else dataset.named_graphs)
        if dataset.named_graphs is None and "graph" not in sparql.lower():
            named = []  # no GRAPH pattern: the named graphs cannot matter (a shorter request)
        if not default and not named:
            default = [NOTHING]
        fields = [("query", text)]
        fields += [("default-graph-uri", g) for g in default]
        fields += [("named-graph-uri", g) for g in named]
        answer = self.client.read(
            self.url.query,
            data=urlencode(fields).encode("utf-8"),
            headers={"Content-Type": FORM, "Accept": ACCEPT},
            timeout=limits.timeout,
        )
        result = read_answer(answer.body, answer.content_type, limits.cap, str(self.url))
        return in_star_order(result, sparql)

    def query_serialized(
        self, sparql: str, dataset: Dataset, formats: Formats, limits: RunLimits
    ) -> Serialized:
        """Like :meth:`query`, written in one of *formats* (as the embedded store writes it)."""
        result = self.query(sparql, dataset, limits)
        fmt = formats.graph if result.kind == "graph" else formats.results
        if fmt is None:
            raise NotAcceptable("none of the accepted media types fits this query's result")
        body = serialize_result(result, fmt)
        return Serialized(body, result.kind, fmt, result.truncated, result.size)

    def start(self) -> None:
        """Nothing to start: the server runs the queries."""

    def graph_names(self) -> list[str]:
        """IRIs of the published named graphs, sorted."""
        return list(self.graphs)

    def count(self) -> int:
        """Number of quads, as published."""
        return sum(self.graphs.values())

    def mentions(self, iri: str) -> bool:
        """True when *iri* is the subject or object of some triple."""
        node = str(IRI(iri))
        ask = f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}"
        return bool(self.query(ask, Dataset(), RunLimits()).boolean)

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """Every quad, or those of one named graph (fetched through the Graph Store Protocol)."""
        for name in self.graphs if graph is None else [graph]:
            if name not in self.graphs:
                continue
            answer = self.client.read(
                f"{self.url.store}?{urlencode({'graph': name})}", headers={"Accept": N_TRIPLES}
            )
            yield from read_quads(answer.body, name)

    def close(self) -> None:
        """Close the connections kept open to the server."""
        self.client.close()


def prologue(sparql: str) -> str:
    """``PREFIX`` lines for the KB's prefixes the text may use (those named in it).

    A prefix that does not occur as ``name:`` cannot be used; leaving it out keeps the
    server's parse short. One occurring only inside a string is declared needlessly.
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if f"{p}:" in sparql)
