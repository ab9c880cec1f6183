"""A compiled workspace on disk: ``store/``, ``workspace.json``, ``workspace.nq`` once asked for.

No RDF library here.

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

WS_ARTEFACT = "workspace.nq"  # written when first asked for (workspace/nquads.py)
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

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkspaceManifest:
        """Read a manifest, ignoring fields another version wrote.

        ``TypeError``, ``ValueError`` or ``KeyError`` when one it needs is missing or wrong.
        """
        graphs = data["graphs"]
        if not isinstance(graphs, dict):
            raise TypeError("graphs is not an object")
        return cls(
            str(data["workspace"]),
            str(data["name"]),
            str(data["key"]),
            {str(g): int(n) for g, n in graphs.items()},
        )


def cache_key(workspace: Workspace, kb_artefact_sha256: str, code: str) -> str:
    """The key of a compiled workspace: its files' content, the KB it sits beside, the code."""
    parts = (workspace.id, workspace.content_key(), kb_artefact_sha256, code)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def read_compiled(folder: Path, key: str) -> WorkspaceManifest | None:
    """The manifest of the compiled workspace in *folder* when it is whole and for *key*.

    The manifest is written last, after the store is in place: a folder with both is whole.
    """
    try:
        manifest = WorkspaceManifest.from_dict(
            json.loads((folder / WS_MANIFEST).read_text("utf-8"))
        )
        intact = (folder / WS_STORE / "CURRENT").is_file()  # RocksDB's own marker
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return manifest if intact and manifest.key == key else None
