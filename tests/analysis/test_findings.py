"""Conflicts, separation, call-type gaps and over-determination on the fixture workspaces.

``conflicted`` (tests/data/analysis/conflicted), by hand: AGR-2 and SLM-1 are both ``equal``
to Agree (a conflict and an overlap), INC-1 declares the incident call type but is placed
only in Change, OPS-1's approved Operate row has confidence 0.4 (its proposed Improve row at
0.4 is not flagged), CHG-1's trigger (request for change) matches its process; nothing is
placed in Recover (a gap). Operations is declared ``realize`` but does Operate (realize) and
Improve (specify) work; Architecture declares no domain while the others do.
``clean`` and ``mixed`` find none of these.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from usm_kb.analysis.conflicts import conflicts
from usm_kb.analysis.facts import load_facts
from usm_kb.analysis.separation import separation, separation_of
from usm_kb.analysis.service import coverage, gaps, over_determined, overlap
from usm_kb.namespaces import process_iri
from usm_kb.store import KnowledgeBase
from usm_kb.workspace.checks import report_name, validate_workspace
from usm_kb.workspace.config import MAPPINGS, find_workspace

pytestmark = pytest.mark.both_backends

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "analysis" / "expected"
KINDS = {"conflicts": conflicts, "separation": separation}


def pinned(name: str) -> Any:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("workspace", ["mixed", "clean", "conflicted"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_result_is_the_pinned_one(
    workspace_kbs: dict[str, KnowledgeBase], workspace: str, kind: str
) -> None:
    found = json.loads(json.dumps(KINDS[kind](workspace_kbs[workspace]).to_dict()))
    assert found == pinned(f"{workspace}-{kind}")


@pytest.mark.parametrize("kind", ["coverage", "gaps", "overlap"])
def test_conflicted_coverage_gaps_and_overlap_are_pinned(
    workspace_kbs: dict[str, KnowledgeBase], kind: str
) -> None:
    kb = workspace_kbs["conflicted"]
    found = {
        "coverage": lambda: coverage(kb, ["kanban"]),
        "gaps": lambda: gaps(kb, ["kanban"]),
        "overlap": lambda: overlap(kb, ["kanban", "agile"]),
    }[kind]()
    assert json.loads(json.dumps(found.to_dict())) == pinned(f"conflicted-{kind}")


def test_conflicted_scores_by_hand(workspace_kbs: dict[str, KnowledgeBase]) -> None:
    found = coverage(workspace_kbs["conflicted"])
    # Agree 0.9 + 0.6 (capped); Change 0.9 + 0.8 (capped); Operate 60 % × 0.4; Improve 40 % × 0.4
    assert {p.verb: p.score for p in found.processes} == {
        "Agree": 100.0,
        "Change": 100.0,
        "Operate": 24.0,
        "Recover": 0.0,
        "Improve": 16.0,
    }
    assert found.score == 48.0  # (100 + 100 + 24 + 0 + 16) / 5
    groups = overlap(workspace_kbs["conflicted"]).groups
    assert [(g.verb, sorted({p.practice for p in g.practices})) for g in groups] == [
        ("Agree", ["AGR-2", "SLM-1"]),
        ("Change", ["CHG-1", "INC-1"]),
    ]


def test_each_rule_fires_on_conflicted_and_only_where_it_should(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    found = conflicts(workspace_kbs["conflicted"]).conflicts
    assert [(c.code, c.severity, c.practices) for c in found] == [
        ("equal-shared", "violation", ("AGR-2", "SLM-1")),
        ("approved-low-confidence", "warning", ("OPS-1",)),
        ("trigger-elsewhere", "warning", ("INC-1",)),
    ]
    low = next(c for c in found if c.code == "approved-low-confidence")
    assert low.processes == (process_iri("operate"),)  # not the proposed Improve row
    assert "starts Recover, but is placed only in Change" in found[2].message
    assert all("CHG-1" not in c.practices for c in found)  # its trigger matches its process


@pytest.mark.parametrize("workspace", ["mixed", "clean"])
def test_no_rule_fires_on_clean_and_mixed(
    workspace_kbs: dict[str, KnowledgeBase], workspace: str
) -> None:
    assert conflicts(workspace_kbs[workspace]).conflicts == ()


def test_shacl_findings_on_mapping_rows_are_added(
    workspace_kbs: dict[str, KnowledgeBase], analysis_root: Path
) -> None:
    codes = {}
    for name in ("conflicted", "clean"):
        workspace = find_workspace(analysis_root / "ws" / name)
        report = validate_workspace(
            analysis_root / "data", workspace, cache_dir=analysis_root / "cache"
        )
        mappings = report_name(workspace.path(MAPPINGS), analysis_root / "data")
        found = conflicts(workspace_kbs[name], report, mappings)
        assert found.shacl
        codes[name] = [c.code for c in found.conflicts if c.code.startswith("shacl:")]
    # AGR-2's approved row names no reviewer; NEW-1's practice-level warnings are not rows
    assert codes == {"conflicted": ["shacl:ApprovedMappingReviewerShape"], "clean": []}


def test_a_file_is_named_as_the_validation_report_names_it(tmp_path: Path) -> None:
    inside = tmp_path / "data" / "ws" / MAPPINGS
    outside = tmp_path / "elsewhere" / MAPPINGS
    assert report_name(inside, tmp_path / "data") == f"ws/{MAPPINGS}"
    assert report_name(outside, tmp_path / "data") == str(outside)


def test_separation_findings_of_conflicted(workspace_kbs: dict[str, KnowledgeBase]) -> None:
    found = separation(workspace_kbs["conflicted"])
    assert [(f.code, f.team) for f in found.findings] == [
        ("domain-undeclared", "Architecture"),
        ("specify-and-realize", "Operations"),
        ("outside-declared-domain", "Operations"),
    ]
    teams = {t.team: (t.specify, t.realize) for t in found.teams}
    assert teams["Operations"] == (("Improve",), ("Operate",))
    assert teams["Servicedesk"] == ((), ())  # Change is neither side


@pytest.mark.parametrize("workspace", ["mixed", "clean"])
def test_no_separation_finding_without_declared_domains(
    workspace_kbs: dict[str, KnowledgeBase], workspace: str
) -> None:
    assert separation(workspace_kbs[workspace]).findings == ()


def test_a_team_declared_use_with_provider_work_is_noted_as_uncertain(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    facts = load_facts(workspace_kbs["conflicted"])
    before = {f.code for f in separation_of(facts).findings}
    assert "use-domain-provider-work" not in before
    changed = replace(facts, domains={**facts.domains, "Service management": "use"})
    found = [f for f in separation_of(changed).findings if f.team == "Service management"]
    assert [f.code for f in found] == ["use-domain-provider-work"]
    assert "uncertain" in found[0].message


def test_call_type_gaps(workspace_kbs: dict[str, KnowledgeBase]) -> None:
    mixed = gaps(workspace_kbs["mixed"]).call_types
    assert [(g.label, g.verb) for g in mixed] == [("risk", "Improve")]
    assert gaps(workspace_kbs["clean"]).call_types == ()
    # Recover has no practice, but INC-1 declares the incident call type (a conflict instead)
    assert gaps(workspace_kbs["conflicted"]).call_types == ()
    assert [p.verb for p in gaps(workspace_kbs["conflicted"]).processes] == ["Recover"]


def test_over_determined_needs_two_claiming_frameworks(
    workspace_kbs: dict[str, KnowledgeBase],
) -> None:
    facts = load_facts(workspace_kbs["conflicted"])
    change, agree = process_iri("change"), process_iri("agree")

    def row(practice: str, process: str, relation: str) -> dict[str, object]:
        return {"practice": practice, "process": process, "relation": relation}

    references: dict[str, list[dict[str, object]]] = {
        "one": [
            row("o1", change, "subset"),
            row("o2", change, "equal"),
            row("o3", agree, "subset"),
        ],
        "two": [row("t1", change, "superset"), row("t2", agree, "intersects")],
    }
    found = over_determined(facts, references)
    assert [(o.verb, [(c.framework, c.practices) for c in o.claims], o.local) for o in found] == [
        ("Change", [("one", 2), ("two", 1)], 2)
    ]  # Agree: "two" only intersects it
    assert over_determined(facts, {"one": references["one"]}) == ()
