"""The results of the analyses: frozen dataclasses with a JSON-ready ``to_dict()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# Relations by which a practice claims (a whole part of) a process's work: two practices so
# placed in one process are consolidation candidates. ``intersects`` only touches it.
CLAIMING_RELATIONS = ("equal", "subset", "superset")


@dataclass(frozen=True)
class Placement:
    """One local practice placed in one USM process (an active mapping row)."""

    practice: str  # the local practice's id
    name: str
    relation: str
    share: int  # 0-100: the part of the practice in this process
    confidence: float  # 0-1
    status: str
    weight: float  # share / 100 × confidence


@dataclass(frozen=True)
class ProcessCoverage:
    """How well the local practices cover one USM process."""

    process: str  # IRI
    verb: str
    practices: tuple[Placement, ...]
    weight: float  # Σ weight of the placements: practice-equivalents in this process
    score: float  # min(100, 100 × weight), one decimal

    @property
    def covered(self) -> bool:
        """True when at least one local practice is placed here."""
        return bool(self.practices)


@dataclass(frozen=True)
class Step:
    """One step of a workflow and the coverage score of its process."""

    index: int
    process: str
    verb: str
    score: float
    covered: bool  # its process has at least one local practice


@dataclass(frozen=True)
class WorkflowCoverage:
    """How well the local practices cover one workflow, through its steps' processes."""

    workflow: str  # IRI
    label: str
    call_type: str  # IRI of the call type that starts it
    steps: tuple[Step, ...]
    covered_steps: int
    score: float  # the mean of its steps' scores, one decimal


@dataclass(frozen=True)
class MatrixRow:
    """One process's row of the matrix: per column (a team, or a framework) its weight."""

    process: str
    verb: str
    cells: tuple[float, ...]  # in the order of ``Coverage.columns``


@dataclass(frozen=True)
class Coverage:
    """``analyze coverage``: every process and workflow with its local practices and score."""

    workspace: str
    practices: int  # local activities
    placed: int  # of them, placed in at least one process
    score: float  # the mean of the process scores
    processes: tuple[ProcessCoverage, ...]
    workflows: tuple[WorkflowCoverage, ...]
    columns: tuple[str, ...] = ()  # the matrix's columns: "team:NAME" and "framework:ID"
    matrix: tuple[MatrixRow, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        for item, process in zip(data["processes"], self.processes, strict=True):
            item["covered"] = process.covered
        return data


@dataclass(frozen=True)
class WorkflowGap:
    """A workflow with steps whose process has no local practice."""

    workflow: str
    label: str
    call_type: str
    missing: tuple[Step, ...]  # the uncovered steps
    steps: int  # all its steps

    @property
    def uncovered(self) -> bool:
        """True when no step of the workflow has a local practice."""
        return len(self.missing) == self.steps


@dataclass(frozen=True)
class ReferenceGap:
    """A reference practice placed in a process where no local practice is placed."""

    framework: str
    practice: str  # IRI
    notation: str
    label: str
    process: str
    verb: str
    relation: str
    share: int


@dataclass(frozen=True)
class CallTypeGap:
    """A call type no local practice handles: none placed in its process, none declaring it."""

    call_type: str  # IRI
    label: str
    process: str  # the process it triggers
    verb: str


@dataclass(frozen=True)
class Gaps:
    """``analyze gaps``: what no local practice covers."""

    workspace: str
    against: tuple[str, ...]  # the frameworks compared with
    processes: tuple[ProcessCoverage, ...]  # processes without a local practice
    workflows: tuple[WorkflowGap, ...]
    unplaced: tuple[str, ...]  # local activities placed in no process (ids)
    reference: tuple[ReferenceGap, ...]
    call_types: tuple[CallTypeGap, ...] = ()

    @property
    def found(self) -> int:
        """How many gaps were found (processes, call types, workflows, reference practices)."""
        return (
            len(self.processes) + len(self.call_types) + len(self.workflows) + len(self.reference)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data["processes"] = [{"process": p.process, "verb": p.verb} for p in self.processes]
        for item, gap in zip(data["workflows"], self.workflows, strict=True):
            item["uncovered"] = gap.uncovered
        data["found"] = self.found
        return data


@dataclass(frozen=True)
class OverlapGroup:
    """A process where two or more local practices claim the same work."""

    process: str
    verb: str
    practices: tuple[Placement, ...]


@dataclass(frozen=True)
class FrameworkClaim:
    """How many practices of one framework claim a process (equal, subset or superset)."""

    framework: str
    practices: int


@dataclass(frozen=True)
class OverDetermined:
    """A process claimed by two or more of the frameworks the team follows."""

    process: str
    verb: str
    claims: tuple[FrameworkClaim, ...]
    local: int  # local practices claiming it


@dataclass(frozen=True)
class Overlap:
    """``analyze overlap``: consolidation candidates (and, with --against, over-determination)."""

    workspace: str
    relations: tuple[str, ...]  # the relations that count as claiming the same work
    groups: tuple[OverlapGroup, ...]
    against: tuple[str, ...] = ()
    over_determined: tuple[OverDetermined, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)
