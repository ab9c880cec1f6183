"""The compiled artefact: ``kb.nq`` (sorted N-Quads) and ``manifest.json``.

The manifest says what the artefact was made from and what it holds. Both are written
atomically, artefact first, manifest last.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from usm_kb.build.fingerprint import code_fingerprint, input_hashes
from usm_kb.files import atomic_write_bytes, sha256_file

ARTEFACT = "kb.nq"
MANIFEST = "manifest.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Manifest:
    """What a compiled KB was made from and what it holds."""

    format: int
    usm_kb_version: str
    code: str
    inputs: dict[str, str]
    graphs: dict[str, int]
    triples: int
    inferred: int
    reasoner: dict[str, str]
    versions: dict[str, str]
    artefact_sha256: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        """Rebuild from ``to_dict`` output."""
        return cls(**data)


def read_manifest(out_dir: Path) -> Manifest | None:
    """The manifest in *out_dir*, or None if absent or unreadable."""
    try:
        return Manifest.from_dict(json.loads((out_dir / MANIFEST).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def is_fresh(root: Path, out_dir: Path) -> bool:
    """True when *out_dir* holds an artefact compiled from the current inputs and code."""
    manifest = read_manifest(out_dir)
    return (
        manifest is not None
        and manifest.format == FORMAT_VERSION
        and manifest.code == code_fingerprint()
        and manifest.inputs == input_hashes(root)
        and (out_dir / ARTEFACT).is_file()
    )


def is_intact(out_dir: Path, manifest: Manifest) -> bool:
    """True when the artefact's bytes are those the manifest records."""
    try:
        return sha256_file(out_dir / ARTEFACT) == manifest.artefact_sha256
    except OSError:
        return False


def write_artefact(out_dir: Path, payload: bytes, manifest: Manifest) -> None:
    """Write artefact then manifest, each via a temp file and an atomic rename."""
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out_dir / ARTEFACT, payload)
    text = json.dumps(manifest.to_dict(), indent=2, sort_keys=True) + "\n"
    atomic_write_bytes(out_dir / MANIFEST, text.encode())
