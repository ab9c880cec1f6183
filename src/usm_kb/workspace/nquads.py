"""A compiled workspace's graphs as one N-Quads file (``workspace.nq``), written when asked for.

Only ``publish`` sends it (to a SPARQL server); analyses, queries and the explorer read the
compiled store. So the compile does not write it: reading a 10k-practice workspace's graphs
back out of RocksDB costs about four CPU seconds (a database look-up per term), which the
first analysis of a workspace would otherwise wait for (docs/performance.md). The bytes do
not depend on when it is written: each graph in the store's key order, which depends only on
the data, the graphs sorted by IRI.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import BinaryIO

from usm_kb.files import atomic_write_stream
from usm_kb.rdf.oxigraph import Store, copy_as_nquads, dump_graph_ntriples, read_only_store
from usm_kb.workspace.artefact import WS_ARTEFACT, WS_STORE, WorkspaceManifest

DUMPS = ".dumps-"  # a writer's N-Triples scratch folder inside the compiled workspace


def workspace_nquads(
    folder: Path,
    manifest: WorkspaceManifest,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """The N-Quads file of the compiled workspace in *folder*, written now if it is missing.

    *progress* hears when it is written. The caller holds the folder's lease
    (:mod:`usm_kb.workspace.in_use`). Two processes may write it at once: each writes its own
    temporary file and renames it into place, and both write the same bytes.
    """
    target = folder / WS_ARTEFACT
    if target.is_file():
        return target
    if progress is not None:
        progress(f"exporting workspace {manifest.workspace}")
    store = read_only_store(folder / WS_STORE)
    graphs = sorted(manifest.graphs)
    with tempfile.TemporaryDirectory(prefix=DUMPS, dir=folder) as scratch:
        atomic_write_stream(target, partial(_write, store, graphs, Path(scratch)))
    return target


def _write(store: Store, graphs: list[str], scratch: Path, out: BinaryIO) -> None:
    """Each graph dumped by Oxigraph as N-Triples, then copied to *out* with its name added."""
    part = scratch / "graph.nt"
    for graph in graphs:
        dump_graph_ntriples(store, graph, part)
        copy_as_nquads(part, graph, out)
