"""Compile a workspace into its own named graphs, beside a compiled KB.

The shipped artefact is loaded into a private store on disk; the workspace's graphs are
checked against the USM elements it holds and streamed in (loader threads store each batch
outside Python's lock while Python reads the next file or makes the next batch), and the
inference rules run once more, their new triples going to the workspace's ``inferred``
graph. The result is written into the compiled workspace's folder:

- ``store/`` — that Oxigraph store (KB and workspace together), which the KB opens read-only:
  nothing is parsed or held in memory at open, and query workers share it; compacted on a
  loader thread while the graphs are counted;
- ``workspace.json`` — the manifest, written last: a folder without it is not compiled.

The workspace's graphs as N-Quads (``workspace.nq``, what ``publish`` sends) are written only
when asked for (:mod:`usm_kb.workspace.nquads`).

Memory stays bounded by the workspace's parsed files, not by its triples: a 100k-practice
workspace held as an in-memory store and sorted N-Quads took 5.5 GiB (docs/performance.md).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from usm_kb.files import atomic_write_bytes
from usm_kb.namespaces import GENID, ID, workspace_graph
from usm_kb.rdf.inference import materialize
from usm_kb.rdf.oxigraph import (
    Store,
    disk_store,
    graph_size,
    load_nquads_file,
    select,
)
from usm_kb.rdf.oxterms import load_ox_triples
from usm_kb.workspace.artefact import (
    WS_MANIFEST,
    WS_STORE,
    WorkspaceManifest,
    read_compiled,
)
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.graphs import workspace_triples

STAGING = ".store-"  # + pid + random: a compile's store until it is complete
# Two batches stored at once: a bulk load works outside Python's lock, largely on one core, so
# the practices load while the first mapping batches do (the store's content, hence its
# key order, does not depend on the order the batches arrive in).
LOADERS = 2

TARGETS = (
    f'SELECT DISTINCT ?i ?c WHERE {{ ?i a ?c FILTER(isIRI(?c) && STRSTARTS(STR(?i), "{ID}")) }}'
)


def target_classes_of(store: Store) -> dict[str, frozenset[str]]:
    """Every USM individual of a compiled KB with its classes (the inferred types included)."""
    targets: dict[str, set[str]] = {}
    for row in select(store, TARGETS, use_default_graph_as_union=True):
        targets.setdefault(str(row["i"].value), set()).add(str(row["c"].value))
    return {iri: frozenset(classes) for iri, classes in targets.items()}


def compile_workspace(
    workspace: Workspace, kb_artefact: Path, out_dir: Path, key: str
) -> WorkspaceManifest:
    """Check and compile *workspace* against the KB in *kb_artefact* into *out_dir*.

    All or nothing: the store is built in a staging folder and renamed into place, the
    manifest written last; bad input (a ``DataError``) leaves *out_dir* as it was.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=out_dir))
    store: Store | None = None
    try:
        with ThreadPoolExecutor(LOADERS) as loader:
            store = disk_store(staging)
            load_nquads_file(store, str(kb_artefact))
            inferred = workspace_graph(workspace.id, "inferred")
            graphs, loads = [inferred], []
            for iri, _path, triples in workspace_triples(workspace, target_classes_of(store)):
                loads.append(load_ox_triples(store, triples, iri, loader))
                graphs.append(iri)
            for loaded in loads:
                loaded.result()
            materialize(store, inferred, GENID)
            # compacted once (read-only from here on), while the graphs are counted
            optimized = loader.submit(store.optimize)
            counts = {graph: graph_size(store, graph) for graph in sorted(graphs)}
            optimized.result()
            store = None  # closes the database before its folder moves
        _install(staging, out_dir, key)
    except BaseException as exc:
        # the frames of the failed work (a generator reading a bad file, the loader's batch)
        # still hold the store: free them so the database closes before its folder goes
        traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        # closed first on failure too: RocksDB's own threads may still be writing files into
        # the folder (a compaction after the loader's bulk loads) while it is removed
        store = None
        shutil.rmtree(staging, ignore_errors=True)
    manifest = WorkspaceManifest(workspace.id, workspace.name, key, counts)
    text = json.dumps(manifest.to_dict(), indent=2, sort_keys=True) + "\n"
    atomic_write_bytes(out_dir / WS_MANIFEST, text.encode())
    return manifest


def _remove_abandoned(out_dir: Path) -> None:
    """Remove staging folders whose compile was killed (its process is gone)."""
    for folder in out_dir.glob(STAGING + "*"):
        pid = folder.name[len(STAGING) :].partition("-")[0]
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _install(staging: Path, out_dir: Path, key: str) -> None:
    """Rename the finished store into place, replacing a leftover of an unfinished compile.

    A store that a whole compile of the same key left (another process was quicker) stays:
    readers may have it open.
    """
    target = out_dir / WS_STORE
    if target.exists():
        if read_compiled(out_dir, key) is not None:
            return
        shutil.rmtree(target)
    staging.rename(target)
