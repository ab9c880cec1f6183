"""``usm-kb publish``: the compiled KB (and a workspace) loaded into a SPARQL server.

Every graph, and each part's union graph (:func:`~usm_kb.store.remote.manifest.union_graph`),
is first written to a staging graph of its own through the Graph Store Protocol (``PUT``);
then one SPARQL Update request moves the staged graphs onto their real names, drops graphs
the new version no longer has and makes the new manifest record current. A SPARQL 1.1
server runs one update request atomically, so readers see the previous version or the new
one, never a mix; a publish that fails before the switch (the server stopped, the network
gone) leaves only staging graphs, which no reader queries and the next publish removes.
One publisher at a time per server.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from usm_kb.rdf.oxigraph import all_triples_by_graph
from usm_kb.rdf.serialize import serialize_triples
from usm_kb.settings import Settings
from usm_kb.store.cache import ensure_compiled, ensure_workspace
from usm_kb.store.remote.http import Client, ServerError
from usm_kb.store.remote.location import StoreUrl
from usm_kb.store.remote.manifest import (
    KB_PART,
    Record,
    current_records,
    select,
    staged_graphs,
    staging_graph,
    switch_update,
    union_graph,
    workspace_part,
)
from usm_kb.store.remote.results import N_TRIPLES
from usm_kb.workspace.config import Workspace

WRITE_TIMEOUT_FACTOR = 10  # a write may take this many times the store timeout
Progress = Callable[[int, int, str], None]  # (graphs staged, graphs in all, graph IRI)


@dataclass(frozen=True)
class Part:
    """One published part: ``kb`` or a workspace, with its graphs and their triples."""

    part: str
    fingerprint: str
    graphs: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"part": self.part, "fingerprint": self.fingerprint, "graphs": self.graphs}


@dataclass(frozen=True)
class Publication:
    """What one publish put on the server."""

    server: str
    id: str
    time: str
    parts: tuple[Part, ...]
    removed_staging: int

    @property
    def triples(self) -> int:
        """Triples published in all."""
        return sum(sum(p.graphs.values()) for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "server": self.server,
            "id": self.id,
            "time": self.time,
            "triples": self.triples,
            "parts": [p.to_dict() for p in self.parts],
            "removed_staging": self.removed_staging,
        }


@dataclass(frozen=True)
class _Source:
    artefact: Path
    record: Record


def publish(
    url: StoreUrl,
    root: Path,
    cache_dir: Path,
    settings: Settings,
    *,
    workspace: Workspace | None = None,
    progress: Progress | None = None,
    building: Callable[[str], None] | None = None,
) -> Publication:
    """Compile (when stale) and publish the KB, and *workspace*'s graphs when given."""
    compiled = ensure_compiled(root, cache_dir, reason=settings.reason, progress=building)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    publish_id = f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
    stamp = now.isoformat().replace("+00:00", "Z")
    manifest = compiled.manifest
    sources = [
        _Source(
            compiled.artefact,
            Record(publish_id, KB_PART, stamp, manifest.artefact_sha256, manifest.to_dict()),
        )
    ]
    if workspace is not None:
        local = ensure_workspace(workspace, compiled, cache_dir, progress=building)
        data = local.manifest.to_dict()
        part = workspace_part(workspace.id)
        record = Record(f"{publish_id}-ws-{workspace.id}", part, stamp, local.manifest.key, data)
        sources.append(_Source(local.artefact, record))
    client = Client(str(url), timeout=settings.store_timeout * WRITE_TIMEOUT_FACTOR)
    removed = _remove_leftovers(client, url)
    previous = current_records(client, url)
    staged = _stage(client, url, publish_id, sources, progress)
    update = " ;\n".join(
        switch_update(s.record, staged[s.record.part], previous.get(s.record.part)) for s in sources
    )
    _update(client, url, update)
    counts = _counts(client, url)
    for source in sources:
        for graph, expected in source.record.graphs.items():
            if counts.get(graph, 0) != expected:
                raise ServerError(
                    f"after publishing, graph {graph} on {url} holds {counts.get(graph, 0)} "
                    f"triples instead of {expected}; publish again"
                )
    parts = tuple(Part(s.record.part, s.record.fingerprint, s.record.graphs) for s in sources)
    return Publication(str(url), publish_id, stamp, parts, removed)


def _remove_leftovers(client: Client, url: StoreUrl) -> int:
    leftovers = staged_graphs(client, url)
    if leftovers:
        _update(client, url, " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in leftovers))
    return len(leftovers)


def _stage(
    client: Client,
    url: StoreUrl,
    publish_id: str,
    sources: list[_Source],
    progress: Progress | None,
) -> dict[str, dict[str, str]]:
    """PUT every graph into its staging graph; part -> {graph: staging graph}."""
    total = sum(len(s.record.graphs) + 1 for s in sources)
    staged: dict[str, dict[str, str]] = {}
    done = 0
    for source in sources:
        triples = all_triples_by_graph(source.artefact)
        union = union_graph(source.record.part)
        triples[union] = [t for graph in source.record.graphs for t in triples.get(graph, [])]
        staged[source.record.part] = {}
        for graph in [*source.record.graphs, union]:
            stage = staging_graph(publish_id, done)
            body = serialize_triples(triples.get(graph, []), "nt")
            client.write(
                f"{url.store}?{urlencode({'graph': stage})}",
                method="PUT",
                data=body or b"",
                headers={"Content-Type": N_TRIPLES},
            )
            staged[source.record.part][graph] = stage
            done += 1
            if progress is not None:
                progress(done, total, graph)
    return staged


def _update(client: Client, url: StoreUrl, update: str) -> None:
    client.write(
        url.update,
        method="POST",
        data=update.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update"},
    )


def _counts(client: Client, url: StoreUrl) -> dict[str, int]:
    rows = select(
        client, url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    return {g.value: int(n.value) for g, n in rows}
