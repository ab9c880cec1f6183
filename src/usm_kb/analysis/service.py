"""``usm-kb analyze``: coverage, gaps and overlap of a workspace's practices in USM.

The formulas (docs/analysis.md):

- a placement's weight is ``share / 100 × confidence``;
- a process's weight is the sum of its placements' weights (practice-equivalents doing its
  work) and its score is ``min(100, 100 × weight)``, one decimal;
- a workflow's score is the mean of its steps' process scores (a process visited twice counts
  twice); a step is covered when its process has at least one local practice;
- the workspace's score is the mean of the five process scores;
- the matrix: per process and team the summed weights of the team's placements, and per
  process and framework (``--against``) the summed ``share / 100`` of its placements.
"""

from __future__ import annotations

from collections.abc import Sequence

from usm_kb.analysis.facts import Facts, framework_activities, load_facts, reference_placements
from usm_kb.analysis.model import (
    CLAIMING_RELATIONS,
    CallTypeGap,
    Coverage,
    FrameworkClaim,
    Gaps,
    MatrixRow,
    OverDetermined,
    Overlap,
    OverlapGroup,
    ProcessCoverage,
    ReferenceGap,
    Step,
    WorkflowCoverage,
    WorkflowGap,
)
from usm_kb.store import KnowledgeBase

MIN_FRAMEWORKS = 2  # a process claimed by this many chosen frameworks is over-determined


def _process_coverage(facts: Facts) -> tuple[ProcessCoverage, ...]:
    found = []
    for iri, verb in facts.processes.items():
        placements = facts.placements.get(iri, ())
        total = round(float(sum(p.weight for p in placements)), 4)
        found.append(
            ProcessCoverage(iri, verb, placements, total, min(100.0, round(100 * total, 1)))
        )
    return tuple(found)


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0


def _workflow_coverage(
    facts: Facts, by_process: dict[str, ProcessCoverage]
) -> tuple[WorkflowCoverage, ...]:
    found = []
    for flow in facts.workflows:
        steps = tuple(
            Step(
                index,
                process,
                verb,
                by_process[process].score if process in by_process else 0.0,
                process in by_process and by_process[process].covered,
            )
            for index, process, verb in flow.steps
        )
        covered = sum(1 for s in steps if s.covered)
        found.append(
            WorkflowCoverage(
                flow.workflow,
                flow.label,
                flow.call_type,
                steps,
                covered,
                _mean([s.score for s in steps]),
            )
        )
    return tuple(found)


def coverage_of(
    facts: Facts, references: dict[str, list[dict[str, object]]] | None = None
) -> Coverage:
    """The coverage of every process and workflow by the workspace's practices.

    The matrix has a column per team (the summed weights of its practices' placements) and
    per framework of *references* (its placements' summed ``share / 100``).
    """
    processes = _process_coverage(facts)
    by_process = {p.process: p for p in processes}
    placed = {p.practice for c in processes for p in c.practices}
    teams = sorted({facts.teams[p] for p in placed if p in facts.teams})
    frameworks = list(references or {})
    columns = tuple([f"team:{t}" for t in teams] + [f"framework:{f}" for f in frameworks])
    matrix = []
    for process in processes:
        by_team: dict[str | None, float] = {}  # one pass: teams × placements grew quadratically
        for p in process.practices:
            team = facts.teams.get(p.practice)
            by_team[team] = by_team.get(team, 0) + p.weight
        cells = [float(by_team.get(team, 0)) for team in teams]
        for framework in frameworks:
            rows = (references or {})[framework]
            shares = [int(str(r["share"])) for r in rows if str(r["process"]) == process.process]
            cells.append(sum(shares) / 100)
        matrix.append(MatrixRow(process.process, process.verb, tuple(round(c, 4) for c in cells)))
    return Coverage(
        facts.workspace,
        len(facts.practices),
        len(placed & set(facts.practices)),
        _mean([p.score for p in processes]),
        processes,
        _workflow_coverage(facts, by_process),
        columns,
        tuple(matrix),
    )


def coverage(kb: KnowledgeBase, against: Sequence[str] = ()) -> Coverage:
    """``analyze coverage`` on the workspace compiled into *kb* (frameworks in the matrix)."""
    facts = load_facts(kb)
    return coverage_of(facts, {f: reference_placements(kb, f) for f in dict.fromkeys(against)})


