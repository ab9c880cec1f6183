"""Run the CLI on a compiled test KB folder (``data/`` and ``cache/`` under one base)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from usm_kb.cli import cli


def usm_on(base: Path, *args: str) -> Result:
    """``usm-kb --data BASE/data --cache BASE/cache --no-reason ARGS…`` in this process."""
    return CliRunner().invoke(
        cli,
        ["--data", str(base / "data"), "--cache", str(base / "cache"), "--no-reason", *args],
        catch_exceptions=False,
    )
