"""The backlog (ranked, CSV safe for spreadsheets), what-if deltas and workspace ↔ framework.

Priorities of ``conflicted`` by hand (priority = 10 × workflows + shortfall + severity;
workflows with a step in Operate: 8, Change: 5, Improve: 3, Agree and Recover: 2):
Operate under-covered 80 + 76 + 5 = 161, Recover uncovered 20 + 100 + 20 = 140, Improve
under-covered 30 + 84 + 5 = 119, OPS-1's doubtful row 80 + 20 = 100, the equal conflict in
Agree 20 + 50 = 70, INC-1's trigger 50 + 20 = 70, the Change overlap 50 + 20 = 70, the
Agree overlap 20 + 20 = 40, NEW-1 placed nowhere 5.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from usm_kb.analysis.backlog import Backlog, BacklogItem, backlog, backlog_csv, safe_cell
from usm_kb.analysis.finding_sections import compare_sections
from usm_kb.analysis.versus import compare_workspace
from usm_kb.analysis.whatif import what_if
from usm_kb.errors import DataError, QueryError, UsageError, UsmKbError
from usm_kb.store import KnowledgeBase

pytestmark = pytest.mark.both_backends

DATA = Path(__file__).resolve().parents[1] / "data" / "analysis"
ADD = DATA / "what-if" / "add-recovery.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def pinned(name: str) -> Any:
    return json.loads((DATA / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def plain(data: dict[str, Any]) -> Any:
    return json.loads(json.dumps(data))


@pytest.mark.parametrize("workspace", ["mixed", "clean", "conflicted"])
def test_the_backlog_is_the_pinned_one(
    workspace_kbs: dict[str, KnowledgeBase], workspace: str
) -> None:
    assert plain(backlog(workspace_kbs[workspace]).to_dict()) == pinned(f"{workspace}-backlog")


def test_the_backlog_ranks_by_hand_computed_priority(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    items = backlog(workspace_kbs["conflicted"]).items
    assert [(i.rank, i.priority, i.code, i.subject) for i in items] == [
        (1, 161.0, "process-undercovered", "Operate"),
        (2, 140.0, "process-uncovered", "Recover"),
        (3, 119.0, "process-undercovered", "Improve"),
        (4, 100.0, "approved-low-confidence", "OPS-1"),
        (5, 70.0, "equal-shared", "AGR-2, SLM-1"),
        (6, 70.0, "trigger-elsewhere", "INC-1"),
        (7, 70.0, "claimed-twice", "CHG-1, INC-1"),
        (8, 40.0, "claimed-twice", "AGR-2, SLM-1"),
        (9, 5.0, "practice-unplaced", "NEW-1"),
    ]
    assert all(i.action for i in items)
    assert "call type incident" in items[1].finding


def test_a_clean_workspace_has_an_empty_backlog(workspace_kbs: dict[str, KnowledgeBase]) -> None:
    assert backlog(workspace_kbs["clean"]).items == ()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_a_formula_gets_an_apostrophe(start: str) -> None:
    assert safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_other_cells_are_kept_and_the_csv_is_neutralised() -> None:
    assert safe_cell("Recover has no practice") == "Recover has no practice"
    assert safe_cell("") == ""
    item = BacklogItem(
        1, 5.0, "gap", "practice-unplaced", "info", (), "=1+1", "@SUM(A1)", "-x", 0, 0.0
    )
    rows = list(csv.reader(io.StringIO(backlog_csv(Backlog("ws", (item,))))))
    assert rows[0][:3] == ["rank", "priority", "kind"]
    assert rows[1][6:] == ["'=1+1", "'@SUM(A1)", "'-x"]


def test_what_if_shows_the_deltas_and_writes_nothing(
    workspace_kbs: dict[str, KnowledgeBase], analysis_root: Path
) -> None:
    before = snapshot(analysis_root / "ws" / "conflicted")
    found = what_if(workspace_kbs["conflicted"], ADD, ("AGR-2",))
    assert snapshot(analysis_root / "ws" / "conflicted") == before
    assert plain(found.to_dict()) == pinned("conflicted-what-if")
    # Recover 0 → 100 % × 0.8; Agree loses AGR-2's 0.6 (1.5 → 0.9); (90+100+24+80+16) / 5
    assert (found.score_before, found.score_after) == (48.0, 62.0)
    deltas = {p.verb: p.delta for p in found.processes}
    assert deltas == {
        "Agree": -10.0,
        "Change": 0.0,
        "Operate": 0.0,
        "Recover": 80.0,
        "Improve": 0.0,
    }
    assert found.overlaps_removed == ("Agree: AGR-2, SLM-1",)
    assert [c.split(":")[0] for c in found.conflicts_removed] == ["equal-shared"]
    assert found.conflicts_added == () and found.overlaps_added == ()


def test_what_if_finds_new_overlaps_and_conflicts(
    workspace_kbs: dict[str, KnowledgeBase], tmp_path: Path
) -> None:
    add = tmp_path / "add.yaml"
    add.write_text(
        "practices:\n  - {id: X-1, name: Second board, language: en, trigger: incident}\n"
        "placements:\n  - {practice: X-1, process: Change, relation: equal, share: 100,"
        " confidence: 0.3, status: approved}\n",
        encoding="utf-8",
    )
    found = what_if(workspace_kbs["conflicted"], add)
    assert found.overlaps_added == ("Change: CHG-1, INC-1, X-1",)
    assert found.overlaps_removed == ("Change: CHG-1, INC-1",)
    codes = sorted(c.split(":")[0] for c in found.conflicts_added)
    assert codes == ["approved-low-confidence", "trigger-elsewhere"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("practices:\n  - {id: INC-1, name: Again, language: en}\n", "id 'INC-1' is already used"),
        ("practices:\n  - {id: X-1, name: X, language: xx}\n", "language 'xx' is not one of"),
        (
            "practices:\n  - {id: X-1, name: X, language: en}\nplacements:\n"
            "  - {practice: X-1, process: Build, relation: subset, share: 100, confidence: 1}\n",
            "process 'Build' is not one of Agree",
        ),
        (
            "practices:\n  - {id: X-1, name: X, language: en}\nplacements:\n"
            "  - {practice: X-1, process: agree, relation: subset, share: 60, confidence: 1}\n",
            "share must be 100",
        ),
        (
            "practices:\n  - {id: X-1, name: X, language: en}\nplacements:\n"
            "  - {practice: X-1, process: agree, relation: intersects, share: 60, confidence: 1}\n",
            "the shares of X-1 add up to 60, not 100",
        ),
        (
            "practices:\n  - {id: X-1, name: X, language: en}\nplacements:\n"
            "  - {practice: INC-1, process: agree, relation: equal, share: 100, confidence: 1}\n",
            "practice 'INC-1' is not one this file adds",
        ),
        ("- just a list\n", "expected a mapping with a 'practices' list"),
    ],
)
def test_a_bad_add_file_is_refused_with_its_line(
    workspace_kbs: dict[str, KnowledgeBase], tmp_path: Path, text: str, message: str
) -> None:
    add = tmp_path / "add.yaml"
    add.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as error:
        what_if(workspace_kbs["conflicted"], add)
    assert error.value.path == add and error.value.line


def test_what_if_needs_a_change_and_known_ids(workspace_kbs: dict[str, KnowledgeBase]) -> None:
    with pytest.raises(UsageError, match="--add FILE or --retire ID"):
        what_if(workspace_kbs["conflicted"])
    with pytest.raises(UsmKbError, match="--retire NOPE: the workspace has no local activity"):
        what_if(workspace_kbs["conflicted"], retire=("NOPE",))


def test_compare_ranks_the_workspace_against_a_framework(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    found = compare_workspace(workspace_kbs["conflicted"], ["kanban"], min_score=50)
    assert plain(found.to_dict()) == pinned("conflicted-compare")
    best = found.crosswalks[0].pairs[0]
    # OPS-1 is 60 % Operate, 40 % Improve; X-KAN-3 65 % Operate, 35 % Improve: 60 + 35
    assert (best.id_a, best.id_b, best.score) == ("OPS-1", "X-KAN-3", 95.0)
    assert [s.contribution for s in best.processes] == [60.0, 35.0]
    assert all(p.score >= 50 for p in found.crosswalks[0].pairs)
    everything = compare_workspace(workspace_kbs["conflicted"], ["kanban"])
    assert everything.crosswalks[0].total > found.crosswalks[0].total


def test_compare_keeps_the_best_pairs_up_to_the_limit_and_counts_all(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    everything = compare_workspace(workspace_kbs["conflicted"], ["kanban"], limit=0)
    (all_pairs,) = everything.crosswalks
    assert all_pairs.total == len(all_pairs.pairs) > 3
    best = compare_workspace(workspace_kbs["conflicted"], ["kanban"], limit=3)
    (kept,) = best.crosswalks
    assert kept.pairs == all_pairs.pairs[:3]  # the same order: the limit only cuts
    assert kept.total == all_pairs.total
    summary, _ = compare_sections(best)
    assert f"{all_pairs.total} pairs with kanban" in summary and "the best 3 shown" in summary
    assert "shown" not in compare_sections(everything)[0]


def test_compare_refuses_an_unknown_framework(workspace_kbs: dict[str, KnowledgeBase]) -> None:
    with pytest.raises(QueryError, match="nosuch"):
        compare_workspace(workspace_kbs["conflicted"], ["nosuch"])
