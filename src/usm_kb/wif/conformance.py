"""USM conformance of a WIF workflow: its step sequence against the standard workflows.

The standard sequences come from the KB, where most are marked reconstructed (the USM figures
that show them could not be read, see docs/wif.md), so sequence findings are warnings and say
what they were compared with. The rules used are the ones the reconstruction rests on: a
change to the managed infrastructure passes through Change and is carried out in Operate; a
changed agreement is realised through Change; the process whose call starts a workflow also
closes it. Whether a step changes the managed infrastructure is read from its words (a short
English and Dutch list, :data:`CHANGE_WORDS`): a heuristic, and the finding says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from usm_kb.wif.model import Finding, Step, Workflow

VERBS = {
    "agree": "Agree",
    "change": "Change",
    "recover": "Recover",
    "operate": "Operate",
    "improve": "Improve",
}
KIND = {
    "agree": "wish",
    "change": "change",
    "recover": "incident",
    "operate": "service request",
    "improve": "improvement",
}
CHANGE_WORDS = re.compile(
    r"\b(install\w*|replac\w*|upgrad\w*|configur\w*|reconfigur\w*|deploy\w*|patch\w*|"
    r"modif\w*|decommission\w*|migrat\w*|swap\w*|"
    r"installe\w*|vervang\w*|wijzig\w*|configureer\w*|upgrade\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StandardWorkflow:
    """One of the KB's standard workflows: its process sequence and whether it is reconstructed."""

    iri: str
    label: str
    sequence: tuple[str, ...]  # process ids in step order
    reconstructed: bool

    def spelled(self) -> str:
        """``Recover → Operate → Recover``."""
        return spell(self.sequence)

    def compared(self) -> str:
        """How a finding names this workflow."""
        mark = "reconstructed " if self.reconstructed else ""
        return f"the {mark}standard workflow '{self.label}' ({self.spelled()})"


def spell(sequence: tuple[str, ...]) -> str:
    """Process ids as their verbs joined by arrows."""
    return " → ".join(VERBS.get(p, p) for p in sequence)


def blocks(steps: tuple[Step, ...], positions: dict[int, int]) -> list[tuple[str, int]]:
    """Consecutive steps of one process as one block: (process, list index of its first step)."""
    found: list[tuple[str, int]] = []
    for step in steps:
        if step.process is None:
            continue
        if not found or found[-1][0] != step.process:
            found.append((step.process, positions[id(step)]))
    return found


def check_conformance(
    workflow: Workflow, standards: tuple[StandardWorkflow, ...]
) -> tuple[Finding, ...]:
    """The conformance findings of one workflow (all warnings or notes)."""
    listed = workflow.steps
    positions = {id(step): i for i, step in enumerate(listed)}
    found = _raci(listed) + _empty_steps(listed)
    ordered = workflow.ordered_steps()
    seq_blocks = blocks(ordered, positions)
    if not seq_blocks:
        return (*found, Finding("WIF-C-NO-STEPS", "warning", "steps", "no step names a process"))
    sequence = tuple(p for p, _ in seq_blocks)
    if workflow.process is not None and workflow.process != sequence[0]:
        found += (
            Finding(
                "WIF-C-START",
                "warning",
                "process",
                f"the workflow's process is {VERBS[workflow.process]} but its first step runs in "
                f"{VERBS[sequence[0]]}; a workflow starts in the process its call triggers",
            ),
        )
    found += _sequence(sequence, standards)
    found += _no_change(workflow, ordered, positions, seq_blocks, standards)
    found += _rules(seq_blocks)
    return found


def _raci(steps: tuple[Step, ...]) -> tuple[Finding, ...]:
    found = []
    for i, step in enumerate(steps):
        for j, activity in enumerate(step.activities):
            accountable = activity.accountable()
            if len(accountable) == 1:
                continue
            what = (
                "no accountable profile"
                if not accountable
                else f"{len(accountable)} accountable profiles ({', '.join(accountable)})"
            )
            found.append(
                Finding(
                    "WIF-C-RACI",
                    "warning",
                    f"steps[{i}].activities[{j}]",
                    f"activity {activity.id!r} has {what}; exactly one profile is accountable "
                    "(A) for each activity",
                )
            )
    return tuple(found)


