"""A report as one Markdown document.

The heatmap and the workflows as tables, then every part's tables
(``analysis.sections.as_markdown``, one heading level down).
"""

from __future__ import annotations

from usm_kb.analysis.model import Coverage
from usm_kb.analysis.sections import as_markdown
from usm_kb.reports.model import Report


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def heatmap_table(found: Coverage) -> list[str]:
    """The heatmap's numbers: a row per process, the score and then the matrix's columns."""
    head = ["process", "coverage score", *found.columns]
    out = [_row(head), "|" + "---|" * len(head)]
    for process, row in zip(found.processes, found.matrix, strict=True):
        out.append(_row([process.verb, f"{process.score:.1f}", *(f"{c:g}" for c in row.cells)]))
    return out


def workflow_table(found: Coverage) -> list[str]:
    """Each workflow's steps in order, each marked covered (✓) or uncovered (✗)."""
    out = [_row(["workflow", "call type", "steps"]), "|---|---|---|"]
    for w in found.workflows:
        steps = " → ".join(
            f"{s.index} {s.verb} {'✓' if s.covered else '✗ uncovered'}" for s in w.steps
        )
        out.append(_row([w.label, w.call_type.rsplit("/", 1)[-1], steps]))
    return out


def _demoted(text: str) -> list[str]:
    """*text*'s lines with every heading one level down (only headings start with ``#``)."""
    return ["#" + line if line.startswith("#") else line for line in text.splitlines()]


def render_markdown(report: Report) -> str:
    """The whole document."""
    meta = f"Workspace {report.workspace}, generated {report.generated}"
    if report.against:
        meta += f", compared with {', '.join(report.against)}"
    out = [f"# {_cell(report.title)}", "", _cell(meta) + "."]
    found = report.coverage
    if found is not None:
        out += ["", "## Coverage heatmap", "", *heatmap_table(found)]
        out += ["", "## Workflows", "", *workflow_table(found)]
    for part in report.parts:
        out += ["", *_demoted(as_markdown(part.title, part.summary, list(part.sections)))]
    return "\n".join(out) + "\n"
