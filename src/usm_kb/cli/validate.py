"""``usm-kb validate``: SHACL validation of the KB sources, optionally with extra data files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from usm_kb.build.compiled_sources import compiled_sources
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.listing import Listing, make_view, show
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import emit, print_error
from usm_kb.errors import DataError
from usm_kb.isolation import CAN_FORK, run_forked
from usm_kb.validation.render import format_text, report_graph
from usm_kb.validation.report import FINDING_FIELDS, Finding
from usm_kb.validation.validate import validate_kb
from usm_kb.vocab import SEVERITIES
from usm_kb.workspace.checks import validate_workspace
from usm_kb.workspace.config import Workspace

FINDING_COLUMNS = ("severity", "shape_label", "focus_label", "path", "value", "message")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "records", "csv", "tsv", "json", "ttl", "text"]),
    default="table",
    help="table (findings grouped by shape, then a summary; `text` is the same), records, csv "
    "or tsv (one finding per row), json (docs/validation.md) or ttl (a W3C "
    "sh:ValidationReport).",
)
@click.option(
    "--severity",
    type=click.Choice(SEVERITIES),
    default="info",
    help="Show findings at or above this severity (default: all).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["warning", "violation"]),
    default="violation",
    help="Exit 1 when a finding is at or above this severity (default: violation).",
)
@workspace_option()
@click.pass_obj
@handles_errors
def validate(obj: Context, paths: tuple[Path, ...], fmt: str, severity: str, fail_on: str) -> None:
    """Check the KB sources (and extra RDF files or folders) against the SHACL shapes.

    With --workspace DIR the workspace's practices, teams and mappings are checked together
    with the KB, and only their findings are shown (an unmapped practice is a warning).

    Extra files are read by extension: .ttl .nt .nq .trig .jsonld .rdf .owl .xml.

    Exit 0 when nothing reaches --fail-on, 1 when something does, 2 on unreadable input.
    """
    settings = obj.settings
    workspace = obj.workspace
    args = (
        obj.root,
        paths,
        fmt,
        severity,
        fail_on,
        settings.max_input_bytes,
        obj.cache_dir,
        workspace,
    )
    try:
        if CAN_FORK:  # users' files: a child with a memory ceiling and no network
            output, found, fails = run_forked(
                _validate_and_render,
                args,
                None,
                sandbox=settings.sandbox,
                memory_mb=settings.max_memory_mb,
                crash=DataError,
                what="validating these files",
            )
        else:
            output, found, fails = _validate_and_render(*args)
    except DataError as exc:  # unreadable input: nothing was validated
        print_error(str(exc))
        sys.exit(2)
    if output is not None:
        emit(output)
    else:  # one finding per row
        rows = tuple(tuple(getattr(f, c) for c in FINDING_FIELDS) for f in found)
        detail = tuple(c for c in FINDING_FIELDS if c not in FINDING_COLUMNS)
        show(
            Listing(FINDING_FIELDS, rows, records=found, detail=detail, empty="no findings"),
            make_view(fmt, None, None),
        )
    sys.exit(1 if fails else 0)


def _validate_and_render(
    root: Path,
    paths: tuple[Path, ...],
    fmt: str,
    severity: str,
    fail_on: str,
    max_input_bytes: int,
    cache_dir: Path,
    workspace: Workspace | None = None,
) -> tuple[bytes | None, tuple[Finding, ...], bool]:
    """Validate; the report written in *fmt* (None for per-row formats), findings, verdict."""
    if workspace is not None:
        report = validate_workspace(
            root, workspace, paths, max_input_bytes=max_input_bytes, cache_dir=cache_dir
        )
    else:
        report = validate_kb(
            root,
            paths,
            max_input_bytes=max_input_bytes,
            cache_dir=cache_dir,
            sources=compiled_sources(root, cache_dir),  # None when stale: the files are parsed
        )
    found = tuple(report.filtered(severity))
    if fmt in ("records", "csv", "tsv"):
        return None, found, report.fails(fail_on)
    if fmt == "json":
        text = json.dumps(report.to_dict(severity), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "ttl":
        text = report_graph(report, severity).serialize(format="turtle")
    else:
        text = format_text(report, severity)
    return text.encode("utf-8"), found, report.fails(fail_on)
