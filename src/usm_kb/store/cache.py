"""Where the compiled KB lives, and opening it: compile first when sources or code changed.

Opening a fresh cache reads only the manifest and the artefact: rdflib, pyshacl and owlready2
are imported only when something must really be compiled (the one deferred import below,
declared in the import contracts).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_dir

from usm_kb.build.artefact import ARTEFACT, Manifest, is_fresh, is_intact, read_manifest
from usm_kb.store import freshness
from usm_kb.workspace.artefact import (
    KEEP,
    WORKSPACES,
    WS_STORE,
    WorkspaceManifest,
    cache_key,
    read_compiled,
)
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.in_use import Lease, hold, remove_unless_in_use


@dataclass(frozen=True)
class Compiled:
    """A compiled KB on disk, ready to load."""

    artefact: Path
    manifest: Manifest
    rebuilt: bool


def default_cache_dir(root: Path) -> Path:
    """Per-data-root cache folder in the user's cache directory."""
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return Path(user_cache_dir("usm-kb")) / key


def ensure_compiled(
    root: Path,
    cache_dir: Path,
    *,
    reason: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Compiled:
    """The compiled KB for *root* in *cache_dir*, compiled first when stale or damaged."""
    manifest = read_manifest(cache_dir)
    if manifest is not None and freshness.unchanged(root, cache_dir):
        return Compiled(cache_dir / ARTEFACT, manifest, rebuilt=False)
    if manifest is not None and is_fresh(root, cache_dir) and is_intact(cache_dir, manifest):
        freshness.record(root, cache_dir)
        return Compiled(cache_dir / ARTEFACT, manifest, rebuilt=False)
    from usm_kb.build.pipeline import compile_kb  # deferred: imports rdflib, pyshacl, owlready2

    result = compile_kb(root, cache_dir, reason=reason, progress=progress)
    return Compiled(cache_dir / ARTEFACT, result.manifest, rebuilt=True)


@dataclass(frozen=True)
class CompiledWorkspace:
    """A workspace compiled beside a KB, ready to load after it.

    Its folder is leased (:mod:`usm_kb.workspace.in_use`): no other process's prune removes
    it until the lease is released (by the backend that opened it, when it closes).
    """

    folder: Path
    manifest: WorkspaceManifest
    rebuilt: bool
    lease: Lease = field(default_factory=lambda: Lease(None), compare=False, repr=False)

    @property
    def store(self) -> Path:
        """The Oxigraph store on disk holding the KB and the workspace together."""
        return self.folder / WS_STORE


def ensure_workspace(
    workspace: Workspace,
    compiled: Compiled,
    cache_dir: Path,
    *,
    progress: Callable[[str], None] | None = None,
) -> CompiledWorkspace:
    """The compiled graphs of *workspace*, compiled first when they are stale.

    Stale means its files, the KB or the code changed. Compiled workspaces are kept under
    ``cache_dir/workspaces/<key>``, the newest :data:`KEEP` of them.
    """
    key = cache_key(workspace, compiled.manifest.artefact_sha256, compiled.manifest.code)
    folder = cache_dir / WORKSPACES / key
    manifest = read_compiled(folder, key)
    lease = hold(folder) if manifest is not None else None
    if manifest is not None and lease is not None:
        return CompiledWorkspace(folder, manifest, rebuilt=False, lease=lease)
    from usm_kb.workspace.compile import compile_workspace  # deferred: imports rdflib

    if progress is not None:
        progress(f"compiling workspace {workspace.id}")
    manifest = compile_workspace(workspace, compiled.artefact, folder, key)
    lease = hold(folder) or Lease(None)  # None only if another process prunes it this instant
    _prune(cache_dir / WORKSPACES, keep=folder)
    return CompiledWorkspace(folder, manifest, rebuilt=True, lease=lease)


def _prune(parent: Path, keep: Path) -> None:
    """Remove compiled workspaces beyond the newest :data:`KEEP` (not *keep*, nor leased ones)."""
    folders = sorted(
        (p for p in parent.iterdir() if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in folders[KEEP - 1 :]:
        remove_unless_in_use(old)