def gaps(kb: KnowledgeBase, against: Sequence[str] = ()) -> Gaps:
    """Processes, workflows (and reference practices of *against*) with no local practice.

    A reference practice is a gap in a process when it is placed there and no local
    practice is: the team has no counterpart for that part of it through the USM hub.
    """
    facts = load_facts(kb)
    found = coverage_of(facts)
    empty = tuple(p for p in found.processes if not p.covered)
    missing = {p.process for p in empty}
    workflows = tuple(
        WorkflowGap(
            w.workflow,
            w.label,
            w.call_type,
            tuple(s for s in w.steps if s.process in missing),
            len(w.steps),
        )
        for w in found.workflows
        if any(s.process in missing for s in w.steps)
    )
    placed = {p.practice for c in found.processes for p in c.practices}
    reference = []
    for framework in dict.fromkeys(against):
        for r in reference_placements(kb, framework):
            if str(r["process"]) in missing:
                reference.append(
                    ReferenceGap(
                        framework,
                        str(r["practice"]),
                        str(r["notation"]),
                        str(r["label"] or r["notation"]),
                        str(r["process"]),
                        str(r["verb"]),
                        str(r["relation"]),
                        int(str(r["share"])),
                    )
                )
    reference.sort(key=lambda g: (g.framework, list(facts.processes).index(g.process), g.notation))
    return Gaps(
        facts.workspace,
        tuple(dict.fromkeys(against)),
        empty,
        workflows,
        tuple(sorted(set(facts.practices) - placed)),
        tuple(reference),
        call_type_gaps(facts, missing),
    )


def call_type_gaps(facts: Facts, missing: set[str]) -> tuple[CallTypeGap, ...]:
    """Call types whose process has no local practice and that no local practice declares."""
    declared = set(facts.triggers.values())
    found = [
        CallTypeGap(iri, label, process, facts.processes.get(process, process))
        for iri, (label, process) in facts.call_types.items()
        if process in missing and iri not in declared
    ]
    order = list(facts.processes)
    return tuple(sorted(found, key=lambda g: (order.index(g.process), g.call_type)))


def overlap(kb: KnowledgeBase, against: Sequence[str] = ()) -> Overlap:
    """Local consolidation candidates, and with *against* the over-determined processes."""
    chosen = tuple(dict.fromkeys(against))
    facts = load_facts(kb)
    found = overlap_of(facts)
    references = dict(framework_activities(kb, f) for f in chosen)
    return Overlap(
        found.workspace, found.relations, found.groups, chosen, over_determined(facts, references)
    )


def over_determined(
    facts: Facts, references: dict[str, list[dict[str, object]]]
) -> tuple[OverDetermined, ...]:
    """Processes that two or more of *references*' frameworks claim (equal/subset/superset).

    Each such framework prescribes its own whole practice for the process: a team that
    follows them all gets the process's work determined more than once.
    """
    found = []
    for iri, verb in facts.processes.items():
        claims = []
        for framework, rows in references.items():
            count = len(
                {
                    str(r["practice"])
                    for r in rows
                    if str(r["process"]) == iri and str(r["relation"]) in CLAIMING_RELATIONS
                }
            )
            if count:
                claims.append(FrameworkClaim(framework, count))
        if len(claims) >= MIN_FRAMEWORKS:
            local = {
                p.practice
                for p in facts.placements.get(iri, ())
                if p.relation in CLAIMING_RELATIONS
            }
            found.append(OverDetermined(iri, verb, tuple(claims), len(local)))
    return tuple(found)


def overlap_of(facts: Facts) -> Overlap:
    """Processes where two or more local practices claim the same work (equal/subset/superset)."""
    groups = []
    for iri, verb in facts.processes.items():
        claiming = tuple(
            p for p in facts.placements.get(iri, ()) if p.relation in CLAIMING_RELATIONS
        )
        if len({p.practice for p in claiming}) >= 2:
            groups.append(OverlapGroup(iri, verb, claiming))
    return Overlap(facts.workspace, CLAIMING_RELATIONS, tuple(groups))
