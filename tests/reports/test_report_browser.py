"""The HTML report in a real headless Chromium (Debian's, through Playwright), as a file://
page: no console error, no request leaves the file, the heatmap and every workflow diagram
render with a size, covered and uncovered steps both show, and axe-core finds no serious or
critical violation."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from usm_kb.cli import cli

pytestmark = pytest.mark.slow  # scheduled first (tests/conftest.py)

BROWSER = Path(__file__).resolve().parents[1] / "web" / "browser.py"


def helper() -> ModuleType:
    """tests/web/browser.py (the browser tests' one helper), loaded once by its path."""
    if "browser" not in sys.modules:
        spec = importlib.util.spec_from_file_location("browser", BROWSER)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["browser"] = module
        spec.loader.exec_module(module)
    return sys.modules["browser"]


@pytest.fixture(scope="module")
def report_file(
    analysis_root: Path, workspace_kbs: object, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    args = ["--data", str(analysis_root / "data"), "--cache", str(analysis_root / "cache")]
    args += ["report", "-o", str(out), "--against", "kanban"]
    args += ["--workspace", str(analysis_root / "ws" / "mixed")]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    try:
        with helper().browser() as launched:
            yield launched
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


def boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return page.evaluate(
        "s => [...document.querySelectorAll(s)].map(e => {"
        " const r = e.getBoundingClientRect(); return {width: r.width, height: r.height}; })",
        selector,
    )


def test_the_report_renders_in_chromium(chrome: Any, report_file: Path) -> None:
    browser = helper()
    context = browser.with_axe(chrome.new_context(viewport={"width": 1280, "height": 900}))
    page = context.new_page()
    url = report_file.as_uri()
    watched = browser.watch(page, url)
    page.goto(url)
    page.wait_for_selector("svg.heatmap")

    heat = boxes(page, "svg.heatmap")
    assert len(heat) == 1 and heat[0]["width"] > 100 and heat[0]["height"] > 100
    cells = boxes(page, "svg.heatmap g.cell rect")
    assert len(cells) == 5 * 5  # five processes × the score, three teams and kanban
    assert all(c["width"] > 0 and c["height"] > 0 for c in cells)

    diagrams = boxes(page, "figure.workflow svg")
    assert len(diagrams) == 8  # every workflow of the KB
    assert all(d["width"] > 100 and d["height"] > 40 for d in diagrams)
    covered = page.locator("figure.workflow g.step.covered")
    uncovered = page.locator("figure.workflow g.step.uncovered")
    assert covered.count() > 0 and uncovered.count() > 0
    assert all(b["width"] > 0 for b in boxes(page, "g.step rect"))
    risk = page.locator("#workflow-risk-via-operate")
    assert risk.locator("g.step.uncovered text.mark").first.text_content() == "✗ uncovered"
    assert "✓ covered" in (risk.locator("g.step.covered text.mark").first.text_content() or "")
    # the dashed outline is the stylesheet's doing: the inline CSS applied under the CSP
    dash = uncovered.first.locator("rect").evaluate("e => getComputedStyle(e).strokeDasharray")
    assert dash not in ("", "none")

    violations = browser.axe_violations(page)
    context.close()
    assert violations == []
    assert watched.outside == [], "requests beyond the file"
    assert watched.errors == [], "console errors"
