"""``usm-kb publish``: the compiled KB (and a workspace) loaded into a SPARQL server.

A part (the KB, or a workspace) whose fingerprint is already current on the server is not
sent again. For a part that changed, each graph is written through the Graph Store Protocol
(``PUT``): straight under its own name when no current record serves that name (no reader
queries a graph its record does not list), else into a staging graph; and the part's union
graph (:func:`~usm_kb.store.remote.manifest.union_graph`, the KB's triples with a
workspace's) under a name of this publication's own. Then one SPARQL Update request moves the
staged graphs onto their names, drops graphs the new version no longer has and makes the new
manifest record current. A SPARQL 1.1 server runs one update request atomically, so readers
see the previous version or the new one, never a mix. A publish that fails before the switch
(the server stopped, the network gone) leaves only graphs no current record names, which no
reader queries and the next publish removes. After the switch, union graphs older than the
replaced record's are dropped (the replaced one stays until the next publish, for workers
that have not restarted yet). One publisher at a time per server.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from usm_kb.namespaces import GRAPH
from usm_kb.rdf.oxigraph import all_triples_by_graph
from usm_kb.settings import Settings
from usm_kb.store.cache import ensure_compiled, ensure_workspace
from usm_kb.store.remote.graph_writes import edit_ops, move_op, put, served_triples
from usm_kb.store.remote.http import Client, ServerError
from usm_kb.store.remote.location import StoreUrl
from usm_kb.store.remote.manifest import (
    KB_PART,
    STAGING,
    UNIONS,
    Record,
    current_records,
    graph_names,
    select,
    staging_graph,
    switch_update,
    union_graph,
    workspace_part,
)
from usm_kb.workspace.config import Workspace

WRITE_TIMEOUT_FACTOR = 10  # a write may take this many times the store timeout
EDIT_LIMIT = 1_000_000  # a served graph this large is staged and moved, not fetched to compare
Progress = Callable[[int, int, str], None]  # (graphs written, graphs in all, graph IRI)
OWN = (STAGING, UNIONS, GRAPH)  # graphs usm-kb writes; others on the server are left alone


@dataclass(frozen=True)
class Part:
    """One published part: ``kb`` or a workspace, with its graphs and their triples."""

    part: str
    fingerprint: str
    graphs: dict[str, int]
    record: str  # the id of the part's current record
    sent: bool  # False when the part was current already and nothing was sent

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Publication:
    """What one publish put on the server."""

    server: str
    id: str
    time: str
    parts: tuple[Part, ...]
    removed_staging: int  # graphs left by unfinished publishes, removed first
    removed_old: int  # union graphs of older publications, removed after the switch

    @property
    def triples(self) -> int:
        """Triples published in all."""
        return sum(sum(p.graphs.values()) for p in self.parts)

    @property
    def sent(self) -> int:
        """Triples sent by this publish (parts already current are not)."""
        return sum(sum(p.graphs.values()) for p in self.parts if p.sent)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "server": self.server,
            "id": self.id,
            "time": self.time,
            "triples": self.triples,
            "sent": self.sent,
            "parts": [p.to_dict() for p in self.parts],
            "removed_staging": self.removed_staging,
            "removed_old": self.removed_old,
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
    kb = Record(
        publish_id,
        KB_PART,
        stamp,
        manifest.artefact_sha256,
        manifest.to_dict(),
        union_graph(publish_id, KB_PART),
    )
    sources = [_Source(compiled.artefact, kb)]
    if workspace is not None:
        local = ensure_workspace(workspace, compiled, cache_dir, progress=building)
        part = workspace_part(workspace.id)
        record_id = f"{publish_id}-ws-{workspace.id}"
        union = union_graph(publish_id, part)
        record = Record(record_id, part, stamp, local.manifest.key, local.manifest.to_dict(), union)
        sources.append(_Source(local.artefact, record))
    client = Client(str(url), timeout=settings.store_timeout * WRITE_TIMEOUT_FACTOR)
    previous = current_records(client, url)
    removed = _remove_unused(client, url, previous.values())
    todo = [
        _Source(s.artefact, _replacing(s.record, previous.get(s.record.part)))
        for s in sources
        if not _is_current(s.record, previous.get(s.record.part))
    ]
    records = previous | {s.record.part: s.record for s in todo}
    removed_old = 0
    if todo:
        served = {g: n for r in previous.values() for g, n in r.graphs.items()}
        changes = _write(client, url, compiled.artefact, todo, served, progress)
        update = " ;\n".join(
            switch_update(s.record, changes[s.record.part], previous.get(s.record.part))
            for s in todo
        )
        _update(client, url, update)
        _check(client, url, [s.record for s in todo])
        removed_old = _remove_unused(client, url, records.values())
    sent = {s.record.part for s in todo}
    parts = tuple(
        Part(r.part, r.fingerprint, r.graphs, r.id, r.part in sent)
        for r in (records[s.record.part] for s in sources)
    )
    return Publication(str(url), publish_id, stamp, parts, removed, removed_old)


def _replacing(record: Record, previous: Record | None) -> Record:
    """*record*, keeping the union graph of the record it replaces for workers not restarted."""
    return dataclasses.replace(record, kept=previous.union if previous else "")


def _is_current(record: Record, previous: Record | None) -> bool:
    """True when *previous* already serves what *record* would publish."""
    return (
        previous is not None
        and bool(previous.union)
        and previous.fingerprint == record.fingerprint
        and previous.graphs == record.graphs
    )


def _remove_unused(client: Client, url: StoreUrl, records: Iterable[Record]) -> int:
    """Drop usm-kb's graphs that no current record names (nor keeps for old workers)."""
    keep: set[str] = set()
    for record in records:
        keep.update([*record.graphs, record.union, record.kept])
    unused = [g for g in graph_names(client, url) if g.startswith(OWN) and g not in keep]
    if unused:
        _update(client, url, " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in unused))
    return len(unused)


def _write(
    client: Client,
    url: StoreUrl,
    kb_artefact: Path,
    sources: list[_Source],
    served: dict[str, int],
    progress: Progress | None,
) -> dict[str, list[str]]:
    """Write every graph and each union graph; part -> the switch's changes of served graphs."""
    total = sum(len(s.record.graphs) + 1 for s in sources)
    changes: dict[str, list[str]] = {}
    kb_triples: list[Any] | None = None
    done = 0
    for source in sources:
        triples = all_triples_by_graph(source.artefact)
        union = [t for graph in source.record.graphs for t in triples.get(graph, [])]
        if source.record.part != KB_PART:  # a workspace's queries see the KB's triples too
            if kb_triples is None:
                kb_triples = [t for ts in all_triples_by_graph(kb_artefact).values() for t in ts]
            union += kb_triples
        triples[source.record.union] = union
        changes[source.record.part] = ops = []
        for graph in [*source.record.graphs, source.record.union]:
            new = triples.get(graph, [])
            edits = None
            if served.get(graph, EDIT_LIMIT) < EDIT_LIMIT:
                edits = edit_ops(graph, served_triples(client, url, graph), set(new))
            if edits is not None:
                ops += edits
            elif graph in served:  # too large or blank nodes: staged, moved in by the switch
                stage = staging_graph(source.record.id, done)
                put(client, url, stage, new)
                ops.append(move_op(stage, graph))
            else:
                put(client, url, graph, new)
            done += 1
            if progress is not None:
                progress(done, total, graph)
    return changes


def _update(client: Client, url: StoreUrl, update: str) -> None:
    client.write(
        url.update,
        method="POST",
        data=update.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update"},
    )


def _check(client: Client, url: StoreUrl, records: list[Record]) -> None:
    """Every published graph holds the triples its manifest counts."""
    expected = {g: n for r in records for g, n in r.graphs.items()}
    if not expected:
        return
    values = " ".join(f"<{g}>" for g in expected)
    rows = select(
        client,
        url,
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        " GROUP BY ?g",
    )
    counts = {g.value: int(n.value) for g, n in rows}
    for graph, triples in expected.items():
        if counts.get(graph, 0) != triples:
            raise ServerError(
                f"after publishing, graph {graph} on {url} holds {counts.get(graph, 0)} "
                f"triples instead of {triples}; publish again"
            )
