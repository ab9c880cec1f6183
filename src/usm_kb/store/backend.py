"""The seam between the KnowledgeBase and whatever holds the triples.

A ``Backend`` runs SPARQL that :mod:`usm_kb.store.policy` has already admitted (complete
texts: every prefix they use is declared in them), over an explicit dataset, and answers the
few non-SPARQL questions the services need. The embedded pyoxigraph backend implements it
now; a SPARQL-server backend will implement the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from usm_kb.rdf.sparql_results import CappedResult
from usm_kb.rdf.terms import Quad


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of one query; ``None`` for both means the union of all graphs."""

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None

    @property
    def is_union(self) -> bool:
        """True when the default graph is the union of every graph."""
        return self.default_graphs is None and self.named_graphs is None

    def graphs(self) -> tuple[str, ...]:
        """Every graph the dataset names."""
        return (self.default_graphs or ()) + (self.named_graphs or ())


UNION = Dataset()


@dataclass(frozen=True)
class Formats:
    """The serialisations a client accepts: one for SELECT/ASK, one for CONSTRUCT/DESCRIBE."""

    results: str | None  # json | xml | csv | tsv
    graph: str | None  # ttl | nt | xml | jsonld


@dataclass(frozen=True)
class Serialized:
    """A query answer already written in the negotiated format."""

    body: bytes
    kind: str  # select | ask | graph
    fmt: str
    truncated: bool
    size: int


LANES = ("trusted", "cheap", "general")
LANE_WORKERS = {"cheap": 1}  # worker processes per lane besides "general" (configured)
TRUSTED_CONCURRENCY = 4  # named queries of the server itself, run in-process at most this many


@dataclass(frozen=True)
class RunLimits:
    """How one query may run: row cap, time limit, base IRI, cancellation and lane.

    *timeout* None runs the query in this process with no limit (trusted texts of the API);
    a number runs it isolated and stops it then, counting the time it waits for a worker.
    *lane* keeps classes of queries apart so that runaway ad-hoc queries cannot starve the
    explorer's own (``trusted``) or cheap ones.
    """

    cap: int | None = None
    timeout: float | None = None
    base_iri: str | None = None
    cancelled: Callable[[], bool] | None = None
    lane: str = "general"


class Backend(Protocol):
    """What the KnowledgeBase needs from a store."""

    def query(self, sparql: str, dataset: Dataset, limits: RunLimits) -> CappedResult:
        """Run an admitted query within *limits*."""
        ...

    def query_serialized(
        self, sparql: str, dataset: Dataset, formats: Formats, limits: RunLimits
    ) -> Serialized:
        """Run an admitted query and write its answer in one of *formats*."""
        ...

    def start(self) -> None:
        """Get ready to serve (start workers); a no-op where there is nothing to start."""
        ...

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        ...

    def count(self) -> int:
        """Number of quads."""
        ...

    def mentions(self, iri: str) -> bool:
        """True when *iri* is the subject or object of some triple."""
        ...

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """Every quad, or those of one named graph."""
        ...

    def close(self) -> None:
        """Release processes and memory."""
        ...
