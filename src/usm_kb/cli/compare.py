"""``usm-kb compare A B``: the ranked crosswalk of two frameworks through the USM hub."""

from __future__ import annotations

import click

from usm_kb.catalogue.crosswalk import DEFAULT_LIMIT, Crosswalk
from usm_kb.catalogue.crosswalk import compare as run_compare
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.listing import Listing, listing_options, make_view, show
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import stderr

COLUMNS = ("score", "a", "label_a", "b", "label_b", "shared", "practice_a", "practice_b")
SCORE_NOTE = "score = 100 × Σ shared processes (w_a·r_a)(w_b·r_b); docs/analyst-guide.md"


def crosswalk_listing(crosswalk: Crosswalk, empty: str | None = None) -> Listing:
    """The pairs as a listing: score, both practices, the processes they share."""
    rows = tuple(
        (
            p.score,
            p.id_a,
            p.label_a,
            p.id_b,
            p.label_b,
            "; ".join(s.describe() for s in p.processes),
            p.practice_a,
            p.practice_b,
        )
        for p in crosswalk.pairs
    )
    return Listing(
        COLUMNS,
        rows,
        records=crosswalk.pairs,
        detail=("practice_a", "practice_b"),
        empty=empty
        or f"no pair of {crosswalk.framework_a} and {crosswalk.framework_b} practices "
        "reaches the minimum score; lower --min-score, or check both frameworks with "
        "`usm-kb query coverage-matrix`",
        total=crosswalk.total,
    )


@click.command()
@click.argument("framework_a")
@click.argument("framework_b")
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=0.0,
    show_default=True,
    help="Only pairs scoring at least this (0–100).",
)
@click.option("--process", help="Only what the pairs share in this USM process.")
@listing_options()
@workspace_option()
@click.pass_obj
@handles_errors
def compare(
    obj: Context,
    framework_a: str,
    framework_b: str,
    min_score: float,
    process: str | None,
    fmt: str | None,
    columns: str | None,
    limit: int | None,
) -> None:
    """Rank the practice pairs of two frameworks that USM places in the same processes.

    Frameworks by id or title in any case (`usm-kb compare "ITIL 4" COBIT`). The best
    25 pairs by default (--limit 0 for all); the score is explained in
    docs/analyst-guide.md.
    """
    crosswalk = run_compare(
        obj.open_kb(),
        framework_a,
        framework_b,
        min_score=min_score,
        limit=DEFAULT_LIMIT if limit is None else limit,
        process=process,
    )
    show(crosswalk_listing(crosswalk), make_view(fmt, columns, None))
    if fmt in (None, "table", "records") and crosswalk.pairs:
        stderr().print(f"[dim]{SCORE_NOTE}[/dim]")
