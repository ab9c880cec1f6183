"""A workspace in a tmp folder for each test that asks for one."""

from __future__ import annotations

from pathlib import Path

import pytest
from ws_helpers import make_workspace

from usm_kb.workspace.config import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")
