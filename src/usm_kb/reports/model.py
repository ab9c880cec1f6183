"""A report: titled parts (an analysis's summary and tables) and the coverage to draw."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from usm_kb.analysis.model import Coverage
from usm_kb.analysis.sections import Section


@dataclass(frozen=True)
class Part:
    """One analysis in a report: its summary line and its tables (and the result itself)."""

    key: str  # the analysis's name: coverage, gaps, overlap …
    title: str
    summary: str
    sections: tuple[Section, ...]
    result: Any  # the analysis's frozen dataclass (with ``to_dict()``)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the tables as records."""
        return {
            "key": self.key,
            "title": self.title,
            "summary": self.summary,
            "sections": [
                {
                    "title": s.title,
                    "columns": list(s.columns),
                    "rows": [list(r) for r in s.rows],
                    "empty": s.empty,
                }
                for s in self.sections
            ],
        }


@dataclass(frozen=True)
class Report:
    """A workspace's analyses, in order, with the facts every format prints at the top."""

    title: str
    workspace: str  # the workspace's name
    generated: str  # when, as ISO 8601 UTC text
    against: tuple[str, ...]  # the frameworks the analyses compared with
    parts: tuple[Part, ...]

    @property
    def coverage(self) -> Coverage | None:
        """The coverage result of the first part that has one, or None.

        The heatmap and the workflow diagrams draw it; a report without one has neither.
        """
        return next((p.result for p in self.parts if isinstance(p.result, Coverage)), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "title": self.title,
            "workspace": self.workspace,
            "generated": self.generated,
            "against": list(self.against),
            "parts": [p.to_dict() for p in self.parts],
        }
