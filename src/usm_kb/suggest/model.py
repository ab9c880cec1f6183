"""What a suggestion says: a USM target, a confidence in 0-1, and the evidence behind it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """One reason for a suggestion.

    ``kind`` is ``terms`` (words of the practice found in a USM text), ``nearest`` (a
    reference practice like this one, with its own placement) or ``rule`` (a USM placement
    rule whose cue words the practice holds).
    """

    kind: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class Candidate:
    """One suggested USM target for a practice."""

    target: str
    label: str
    confidence: float
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "target": self.target,
            "label": self.label,
            "confidence": self.confidence,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Suggestions:
    """The ranked targets for one local practice, and the call type and workflow it serves."""

    practice: str  # id
    name: str
    language: str
    kind: str
    candidates: tuple[Candidate, ...]
    call_type: str | None = None
    workflow: str | None = None
    flow_reason: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "practice": self.practice,
            "name": self.name,
            "language": self.language,
            "kind": self.kind,
            "suggestions": [c.to_dict() for c in self.candidates],
            "call_type": self.call_type,
            "workflow": self.workflow,
            "flow_reason": self.flow_reason,
            "note": self.note,
        }
