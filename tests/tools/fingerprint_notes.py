"""Write the 5-word-shingle fingerprints of the team's private research notes.

The catalogue descriptions must be usm-kb's own words, not sentences lifted from the research
notes in ``../shared`` (which are outside the repository and are not meant as catalogue text).
``tests/test_own_words.py`` checks this against ``tests/data/reference-notes-5grams.txt``: one
line per shingle, the first 16 hex characters of the SHA-256 of the normalised 5-word shingle,
sorted and de-duplicated. Only hashes are stored, so no note text enters the repository and the
test also runs on a clean clone where ``../shared`` does not exist.

Normalisation (must match ``tests/test_own_words.py``): lower-case the text, replace every run
of characters other than ``a-z`` and ``0-9`` with one space, split on spaces; a shingle is five
consecutive words joined by single spaces. Shingles run over the whole file.

Regenerate after the notes change (from the repository root)::

    python tests/tools/fingerprint_notes.py                  # notes in ../shared
    python tests/tools/fingerprint_notes.py --shared /work/shared

``--out`` overrides the output file (default ``tests/data/reference-notes-5grams.txt``).

It reads ``<shared>/reference/*.md`` and ``<shared>/seed/*.md`` and uses only the standard
library.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "tests" / "data" / "reference-notes-5grams.txt"
NOTE_GLOBS = ("reference/*.md", "seed/*.md")
SHINGLE = 5


def words(text: str) -> list[str]:
    """Lower-cased ``[a-z0-9]+`` runs of the text."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def shingles(text: str, size: int = SHINGLE) -> Iterator[str]:
    """Every run of ``size`` consecutive normalised words, joined by single spaces."""
    tokens = words(text)
    for start in range(len(tokens) - size + 1):
        yield " ".join(tokens[start : start + size])


def fingerprint(shingle: str) -> str:
    """First 16 hex characters of the SHA-256 of the shingle (UTF-8)."""
    return hashlib.sha256(shingle.encode("utf-8")).hexdigest()[:16]


def note_files(shared: Path) -> list[Path]:
    return sorted(path for pattern in NOTE_GLOBS for path in shared.glob(pattern))


def fingerprints(files: Iterable[Path]) -> list[str]:
    found = {fingerprint(s) for path in files for s in shingles(path.read_text(encoding="utf-8"))}
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    files = note_files(args.shared)
    if not files:
        print(f"no notes found under {args.shared}", file=sys.stderr)
        return 2
    hashes = fingerprints(files)
    args.out.write_text("".join(h + "\n" for h in hashes), encoding="ascii")
    print(f"{len(hashes)} fingerprints from {len(files)} files -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
