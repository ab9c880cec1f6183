"""``usm-kb report``: the workspace's analyses as one HTML, Markdown or XLSX file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from usm_kb.cli.analyze import frameworks
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import emit_or_write, stderr
from usm_kb.errors import UsageError
from usm_kb.reports.compose import PARTS, compose
from usm_kb.reports.formats import FORMATS, format_for, render

if TYPE_CHECKING:
    from rich.console import Console


@contextmanager
def progress(total: int, console: Console | None = None) -> Iterator[Callable[[str], None]]:
    """A step function for the analyses: a progress bar when stderr is a terminal.

    One step per analysis, drawn by rich; nothing at all when stderr is not a terminal.
    """
    out = console or stderr()
    if not out.is_terminal:
        yield lambda _name: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=out, transient=True) as bar:
        task = bar.add_task("report", total=total)
        done = -1

        def step(name: str) -> None:
            nonlocal done
            done += 1
            bar.update(task, completed=done, description=f"analysing {name}")

        yield step
        bar.update(task, completed=total)


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (its suffix .html, .md or .xlsx names the format); "
    "without it the report goes to stdout (not for xlsx).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="html (one self-contained page), md (Markdown) or xlsx (a sheet per table) "
    "[default: from the suffix of -o; html on stdout].",
)
@click.option(
    "--against",
    metavar="FRAMEWORK[,FRAMEWORK…]",
    help="Compare with these frameworks: a heatmap column each, and their practices with "
    "no local counterpart among the gaps.",
)
@workspace_option()
@click.pass_obj
@handles_errors
def report(obj: Context, output: Path | None, fmt: str | None, against: str | None) -> None:
    """The workspace's analyses in one file (HTML, Markdown or XLSX).

    The coverage heatmap, the workflow diagrams with covered and uncovered steps, and every
    analysis's tables (docs/reports.md).
    """
    chosen_format = format_for(output, fmt)
    if output is None and chosen_format == "xlsx":
        raise UsageError("an XLSX report is not written to stdout; pass -o FILE.xlsx")
    chosen = frameworks(against)
    workspace = obj.require_workspace()
    kb = obj.open_kb()
    with progress(len(PARTS)) as step:
        built = compose(kb, workspace.name, chosen, step=step)
    emit_or_write(render(built, chosen_format), output)
