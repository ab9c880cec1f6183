"""``analyze conflicts``: contradictions in a workspace's mappings and in its modelling.

Modelling rules run on the analysis facts (each a code, a severity and an explanation; the
list is :data:`RULES`, docs/analysis.md explains each). With a validation report (``--shacl``)
the SHACL findings about the workspace's mapping rows are added, each under the code
``shacl:SHAPE``. Two contradictions never reach this analysis because the mapping reader
refuses them when the workspace compiles (with file and line): a practice placed ``equal`` in
two processes, and shares of one practice that do not add up to 100.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from usm_kb.analysis.facts import Facts, load_facts, short
from usm_kb.store import KnowledgeBase
from usm_kb.validation.report import ValidationReport, severity_rank

# Below this confidence an approved row is doubtful: the team approved what it is unsure of.
MIN_APPROVED_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Rule:
    """One modelling rule: its severity, what it finds and what to do about it."""

    code: str
    severity: str
    explanation: str
    action: str


RULES = {
    rule.code: rule
    for rule in (
        Rule(
            "equal-shared",
            "violation",
            "two or more practices are placed 'equal' in one process: each would be the same as "
            "the process, so the same as each other",
            "keep one practice 'equal' to the process; place the others as subset or intersects",
        ),
        Rule(
            "trigger-elsewhere",
            "warning",
            "the practice declares a call type as its trigger, but is not placed in the process "
            "that call type starts (e.g. an incident practice mapped only to Change)",
            "place the practice in the process its trigger starts, or correct its trigger",
        ),
        Rule(
            "approved-low-confidence",
            "warning",
            f"an approved mapping row has a confidence below {MIN_APPROVED_CONFIDENCE:g}: the "
            "team approved a placement it is unsure of",
            "review the row: raise its confidence with evidence, or set it back to proposed",
        ),
    )
}
SHACL_ACTION = "fix the mapping row as the SHACL message says (usm-kb validate --workspace)"


@dataclass(frozen=True)
class Conflict:
    """One contradiction: a rule (or SHACL shape) and the practice and processes it is about."""

    code: str
    severity: str
    practices: tuple[str, ...]  # local practice ids (empty for a SHACL finding on a set)
    processes: tuple[str, ...]  # process IRIs
    message: str


@dataclass(frozen=True)
class Conflicts:
    """``analyze conflicts``: the contradictions, most severe first."""

    workspace: str
    shacl: bool  # the SHACL findings on the mapping rows were included
    rules: tuple[Rule, ...]
    conflicts: tuple[Conflict, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data["found"] = len(self.conflicts)
        return data


def conflicts_of(facts: Facts) -> list[Conflict]:
    """The modelling rules' findings on *facts* (ordered by severity, code, practice)."""
    found: list[Conflict] = []
    for iri, verb in facts.processes.items():
        placements = facts.placements.get(iri, ())
        equal = tuple(sorted({p.practice for p in placements if p.relation == "equal"}))
        if len(equal) >= 2:
            found.append(
                _conflict(
                    "equal-shared", equal, (iri,), f"{', '.join(equal)} are all equal to {verb}"
                )
            )
        for p in placements:
            if p.status == "approved" and p.confidence < MIN_APPROVED_CONFIDENCE:
                found.append(
                    _conflict(
                        "approved-low-confidence",
                        (p.practice,),
                        (iri,),
                        f"{p.practice} in {verb} is approved at confidence {p.confidence:g}",
                    )
                )
    where: dict[str, list[str]] = {}
    for iri, placements in facts.placements.items():
        for p in placements:
            where.setdefault(p.practice, []).append(iri)
    for practice, call_type in sorted(facts.triggers.items()):
        label, process = facts.call_types.get(call_type, (short(call_type), ""))
        placed = where.get(practice, [])
        if practice in facts.practices and placed and process not in placed:
            verbs = ", ".join(facts.processes.get(p, short(p)) for p in placed)
            starts = facts.processes.get(process, short(process))
            found.append(
                _conflict(
                    "trigger-elsewhere",
                    (practice,),
                    tuple(placed),
                    f"{practice} is started by {label}, which starts {starts}, "
                    f"but is placed only in {verbs}",
                )
            )
    return found


def _conflict(
    code: str, practices: tuple[str, ...], processes: tuple[str, ...], message: str
) -> Conflict:
    return Conflict(code, RULES[code].severity, practices, processes, message)


def shacl_conflicts(report: ValidationReport, mappings_file: str) -> list[Conflict]:
    """The SHACL findings of *report* about rows of the workspace's mapping set."""
    return [
        Conflict(
            f"shacl:{f.shape.rsplit(':', 1)[-1].rsplit('#', 1)[-1]}",
            f.severity,
            (),
            (),
            f"{f.focus_label or f.focus}: {f.message}",
        )
        for f in report.findings
        if f.file == mappings_file
    ]


def ranked(found: list[Conflict]) -> tuple[Conflict, ...]:
    """Most severe first, then by code and practice."""
    return tuple(
        sorted(found, key=lambda c: (-severity_rank(c.severity), c.code, c.practices, c.message))
    )


def conflicts(
    kb: KnowledgeBase, validation: ValidationReport | None = None, mappings_file: str = ""
) -> Conflicts:
    """``analyze conflicts`` on the workspace compiled into *kb*.

    *validation* (the workspace's SHACL report, optional because it takes a while) adds
    the findings about rows of *mappings_file*.
    """
    facts = load_facts(kb)
    found = conflicts_of(facts)
    if validation is not None:
        found += shacl_conflicts(validation, mappings_file)
    return Conflicts(facts.workspace, validation is not None, tuple(RULES.values()), ranked(found))
