"""``usm-kb analyze KIND``: the analyses of a workspace's practices in USM.

Coverage, gaps, overlap, conflicts, separation, compare, backlog and what-if
(docs/analysis.md); the command only checks its options, runs the service and prints.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from usm_kb.analysis.backlog import backlog, backlog_csv
from usm_kb.analysis.conflicts import conflicts
from usm_kb.analysis.finding_sections import (
    backlog_sections,
    compare_sections,
    conflicts_sections,
    separation_sections,
    what_if_sections,
)
from usm_kb.analysis.sections import (
    Section,
    as_markdown,
    as_text,
    coverage_sections,
    gaps_sections,
    overlap_sections,
)
from usm_kb.analysis.separation import separation
from usm_kb.analysis.service import coverage, gaps, overlap
from usm_kb.analysis.versus import compare_workspace
from usm_kb.analysis.whatif import what_if
from usm_kb.catalogue.crosswalk import DEFAULT_LIMIT
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import emit_or_write
from usm_kb.errors import UsageError
from usm_kb.reports.compose import single
from usm_kb.reports.formats import render
from usm_kb.reports.model import Part
from usm_kb.store import KnowledgeBase
from usm_kb.workspace.config import MAPPINGS, Workspace

FORMATS = ("table", "json", "md", "html", "xlsx", "csv")
TITLES = {
    "coverage": "Coverage",
    "gaps": "Gaps",
    "overlap": "Overlap",
    "conflicts": "Conflicts",
    "separation": "Domain separation",
    "compare": "Compare",
    "backlog": "Improvement backlog",
    "what-if": "What if",
}
ANALYSES = tuple(TITLES)
WITH_AGAINST = ("coverage", "gaps", "overlap", "compare")


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
    "coverage: a matrix column per framework; overlap: processes two or more of them claim; "
    "compare (required): the frameworks to rank the workspace's practices against.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table (aligned text), json (the whole result), md (Markdown tables), html (a "
    "self-contained page, as in 'usm-kb report'), xlsx (a sheet per table; needs -o), "
    "csv (backlog only: for an issue tracker).",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=0.0,
    show_default=True,
    help="compare: only pairs scoring at least this (0–100).",
)
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="compare: keep the best N pairs per framework (0 for all: at 100k practices that is "
    "millions of pairs and gigabytes).",
)
@click.option(
    "--shacl",
    is_flag=True,
    help="conflicts: also run the SHACL shapes and keep their findings on mapping rows "
    "(slower: validates the knowledge base with the workspace).",
)
@click.option(
    "--add",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="what-if: a YAML file of practices and placements to add (docs/analysis.md).",
)
@click.option("--retire", multiple=True, metavar="ID", help="what-if: retire this practice.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout.",
)
@workspace_option()
@click.pass_obj
@handles_errors
def analyze(
    obj: Context,
    kind: str,
    against: str | None,
    fmt: str,
    output: Path | None,
    min_score: float,
    limit: int,
    shacl: bool,
    add: Path | None,
    retire: tuple[str, ...],
) -> None:
    """Analyse the workspace's practices against USM (formulas: docs/analysis.md).

    coverage: per process and workflow a score from share × confidence. gaps: processes,
    call types and workflow steps without a local practice, activities placed nowhere, and
    (--against) reference practices with no local counterpart. overlap: processes claimed by
    two or more local practices, and (--against) by two or more frameworks. conflicts:
    contradictions in the mappings and the modelling. separation: domain-separation findings
    on the teams. compare --against F: the workspace's practices ranked against F's
    (the best --limit pairs).
    backlog: all of these as a ranked improvement backlog (--format csv). what-if --add FILE
    / --retire ID: the deltas of a change, nothing written.
    """
    chosen = frameworks(against)
    _check_options(kind, chosen, fmt, shacl, add, retire, output)
    workspace = obj.require_workspace()
    kb = obj.open_kb()
    result, (summary, sections) = _run(
        obj, kb, workspace, kind, chosen, (min_score, limit), shacl, add, retire
    )
    if fmt in ("html", "xlsx"):
        part = Part(kind, TITLES[kind], summary, tuple(sections), result)
        emit_or_write(render(single(part, workspace.name, chosen), fmt), output)
        return
    if fmt == "csv":
        text = backlog_csv(result)
    else:
        title = f"{TITLES[kind]}: {workspace.name}"
        text = _render(fmt, title, result, summary, sections)
    emit_or_write(text, output)


def _check_options(
    kind: str,
    chosen: tuple[str, ...],
    fmt: str,
    shacl: bool,
    add: Path | None,
    retire: tuple[str, ...],
    output: Path | None,
) -> None:
    if chosen and kind not in WITH_AGAINST:
        raise UsageError(f"--against is for 'analyze {', '.join(WITH_AGAINST)}'")
    if kind == "compare" and not chosen:
        raise UsageError("analyze compare needs --against FRAMEWORK[,FRAMEWORK…]")
    if fmt == "xlsx" and output is None:
        raise UsageError("an XLSX file is not written to stdout; pass -o FILE.xlsx")
    if fmt == "csv" and kind != "backlog":
        raise UsageError("--format csv is for 'analyze backlog'")
    if shacl and kind != "conflicts":
        raise UsageError("--shacl is for 'analyze conflicts'")
    if (add is not None or retire) and kind != "what-if":
        raise UsageError("--add and --retire are for 'analyze what-if'")


def _run(
    obj: Context,
    kb: KnowledgeBase,
    workspace: Workspace,
    kind: str,
    chosen: tuple[str, ...],
    scoring: tuple[float, int],  # compare: --min-score, --limit
    shacl: bool,
    add: Path | None,
    retire: tuple[str, ...],
) -> tuple[Any, tuple[str, list[Section]]]:
    """The result of one analysis and its (summary, sections)."""
    if kind == "coverage":
        found: Any = coverage(kb, chosen)
        return found, coverage_sections(found)
    if kind == "gaps":
        found = gaps(kb, chosen)
        return found, gaps_sections(found)
    if kind == "overlap":
        found = overlap(kb, chosen)
        return found, overlap_sections(found)
    if kind == "conflicts":
        # deferred: the SHACL run loads pyshacl and rdflib (~0.25 s), which only this needs
        from usm_kb.workspace.checks import report_name, validate_workspace

        report = validate_workspace(obj.root, workspace, cache_dir=obj.cache_dir) if shacl else None
        found = conflicts(kb, report, report_name(workspace.path(MAPPINGS), obj.root))
        return found, conflicts_sections(found)
    if kind == "separation":
        found = separation(kb)
        return found, separation_sections(found)
    if kind == "compare":
        found = compare_workspace(kb, chosen, *scoring)
        return found, compare_sections(found)
    if kind == "backlog":
        found = backlog(kb)
        return found, backlog_sections(found)
    found = what_if(kb, add, retire)
    return found, what_if_sections(found)


def _render(fmt: str, title: str, result: Any, summary: str, sections: list[Section]) -> str:
    if fmt == "json":  # the whole result (only here: thousands of pairs cost seconds)
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return as_markdown(title, summary, sections)
    return as_text(summary, sections)
