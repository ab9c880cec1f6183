"""Coverage, gaps and overlap on hand-built fixture workspaces, the results pinned as JSON.

``mixed`` (tests/data/analysis/mixed): two practices claim Recover (an overlap), nothing is
placed in Improve (a gap: the process, the three risk workflows' Improve steps and kanban's
Improve practices), one practice is placed nowhere and one only by a deprecated row.
``clean``: one practice wholly in each process: no gap, no overlap.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from usm_kb.analysis.facts import load_facts, read_facts, weight
from usm_kb.analysis.service import coverage, gaps, overlap
from usm_kb.errors import QueryError
from usm_kb.namespaces import process_iri
from usm_kb.store import KnowledgeBase

pytestmark = pytest.mark.both_backends

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "analysis" / "expected"


def pinned(name: str) -> Any:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def plain(data: dict[str, Any]) -> Any:
    """The JSON the CLI writes (tuples become lists)."""
    return json.loads(json.dumps(data))


def run(kind: str, kb: KnowledgeBase) -> dict[str, Any]:
    if kind == "coverage":
        return coverage(kb, ["kanban"]).to_dict()
    if kind == "gaps":
        return gaps(kb, ["kanban"]).to_dict()
    return overlap(kb, ["kanban", "agile"]).to_dict()


@pytest.mark.parametrize("workspace", ["mixed", "clean"])
@pytest.mark.parametrize("kind", ["coverage", "gaps", "overlap"])
def test_the_result_is_the_pinned_one(
    workspace_kbs: dict[str, KnowledgeBase], workspace: str, kind: str
) -> None:
    assert plain(run(kind, workspace_kbs[workspace])) == pinned(f"{workspace}-{kind}")


def test_coverage_scores_are_share_times_confidence_capped_at_100(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    found = coverage(workspace_kbs["mixed"])
    scores = {p.verb: p.score for p in found.processes}
    # Agree 60 % × 0.7; Change 100 % × 0.9; Operate 40 % × 0.7; Recover 0.9 + 0.8 (capped)
    assert scores == {
        "Agree": 42.0,
        "Change": 90.0,
        "Operate": 28.0,
        "Recover": 100.0,
        "Improve": 0.0,
    }
    assert found.score == 52.0  # (42 + 90 + 28 + 100 + 0) / 5
    assert (found.practices, found.placed) == (6, 4)
    incident = next(w for w in found.workflows if w.workflow.endswith("/incident"))
    # Recover → Operate → Recover: (100 + 28 + 100) / 3
    assert (incident.covered_steps, incident.score) == (3, 76.0)
    assert weight(60, 0.7) == 0.42


def test_the_matrix_sums_weights_per_team_and_shares_per_framework(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    found = coverage(workspace_kbs["mixed"], ["kanban"])
    assert found.columns == (
        "team:(no team)",
        "team:Operations",
        "team:Servicedesk",
        "framework:kanban",
    )
    rows = {r.verb: r.cells[:3] for r in found.matrix}
    assert rows == {
        "Agree": (0.42, 0.0, 0.0),
        "Change": (0.0, 0.9, 0.0),
        "Operate": (0.28, 0.0, 0.0),
        "Recover": (0.0, 0.8, 0.9),
        "Improve": (0.0, 0.0, 0.0),
    }
    improve = next(r for r in found.matrix if r.verb == "Improve")
    assert improve.cells[3] >= 2.0  # kanban's Improve rows: 35 + 65 + 100 % at least


def test_the_overlap_and_the_gap_of_mixed_are_found(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    groups = overlap(workspace_kbs["mixed"]).groups
    assert [(g.process, [p.practice for p in g.practices]) for g in groups] == [
        (process_iri("recover"), ["INC-1", "INC-2"])
    ]
    found = gaps(workspace_kbs["mixed"], ["kanban"])
    assert [p.process for p in found.processes] == [process_iri("improve")]
    assert {w.workflow.rsplit("/", 1)[-1] for w in found.workflows} == {
        "risk-via-agree",
        "risk-via-change",
        "risk-via-operate",
    }
    assert found.unplaced == ("NEW-1", "OLD-1")  # OLD-1's only row is deprecated
    assert found.reference and {g.verb for g in found.reference} == {"Improve"}


def test_the_clean_workspace_has_no_gap_and_no_overlap(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    kb = workspace_kbs["clean"]
    assert overlap(kb).groups == ()
    found = gaps(kb, ["kanban", "agile"])
    assert found.found == 0 and found.unplaced == ()
    assert all(w.covered_steps == len(w.steps) for w in coverage(kb).workflows)


def test_an_unknown_framework_is_refused_with_the_known_ones(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    with pytest.raises(QueryError, match=r"no framework 'nosuch'.*known: agile, kanban"):
        gaps(workspace_kbs["mixed"], ["nosuch"])


def test_the_facts_are_read_once_per_kb(workspace_kbs: dict[str, KnowledgeBase]) -> None:
    """A report runs six analyses on one KB: they share one reading of the workspace."""
    kb = workspace_kbs["mixed"]
    assert load_facts(kb) is load_facts(kb)
    assert read_facts(kb) == load_facts(kb) and read_facts(kb) is not load_facts(kb)


def test_the_placements_of_a_process_come_in_the_order_of_their_ids(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    """The SELECT has no ORDER BY (Oxigraph's sort is slow): the facts sort the rows."""
    facts = read_facts(workspace_kbs["mixed"])
    recover = [p.practice for p in facts.placements[process_iri("recover")]]
    assert len(recover) == 2
    for placements in facts.placements.values():
        ids = [p.practice for p in placements]
        assert ids == sorted(ids)


def test_the_facts_parse_every_query_in_the_calling_thread(
    workspace_kbs: dict[str, KnowledgeBase], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One SELECT runs on a worker thread, but is admitted (parsed) here: building the parser
    in two threads at once fails on CPython 3.11 (seen as a SystemError in lark)."""
    kb = workspace_kbs["mixed"]
    threads: list[str] = []
    admit = kb.admit

    def recording(*args: Any, **kwargs: Any) -> Any:
        admitted = admit(*args, **kwargs)
        if isinstance(args[0], str):  # an Admitted passed back in is not parsed again
            threads.append(threading.current_thread().name)
        return admitted

    monkeypatch.setattr(kb, "admit", recording)
    assert read_facts(kb).placements
    assert threads and set(threads) == {threading.current_thread().name}