def _empty_steps(steps: tuple[Step, ...]) -> tuple[Finding, ...]:
    return tuple(
        Finding(
            "WIF-C-EMPTY-STEP",
            "warning",
            f"steps[{i}]",
            f"step {step.id!r} has no activities; a step holds the activities done in it",
        )
        for i, step in enumerate(steps)
        if not step.activities
    )


def _sequence(
    sequence: tuple[str, ...], standards: tuple[StandardWorkflow, ...]
) -> tuple[Finding, ...]:
    for standard in standards:
        if standard.sequence == sequence:
            return (
                Finding(
                    "WIF-C-MATCH",
                    "info",
                    "steps",
                    f"the step sequence {spell(sequence)} follows {standard.compared()}",
                ),
            )
    same_start = [s for s in standards if s.sequence[:1] == sequence[:1]] or list(standards)
    if not same_start:
        return ()
    nearest = min(same_start, key=lambda s: (_distance(s.sequence, sequence), s.iri))
    return (
        Finding(
            "WIF-C-SEQUENCE",
            "warning",
            "steps",
            f"the step sequence {spell(sequence)} follows none of the standard workflows that "
            f"start in {VERBS[sequence[0]]}; compared with the nearest, {nearest.compared()}",
        ),
    )


def _no_change(
    workflow: Workflow,
    ordered: tuple[Step, ...],
    positions: dict[int, int],
    seq_blocks: list[tuple[str, int]],
    standards: tuple[StandardWorkflow, ...],
) -> tuple[Finding, ...]:
    start = seq_blocks[0][0]
    for step in ordered:
        if step.process == "change":
            return ()  # a change step comes first: later changes may be its implementation
        if step.process in ("agree", None):
            continue
        word = _change_word(step)
        if word is None:
            continue
        via = [s for s in standards if s.sequence[:1] == (start,) and "change" in s.sequence]
        compared = (
            f" (compared with {min(via, key=lambda s: len(s.sequence)).compared()})" if via else ""
        )
        i = positions[id(step)]
        return (
            Finding(
                "WIF-C-NO-CHANGE",
                "warning",
                f"steps[{i}]",
                f"this {KIND[start]} workflow changes managed infrastructure without passing "
                f"Change: step {step.id!r} ({VERBS[step.process]}) says {word!r}, and USM sends "
                "every change to the managed infrastructure through Change before Operate "
                f"carries it out{compared}; read from the step's words, so check it",
            ),
        )
    return ()


def _change_word(step: Step) -> str | None:
    texts = [step.name, step.description]
    for activity in step.activities:
        texts += [activity.name, activity.description]
    for text in texts:
        match = CHANGE_WORDS.search(text or "")
        if match:
            return match.group()
    return None


def _rules(seq_blocks: list[tuple[str, int]]) -> tuple[Finding, ...]:
    found = []
    sequence = [p for p, _ in seq_blocks]
    for n, (process, i) in enumerate(seq_blocks):
        later = sequence[n + 1 :]
        if process == "change" and "operate" not in later and "operate" not in sequence[:n]:
            found.append(
                Finding(
                    "WIF-C-CHANGE-OPERATE",
                    "warning",
                    f"steps[{i}]",
                    "Change is never followed by Operate: USM carries out a change to the "
                    "managed infrastructure in Operate",
                )
            )
        if process == "agree" and "agree" not in sequence[:n] and "change" not in later:
            found.append(
                Finding(
                    "WIF-C-AGREE-CHANGE",
                    "warning",
                    f"steps[{i}]",
                    "Agree is not followed by Change: a new or changed agreement is realised "
                    "in the managed infrastructure through Change",
                )
            )
    if len(sequence) > 1 and sequence[-1] != sequence[0]:
        found.append(
            Finding(
                "WIF-C-CLOSE",
                "warning",
                f"steps[{seq_blocks[-1][1]}]",
                f"the workflow ends in {VERBS[sequence[-1]]}, not in {VERBS[sequence[0]]} where "
                "it started: the process whose call starts a workflow also closes it",
            )
        )
    return tuple(found)


def _distance(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Edit distance of two process sequences."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]
