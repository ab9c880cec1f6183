"""Fixtures of the analysis tests: the small compiled KB with a fixture workspace beside it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.workspace.config import find_workspace

WORKSPACES = Path(__file__).resolve().parents[1] / "data" / "analysis"


@pytest.fixture(scope="package")
def analysis_root(
    small_compiled: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A private copy of the small compiled KB (agile, kanban) and of the fixture workspaces."""
    root, cache = small_compiled
    base = tmp_path_factory.mktemp("analysis")
    shutil.copytree(root, base / "data")
    shutil.copytree(cache, base / "cache")
    for name in ("mixed", "clean"):
        shutil.copytree(WORKSPACES / name, base / "ws" / name)
    return base


@pytest.fixture(scope="package")
def workspace_kbs(analysis_root: Path) -> Iterator[dict[str, KnowledgeBase]]:
    """The KB opened with each fixture workspace: name -> KnowledgeBase."""
    opened = {}
    for name in ("mixed", "clean"):
        opened[name] = KnowledgeBase.open(
            analysis_root / "data",
            analysis_root / "cache",
            settings=Settings(sparql_workers=0),
            workspace=find_workspace(analysis_root / "ws" / name),
        )
    yield opened
    for kb in opened.values():
        kb.close()
