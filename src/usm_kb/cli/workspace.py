"""``usm-kb init`` and ``usm-kb catalog import|template``: a team's workspace and catalogue."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from usm_kb.catalogue.targets import target_classes
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import emit_or_write, print_json, stderr, stdout
from usm_kb.errors import UsageError
from usm_kb.workspace.columns import parse_columns
from usm_kb.workspace.config import LANGUAGES
from usm_kb.workspace.create import init_workspace
from usm_kb.workspace.importer import ImportReport, import_catalogue
from usm_kb.workspace.tables import Limits
from usm_kb.workspace.template import FORMATS, template_bytes


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The workspace's name (default: the folder's name).")
@click.option("--id", "ident", help="A lower-case slug used in IRIs (default: from the name).")
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="nl",
    show_default=True,
    help="Default language of names and descriptions.",
)
@handles_errors
def init(directory: Path, name: str | None, ident: str | None, language: str) -> None:
    """Create a workspace in DIRECTORY: config, catalogue, mapping set, organisation, README."""
    today = dt.date.today().isoformat()
    result = init_workspace(directory, name=name, ident=ident, language=language, date=today)
    say = stderr()
    say.print(f"workspace [bold]{result.workspace.id}[/bold] created in {directory}:")
    for file in result.files:
        say.print(f"  {file}")
    say.print(f"next: usm-kb catalog import FILE --workspace {directory}")


@click.group()
def catalog() -> None:
    """A workspace's own catalogue of local practices: import it, or start from a template."""


@catalog.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--columns",
    help="Which column holds which field, e.g. 'id=Nr,name=Titel,owner=Eigenaar' "
    "(fields: id, name, description, owner, team, group, language, kind).",
)
@click.option("--sheet", help="XLSX: the sheet to read, by name or number (default: the first).")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@workspace_option()
@click.pass_obj
@handles_errors
def import_(
    obj: Context, file: Path, columns: str | None, sheet: str | None, dry_run: bool, fmt: str
) -> None:
    """Add or update the workspace's practices from FILE (CSV, XLSX, YAML or JSON).

    Headers are recognised in English and Dutch (name/naam, description/omschrijving,
    owner/eigenaar, team/afdeling …). Ids stay stable: a changed file updates practices in
    place and the report lists what was added, changed and removed. A refused file changes
    nothing (exit 1, with the row and column).
    """
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    workspace = obj.require_workspace()
    s = obj.settings
    limits = Limits(s.max_import_bytes, s.max_import_rows, s.max_cell_chars, s.max_unpacked_bytes)
    report = import_catalogue(
        workspace,
        file,
        limits,
        columns=parse_columns(columns),
        sheet=sheet,
        targets=lambda: usm_targets(obj),
        dry_run=dry_run,
    )
    if fmt == "json":
        print_json(report.to_dict())
    else:
        _print_report(report)


def usm_targets(obj: Context) -> dict[str, frozenset[str]]:
    """The USM elements a mapping may point to (from the compiled KB, without workspace)."""
    return target_classes(obj.open_kb(with_workspace=False))


def _print_report(report: ImportReport) -> None:
    out = stdout()
    verb = "would change" if not report.written else "imported"
    out.print(
        f"{verb} {report.file}: columns " + ", ".join(f"{k}={v}" for k, v in report.columns.items())
    )
    for title, ids in (
        ("added", report.added),
        ("changed", report.changed),
        ("removed", report.removed),
    ):
        shown = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
        out.print(f"  {title}: {len(ids)}" + (f" ({shown})" if ids else ""))
    out.print(f"  unchanged: {report.unchanged}")
    if report.dropped_mappings:
        out.print(f"  mapping rows dropped with removed practices: {report.dropped_mappings}")


@catalog.command("template")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the header row.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (required for xlsx on a terminal).",
)
@handles_errors
def template(fmt: str, language: str, output: Path | None) -> None:
    """An empty catalogue to fill in: the header row the importer recognises."""
    data = template_bytes(fmt, language)
    if output is None and fmt == "xlsx" and sys.stdout.isatty():
        raise UsageError("an XLSX file cannot be shown on a terminal; pass -o FILE")
    emit_or_write(data, output)
