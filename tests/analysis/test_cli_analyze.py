"""``usm-kb analyze``: each format, -o FILE, and one-line errors with the project's exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_on import CliOn, usm_on

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "analysis" / "expected"

pytestmark = pytest.mark.both_backends


def test_json_is_the_pinned_result(analysis_cli: CliOn) -> None:
    result = analysis_cli.analyze(
        "mixed",
        "gaps",
        "--against",
        "kanban",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    expected = json.loads((EXPECTED / "mixed-gaps.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == expected


def test_table_names_the_overlap_and_its_practices(analysis_cli: CliOn) -> None:
    result = analysis_cli.analyze("mixed", "overlap")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("workspace mixed: 1 process claimed by two or more")
    row = next(line for line in lines if line.strip().startswith("Recover"))
    assert "INC-1 Incident handling (subset 100, 0.9)" in row and "INC-2 Outage desk" in row


def test_markdown_to_a_file(analysis_cli: CliOn, tmp_path: Path) -> None:
    out = tmp_path / "coverage.md"
    result = analysis_cli.analyze("mixed", "coverage", "--format", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Coverage: Analyse mixed\n")
    assert "| Agree | 42.0 | 0.42 | SLM-1 Service reviews (intersects 60, 0.7) |" in text
    assert (
        "| risk workflow (improvement via Change) | risk | 3/5 | 41.6 | 1 Improve, 5 Improve |"
        in text
    )


def test_a_clean_workspace_says_nothing_was_found(analysis_cli: CliOn) -> None:
    result = analysis_cli.analyze("clean", "gaps", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "workspace clean: 0 gaps" in result.stdout
    assert "_every process has a local practice_" in result.stdout
    assert "|" not in result.stdout  # no table: nothing to list


def test_bad_input_is_one_line_and_writes_nothing(analysis_cli: CliOn, tmp_path: Path) -> None:
    out = tmp_path / "gaps.json"
    mixed = "mixed"
    unknown = analysis_cli.analyze(mixed, "gaps", "--against", "nosuch", "-o", str(out))
    assert unknown.exit_code == 1
    assert (
        unknown.stderr.strip()
        .splitlines()[-1]
        .startswith("error: parameter 'framework': no framework 'nosuch'")
    )
    assert not out.exists()
    wrong = analysis_cli.analyze(mixed, "separation", "--against", "kanban")
    assert (
        wrong.exit_code == 2
        and "--against is for 'analyze coverage, gaps, overlap, compare'" in wrong.stderr
    )
    empty = tmp_path / "empty"
    assert usm_on(tmp_path, "init", str(empty), "--name", "Leeg").exit_code == 0
    none = analysis_cli.analyze(empty, "coverage")
    expected = analysis_cli.unpublished or "has no practices (activities) to analyse"
    assert none.exit_code == 1 and expected in none.stderr
    missing = analysis_cli.analyze(tmp_path / "nowhere", "coverage")
    assert missing.exit_code == 2 and "not a workspace" in missing.stderr
    kind = analysis_cli.analyze(mixed, "nonsense")
    assert kind.exit_code == 2
