"""Run the CLI on a compiled test KB folder (``data/`` and ``cache/`` under one base)."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class CliOn:
    """The CLI on a base folder (``data/``, ``cache/``, ``ws/``) and the store it was put in."""

    base: Path
    store: str = "embedded"

    @property
    def unpublished(self) -> str:
        """What the CLI says of a workspace the store does not hold ("" when embedded: every
        workspace is compiled on first use)."""
        return "" if self.store == "embedded" else "is not published on the SPARQL server"

    def run(self, *args: str) -> Result:
        """``usm-kb`` with ``--store`` when the base's KB and workspaces live on a server."""
        where = [] if self.store == "embedded" else ["--store", self.store]
        return usm_on(self.base, *where, *args)

    def analyze(self, workspace: str | Path, *args: str) -> Result:
        """``usm-kb analyze ARGS --workspace`` a fixture workspace (by name) or a folder."""
        folder = self.base / "ws" / workspace if isinstance(workspace, str) else workspace
        return self.run("analyze", *args, "--workspace", str(folder))
