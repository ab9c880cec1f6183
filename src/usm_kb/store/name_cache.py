"""The resolver's index kept beside the compiled KB, so a command does not rebuild it.

Building the :class:`~usm_kb.store.names.NameIndex` takes two queries over every label and
code plus the key normalisation of each word — about a third of a second, on every CLI
command that resolves a parameter or shows a table. The index is a pure function of the
compiled artefact and the code, so it is written once as JSON next to ``kb.nq`` and read
back when both still match (the manifest's artefact hash and code fingerprint). A file
that does not match, does not parse or has the wrong shape is ignored and rewritten; a
read-only cache folder only costs the rebuild. Like the compiled store itself, the cache
folder is trusted: it belongs to the user who runs the command.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from usm_kb.build.artefact import Manifest
from usm_kb.store.names import Entry, NameIndex
from usm_kb.workspace.artefact import WorkspaceManifest

FORMAT = 1
NAMES = "names.json"  # the index of the KB alone, beside kb.nq


def to_json(index: NameIndex, stamp: str) -> dict[str, Any]:
    """JSON-ready form of *index*, entries numbered once and keys pointing at the numbers."""
    numbered: dict[Entry, int] = {}
    for items in index.entries.values():
        for entry in items:
            numbered.setdefault(entry, len(numbered))
    for by_key in index.keys.values():
        for found in by_key.values():
            for entry in found:
                numbered.setdefault(entry, len(numbered))
    return {
        "format": FORMAT,
        "stamp": stamp,
        "entries": [
            [e.kind, e.iri, e.id, e.label, e.framework, e.short]
            for e in sorted(numbered, key=numbered.__getitem__)
        ],
        "by_kind": {k: [numbered[e] for e in items] for k, items in index.entries.items()},
        "keys": {
            kind: {k: sorted(numbered[e] for e in found) for k, found in by_key.items()}
            for kind, by_key in index.keys.items()
        },
        "words": index.words,
        "labels": index.labels,
    }


def from_json(data: dict[str, Any], stamp: str) -> NameIndex | None:
    """The index *data* holds, or None when it is for another KB or not an index at all."""
    try:
        if data["format"] != FORMAT or data["stamp"] != stamp:
            return None
        entries = [Entry(*(str(v) for v in row)) for row in data["entries"]]
        return NameIndex(
            {k: tuple(entries[i] for i in items) for k, items in data["by_kind"].items()},
            {
                kind: {k: frozenset(entries[i] for i in found) for k, found in by_key.items()}
                for kind, by_key in data["keys"].items()
            },
            {kind: {str(k): str(w) for k, w in by.items()} for kind, by in data["words"].items()},
            {str(k): str(v) for k, v in data["labels"].items()},
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


def index_location(
    cache_dir: Path, manifest: Manifest, workspace: WorkspaceManifest | None
) -> tuple[Path, str]:
    """Where the index of a KB is kept, and the stamp it must carry.

    With a workspace, whose graphs are queried too, the index has its own file and stamp.
    """
    stamp = f"{manifest.artefact_sha256}:{manifest.code}"
    if workspace is None:
        return cache_dir / NAMES, stamp
    return cache_dir / f"names-{workspace.key[:16]}.json", f"{stamp}:{workspace.key}"


def cached_index(path: Path, stamp: str, build: Callable[[], NameIndex]) -> NameIndex:
    """The index stored at *path* for *stamp*, else *build* it and store it (best effort)."""
    try:
        found = from_json(json.loads(path.read_bytes()), stamp)
    except (OSError, ValueError):
        found = None
    if found is not None:
        return found
    index = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".names-", suffix=".json")
    except OSError:
        return index  # a read-only cache: the index is still kept in memory
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(to_json(index, stamp), out, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    return index
