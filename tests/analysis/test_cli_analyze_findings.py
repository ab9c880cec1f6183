"""``usm-kb analyze`` conflicts, separation, compare, backlog and what-if from the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cli_on import CliOn, usm_on

DATA = Path(__file__).resolve().parents[1] / "data" / "analysis"

pytestmark = pytest.mark.both_backends


def test_backlog_as_csv_to_a_file(analysis_cli: CliOn, tmp_path: Path):
    out = tmp_path / "backlog.csv"
    result = analysis_cli.analyze("conflicted", "backlog", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [r["rank"] for r in rows] == [str(n) for n in range(1, 10)]
    assert rows[1]["code"] == "process-uncovered" and rows[1]["processes"] == "Recover"
    assert rows[1]["priority"] == "140.0"


def test_conflicts_with_shacl_in_markdown(analysis_cli: CliOn) -> None:
    result = analysis_cli.analyze("conflicted", "conflicts", "--shacl", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "4 conflicts (with the SHACL findings on mapping rows)" in result.stdout
    assert "| violation | shacl:ApprovedMappingReviewerShape |" in result.stdout
    assert "| warning | trigger-elsewhere | INC-1 | change |" in result.stdout


def test_separation_and_clean(analysis_cli: CliOn) -> None:
    found = analysis_cli.analyze("conflicted", "separation", "--format", "json")
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout) == json.loads(
        (DATA / "expected" / "conflicted-separation.json").read_text(encoding="utf-8")
    )
    clean = analysis_cli.analyze("clean", "separation")
    assert "workspace clean: 0 domain-separation findings" in clean.stdout
    assert "(no domain-separation finding)" in clean.stdout


def test_compare_and_what_if_tables(analysis_cli: CliOn) -> None:
    ranked = analysis_cli.analyze(
        "conflicted", "compare", "--against", "kanban", "--min-score", "95"
    )
    assert ranked.exit_code == 0, ranked.output
    assert "1 pairs with kanban scoring at least 95" in ranked.stdout
    assert "Operate (intersects 60 × intersects 65) → 60" in ranked.stdout
    best = analysis_cli.analyze("conflicted", "compare", "--against", "kanban", "--limit", "1")
    assert best.exit_code == 0, best.output
    assert "(the best 1 shown; --limit)" in best.stdout
    assert best.stdout.count(" OPS-1 ") == 1 and "X-KAN-3" in best.stdout
    ws = analysis_cli.base / "ws" / "conflicted"
    before = {p.name: p.read_bytes() for p in ws.iterdir()}
    change = analysis_cli.analyze(
        "conflicted",
        "what-if",
        "--add",
        str(DATA / "what-if" / "add-recovery.yaml"),
        "--retire",
        "AGR-2",
    )
    assert change.exit_code == 0, change.output
    assert "coverage 48.0 → 62.0; nothing was written" in change.stdout
    assert {p.name: p.read_bytes() for p in ws.iterdir()} == before


def test_bad_options_and_input(analysis_cli: CliOn, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    cases = [
        (("compare",), 2, "analyze compare needs --against"),
        (("conflicts", "--format", "csv"), 2, "--format csv is for 'analyze backlog'"),
        (("backlog", "--shacl"), 2, "--shacl is for 'analyze conflicts'"),
        (("gaps", "--retire", "INC-1"), 2, "--add and --retire are for 'analyze what-if'"),
        (("what-if",), 2, "what-if needs --add FILE or --retire ID"),
        (("what-if", "--retire", "NOPE"), 1, "no local activity with this id"),
        (("compare", "--against", "nosuch"), 1, "nosuch"),
    ]
    for args, code, message in cases:
        result = analysis_cli.analyze("conflicted", *args, "-o", str(out))
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
        assert not out.exists()
    empty = tmp_path / "empty"
    assert usm_on(tmp_path, "init", str(empty), "--name", "Leeg").exit_code == 0
    for kind in ("conflicts", "separation", "backlog"):
        none = analysis_cli.analyze(empty, kind)
        expected = analysis_cli.unpublished or "has no practices (activities) to analyse"
        assert none.exit_code == 1 and expected in none.stderr
