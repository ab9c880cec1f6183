"""``usm-kb suggest``: where each local practice of the workspace most likely lives in USM."""

from __future__ import annotations

import click

from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.listing import LISTING_FORMATS, Listing, make_view, show
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import emit, print_json
from usm_kb.suggest.model import Suggestions
from usm_kb.suggest.service import suggest as run_suggest
from usm_kb.suggest.service import to_sssom_rows
from usm_kb.workspace.mappings import read_set, set_text

COLUMNS = (
    "practice",
    "name",
    "rank",
    "target",
    "label",
    "confidence",
    "call_type",
    "workflow",
    "evidence",
)


@click.command()
@click.option(
    "--top",
    type=click.IntRange(min=1, max=20),
    default=3,
    show_default=True,
    help="Targets per practice.",
)
@click.option("--practice", help="Only this local practice (its id).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*LISTING_FORMATS, "sssom"]),
    default=None,
    help="table (default), records, csv, tsv, json (one record per practice, with every "
    "evidence item), sssom (the best target of each practice as a proposed SSSOM row).",
)
@workspace_option()
@click.pass_obj
@handles_errors
def suggest(obj: Context, top: int, practice: str | None, fmt: str | None) -> None:
    """Rank USM targets for the workspace's practices, each with its evidence.

    Evidence: the practice's words found in USM's definitions and glossary (English and
    Dutch), the nearest reference practices with their own placements, and USM's placement
    rules (a permanent modification of the managed infrastructure is Change; restoring the
    agreed service is Recover …). Confidence is in 0-1; a practice's suggestions add up to
    at most 1.
    """
    workspace = obj.require_workspace()
    found = run_suggest(obj.open_kb(), workspace, top=top, practice=practice)
    if fmt == "sssom":
        header, _rows = read_set(workspace)
        emit(set_text(header, to_sssom_rows(workspace, found)))
        return
    if fmt == "json":
        print_json([item.to_dict() for item in found])
        return
    show(_listing(found), make_view(fmt, None, None))


def _listing(found: list[Suggestions]) -> Listing:
    rows: list[tuple[object, ...]] = []
    for item in found:
        for rank, c in enumerate(item.candidates, 1):
            evidence = " | ".join(e.text for e in c.evidence)
            flow = rank == 1
            rows.append(
                (
                    item.practice,
                    item.name,
                    rank,
                    c.target,
                    c.label,
                    c.confidence,
                    item.call_type if flow else None,
                    item.workflow if flow else None,
                    evidence,
                )
            )
        if not item.candidates:
            rows.append((item.practice, item.name, None, None, None, None, None, None, item.note))
    return Listing(
        COLUMNS,
        tuple(rows),
        detail=("target",),
        empty="no suggestions",
    )
