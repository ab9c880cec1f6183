"""Composing a report: the parts in order, the progress hook, and adding a part."""

from __future__ import annotations

import json

import pytest

from usm_kb.analysis.model import Coverage
from usm_kb.analysis.sections import Section
from usm_kb.reports.compose import PARTS, compose, coverage_part
from usm_kb.reports.model import Part
from usm_kb.store import KnowledgeBase

pytestmark = pytest.mark.both_backends


def test_the_report_runs_every_part_in_order(workspace_kbs: dict[str, KnowledgeBase]) -> None:
    seen: list[str] = []
    report = compose(
        workspace_kbs["mixed"], "Analyse mixed", ["kanban", "kanban"], step=seen.append
    )
    assert (
        seen
        == [name for name, _ in PARTS]
        == ["coverage", "gaps", "overlap", "conflicts", "separation", "backlog"]
    )
    assert [p.key for p in report.parts] == [
        "coverage",
        "gaps",
        "overlap",
        "conflicts",
        "separation",
        "backlog",
    ]
    assert report.against == ("kanban",)
    assert isinstance(report.coverage, Coverage) and report.coverage.score == 52.0
    assert report.parts[1].summary == "workspace mixed: 8 gaps (against kanban)"
    data = json.loads(json.dumps(report.to_dict()))
    assert data["parts"][2]["sections"][0]["title"] == "Consolidation candidates"


def test_a_new_part_is_one_builder(workspace_kbs: dict[str, KnowledgeBase]) -> None:
    def extra(kb: KnowledgeBase, against: tuple[str, ...]) -> Part:
        section = Section("Extra", ("a",), (("1",),), "none")
        return Part("extra", "Extra", f"against {len(against)}", (section,), None)

    report = compose(
        workspace_kbs["clean"], "clean", parts=[("extra", extra), ("coverage", coverage_part)]
    )
    assert [p.key for p in report.parts] == ["extra", "coverage"]
    assert report.parts[0].summary == "against 0"
    assert report.coverage is report.parts[1].result  # the pictures come from coverage
