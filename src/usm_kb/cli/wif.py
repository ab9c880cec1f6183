"""``usm-kb wif``: check, import and export USM-WIF workflows (docs/wif.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import emit, emit_or_write, stderr
from usm_kb.errors import UsageError
from usm_kb.files import atomic_write_bytes
from usm_kb.wif.service import (
    CheckReport,
    check_files,
    export_workflows,
    import_files,
    to_text,
)

FILES = click.Path(dir_okay=False, path_type=Path)


@click.group("wif")
def wif_group() -> None:
    """USM-WIF, the USM Workflow Interchange Format (JSON): check, import, export."""


@wif_group.command("check")
@click.argument("files", nargs=-1, required=True, type=FILES)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--no-conformance", is_flag=True, help="Only the format's rules (no KB is opened).")
@click.pass_obj
@handles_errors
def check(
    obj: Context, files: tuple[Path, ...], fmt: str, strict: bool, no_conformance: bool
) -> None:
    """Check WIF files: the format's rules, then USM conformance against the standard workflows.

    Exit 1 when a file breaks a format rule (an error); conformance findings are warnings
    (exit 0, or 1 with --strict), because the standard sequences are reconstructed.
    """
    kb = None if no_conformance else obj.open_kb(with_workspace=False)
    report = check_files(files, kb)
    if fmt == "json":
        emit(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        emit(as_table(report))
    if report.count("error") or (strict and report.count("warning")):
        sys.exit(1)


def as_table(report: CheckReport) -> str:
    """One line per finding under a line per file, then a summary line."""
    lines = []
    for file in report.files:
        lines.append(f"{file.source}" + (f" ({file.slug})" if file.slug else ""))
        if not file.findings:
            lines.append("  ok")
        for f in file.findings:
            lines.append(f"  {f.severity:<7} {f.code:<20} {f.path}: {f.message}")
    lines.append(
        f"{len(report.files)} file(s): {report.count('error')} error(s), "
        f"{report.count('warning')} warning(s)"
    )
    return "\n".join(lines) + "\n"


@wif_group.command("import")
@click.argument("files", nargs=-1, required=True, type=FILES)
@workspace_option()
@click.pass_obj
@handles_errors
def import_(obj: Context, files: tuple[Path, ...]) -> None:
    """Store WIF files in the workspace (workflows/<slug>.workflow.json), all or nothing.

    Every file is checked first; if any breaks a format rule, nothing is written. The
    workspace's next compile turns them into RDF (graph .../workflows).
    """
    workspace = obj.require_workspace()
    report = import_files(files, workspace.root)
    for source, stored in report.written:
        stderr().print(f"stored {source} as {stored}")


@wif_group.command("export")
@click.option("--workflow", "slug", help="Only the workflow with this slug.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="A folder (one <slug>.workflow.json per workflow) or a file (one workflow).",
)
@workspace_option()
@click.pass_obj
@handles_errors
def export(obj: Context, slug: str | None, output: Path | None) -> None:
    """Write the workspace's workflows as WIF JSON, read back from the KB's RDF."""
    obj.require_workspace()
    workflows = export_workflows(obj.open_kb(), slug)
    if output is not None and output.is_dir():
        for workflow in workflows:
            target = output / f"{workflow.slug}{workflow.suffix}"
            atomic_write_bytes(target, to_text(workflow).encode("utf-8"))
            stderr().print(f"wrote {target}")
        return
    if len(workflows) > 1:
        raise UsageError(
            f"the workspace holds {len(workflows)} workflows",
            hint="name one with --workflow SLUG, or all with -o DIR (an existing folder)",
        )
    emit_or_write(to_text(workflows[0]), output)
