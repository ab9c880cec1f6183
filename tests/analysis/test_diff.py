"""``usm-kb diff``: two versions of a workspace (tests/data/diff/old and new) compared.

``new`` is ``old`` (a copy of tests/data/analysis/mixed) with one row added (NEW-1 wholly in
Improve, 0.6), one removed (CHG-1 in Change, 0.9), one relation changed (SLM-1 in Agree,
intersects → superset, same share) and one status changed (INC-2 in Recover, approved →
deprecated). By hand (weight = share / 100 × confidence, score = min(100, 100 × weight)):
Agree 0.42 → 0.42 (42.0, +0), Change 0.9 → 0 (90.0 → 0.0), Operate 0.28 (28.0, +0),
Recover 0.9 + 0.8 → 0.9 (100.0 → 90.0), Improve 0 → 0.6 (0.0 → 60.0); the workspace
(42 + 90 + 28 + 100 + 0) / 5 = 52.0 → (42 + 0 + 28 + 90 + 60) / 5 = 44.0.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cli_on import usm_on
from usm_kb.analysis.diff import diff_files, diff_workspaces
from usm_kb.errors import DataError
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.workspace.config import MAPPINGS, find_workspace

DIFF = Path(__file__).resolve().parents[1] / "data" / "diff"
OLD_SET, NEW_SET = DIFF / "old" / MAPPINGS, DIFF / "new" / MAPPINGS


@pytest.fixture(scope="module")
def diff_root(small_compiled: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the small compiled KB and of the two fixture workspaces."""
    root, cache = small_compiled
    base = tmp_path_factory.mktemp("diff")
    shutil.copytree(root, base / "data")
    shutil.copytree(cache, base / "cache")
    for name in ("old", "new"):
        shutil.copytree(DIFF / name, base / "ws" / name)
    return base


@pytest.fixture(scope="module")
def diff_kbs(diff_root: Path) -> Iterator[dict[str, Any]]:
    """name -> (workspace, KB compiled with it)."""
    opened = {}
    for name in ("old", "new"):
        workspace = find_workspace(diff_root / "ws" / name)
        assert workspace is not None
        kb = KnowledgeBase.open(
            diff_root / "data",
            diff_root / "cache",
            settings=Settings(sparql_workers=0),
            workspace=workspace,
        )
        opened[name] = (workspace, kb)
    yield opened
    for _, kb in opened.values():
        kb.close()


def run_diff(base: Path, *args: str) -> Result:
    return usm_on(base, "diff", *args)


def without_inputs(data: dict[str, Any]) -> dict[str, Any]:
    """The diff's JSON without the two input paths (they name tmp folders)."""
    return {k: v for k, v in data.items() if k not in ("old", "new")}


def test_two_workspaces_give_the_pinned_diff(diff_root: Path, diff_kbs: object) -> None:
    ws = diff_root / "ws"
    result = run_diff(diff_root, str(ws / "old"), str(ws / "new"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["old"], data["new"]) == (str(ws / "old"), str(ws / "new"))
    expected = json.loads((DIFF / "expected.json").read_text(encoding="utf-8"))
    assert without_inputs(data) == expected


def test_changes_and_coverage_deltas_are_the_hand_checked_ones(
    diff_kbs: dict[str, Any],
) -> None:
    found = diff_workspaces(diff_kbs["old"], diff_kbs["new"])
    assert [(c.practice, c.target.rsplit("/", 1)[-1]) for c in found.added] == [
        ("NEW-1", "improve")
    ]
    assert [(c.practice, c.strength_delta) for c in found.added] == [("NEW-1", 0.6)]
    assert [(c.practice, c.strength_delta) for c in found.removed] == [("CHG-1", -0.9)]
    changed = {c.practice: c for c in found.changed}
    assert set(changed) == {"INC-2", "SLM-1"}
    slm, inc = changed["SLM-1"], changed["INC-2"]
    # a changed relation (and so predicate) is a changed row, not a removal plus an addition
    assert slm.fields == ("relation",) and slm.strength_delta == 0.0
    assert (slm.old and slm.old.relation, slm.new and slm.new.relation) == (
        "intersects",
        "superset",
    )
    assert inc.fields == ("status",) and inc.strength_delta == -0.8  # deprecated: weight 0
    deltas = {p.verb: (p.old_score, p.new_score, p.delta) for p in found.processes}
    assert deltas == {
        "Agree": (42.0, 42.0, 0.0),
        "Change": (90.0, 0.0, -90.0),
        "Operate": (28.0, 28.0, 0.0),
        "Recover": (100.0, 90.0, -10.0),
        "Improve": (0.0, 60.0, 60.0),
    }
    recover = next(p for p in found.processes if p.verb == "Recover")
    assert (recover.old_weight, recover.new_weight) == (1.7, 0.9)
    assert (found.old_score, found.new_score) == (52.0, 44.0)
    assert not found.empty


def test_two_sssom_files_give_the_same_changes_without_a_kb(diff_kbs: dict[str, Any]) -> None:
    files = diff_files(OLD_SET, NEW_SET)
    folders = diff_workspaces(diff_kbs["old"], diff_kbs["new"])
    assert files.inputs == "sssom" and folders.inputs == "workspaces"
    # every practice of these sets is an activity: the lone files' coverage is the KB's
    assert without_inputs(files.to_dict()) | {"inputs": "x"} == without_inputs(
        folders.to_dict()
    ) | {"inputs": "x"}


def test_identical_inputs_give_an_empty_diff(diff_kbs: dict[str, Any], tmp_path: Path) -> None:
    same = diff_workspaces(diff_kbs["old"], diff_kbs["old"])
    assert same.empty and not (same.added or same.removed or same.changed)
    assert all(p.delta == 0 for p in same.processes)
    # numbers written differently, another comment, date and reviewer: no change either
    text = OLD_SET.read_text(encoding="utf-8")
    edited = tmp_path / "edited.sssom.tsv"
    edited.write_text(
        text.replace("\t0.90\t", "\t0.9\t")
        .replace("accepted by analyst", "checked again")
        .replace("2026-11-29\tchecked", "2026-12-01\tchecked"),
        encoding="utf-8",
    )
    assert edited.read_text(encoding="utf-8") != text
    found = diff_files(OLD_SET, edited)
    assert found.empty and found.to_dict()["score_delta"] == 0.0


def test_a_lone_file_counts_every_row_onto_a_process(tmp_path: Path) -> None:
    """Without a catalogue, a file's coverage weighs every placing row onto a process."""
    lines = NEW_SET.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("mixed:INC-1\t")]
    smaller = tmp_path / "smaller.sssom.tsv"
    smaller.write_text("".join(kept), encoding="utf-8")
    found = diff_files(NEW_SET, smaller)
    assert [c.practice for c in found.removed] == ["INC-1"]
    recover = next(p for p in found.processes if p.verb == "Recover")
    assert (recover.old_weight, recover.new_weight, recover.delta) == (0.9, 0.0, -90.0)


