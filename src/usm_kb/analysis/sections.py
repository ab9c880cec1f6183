"""The analyses as titled tables, and those tables as aligned text or Markdown.

A later report (HTML, XLSX) renders the same sections; the CLI prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from usm_kb.analysis.model import Coverage, Gaps, Overlap, Placement


@dataclass(frozen=True)
class Section:
    """One titled table of an analysis."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str  # said instead of an empty table


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _placement(p: Placement) -> str:
    status = "" if p.status == "approved" else f", {p.status}"
    return f"{p.practice} {p.name} ({p.relation} {p.share}, {p.confidence:g}{status})"


def _number(value: float) -> str:
    return f"{value:.1f}"


def coverage_sections(found: Coverage) -> tuple[str, list[Section]]:
    """A summary line and the process and workflow tables of *found*."""
    summary = (
        f"workspace {found.workspace}: {found.placed} of {found.practices} activities placed; "
        f"coverage score {_number(found.score)} of 100"
    )
    processes = Section(
        "Coverage per process",
        ("process", "score", "weight", "practices"),
        tuple(
            (p.verb, _number(p.score), f"{p.weight:g}", "; ".join(map(_placement, p.practices)))
            for p in found.processes
        ),
        "no processes in the knowledge base",
    )
    workflows = Section(
        "Coverage per workflow",
        ("workflow", "call type", "steps covered", "score", "uncovered steps"),
        tuple(
            (
                w.label,
                _short(w.call_type),
                f"{w.covered_steps}/{len(w.steps)}",
                _number(w.score),
                ", ".join(f"{s.index} {s.verb}" for s in w.steps if not s.covered),
            )
            for w in found.workflows
        ),
        "no workflows in the knowledge base",
    )
    sections = [processes, workflows]
    if found.columns:
        sections.append(
            Section(
                "Process × team and framework (practice-equivalents)",
                ("process", *found.columns),
                tuple((r.verb, *(f"{c:g}" for c in r.cells)) for r in found.matrix),
                "no team or framework",
            )
        )
    return summary, sections


def gaps_sections(found: Gaps) -> tuple[str, list[Section]]:
    """A summary line and the tables of *found*."""
    summary = f"workspace {found.workspace}: {found.found} gaps"
    if found.against:
        summary += f" (against {', '.join(found.against)})"
    sections = [
        Section(
            "Processes without a local practice",
            ("process",),
            tuple((p.verb,) for p in found.processes),
            "every process has a local practice",
        ),
        Section(
            "Call types no local practice handles",
            ("call type", "starts"),
            tuple((g.label, g.verb) for g in found.call_types),
            "every call type has a local practice (placed in its process, or declaring it)",
        ),
        Section(
            "Workflows with uncovered steps",
            ("workflow", "call type", "uncovered steps", "of"),
            tuple(
                (
                    w.label,
                    _short(w.call_type),
                    ", ".join(f"{s.index} {s.verb}" for s in w.missing),
                    str(w.steps),
                )
                for w in found.workflows
            ),
            "every workflow step has a local practice",
        ),
        Section(
            "Local activities placed in no process",
            ("practice",),
            tuple((p,) for p in found.unplaced),
            "every local activity is placed",
        ),
    ]
    if found.against:
        sections.append(
            Section(
                "Reference practices without a local counterpart",
                ("framework", "practice", "name", "process", "relation", "share"),
                tuple(
                    (g.framework, g.notation, g.label, g.verb, g.relation, str(g.share))
                    for g in found.reference
                ),
                "every reference practice has a local counterpart in its processes",
            )
        )
    return summary, sections


def overlap_sections(found: Overlap) -> tuple[str, list[Section]]:
    """A summary line and the consolidation candidates of *found*."""
    count = len(found.groups)
    summary = (
        f"workspace {found.workspace}: {count} process{'' if count == 1 else 'es'} claimed by "
        f"two or more local practices ({'/'.join(found.relations)})"
    )
    sections = [
        Section(
            "Consolidation candidates",
            ("process", "practices"),
            tuple((g.verb, "; ".join(map(_placement, g.practices))) for g in found.groups),
            "no process is claimed by two or more local practices",
        )
    ]
    if found.against:
        summary += (
            f"; {len(found.over_determined)} claimed by two or more of {', '.join(found.against)}"
        )
        sections.append(
            Section(
                "Over-determined processes (claimed by two or more frameworks)",
                ("process", "frameworks (claiming practices)", "local practices claiming"),
                tuple(
                    (
                        o.verb,
                        ", ".join(f"{c.framework} ({c.practices})" for c in o.claims),
                        str(o.local),
                    )
                    for o in found.over_determined
                ),
                "no process is claimed by two or more of these frameworks",
            )
        )
    return summary, sections


PAD_CAP = 120  # characters a column is padded to, at most


def as_text(summary: str, sections: list[Section]) -> str:
    """Aligned plain-text tables; a cell wider than :data:`PAD_CAP` overflows its own line.

    Padding every row to the widest cell made the text grow with rows × widest: at 100k
    practices one overlap row lists thousands of ids, and ``analyze backlog`` needed 3 GiB.
    """
    out = [summary]
    for section in sections:
        out += ["", section.title]
        if not section.rows:
            out.append(f"  ({section.empty})")
            continue
        widths = [
            min(max(len(c), *(len(r[i]) for r in section.rows)), PAD_CAP)
            for i, c in enumerate(section.columns)
        ]
        for cells in (section.columns, *section.rows):
            line = "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True))
            out.append("  " + line.rstrip())
    return "\n".join(out) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def as_markdown(title: str, summary: str, sections: list[Section]) -> str:
    """A Markdown document: the title, the summary and one table per section."""
    out = [f"# {title}", "", _md_cell(summary)]
    for section in sections:
        out += ["", f"## {section.title}", ""]
        if not section.rows:
            out.append(f"_{section.empty}_")
            continue
        out.append("| " + " | ".join(section.columns) + " |")
        out.append("|" + "---|" * len(section.columns))
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in section.rows]
    return "\n".join(out) + "\n"
