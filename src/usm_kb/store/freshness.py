"""A quick freshness check: the file-system stamps of everything a compiled KB depends on.

Proving a cache current means hashing every source file, every module of the package and
the artefact — 20–30 ms on each command. After one such proof, the stamps (size, mtime,
ctime, inode) of the same files are recorded beside the cache; while every stamp is
unchanged, the proof holds and nothing is hashed. Any change — an edited, replaced, touched,
added or removed file — changes a stamp or the file list and sends the caller back to the
full check. ``ctime`` cannot be set by a user, so restoring an old mtime does not hide an edit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from usm_kb.build.artefact import ARTEFACT, MANIFEST
from usm_kb.data_root import source_files
from usm_kb.files import atomic_write_bytes

STAMPS = "fresh-stamps.json"


def _package_files() -> list[str]:
    """The package's modules (``os.walk``: a tenth of ``Path.rglob``'s time, on every command)."""
    found: list[str] = []
    for folder, subfolders, names in os.walk(Path(__file__).resolve().parents[1]):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += [os.path.join(folder, name) for name in names if name.endswith(".py")]
    return sorted(found)


def stamps(root: Path, cache_dir: Path) -> list[list[object]]:
    """(path, size, mtime, ctime, inode) of every input, module, the artefact and manifest."""
    files = [*map(str, source_files(root)), *_package_files()]
    files += [str(cache_dir / ARTEFACT), str(cache_dir / MANIFEST)]
    found: list[list[object]] = []
    for path in files:
        st = os.stat(path)
        found.append([path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return found


def unchanged(root: Path, cache_dir: Path) -> bool:
    """True when the stamps recorded by :func:`record` still hold, file for file."""
    try:
        recorded = json.loads((cache_dir / STAMPS).read_bytes())
        return bool(recorded) and recorded == stamps(root, cache_dir)
    except (OSError, ValueError):
        return False


def record(root: Path, cache_dir: Path) -> None:
    """Remember the current stamps (after a full check proved the cache current)."""
    try:
        payload = json.dumps(stamps(root, cache_dir), separators=(",", ":")).encode()
        atomic_write_bytes(cache_dir / STAMPS, payload)
    except OSError:
        pass  # a read-only cache: every command does the full check
