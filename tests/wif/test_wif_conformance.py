"""USM conformance: step sequences against the KB's standard workflows, RACI, empty steps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.wif.conformance import StandardWorkflow, check_conformance
from usm_kb.wif.model import Activity, Finding, Raci, Step, Workflow
from usm_kb.wif.schema import parse_file
from usm_kb.wif.service import standard_workflows

DATA = Path(__file__).resolve().parents[1] / "data" / "wif"


@pytest.fixture(scope="module")
def standards(small_compiled: tuple[Path, Path]) -> Iterator[tuple[StandardWorkflow, ...]]:
    root, cache = small_compiled
    kb = KnowledgeBase.open(root, cache, settings=Settings(sparql_workers=0))
    yield standard_workflows(kb)
    kb.close()


def fixture(name: str) -> Workflow:
    workflow = parse_file(DATA / f"{name}.workflow.json").workflow
    assert workflow is not None
    return workflow


def accountable_step(process: str, n: int) -> Step:
    raci = (Raci("desk", ("R", "A")),)
    return Step(f"s{n}", process=process, activities=(Activity(f"a{n}", responsibilities=raci),))


def sequence(*processes: str, start: str | None = None) -> Workflow:
    steps = tuple(accountable_step(p, n) for n, p in enumerate(processes))
    return Workflow(slug="x", name="x", process=start or processes[0], steps=steps)


def by_code(findings: tuple[Finding, ...]) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for f in findings:
        found.setdefault(f.code, []).append(f)
    return found


def test_the_kb_gives_eight_standard_sequences_marked_reconstructed(
    standards: tuple[StandardWorkflow, ...],
) -> None:
    assert len(standards) == 8
    assert all(s.sequence[0] == s.sequence[-1] for s in standards)
    assert any(s.reconstructed for s in standards)


def test_the_conforming_workflow_matches_the_recovery_via_change(
    standards: tuple[StandardWorkflow, ...],
) -> None:
    findings = check_conformance(fixture("conforming"), standards)
    assert [f.code for f in findings] == ["WIF-C-MATCH"]
    assert findings[0].severity == "info"
    assert "reconstructed standard workflow" in findings[0].message
    assert "Recover → Change → Operate → Change → Recover" in findings[0].message


def test_the_nonconforming_workflow_is_flagged_with_the_explanation(
    standards: tuple[StandardWorkflow, ...],
) -> None:
    found = by_code(check_conformance(fixture("nonconforming"), standards))
    (no_change,) = found["WIF-C-NO-CHANGE"]
    assert no_change.path == "steps[1]" and no_change.severity == "warning"
    assert no_change.message.startswith(
        "this incident workflow changes managed infrastructure without passing Change"
    )
    assert "compared with the reconstructed standard workflow" in no_change.message
    (raci,) = found["WIF-C-RACI"]
    assert raci.path == "steps[0].activities[0]" and "2 accountable profiles" in raci.message
    assert [f.path for f in found["WIF-C-EMPTY-STEP"]] == ["steps[2]"]


def test_an_activity_without_accountable_is_flagged(
    standards: tuple[StandardWorkflow, ...],
) -> None:
    step = Step("1", process="operate", activities=(Activity("a", responsibilities=()),))
    found = by_code(check_conformance(Workflow(slug="x", steps=(step,)), standards))
    assert "no accountable profile" in found["WIF-C-RACI"][0].message


def test_a_change_step_before_the_work_clears_the_no_change_finding(
    standards: tuple[StandardWorkflow, ...],
) -> None:
    replace = Step("fix", name="Replace the disk", process="operate")
    before = Workflow(slug="x", steps=(Step("r", process="recover"), replace))
    after = Workflow(
        slug="x", steps=(Step("r", process="recover"), Step("c", process="change"), replace)
    )
    assert "WIF-C-NO-CHANGE" in by_code(check_conformance(before, standards))
    assert "WIF-C-NO-CHANGE" not in by_code(check_conformance(after, standards))


def test_a_sequence_that_follows_no_standard_names_the_nearest(
    standards: tuple[StandardWorkflow, ...],
) -> None:
    found = by_code(check_conformance(sequence("recover", "operate"), standards))
    (deviation,) = found["WIF-C-SEQUENCE"]
    assert "follows none of the standard workflows that start in Recover" in deviation.message
    assert "nearest, the reconstructed standard workflow" in deviation.message
    assert "Recover → Operate → Recover" in deviation.message
    assert found["WIF-C-CLOSE"][0].path == "steps[1]"


def test_change_without_operate_and_agree_without_change(
    standards: tuple[StandardWorkflow, ...],
) -> None:
    found = by_code(check_conformance(sequence("recover", "change", "recover"), standards))
    assert [f.path for f in found["WIF-C-CHANGE-OPERATE"]] == ["steps[1]"]
    found = by_code(check_conformance(sequence("agree", "operate", "agree"), standards))
    assert [f.path for f in found["WIF-C-AGREE-CHANGE"]] == ["steps[0]"]
    wish = by_code(
        check_conformance(sequence("agree", "change", "operate", "change", "agree"), standards)
    )
    assert set(wish) == {"WIF-C-MATCH"}


def test_the_workflow_process_must_be_where_the_steps_start(
    standards: tuple[StandardWorkflow, ...],
) -> None:
    found = by_code(check_conformance(sequence("operate", start="recover"), standards))
    assert found["WIF-C-START"][0].path == "process"
    assert "WIF-C-START" not in by_code(check_conformance(sequence("operate"), standards))


def test_sort_indexes_order_the_steps_and_repeated_processes_form_one_block(
    standards: tuple[StandardWorkflow, ...],
) -> None:
    steps = (
        Step(
            "b",
            sort_index=2,
            process="operate",
            activities=accountable_step("operate", 1).activities,
        ),
        Step(
            "a",
            sort_index=1,
            process="recover",
            activities=accountable_step("recover", 2).activities,
        ),
        Step(
            "c",
            sort_index=3,
            process="operate",
            activities=accountable_step("operate", 3).activities,
        ),
        Step(
            "d",
            sort_index=4,
            process="recover",
            activities=accountable_step("recover", 4).activities,
        ),
    )
    found = check_conformance(Workflow(slug="x", process="recover", steps=steps), standards)
    assert [f.code for f in found] == ["WIF-C-MATCH"]
