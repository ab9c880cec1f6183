"""File plumbing shared by every layer: atomic writes, content hashes, UTF-8 reads."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from usm_kb.errors import DataError

MAX_INPUT_BYTES = 256 * 1024 * 1024  # the largest source or user file read (a safety limit)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write *data* to a temp file next to *path*, then rename it into place.

    Readers see the old file or the new one, never half of either; a failed write leaves the
    old file untouched.
    """
    atomic_write_stream(path, lambda out: out.write(data))


def atomic_write_stream(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Like :func:`atomic_write_bytes`, for content that *write* streams into a file object."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as out:
            write(out)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks (compiled artefacts run to hundreds of MB)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def check_size(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> None:
    """Refuse a file larger than *max_bytes* before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror}", path=path) from exc
    if size > max_bytes:
        raise DataError(
            f"the file has {size / 2**20:.0f} MiB; the limit is {max_bytes / 2**20:.0f} MiB",
            path=path,
        )


def read_utf8(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """A text file's content; unreadable, oversized or non-UTF-8 input is a ``DataError``."""
    check_size(path, max_bytes)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text at byte {exc.start}", path=path) from exc
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror}", path=path) from exc
