"""``usm-kb publish``: the compiled KB (and a workspace) loaded into a SPARQL server.

A part (the KB, or a workspace) whose fingerprint is already current on the server is not
sent again. For a part that changed (:mod:`.part_writes`), each graph is written through the
Graph Store Protocol (``PUT``, streamed from a file) straight under its own name when no
current record serves that name (no reader queries a graph its record does not list), else
its change is kept for the switch (edits, or a staging graph); and the part's union graph
(:func:`~usm_kb.store.remote.manifest.union_graph`, the KB's triples with a workspace's)
under a name of this publication's own. Then one SPARQL Update request applies the served
graphs' changes, drops graphs the new version no longer has and makes the new manifest
record current. Each write's time limit grows with its triples
(:func:`~usm_kb.store.remote.graph_writes.write_timeout`). A SPARQL 1.1 server runs one
update request atomically, so readers see the previous version or the new one, never a
mix. A publish that fails before the switch (the server stopped, the network gone) leaves
only graphs no current record names, which no reader queries and the next publish removes.
After the switch, union graphs older than the replaced record's are dropped (the replaced
one stays until the next publish, for workers that have not restarted yet).
One publisher at a time per server.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import tempfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from usm_kb.namespaces import GRAPH
from usm_kb.settings import Settings
from usm_kb.store.cache import ensure_compiled, ensure_workspace
from usm_kb.store.remote.graph_writes import write_timeout
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
    switch_update,
    union_graph,
    workspace_part,
)
from usm_kb.store.remote.part_writes import Progress, Source, write_parts
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.nquads import workspace_nquads

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
    with ExitStack() as leases:
        sources = [Source(compiled.artefact, kb, compiled.artefact, cache_dir)]
        if workspace is not None:
            local = ensure_workspace(workspace, compiled, cache_dir, progress=building)
            leases.callback(local.lease.release)  # no prune removes it while it is sent
            part = workspace_part(workspace.id)
            record_id = f"{publish_id}-ws-{workspace.id}"
            union = union_graph(publish_id, part)
            record = Record(
                record_id, part, stamp, local.manifest.key, local.manifest.to_dict(), union
            )
            artefact = workspace_nquads(local.folder, local.manifest, building)
            sources.append(Source(artefact, record, compiled.artefact, cache_dir))
        client = Client(str(url), timeout=write_timeout(settings, 0))
        previous = current_records(client, url)
        removed = _remove_unused(client, url, settings, previous.values())
        todo = [
            dataclasses.replace(s, record=_replacing(s.record, previous.get(s.record.part)))
            for s in sources
            if not _is_current(s.record, previous.get(s.record.part))
        ]
        records = previous | {s.record.part: s.record for s in todo}
        removed_old = 0
        if todo:
            with tempfile.TemporaryDirectory(prefix="usm-kb-publish-") as tmp:
                changes, work = write_parts(
                    client, url, settings, Path(tmp), todo, previous, progress
                )
            update = " ;\n".join(
                switch_update(s.record, changes[s.record.part], previous.get(s.record.part))
                for s in todo
            )
            dropped = sum(
                n
                for s in todo
                for g, n in _graphs(previous.get(s.record.part)).items()
                if g not in s.record.graphs
            )
            _update(client, url, update, write_timeout(settings, work + dropped))
            _check(client, url, [s.record for s in todo])
            removed_old = _remove_unused(client, url, settings, records.values())
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


def _graphs(record: Record | None) -> dict[str, int]:
    return record.graphs if record is not None else {}


def _remove_unused(
    client: Client, url: StoreUrl, settings: Settings, records: Iterable[Record]
) -> int:
    """Drop usm-kb's graphs that no current record names (nor keeps for old workers)."""
    keep: set[str] = set()
    for record in records:
        keep.update([*record.graphs, record.union, record.kept])
    unused = [g for g in graph_names(client, url) if g.startswith(OWN) and g not in keep]
    if unused:
        triples = sum(_counts(client, url, unused).values())
        drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in unused)
        _update(client, url, drops, write_timeout(settings, triples))
    return len(unused)


def _update(client: Client, url: StoreUrl, update: str, timeout: float) -> None:
    client.write(
        url.update,
        method="POST",
        data=update.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update"},
        timeout=timeout,
    )


def _check(client: Client, url: StoreUrl, records: list[Record]) -> None:
    """Every published graph holds the triples its manifest counts."""
    expected = {g: n for r in records for g, n in r.graphs.items()}
    counts = _counts(client, url, list(expected))
    for graph, triples in expected.items():
        if counts.get(graph, 0) != triples:
            raise ServerError(
                f"after publishing, graph {graph} on {url} holds {counts.get(graph, 0)} "
                f"triples instead of {triples}; publish again"
            )


def _counts(client: Client, url: StoreUrl, graphs: list[str]) -> dict[str, int]:
    """Triples in each of *graphs* on the server (absent: none)."""
    if not graphs:
        return {}
    values = " ".join(f"<{g}>" for g in graphs)
    rows = select(
        client,
        url,
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        " GROUP BY ?g",
    )
    return {g.value: int(n.value) for g, n in rows}
