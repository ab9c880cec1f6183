"""``analyze what-if``: add or retire local practices and see what would change, in memory.

``--add FILE`` is a small YAML file in the workspace's own formats: ``practices:`` entries as
in ``practices.yaml`` (checked by the same rules) and ``placements:`` rows for them
(``practice``, ``process``, ``relation``, ``share``, ``confidence``, optional ``status``,
default ``proposed``), checked by the mapping reader's share rules. ``--retire ID`` drops a
practice and its placements. The analysis facts are changed in memory and coverage, overlap
and conflicts computed before and after; nothing is written to the workspace.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from usm_kb.analysis.conflicts import conflicts_of
from usm_kb.analysis.facts import Facts, load_facts, short, weight
from usm_kb.analysis.model import Placement
from usm_kb.analysis.service import coverage_of, overlap_of
from usm_kb.errors import DataError, UsageError, UsmKbError
from usm_kb.files import MAX_INPUT_BYTES
from usm_kb.namespaces import individual_iri
from usm_kb.sources.shares import share_problem, share_sum_problems
from usm_kb.sources.yaml_lines import line_of, load_yaml_file
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import NEGATED_RELATIONS, RELATIONS, STATUSES
from usm_kb.workspace.practices import LocalPractice, check_practice

PLACEMENT_FIELDS = ("practice", "process", "relation", "share", "confidence", "status")


@dataclass(frozen=True)
class ProcessDelta:
    """One process's coverage score before and after."""

    verb: str
    before: float
    after: float
    delta: float


@dataclass(frozen=True)
class WhatIf:
    """``analyze what-if``: the deltas of a change the workspace has not made (yet)."""

    workspace: str
    added: tuple[str, ...]
    retired: tuple[str, ...]
    score_before: float
    score_after: float
    processes: tuple[ProcessDelta, ...]
    overlaps_added: tuple[str, ...]
    overlaps_removed: tuple[str, ...]
    conflicts_added: tuple[str, ...]
    conflicts_removed: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class Change:
    """Practices to add (with their placements by process IRI) and practice ids to retire."""

    practices: tuple[LocalPractice, ...] = ()
    placements: tuple[tuple[str, str, str, int, float, str], ...] = ()  # id, process, …
    retire: tuple[str, ...] = ()


def _process_of(facts: Facts, word: str) -> str | None:
    for iri, verb in facts.processes.items():
        if word.casefold() in (short(iri), verb.casefold(), iri.casefold()):
            return iri
    return None


def load_change(path: Path, facts: Facts) -> Change:
    """The practices and placements of an ``--add`` file, checked (``DataError`` file:line)."""
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise DataError("the file is too large", path=path)
    doc = load_yaml_file(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("practices"), list):
        raise DataError("expected a mapping with a 'practices' list", path=path, line=1)
    practices: list[LocalPractice] = []
    for number, entry in enumerate(doc["practices"], 1):
        if not isinstance(entry, dict):
            raise DataError(f"practice {number} must be a mapping", path=path, line=line_of(entry))
        practice = check_practice(dict(entry), f"practice {number}", path, line_of(entry))
        if practice.id in facts.practices or practice.id in {p.id for p in practices}:
            raise DataError(
                f"practice {number}: id {practice.id!r} is already used",
                path=path,
                line=line_of(entry),
                hint="give the new practice an id of its own",
            )
        practices.append(practice)
    added = {p.id for p in practices}
    rows = doc.get("placements") or []
    if not isinstance(rows, list):
        raise DataError("'placements' must be a list", path=path, line=line_of(doc))
    placements = []
    for number, row in enumerate(rows, 1):
        placements.append(_placement(row, number, added, facts, path))
    problems = share_sum_problems(
        (p[0], line_of(rows[i]) or 1, p[2], p[5], str(p[3])) for i, p in enumerate(placements)
    )
    if problems:
        raise DataError(sorted(problems)[0][1], path=path, line=sorted(problems)[0][0])
    return Change(tuple(practices), tuple(placements))


