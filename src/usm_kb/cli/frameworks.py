"""Commands on framework catalogues and mapping sets."""

from __future__ import annotations

import click

from usm_kb.catalogue.export import export_sssom
from usm_kb.catalogue.frameworks import (
    list_frameworks,
    list_mappings,
    list_practices,
    mapping_stats,
)
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.listing import (
    FORMAT_HELP,
    LISTING_FORMATS,
    Listing,
    listing_options,
    make_view,
    show,
)
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import emit, markup_escape, stderr
from usm_kb.errors import UsageError
from usm_kb.vocab import MAPPING_WEIGHT

FRAMEWORK_HELP = "Only this framework: id or title, any case (itil4, 'ITIL 4', COBIT)."
PROCESS_HELP = "Only this USM process: id, code, English or Dutch name (recover, INC, herstellen)."
EVIDENCE_HELP = "Only this evidence level (published, derived, …; also in Dutch)."


@click.command()
@listing_options()
@workspace_option()
@click.pass_obj
@handles_errors
def frameworks(obj: Context, fmt: str | None, columns: str | None, limit: int | None) -> None:
    """List frameworks: practices (all kinds), activities, share mapped, relation mix."""
    items = list_frameworks(obj.open_kb())
    rows = tuple(
        (
            f.id,
            f.title,
            f.version,
            f.practices,
            f.activities,
            f"{f.mapped_percent:g}%",
            " ".join(f"{k}:{v}" for k, v in f.relations.items() if v),
        )
        for f in items
    )
    names = ("id", "title", "version", "practices", "activities", "mapped", "relations")
    show(Listing(names, rows, records=items), make_view(fmt, columns, limit))


@click.command()
@click.option("--framework", help=FRAMEWORK_HELP)
@click.option("--process", help=PROCESS_HELP)
@listing_options()
@workspace_option()
@click.pass_obj
@handles_errors
def practices(
    obj: Context,
    framework: str | None,
    process: str | None,
    fmt: str | None,
    columns: str | None,
    limit: int | None,
) -> None:
    """List reference practices (with their descriptions in csv, tsv, json and records)."""
    items = list_practices(obj.open_kb(), framework=framework, process=process)
    names = ("framework", "id", "name", "group", "kind", "description")
    rows = tuple(tuple(i[c] for c in names) for i in items)
    empty = "no practice matches these filters; drop --process or try `usm-kb search WORDS`"
    view = make_view(fmt, columns, limit)
    detail = ("description",) if view.fmt != "records" else ()
    show(Listing(names, rows, records=items, empty=empty, detail=detail), view)


@click.group(invoke_without_command=True)
@click.option("--framework", help=FRAMEWORK_HELP)
@click.option("--process", help=PROCESS_HELP)
@click.option("--evidence", help=EVIDENCE_HELP)
@listing_options((*LISTING_FORMATS, "sssom"), f"{FORMAT_HELP}, sssom (one whole mapping set)")
@workspace_option()
@click.pass_context
@handles_errors
def mappings(
    ctx: click.Context,
    framework: str | None,
    process: str | None,
    evidence: str | None,
    fmt: str | None,
    columns: str | None,
    limit: int | None,
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
    names = (
        "framework",
        "practice_id",
        "practice",
        "kind",
        "process",
        "relation",
        MAPPING_WEIGHT,
        "evidence",
        "rationale",
        "confidence",
        "source",
        "see_also",
        "status",
        "comment",
    )
    rows = tuple(tuple(getattr(i, c) for c in names) for i in items)
    listing = Listing(
        names,
        rows,
        records=items,
        empty="no mapping row matches these filters; drop one of them",
        detail=names[names.index("rationale") :],
    )
    show(listing, make_view(fmt, columns, limit))


@mappings.command("stats")
@click.option("--framework", help=FRAMEWORK_HELP)
@listing_options()
@workspace_option()
@click.pass_obj
@handles_errors
def mappings_stats(
    obj: Context, framework: str | None, fmt: str | None, columns: str | None, limit: int | None
) -> None:
    """Profile each mapping set: rows, relations, % with rationale/share/source/see_also."""
    items = mapping_stats(obj.open_kb(), framework)
    rows = tuple(
        (
            s.framework,
            s.rows,
            " ".join(f"{k}:{v}" for k, v in s.relations.items() if v),
            f"{s.with_rationale:g}%",
            f"{s.with_share:g}%",
            f"{s.with_source:g}%",
            f"{s.with_see_also:g}%",
            f"{s.published:g}%",
        )
        for s in items
    )
    names = ("set", "rows", "relations", "rationale", "share", "source", "see_also", "published")
    show(Listing(names, rows, records=items), make_view(fmt, columns, limit))
    if fmt in (None, "table", "records"):
        for s in items:
            for warning in s.warnings:
                stderr().print(f"[yellow]warning:[/yellow] {s.framework}: {markup_escape(warning)}")
