"""``usm-kb diff OLD NEW``: what changed between two versions of a workspace's mappings.

Rows are matched on (practice, target): the practice's local id (the subject CURIE without
its prefix, so a renamed workspace id still matches) and the target's IRI. A set holds one
row per pair, and the predicate follows from the relation, so a changed relation is a
*changed* row, not a removal plus an addition. A row's weight is the coverage weight of
docs/analysis.md, ``share / 100 × confidence``, 0 when the row places nothing
(``not_related``, ``deprecated``); its **strength delta** is new weight − old weight (an
added row: its weight; a removed one: minus its weight).

Two workspace folders are compared through the KB (the coverage of ``analyze coverage``, so
only activities count); two SSSOM files on their own (every row onto a process counts, as
a lone file has no catalogue of kinds).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from usm_kb.analysis.diff_rows import COMPARED, Row, RowState, process_weights, read_rows
from usm_kb.analysis.model import Coverage
from usm_kb.analysis.service import coverage
from usm_kb.namespaces import process_iri
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import PROCESSES
from usm_kb.workspace.config import MAPPINGS, Workspace

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class MappingChange:
    """One (practice, target) pair whose row was added, removed or changed."""

    change: str  # added | removed | changed
    practice: str  # local id
    practice_label: str
    target: str  # IRI
    target_label: str
    old: RowState | None
    new: RowState | None
    fields: tuple[str, ...]  # changed: the compared columns that differ
    strength_delta: float  # new weight − old weight


@dataclass(frozen=True)
class ProcessDelta:
    """One process's coverage before and after (docs/analysis.md's weight and score)."""

    process: str
    verb: str
    old_weight: float
    new_weight: float
    old_score: float
    new_score: float

    @property
    def delta(self) -> float:
        """The new score minus the old one."""
        return round(self.new_score - self.old_score, 1)


@dataclass(frozen=True)
class Diff:
    """The mapping changes between two versions and the coverage delta per process."""

    inputs: str  # "workspaces" or "sssom"
    old: str  # the workspace folders, or the files
    new: str
    added: tuple[MappingChange, ...]
    removed: tuple[MappingChange, ...]
    changed: tuple[MappingChange, ...]
    processes: tuple[ProcessDelta, ...]
    old_score: float  # the mean of the process scores
    new_score: float

    @property
    def empty(self) -> bool:
        """True when no row and no coverage score changed."""
        return not (self.added or self.removed or self.changed) and all(
            p.delta == 0 and p.old_weight == p.new_weight for p in self.processes
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        for item, process in zip(data["processes"], self.processes, strict=True):
            item["delta"] = process.delta
        data["score_delta"] = round(self.new_score - self.old_score, 1)
        data["empty"] = self.empty
        return data


def _changed_fields(old: RowState, new: RowState) -> tuple[str, ...]:
    return tuple(f for f in COMPARED if getattr(old, f) != getattr(new, f))


def compare_rows(
    old: tuple[Row, ...], new: tuple[Row, ...]
) -> tuple[tuple[MappingChange, ...], tuple[MappingChange, ...], tuple[MappingChange, ...]]:
    """(added, removed, changed), each sorted by practice and target."""
    before = {r.key: r for r in old}
    after = {r.key: r for r in new}
    found: dict[str, list[MappingChange]] = {ADDED: [], REMOVED: [], CHANGED: []}
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        old_state, new_state = (a.state if a else None), (b.state if b else None)
        fields = _changed_fields(a.state, b.state) if a and b else ()
        if a and b and not fields:
            continue
        shown = b or a
        if shown is None:  # (never: the key came from one side)
            continue
        kind = CHANGED if a and b else ADDED if b else REMOVED
        delta = (new_state.weight if new_state else 0.0) - (old_state.weight if old_state else 0.0)
        found[kind].append(
            MappingChange(
                kind,
                shown.practice,
                shown.practice_label,
                shown.target,
                shown.target_label,
                old_state,
                new_state,
                fields,
                round(delta, 4),
            )
        )
    return tuple(found[ADDED]), tuple(found[REMOVED]), tuple(found[CHANGED])


def _score(weight: float) -> float:
    return min(100.0, round(100 * weight, 1))


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0


def _deltas(
    old: dict[str, tuple[str, float, float]], new: dict[str, tuple[str, float, float]]
) -> tuple[ProcessDelta, ...]:
    """Per process (old's order, then new's) from IRI -> (verb, weight, score)."""
    found = []
    for iri in dict.fromkeys([*old, *new]):
        verb = (old.get(iri) or new[iri])[0]
        _, old_weight, old_score = old.get(iri, (verb, 0.0, 0.0))
        _, new_weight, new_score = new.get(iri, (verb, 0.0, 0.0))
        found.append(ProcessDelta(iri, verb, old_weight, new_weight, old_score, new_score))
    return tuple(found)


def diff_rows(
    inputs: str,
    names: tuple[str, str],
    rows: tuple[tuple[Row, ...], tuple[Row, ...]],
    coverages: tuple[dict[str, tuple[str, float, float]], dict[str, tuple[str, float, float]]],
) -> Diff:
    """The diff of two row sets, with each side's coverage as IRI -> (verb, weight, score)."""
    added, removed, changed = compare_rows(*rows)
    return Diff(
        inputs,
        names[0],
        names[1],
        added,
        removed,
        changed,
        _deltas(*coverages),
        _mean([score for _, _, score in coverages[0].values()]),
        _mean([score for _, _, score in coverages[1].values()]),
    )


def file_coverage(rows: tuple[Row, ...]) -> dict[str, tuple[str, float, float]]:
    """A lone file's coverage per process: every placing row onto a process counts."""
    verbs = {process_iri(slug): slug.capitalize() for slug in PROCESSES}
    return {iri: (verbs[iri], w, _score(w)) for iri, w in process_weights(rows).items()}


def workspace_coverage(found: Coverage) -> dict[str, tuple[str, float, float]]:
    """A workspace's coverage per process, as ``analyze coverage`` computed it."""
    return {p.process: (p.verb, p.weight, p.score) for p in found.processes}


def diff_files(old: Path, new: Path) -> Diff:
    """The diff of two SSSOM TSV files, read on their own (no KB)."""
    rows = (read_rows(old), read_rows(new))
    return diff_rows(
        "sssom", (str(old), str(new)), rows, (file_coverage(rows[0]), file_coverage(rows[1]))
    )


def _workspace_rows(workspace: Workspace) -> tuple[Row, ...]:
    path = workspace.path(MAPPINGS)
    return read_rows(path) if path.is_file() else ()


def diff_workspaces(
    old: tuple[Workspace, KnowledgeBase], new: tuple[Workspace, KnowledgeBase]
) -> Diff:
    """The diff of two workspaces, each given with the KB it is compiled into.

    The coverage comes from ``analyze coverage`` on each KB (a workspace without activities
    is refused there); the rows from each workspace's ``mappings.sssom.tsv``.
    """
    coverages = (workspace_coverage(coverage(old[1])), workspace_coverage(coverage(new[1])))
    rows = (_workspace_rows(old[0]), _workspace_rows(new[0]))
    names = (str(old[0].root), str(new[0].root))
    return diff_rows("workspaces", names, rows, coverages)
