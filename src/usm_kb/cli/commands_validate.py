"""``usm-kb validate``: SHACL validation of the KB sources, optionally with extra data files."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from usm_kb.cli import Context, cli, emit, handles_errors, print_json, stderr
from usm_kb.errors import DataError

SEVERITY_CHOICES = ["info", "warning", "violation"]


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "ttl"]),
    default="text",
    help="text (grouped by shape), json (docs/validation.md) or ttl (a W3C sh:ValidationReport).",
)
@click.option(
    "--severity",
    type=click.Choice(SEVERITY_CHOICES),
    default="info",
    help="Show findings at or above this severity (default: all).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["warning", "violation"]),
    default="violation",
    help="Exit 1 when a finding is at or above this severity (default: violation).",
)
@click.pass_obj
@handles_errors
def validate(obj: Context, paths: tuple[Path, ...], fmt: str, severity: str, fail_on: str) -> None:
    """Check the KB sources (and extra RDF files or folders) against the SHACL shapes.

    Extra files are read by extension: .ttl .nt .nq .trig .jsonld .rdf .owl .xml.

    Exit 0 when nothing reaches --fail-on, 1 when something does, 2 on unreadable input.
    """
    from usm_kb.resources import default_data_root
    from usm_kb.validation import validate_kb

    root = (obj.data or default_data_root()).resolve()
    try:
        report = validate_kb(root, paths)
    except DataError as exc:  # unreadable input: nothing was validated
        stderr().print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)
    if fmt == "json":
        print_json(report.to_dict(severity))
    elif fmt == "ttl":
        emit(report.to_rdf_graph(severity).serialize(format="turtle"))
    else:
        from usm_kb.validation_output import format_text

        emit(format_text(report, severity))
    sys.exit(1 if report.fails(fail_on) else 0)
