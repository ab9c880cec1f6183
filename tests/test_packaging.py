"""The wheel carries ontology/, mappings/ and web/, and works outside the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return next(out.glob("usm_kb-*.whl"))


@pytest.mark.slow
def test_wheel_ships_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (
        "usm_kb/_data/ontology/usm.ttl",
        "usm_kb/_data/ontology/usm-method.ttl",
        "usm_kb/_data/ontology/usm-vocabulary.ttl",
        "usm_kb/_data/mappings/itil4/catalog.yaml",
        "usm_kb/_data/mappings/itil4/itil4-usm.sssom.tsv",
        "usm_kb/_data/web/README.md",
        "usm_kb/_data/web/templates/base.html",
        "usm_kb/_data/web/static/explorer.js",
        "usm_kb/_data/web/static/vendor/yasgui/yasgui.min.js",
        "usm_kb/_data/web/static/vendor/yasgui/LICENSE",
        "usm_kb/reports/templates/report.html",  # the HTML report's one template
    ):
        assert path in names


@pytest.mark.slow
def test_installed_wheel_runs_info_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "USM_KB_CACHE": str(tmp_path / "cache"),
        "USM_KB_REASON": "0",  # the wheel is under test here, not HermiT
    }
    env.pop("USM_KB_DATA", None)
    out = subprocess.run(
        [sys.executable, "-m", "usm_kb", "info", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(out.stdout)
    assert report["data_root"].startswith(str(target))
    counts = report["counts"]
    assert (
        counts["processes"],
        counts["workflows"],
        counts["call_types"],
        counts["domains"],
        counts["routine_types"],
        counts["design_criteria"],
    ) == (5, 8, 5, 3, 3, 10)
    assert counts["concepts"] >= 40
