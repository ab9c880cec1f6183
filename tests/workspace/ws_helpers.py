"""Helpers of the workspace tests: tmp workspaces, file snapshots, the CLI without a KB."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from usm_kb.cli import cli
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.create import init_workspace
from usm_kb.workspace.tables import Limits

LIMITS = Limits(max_bytes=4 * 2**20, max_rows=200, max_cell_chars=2_000, max_unpacked_bytes=2**24)


def make_workspace(folder: Path, language: str = "nl") -> Workspace:
    return init_workspace(
        folder, name="Gemeente Proef", ident="proef", language=language, date="2026-11-28"
    ).workspace


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under *folder* with its bytes (temp files included, so leftovers show)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def invoke(*args: str) -> Result:
    """The CLI, without a KB (catalog commands need none until mappings exist)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)
