"""``analyze backlog``: gaps, overlaps and conflicts as one ranked improvement backlog.

Each item gets a priority (docs/analysis.md)::

    priority = 10 × workflows + shortfall + severity

``workflows``: how many USM workflows have a step in the item's process (for an item on
several processes, the largest); ``shortfall`` (gap items only): ``100 − score`` of that
process; ``severity``: violation 50, warning 20, info 5. A process with no local practice is
a gap (warning), one scoring below :data:`UNDER_COVERED` an under-covered gap (info). Items
on no process (a practice placed nowhere) have only their severity. Ties: by kind, code and
subject.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from typing import Any

from usm_kb.analysis.conflicts import RULES, conflicts_of
from usm_kb.analysis.facts import Facts, load_facts
from usm_kb.analysis.service import coverage_of, overlap_of
from usm_kb.store import KnowledgeBase

SEVERITY_POINTS = {"violation": 50, "warning": 20, "info": 5}
WORKFLOW_POINTS = 10
UNDER_COVERED = 50.0  # a covered process scoring below this is an under-covered gap
CSV_COLUMNS = (
    "rank",
    "priority",
    "kind",
    "code",
    "severity",
    "processes",
    "subject",
    "finding",
    "action",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class BacklogItem:
    """One improvement to make, with the numbers its priority comes from."""

    rank: int
    priority: float
    kind: str  # gap, overlap or conflict
    code: str
    severity: str
    processes: tuple[str, ...]  # verbs
    subject: str  # the practices or the process it is about
    finding: str
    action: str
    workflows: int
    shortfall: float


@dataclass(frozen=True)
class Backlog:
    """``analyze backlog``: the ranked items."""

    workspace: str
    items: tuple[BacklogItem, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


Candidate = tuple[str, str, str, tuple[str, ...], str, str, str]


def _candidates(facts: Facts) -> list[Candidate]:
    """(kind, code, severity, process IRIs, subject, finding, action) of every finding."""
    found = coverage_of(facts)
    calls = {process: label for label, process in facts.call_types.values()}
    items: list[Candidate] = []
    for p in found.processes:
        if not p.covered:
            call = calls.get(p.process)
            started = f" (started by call type {call})" if call else ""
            items.append(
                (
                    "gap",
                    "process-uncovered",
                    "warning",
                    (p.process,),
                    p.verb,
                    f"no local practice does {p.verb}'s work{started}",
                    f"find or adopt a practice for {p.verb} and map it (usm-kb map)",
                )
            )
        elif p.score < UNDER_COVERED:
            items.append(
                (
                    "gap",
                    "process-undercovered",
                    "info",
                    (p.process,),
                    p.verb,
                    f"{p.verb} scores {p.score:.1f} of 100 (weight {p.weight:g})",
                    f"give {p.verb}'s practices a larger part or firmer evidence, or add one",
                )
            )
    placed = {x.practice for p in found.processes for x in p.practices}
    for practice in sorted(set(facts.practices) - placed):
        items.append(
            (
                "gap",
                "practice-unplaced",
                "info",
                (),
                practice,
                f"{practice} {facts.practices[practice]} is placed in no process",
                f"map {practice} onto the process it works in, or retire it",
            )
        )
    for g in overlap_of(facts).groups:
        ids = ", ".join(dict.fromkeys(x.practice for x in g.practices))
        items.append(
            (
                "overlap",
                "claimed-twice",
                "warning",
                (g.process,),
                ids,
                f"{ids} all claim {g.verb}'s work",
                f"consolidate {ids} into one practice for {g.verb}, or split the work",
            )
        )
    for c in conflicts_of(facts):
        items.append(
            (
                "conflict",
                c.code,
                c.severity,
                c.processes,
                ", ".join(c.practices),
                c.message,
                RULES[c.code].action,
            )
        )
    return items


def backlog_of(facts: Facts) -> Backlog:
    """The ranked backlog of *facts* (formula in the module docstring)."""
    scores = {p.process: p.score for p in coverage_of(facts).processes}
    depending = {
        iri: sum(1 for w in facts.workflows if any(s[1] == iri for s in w.steps))
        for iri in facts.processes
    }
    scored = []
    for kind, code, severity, processes, subject, finding, action in _candidates(facts):
        workflows = max((depending.get(p, 0) for p in processes), default=0)
        shortfall = (
            max((round(100 - scores.get(p, 0.0), 1) for p in processes), default=0.0)
            if kind == "gap"
            else 0.0
        )
        priority = round(WORKFLOW_POINTS * workflows + shortfall + SEVERITY_POINTS[severity], 1)
        verbs = tuple(facts.processes.get(p, p) for p in processes)
        scored.append(
            (priority, kind, code, severity, verbs, subject, finding, action, workflows, shortfall)
        )
    scored.sort(key=lambda s: (-s[0], s[1], s[2], s[5]))
    items = tuple(BacklogItem(rank, *s) for rank, s in enumerate(scored, 1))
    return Backlog(facts.workspace, items)


def backlog(kb: KnowledgeBase) -> Backlog:
    """``analyze backlog`` on the workspace compiled into *kb*."""
    return backlog_of(load_facts(kb))


def safe_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run: a leading = + - @ tab or CR gets an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def backlog_csv(found: Backlog) -> str:
    """The backlog as CSV for an issue tracker, every cell neutralised against formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in found.items:
        values = {**asdict(item), "processes": "; ".join(item.processes)}
        writer.writerow([safe_cell(str(values[c])) for c in CSV_COLUMNS])
    return out.getvalue()
