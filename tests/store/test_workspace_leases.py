"""A compiled workspace folder that a process has open is never pruned under it.

Leases are shared ``flock`` locks on the folder's ``in-use.lock``: many holders at once, in
this process or others; the pruner removes a folder only when it can lock it exclusively.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.store.cache import _prune
from usm_kb.workspace.artefact import KEEP
from usm_kb.workspace.config import find_workspace
from usm_kb.workspace.in_use import IN_USE, hold, remove_unless_in_use


def _folder(parent: Path, name: str) -> Path:
    folder = parent / name
    folder.mkdir(parents=True)
    (folder / "workspace.nq").write_text("", encoding="utf-8")
    return folder


def test_a_lease_keeps_a_folder_until_every_holder_released_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "ws")
    first, second = hold(folder), hold(folder)  # shared: any number of holders
    assert first is not None and second is not None
    assert not remove_unless_in_use(folder) and (folder / "workspace.nq").is_file()
    first.release()
    assert not remove_unless_in_use(folder)  # the second still holds it
    second.release()
    second.release()  # twice is harmless
    assert remove_unless_in_use(folder) and not folder.exists()


def test_a_folder_being_removed_or_gone_cannot_be_leased(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "ws")
    fd = os.open(folder / IN_USE, os.O_WRONLY | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what the pruner holds while it removes
        assert hold(folder) is None
    finally:
        os.close(fd)
    assert hold(tmp_path / "gone") is None


def test_a_lease_held_by_another_process_is_respected(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "ws")
    holder = (
        "import sys; from pathlib import Path; from usm_kb.workspace.in_use import hold;"
        f"lease = hold(Path({str(folder)!r})); print('held', flush=True); sys.stdin.read()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        assert not remove_unless_in_use(folder) and folder.is_dir()
    finally:
        child.communicate("", timeout=30)  # end of input: the child exits, its lock goes
    assert remove_unless_in_use(folder) and not folder.exists()


def test_prune_keeps_the_newest_and_every_leased_folder(tmp_path: Path) -> None:
    parent = tmp_path / "workspaces"
    folders = [_folder(parent, f"ws{i:02d}") for i in range(KEEP + 3)]
    newest, oldest = folders[-1], folders[0]
    lease = hold(oldest)
    assert lease is not None
    for i, folder in enumerate(folders):  # ages set after the lease made its lock file
        os.utime(folder, (1_000_000 + i, 1_000_000 + i))
    _prune(parent, keep=newest)
    kept = sorted(p.name for p in parent.iterdir())
    assert kept == sorted([oldest.name, *(f.name for f in folders[-KEEP:])])
    lease.release()
    _prune(parent, keep=newest)
    assert oldest.name not in {p.name for p in parent.iterdir()}


def test_an_open_workspace_holds_its_compiled_folder_until_the_kb_closes(
    analysis_root: Path,
) -> None:
    kb = KnowledgeBase.open(
        analysis_root / "data",
        analysis_root / "cache",
        settings=Settings(sparql_workers=0),
        workspace=find_workspace(analysis_root / "ws" / "clean"),
    )
    try:
        disk = kb.backend.disk
        assert disk is not None
        folder = disk.parent
        assert not remove_unless_in_use(folder) and folder.is_dir()
        assert kb.run_named("processes").rows  # still answering
    finally:
        kb.close()
    assert remove_unless_in_use(folder) and not folder.exists()
