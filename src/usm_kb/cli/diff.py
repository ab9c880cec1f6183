"""``usm-kb diff OLD NEW``: mapping changes and the coverage delta between two versions."""

from __future__ import annotations

import json
from pathlib import Path

import click

from usm_kb.analysis.diff import Diff, diff_files, diff_workspaces
from usm_kb.analysis.diff_sections import diff_sections
from usm_kb.analysis.sections import as_markdown, as_text
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.output import emit_or_write
from usm_kb.errors import UsageError, UsmKbError
from usm_kb.store import KnowledgeBase
from usm_kb.workspace.config import Workspace, find_workspace

FORMATS = ("table", "json", "md")


def _kind(path: Path) -> str:
    if path.is_dir():
        return "folder"
    if path.is_file():
        return "file"
    raise UsmKbError(
        f"{path}: no such file or folder",
        hint="give two workspace folders or two SSSOM TSV files",
    )


def _open(obj: Context, path: Path) -> tuple[Workspace, KnowledgeBase]:
    workspace = find_workspace(path)  # refuses a folder without usm-workspace.toml
    if workspace is None:  # (never: a path was given)
        raise UsageError(f"{path} is not a workspace")
    return workspace, Context(obj.settings.replace(workspace=path)).open_kb()


def _workspaces(obj: Context, old: Path, new: Path) -> Diff:
    before = _open(obj, old)
    try:
        after = _open(obj, new)
        try:
            return diff_workspaces(before, after)
        finally:
            after[1].close()
    finally:
        before[1].close()


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table (aligned text), json (the whole result), md (Markdown tables).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout.",
)
@click.pass_obj
@handles_errors
def diff(obj: Context, old: Path, new: Path, fmt: str, output: Path | None) -> None:
    """What changed from OLD to NEW: two workspace folders, or two SSSOM TSV files.

    Mappings added, removed and changed (relation, share, confidence, status, evidence),
    each with its strength delta (the change of share / 100 × confidence), and the coverage
    score per process before and after (docs/analysis.md#diff).
    """
    kinds = (_kind(old), _kind(new))
    if kinds[0] != kinds[1]:
        raise UsageError(
            f"{old} is a {kinds[0]} and {new} a {kinds[1]}",
            hint="compare two workspace folders or two SSSOM TSV files",
        )
    found = _workspaces(obj, old, new) if kinds[0] == "folder" else diff_files(old, new)
    if fmt == "json":
        text = json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n"
    else:
        summary, sections = diff_sections(found)
        if fmt == "md":
            text = as_markdown(f"Diff: {found.old} → {found.new}", summary, sections)
        else:
            text = as_text(summary, sections)
    emit_or_write(text, output)
