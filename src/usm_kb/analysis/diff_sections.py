"""A diff as titled tables (:class:`usm_kb.analysis.sections.Section`) for text and Markdown."""

from __future__ import annotations

from usm_kb.analysis.diff import Diff, MappingChange
from usm_kb.analysis.diff_rows import RowState
from usm_kb.analysis.sections import Section


def _signed(value: float, digits: int = 1) -> str:
    text = f"{value:+.{digits}f}"
    return text[1:] if float(text) == 0 else text


def _state(state: RowState | None) -> str:
    if state is None:
        return ""
    return f"{state.relation} {state.share}, {state.confidence:g}, {state.status}"


def _field(change: MappingChange, name: str) -> str:
    old, new = getattr(change.old, name), getattr(change.new, name)
    if isinstance(old, tuple):
        old, new = " ".join(old) or "-", " ".join(new) or "-"
    if isinstance(old, float):
        old, new = f"{old:g}", f"{new:g}"
    return f"{name} {old or '-'} → {new or '-'}"


def _target(change: MappingChange) -> str:
    return change.target_label or change.target.rsplit("/", 1)[-1]


def _practice(change: MappingChange) -> str:
    return f"{change.practice} {change.practice_label}".strip()


def diff_sections(found: Diff) -> tuple[str, list[Section]]:
    """A summary line and the tables of *found*."""
    summary = (
        f"{found.old} → {found.new}: {len(found.added)} added, {len(found.removed)} removed, "
        f"{len(found.changed)} changed; coverage score {found.old_score:.1f} → "
        f"{found.new_score:.1f} ({_signed(found.new_score - found.old_score)})"
    )
    columns = ("practice", "target", "row", "strength")
    sections = [
        Section(
            "Added mappings",
            columns,
            tuple(
                (_practice(c), _target(c), _state(c.new), _signed(c.strength_delta, 2))
                for c in found.added
            ),
            "no mapping added",
        ),
        Section(
            "Removed mappings",
            columns,
            tuple(
                (_practice(c), _target(c), _state(c.old), _signed(c.strength_delta, 2))
                for c in found.removed
            ),
            "no mapping removed",
        ),
        Section(
            "Changed mappings",
            ("practice", "target", "changes", "strength"),
            tuple(
                (
                    _practice(c),
                    _target(c),
                    "; ".join(_field(c, name) for name in c.fields),
                    _signed(c.strength_delta, 2),
                )
                for c in found.changed
            ),
            "no mapping changed",
        ),
        Section(
            "Coverage per process",
            ("process", "old score", "new score", "delta", "old weight", "new weight"),
            tuple(
                (
                    p.verb,
                    f"{p.old_score:.1f}",
                    f"{p.new_score:.1f}",
                    _signed(p.delta),
                    f"{p.old_weight:g}",
                    f"{p.new_weight:g}",
                )
                for p in found.processes
            ),
            "no processes",
        ),
    ]
    return summary, sections