def test_table_and_markdown_name_every_change(diff_root: Path, diff_kbs: object) -> None:
    ws = diff_root / "ws"
    table = run_diff(diff_root, str(ws / "old"), str(ws / "new"))
    assert table.exit_code == 0, table.output
    assert "1 added, 1 removed, 2 changed; coverage score 52.0 → 44.0 (-8.0)" in table.stdout
    assert "relation intersects → superset" in table.stdout
    assert "status approved → deprecated" in table.stdout
    out = diff_root / "diff.md"
    md = run_diff(diff_root, str(OLD_SET), str(NEW_SET), "--format", "md", "-o", str(out))
    assert md.exit_code == 0 and md.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "| Change | 90.0 | 0.0 | -90.0 | 0.9 | 0 |" in text
    assert "| NEW-1 Knowledge articles | Improve | subset 100, 0.6, approved | +0.60 |" in text


def test_bad_input_is_one_line_and_writes_nothing(
    diff_root: Path, diff_kbs: object, tmp_path: Path
) -> None:
    out = tmp_path / "diff.json"
    missing = run_diff(diff_root, str(OLD_SET), str(tmp_path / "nowhere.tsv"), "-o", str(out))
    assert missing.exit_code == 1 and "nowhere.tsv: no such file or folder" in missing.stderr
    broken = tmp_path / "broken.sssom.tsv"
    lines = NEW_SET.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = next(i for i, line in enumerate(lines) if line.startswith("mixed:NEW-1\t"))
    lines[bad] = lines[bad].replace("\t0.60\t", "\tvery\t")
    broken.write_text("".join(lines), encoding="utf-8")
    malformed = run_diff(diff_root, str(OLD_SET), str(broken), "-o", str(out))
    assert malformed.exit_code == 1
    assert f"broken.sssom.tsv:{bad + 1}: confidence 'very' must be a number from 0 to 1" in (
        malformed.stderr.replace("\n", "")
    )
    mixed_kinds = run_diff(diff_root, str(diff_root / "ws" / "old"), str(NEW_SET))
    assert mixed_kinds.exit_code == 2 and "is a folder and" in mixed_kinds.stderr
    empty = tmp_path / "empty"
    assert usm_on(tmp_path, "init", str(empty), "--name", "Leeg").exit_code == 0
    none = run_diff(diff_root, str(diff_root / "ws" / "old"), str(empty), "-o", str(out))
    assert none.exit_code == 1 and "has no practices (activities) to analyse" in none.stderr
    plain = tmp_path / "plain"
    plain.mkdir()
    not_ws = run_diff(diff_root, str(plain), str(empty))
    assert not_ws.exit_code == 2 and "is not a workspace" in not_ws.stderr
    assert not out.exists()
    for result in (missing, malformed, mixed_kinds, none, not_ws):
        assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("subject_id\t", "subject\t", 1), "missing required column(s)"),
        (lambda t: t.replace("# curie_map:", "# curie_mop:", 1), "has no curie_map"),
        (lambda t: t.replace("\t100\tderived", "\t101\tderived", 1), "share '101' must be"),
        (lambda t: t.replace("\tapproved\n", "\tfinal\n", 1), "status 'final' is not one of"),
        (lambda t: t.replace("usmp:change", "nope:change", 1), "not a CURIE with a declared"),
        (lambda t: t + t.splitlines(keepends=True)[-1], "duplicate row for (mixed:SLM-1"),
        (lambda t: t.replace("\tapproved\n", "\tapproved\textra\n", 1), "do not match the"),
    ],
)
def test_a_malformed_set_is_refused_with_its_line(tmp_path: Path, edit: Any, message: str) -> None:
    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text(edit(OLD_SET.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        diff_files(OLD_SET, bad)
    assert message in str(caught.value) and caught.value.path == bad
    assert caught.value.line is not None
