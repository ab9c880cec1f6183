"""The records of a validation run: findings and the report that holds them.

Data only; :mod:`usm_kb.validation.render` turns them into text or RDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from usm_kb.vocab import SEVERITIES

if TYPE_CHECKING:
    from rdflib import Graph

Owner = tuple[str, Callable[[Any], bool]]  # a file name, and "is this node described there"

FINDING_FIELDS = (
    "severity",
    "shape",
    "shape_label",
    "focus",
    "focus_label",
    "path",
    "value",
    "message",
    "rule",
    "rule_source",
    "component",
    "file",
)
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """0 for info, 1 for warning, 2 for violation."""
    return _RANK[severity]


@dataclass(frozen=True)
class Finding:
    """One validation result, with the human labels and the rule behind it."""

    severity: str
    shape: str
    shape_label: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    rule: str
    rule_source: str | None
    component: str
    file: str | None
    terms: tuple[Any, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the schema is in docs/validation.md)."""
        return {name: getattr(self, name) for name in FINDING_FIELDS}

    def at_least(self, severity: str) -> bool:
        """True when this finding is at least as severe as *severity*."""
        return _RANK[self.severity] >= _RANK[severity]


@dataclass(frozen=True)
class ValidationReport:
    """All findings of one validation run."""

    findings: tuple[Finding, ...]
    triples: int
    shapes: int
    seconds: float
    shapes_graph: Graph | None = field(default=None, compare=False, repr=False)

    @property
    def conforms(self) -> bool:
        """True when there is no Violation (warnings and infos do not break conformance)."""
        return not any(f.severity == "violation" for f in self.findings)

    @property
    def counts(self) -> dict[str, int]:
        """Number of findings per severity."""
        return {s: sum(1 for f in self.findings if f.severity == s) for s in reversed(SEVERITIES)}

    def filtered(self, severity: str = "info") -> list[Finding]:
        """Findings at or above *severity*."""
        return [f for f in self.findings if f.at_least(severity)]

    def fails(self, fail_on: str = "violation") -> bool:
        """True when a finding is at or above *fail_on*."""
        return bool(self.filtered(fail_on))

    def to_dict(self, severity: str = "info") -> dict[str, Any]:
        """JSON-ready form; *severity* filters the findings list, not the counts."""
        return {
            "conforms": self.conforms,
            "counts": self.counts,
            "triples": self.triples,
            "shapes": self.shapes,
            "seconds": round(self.seconds, 3),
            "findings": [f.to_dict() for f in self.filtered(severity)],
        }
