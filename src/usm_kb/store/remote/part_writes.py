"""How publish writes the graphs of the parts that changed, before the switch.

Each artefact is split once into one N-Triples file per graph (:mod:`usm_kb.rdf.graph_files`)
in a temporary folder, and every body is streamed from those files: a graph no current record
names and each union graph by a ``PUT`` (:mod:`.graph_writes`), a served graph by the edit
operations the switch applies (or staged, and moved in by the switch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from usm_kb.rdf.graph_files import GraphFile, split_graphs
from usm_kb.settings import Settings
from usm_kb.store.remote.graph_writes import (
    EDIT_LIMIT,
    edit_ops,
    file_edit_ops,
    file_triples,
    move_op,
    put_file,
    served_triples,
    write_timeout,
)
from usm_kb.store.remote.http import Client
from usm_kb.store.remote.location import StoreUrl
from usm_kb.store.remote.manifest import KB_PART, Record, staging_graph
from usm_kb.workspace.artefact import WORKSPACES, WS_ARTEFACT, read_compiled

Progress = Callable[[int, int, str], None]  # (graphs written, graphs in all, graph IRI)


@dataclass(frozen=True)
class Source:
    """One part to publish: its artefact, its new record, where the KB's and old ones are."""

    artefact: Path
    record: Record
    kb_artefact: Path
    cache_dir: Path


def write_parts(
    client: Client,
    url: StoreUrl,
    settings: Settings,
    tmp: Path,
    sources: list[Source],
    previous: dict[str, Record],
    progress: Progress | None,
) -> tuple[dict[str, list[str]], int]:
    """Write every graph and each union graph from files split off the artefacts in *tmp*.

    Returns part -> the switch's changes of served graphs, and the triples they change.
    """
    served = {g: n for r in previous.values() for g, n in r.graphs.items()}
    total = sum(len(s.record.graphs) + 1 for s in sources)
    split: dict[Path, dict[str, GraphFile]] = {}

    def files_of(artefact: Path) -> dict[str, GraphFile]:
        if artefact not in split:
            split[artefact] = split_graphs(artefact, tmp / str(len(split)))
        return split[artefact]

    empty = tmp / "empty.nt"
    empty.write_bytes(b"")
    changes: dict[str, list[str]] = {}
    work = done = 0
    for source in sources:
        record, files = source.record, files_of(source.artefact)
        old = _previous_artefact(source.cache_dir, previous.get(record.part))
        changes[record.part] = ops = []
        for graph in record.graphs:
            new = files.get(graph, GraphFile(empty, 0, blank=False))
            if graph not in served:
                put_file(client, url, graph, [new.path], write_timeout(settings, new.triples))
            else:
                before = files_of(old).get(graph) if old is not None else None
                edit = _edit(client, url, graph, new, before, served[graph])
                if edit is None:  # blank nodes, or too large to fetch: staged, moved in
                    stage = staging_graph(record.id, done)
                    put_file(client, url, stage, [new.path], write_timeout(settings, new.triples))
                    edit = [move_op(stage, graph)], served[graph] + 2 * new.triples
                ops += edit[0]
                work += edit[1]
            done += 1
            if progress is not None:
                progress(done, total, graph)
        union = [files[g] for g in record.graphs if g in files]
        if record.part != KB_PART:  # a workspace's queries see the KB's triples too
            union += files_of(source.kb_artefact).values()
        triples = sum(f.triples for f in union)
        put_file(
            client, url, record.union, [f.path for f in union], write_timeout(settings, triples)
        )
        done += 1
        if progress is not None:
            progress(done, total, record.union)
    return changes, work


def _edit(
    client: Client, url: StoreUrl, graph: str, new: GraphFile, old: GraphFile | None, served: int
) -> tuple[list[str], int] | None:
    """The operations editing served *graph* into *new*, and triples changed; None: stage it."""
    if new.blank:
        return None
    if old is not None and not old.blank:  # the previously published triples, kept here
        return file_edit_ops(graph, old.path, new.path)
    if served >= EDIT_LIMIT:
        return None
    ops = edit_ops(graph, served_triples(client, url, graph), file_triples(new.path))
    return None if ops is None else (ops, served + new.triples)


def _previous_artefact(cache_dir: Path, previous: Record | None) -> Path | None:
    """The compiled workspace *previous* was published from, when the cache still holds it."""
    if previous is None or previous.part == KB_PART:
        return None  # the KB's cache keeps only its current artefact
    folder = cache_dir / WORKSPACES / previous.fingerprint
    manifest = read_compiled(folder, previous.fingerprint)
    if manifest is None or manifest.graphs != previous.graphs:
        return None
    artefact = folder / WS_ARTEFACT  # written when it was published (workspace/nquads.py)
    return artefact if artefact.is_file() else None
