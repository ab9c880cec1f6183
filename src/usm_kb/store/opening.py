"""Choosing and opening the backend a KnowledgeBase runs on (``--store`` / ``USM_KB_STORE``).

``embedded`` compiles the KB when stale and loads it (and a workspace's graphs) into this
process; a ``sparql+http://`` URL connects to a server the KB was published to, and loads
nothing (:mod:`usm_kb.store.remote.connect`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from usm_kb.build.artefact import Manifest
from usm_kb.settings import Settings
from usm_kb.store.backend import Backend
from usm_kb.store.cache import CompiledWorkspace, ensure_compiled, ensure_workspace
from usm_kb.store.embedded import EmbeddedBackend
from usm_kb.store.remote.location import parse_store
from usm_kb.workspace.artefact import WorkspaceManifest
from usm_kb.workspace.config import Workspace


@dataclass(frozen=True)
class Opened:
    """A ready backend and what it holds."""

    backend: Backend
    manifest: Manifest
    rebuilt: bool
    workspace_manifest: WorkspaceManifest | None


def open_backend(
    root: Path,
    cache_dir: Path,
    settings: Settings,
    *,
    reason: bool,
    progress: Callable[[str], None] | None = None,
    workspace: Workspace | None = None,
    workspace_cache: Path | None = None,
) -> Opened:
    """The backend the settings choose, with the KB (and *workspace*) in it."""
    server = parse_store(settings.store)
    if server is not None:  # the HTTP client is imported only for a server (~60 ms)
        from usm_kb.store.remote.connect import connect

        remote = connect(server, settings, workspace)
        return Opened(remote.backend, remote.manifest, False, remote.workspace_manifest)
    compiled = ensure_compiled(root, cache_dir, reason=reason, progress=progress)
    local: CompiledWorkspace | None = None
    if workspace is not None:
        local = ensure_workspace(
            workspace, compiled, workspace_cache or cache_dir, progress=progress
        )
    backend = EmbeddedBackend(
        compiled.artefact,
        workers=settings.sparql_workers,
        max_waiting=settings.sparql_max_waiting,
        sandbox=settings.sandbox,
        disk=local.store if local else None,
        lease=local.lease if local else None,
    )
    return Opened(backend, compiled.manifest, compiled.rebuilt, local.manifest if local else None)
