"""Commands on framework catalogues and mapping sets."""

from __future__ import annotations

import click
from rich.markup import escape

from usm_kb.catalogue.export import export_sssom
from usm_kb.catalogue.frameworks import (
    list_frameworks,
    list_mappings,
    list_practices,
    mapping_stats,
)
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import format_option
from usm_kb.cli.output import emit, output_rows, stderr
from usm_kb.errors import UsageError

LISTING_FORMATS = ("table", "csv", "tsv", "json")


@click.command()
@format_option(LISTING_FORMATS)
@click.pass_obj
@handles_errors
def frameworks(obj: Context, fmt: str) -> None:
    """List frameworks: practices (all kinds), activities, share mapped, relation mix."""
    items = list_frameworks(obj.open_kb())
    rows = [
        [
            f.id,
            f.title,
            f.version,
            f.practices,
            f.activities,
            f"{f.mapped_percent:g}%",
            " ".join(f"{k}:{v}" for k, v in f.relations.items() if v),
        ]
        for f in items
    ]
    output_rows(
        fmt,
        ["id", "title", "version", "practices", "activities", "mapped", "relations"],
        rows,
        records=items,
    )


@click.command()
@click.option("--framework", help="Only this framework (id, e.g. itil4).")
@click.option("--process", help="Only practices mapped to this process (agree, change, …).")
@format_option(LISTING_FORMATS)
@click.pass_obj
@handles_errors
def practices(obj: Context, framework: str | None, process: str | None, fmt: str) -> None:
    """List reference practices."""
    items = list_practices(obj.open_kb(), framework=framework, process=process)
    columns = ["framework", "id", "name", "group", "kind"]
    output_rows(fmt, columns, [[i[c] for c in columns] for i in items], records=items)


@click.group(invoke_without_command=True)
@click.option("--framework", help="Only this framework (id, e.g. itil4).")
@click.option("--process", help="Only mappings onto this process (agree, change, …).")
@click.option("--evidence", help="Only this evidence level (published, derived, …).")
@format_option([*LISTING_FORMATS, "sssom"])
@click.pass_context
@handles_errors
def mappings(
    ctx: click.Context, framework: str | None, process: str | None, evidence: str | None, fmt: str
) -> None:
    """List mapping rows (practice -> USM process); `mappings stats` profiles the sets."""
    if ctx.invoked_subcommand is not None:
        return
    kb = ctx.obj.open_kb()
    if fmt == "sssom":
        if not framework or process or evidence:
            raise UsageError("--format sssom writes one whole mapping set: give only --framework")
        emit(export_sssom(kb, framework))
        return
    items = list_mappings(kb, framework=framework, process=process, evidence=evidence)
    columns = [
        "framework",
        "practice_id",
        "practice",
        "kind",
        "process",
        "relation",
        "share",
        "evidence",
    ]
    rows = [[getattr(i, c) for c in columns] for i in items]
    if fmt in ("csv", "tsv"):
        columns += ["rationale", "confidence", "source", "see_also", "status", "comment"]
        rows = [[getattr(i, c) for c in columns] for i in items]
    output_rows(fmt, columns, rows, records=items)


@mappings.command("stats")
@click.option("--framework", help="Only this framework.")
@format_option(LISTING_FORMATS)
@click.pass_obj
@handles_errors
def mappings_stats(obj: Context, framework: str | None, fmt: str) -> None:
    """Profile each mapping set: rows, relations, % with rationale/share/source/see_also."""
    items = mapping_stats(obj.open_kb(), framework)
    rows = [
        [
            s.framework,
            s.rows,
            " ".join(f"{k}:{v}" for k, v in s.relations.items() if v),
            f"{s.with_rationale:g}%",
            f"{s.with_share:g}%",
            f"{s.with_source:g}%",
            f"{s.with_see_also:g}%",
            f"{s.published:g}%",
        ]
        for s in items
    ]
    output_rows(
        fmt,
        ["set", "rows", "relations", "rationale", "share", "source", "see_also", "published"],
        rows,
        records=items,
    )
    if fmt == "table":
        for s in items:
            for warning in s.warnings:
                stderr().print(f"[yellow]warning:[/yellow] {s.framework}: {escape(warning)}")
