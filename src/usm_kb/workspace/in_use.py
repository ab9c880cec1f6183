"""Leases on compiled workspace folders: a folder a process has open is never pruned under it.

A KB cache keeps the newest few compiled workspaces (:data:`~usm_kb.workspace.artefact.KEEP`)
and removes older ones after each compile. A ``usm-kb serve`` (or a publish) may still have
one of those old folders open: its Oxigraph store on disk opens table files as it needs them,
so removing the folder under it would break its next queries. Each process that opens a
compiled workspace therefore holds a shared lock (``flock``) on the folder's
``in-use.lock`` for as long as it uses the folder; the pruner takes the lock exclusively,
without waiting, and skips a folder it cannot lock. Query worker processes inherit the
lock with the file. Where ``fcntl`` is missing (Windows) there are no leases and the pruner
removes old folders as before.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

IN_USE = "in-use.lock"


class Lease:
    """A shared lock on a compiled workspace folder, held until released or collected."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        """Give the folder up (closing the descriptor drops the lock); safe to call twice."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def __del__(self) -> None:
        self.release()


def hold(folder: Path) -> Lease | None:
    """A lease on *folder*, or None when a pruner is removing it (treat it as gone)."""
    if fcntl is None:
        return Lease(None)
    fd = _locked(folder, fcntl.LOCK_SH)
    if fd is not None and not folder.is_dir():  # removed between the open and the lock
        os.close(fd)
        return None
    return None if fd is None else Lease(fd)


def remove_unless_in_use(folder: Path) -> bool:
    """Remove *folder* unless a process holds a lease on it; True when it was removed."""
    if fcntl is None:
        shutil.rmtree(folder, ignore_errors=True)
        return True
    fd = _locked(folder, fcntl.LOCK_EX)
    if fd is None:  # leased, or no lock file can be made there (not ours to judge)
        return False
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(fd)
    return True


def _locked(folder: Path, mode: int) -> int | None:
    """A descriptor of *folder*'s lock file locked in *mode* without waiting, or None."""
    try:
        fd = os.open(folder / IN_USE, os.O_WRONLY | os.O_CREAT, 0o644)
    except OSError:  # the folder is gone, or cannot take a lock file
        return None
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd
