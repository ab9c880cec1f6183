"""``usm-kb analyze``: coverage, gaps and overlap of the workspace's practices in USM."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from usm_kb.analysis.sections import (
    Section,
    as_markdown,
    as_text,
    coverage_sections,
    gaps_sections,
    overlap_sections,
)
from usm_kb.analysis.service import ANALYSES, coverage, gaps, overlap
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import emit_or_write
from usm_kb.errors import UsageError
from usm_kb.reports.compose import single
from usm_kb.reports.formats import render
from usm_kb.reports.model import Part

FORMATS = ("table", "json", "md", "html", "xlsx")
TITLES = {"coverage": "Coverage", "gaps": "Gaps", "overlap": "Overlap"}


def frameworks(text: str | None) -> tuple[str, ...]:
    """``itil4,cobit2019`` -> the framework ids, in order, without repeats."""
    if text is None:
        return ()
    found = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not found:
        raise UsageError("--against needs at least one framework id, e.g. --against itil4")
    return found


@click.command()
@click.argument("kind", type=click.Choice(ANALYSES))
@click.option(
    "--against",
    metavar="FRAMEWORK[,FRAMEWORK…]",
    help="gaps: also list these frameworks' practices placed where no local practice is; "
    "coverage: a matrix column per framework.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table (aligned text), json (the whole result), md (Markdown tables), html (a "
    "self-contained page, as in 'usm-kb report'), xlsx (a sheet per table; needs -o).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout.",
)
@workspace_option()
@click.pass_obj
@handles_errors
def analyze(obj: Context, kind: str, against: str | None, fmt: str, output: Path | None) -> None:
    """Analyse the workspace's practices against USM (formulas: docs/analysis.md).

    coverage: per process the local practices placed there and a score from share ×
    confidence, and per workflow through its steps' processes. gaps: processes and workflow
    steps without a local practice, local activities placed nowhere, and (--against) the
    reference practices with no local counterpart. overlap: processes claimed by two or more
    local practices (equal, subset or superset): consolidation candidates.
    """
    chosen = frameworks(against)
    if chosen and kind == "overlap":
        raise UsageError("--against is for 'analyze coverage' and 'analyze gaps'")
    if fmt == "xlsx" and output is None:
        raise UsageError("an XLSX file is not written to stdout; pass -o FILE.xlsx")
    workspace = obj.require_workspace()
    kb = obj.open_kb()
    result: Any
    if kind == "coverage":
        result = coverage(kb, chosen)
        summary, sections = coverage_sections(result)
    elif kind == "gaps":
        result = gaps(kb, chosen)
        summary, sections = gaps_sections(result)
    else:
        result = overlap(kb)
        summary, sections = overlap_sections(result)
    if fmt in ("html", "xlsx"):
        part = Part(kind, TITLES[kind], summary, tuple(sections), result)
        emit_or_write(render(single(part, workspace.name, chosen), fmt), output)
        return
    text = _render(fmt, f"{TITLES[kind]}: {workspace.name}", result.to_dict(), summary, sections)
    emit_or_write(text, output)


def _render(
    fmt: str, title: str, data: dict[str, Any], summary: str, sections: list[Section]
) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return as_markdown(title, summary, sections)
    return as_text(summary, sections)
