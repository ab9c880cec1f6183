"""A compiled workspace on disk: ``store/``, ``workspace.nq``, ``workspace.json`` (no RDF here).

The KB's open path reads these to decide whether a workspace must be compiled again; the
cache key covers the workspace's files, the shipped artefact and the code.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from usm_kb.workspace.config import Workspace

WS_ARTEFACT = "workspace.nq"
WS_MANIFEST = "workspace.json"
WS_STORE = "store"  # the Oxigraph store on disk: the KB and the workspace's graphs together
WORKSPACES = "workspaces"  # the folder of compiled workspaces inside the KB's cache
KEEP = 8  # compiled workspaces kept per KB cache (the oldest are removed)


@dataclass(frozen=True)
class WorkspaceManifest:
    """What a compiled workspace was made from and what it holds."""

    workspace: str
    name: str
    key: str  # the cache key: workspace content, KB artefact and code
    graphs: dict[str, int]
    artefact_sha256: str
    artefact_bytes: int = -1  # checked at every open (hashing hundreds of MB is not)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def cache_key(workspace: Workspace, kb_artefact_sha256: str, code: str) -> str:
    """The key of a compiled workspace: its files' content, the KB it sits beside, the code."""
    parts = (workspace.id, workspace.content_key(), kb_artefact_sha256, code)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def read_compiled(folder: Path, key: str) -> WorkspaceManifest | None:
    """The manifest of the compiled workspace in *folder* when it is whole and for *key*."""
    try:
        data = json.loads((folder / WS_MANIFEST).read_text("utf-8"))
        manifest = WorkspaceManifest(**data)
        intact = (folder / WS_ARTEFACT).stat().st_size == manifest.artefact_bytes
        intact = intact and (folder / WS_STORE / "CURRENT").is_file()  # RocksDB's own marker
    except (OSError, ValueError, TypeError):
        return None
    return manifest if intact and manifest.key == key else None
