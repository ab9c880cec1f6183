"""What a compiled KB depends on: the hashes of its inputs and of the compile code."""

from __future__ import annotations

import hashlib
from pathlib import Path

from usm_kb.data_root import source_files
from usm_kb.files import sha256_file


def input_hashes(root: Path) -> dict[str, str]:
    """Map of relative path -> SHA-256 for every compile input."""
    return {p.relative_to(root).as_posix(): sha256_file(p) for p in source_files(root)}


def code_fingerprint() -> str:
    """Hash of the package's code, so a code change invalidates old caches."""
    pkg = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(pkg.rglob("*.py")):
        digest.update(path.relative_to(pkg).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