def _placement(
    row: Any, number: int, added: set[str], facts: Facts, path: Path
) -> tuple[str, str, str, int, float, str]:
    where, line = f"placement {number}", line_of(row)
    if not isinstance(row, dict) or any(k not in PLACEMENT_FIELDS for k in row):
        raise DataError(
            f"{where}: expected a mapping of {', '.join(PLACEMENT_FIELDS)}", path=path, line=line
        )
    practice, relation = str(row.get("practice", "")), str(row.get("relation", ""))
    status = str(row.get("status") or "proposed")
    process = _process_of(facts, str(row.get("process", "")))
    problem = None
    if practice not in added:
        problem = f"practice {practice!r} is not one this file adds"
    elif process is None:
        known = ", ".join(facts.processes.values())
        problem = f"process {row.get('process')!r} is not one of {known}"
    elif relation not in RELATIONS or relation in NEGATED_RELATIONS:
        problem = f"relation {relation!r} does not place a practice"
    elif status not in STATUSES or status == "deprecated":
        problem = f"status {status!r} is not one of draft, proposed, approved"
    else:
        problem = share_problem(relation, status, str(row.get("share", "")))
    try:
        confidence = float(row.get("confidence", ""))
    except (TypeError, ValueError):
        confidence = -1.0
    if problem is None and not 0 <= confidence <= 1:
        problem = "confidence must be a number from 0 to 1"
    if problem is not None:
        raise DataError(f"{where}: {problem}", path=path, line=line)
    return (practice, str(process), relation, int(str(row["share"])), confidence, status)


def apply_change(facts: Facts, change: Change) -> Facts:
    """*facts* with *change* made (the practices' teams and triggers included)."""
    gone = set(change.retire)
    practices = {k: v for k, v in facts.practices.items() if k not in gone}
    teams = {k: v for k, v in facts.teams.items() if k not in gone}
    triggers = {k: v for k, v in facts.triggers.items() if k not in gone}
    for p in change.practices:
        practices[p.id] = p.name
        teams[p.id] = p.team or "(no team)"
        if p.trigger:
            triggers[p.id] = individual_iri("calltype", p.trigger)
    placements = {
        iri: [x for x in items if x.practice not in gone] for iri, items in facts.placements.items()
    }
    for ident, process, relation, share, confidence, status in change.placements:
        placements.setdefault(process, []).append(
            Placement(
                ident,
                practices[ident],
                relation,
                share,
                confidence,
                status,
                weight(share, confidence),
            )
        )
    return replace(
        facts,
        practices=practices,
        teams=teams,
        triggers=triggers,
        placements={iri: tuple(items) for iri, items in placements.items()},
    )


def _groups(facts: Facts) -> set[str]:
    return {
        f"{g.verb}: {', '.join(dict.fromkeys(p.practice for p in g.practices))}"
        for g in overlap_of(facts).groups
    }


def _conflicts(facts: Facts) -> set[str]:
    return {f"{c.code}: {c.message}" for c in conflicts_of(facts)}


def what_if_of(facts: Facts, change: Change) -> WhatIf:
    """Coverage, overlap and conflict deltas of *change* on *facts*."""
    after_facts = apply_change(facts, change)
    before, after = coverage_of(facts), coverage_of(after_facts)
    deltas = tuple(
        ProcessDelta(b.verb, b.score, a.score, round(a.score - b.score, 1))
        for b, a in zip(before.processes, after.processes, strict=True)
    )
    groups_before, groups_after = _groups(facts), _groups(after_facts)
    found_before, found_after = _conflicts(facts), _conflicts(after_facts)
    return WhatIf(
        facts.workspace,
        tuple(p.id for p in change.practices),
        change.retire,
        before.score,
        after.score,
        deltas,
        tuple(sorted(groups_after - groups_before)),
        tuple(sorted(groups_before - groups_after)),
        tuple(sorted(found_after - found_before)),
        tuple(sorted(found_before - found_after)),
    )


def what_if(kb: KnowledgeBase, add: Path | None = None, retire: tuple[str, ...] = ()) -> WhatIf:
    """``analyze what-if`` on the workspace compiled into *kb*: nothing is written."""
    if add is None and not retire:
        raise UsageError("what-if needs --add FILE or --retire ID (or both)")
    facts = load_facts(kb)
    change = load_change(add, facts) if add is not None else Change()
    for ident in retire:
        if ident not in facts.practices:
            raise UsmKbError(
                f"--retire {ident}: the workspace has no local activity with this id",
                hint="known: " + ", ".join(sorted(facts.practices)),
            )
    return what_if_of(facts, replace(change, retire=tuple(dict.fromkeys(retire))))
