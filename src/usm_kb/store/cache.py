"""Where the compiled KB lives, and opening it: compile first when sources or code changed.

Opening a fresh cache reads only the manifest and the artefact: rdflib, pyshacl and owlready2
are imported only when something must really be compiled (the one deferred import below,
declared in the import contracts).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from usm_kb.build.artefact import ARTEFACT, Manifest, is_fresh, is_intact, read_manifest
from usm_kb.store import freshness


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
