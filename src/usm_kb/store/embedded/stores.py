"""Where an embedded store comes from: the KB's N-Quads in memory, or a compiled store on disk."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox


def open_store(artefact: Path, disk: Path | None) -> ox.Store:
    """The store of *disk* (read-only), else a new in-memory store holding *artefact*.

    Any number of processes may open a store read-only at once; nothing may write to it
    meanwhile (Oxigraph's rule): usm-kb writes such a store once, in a staging folder, and
    renames it into place when it is complete (``workspace/compile.py``).
    """
    if disk is not None:
        return ox.Store.read_only(str(disk))
    store = ox.Store()
    store.bulk_load(path=str(artefact), format=ox.RdfFormat.N_QUADS)
    return store
