"""``usm-kb info``: what the knowledge base holds."""

from __future__ import annotations

import click

from usm_kb.catalogue.info import compute_info
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.listing import (
    FORMAT_HELP,
    Listing,
    listing_options,
    make_view,
    print_table,
    show,
)
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import print_json, stdout


@click.command()
@listing_options(help_text=f"{FORMAT_HELP}; json is the whole report as one object")
@workspace_option()
@click.pass_obj
@handles_errors
def info(obj: Context, fmt: str | None, columns: str | None, limit: int | None) -> None:
    """Show what the knowledge base holds."""
    report = compute_info(obj.open_kb())
    if fmt == "json":
        print_json(report.to_dict())
        return
    if fmt not in (None, "table") or columns or limit:
        rows = [(k, v) for k, v in report.counts.items()]
        rows += [(f"triples in {g}", n) for g, n in report.graphs.items()]
        show(Listing(("what", "count"), tuple(rows)), make_view(fmt, columns, limit))
        return
    print_table(
        ["what", "count"],
        [[k.replace("_", " "), str(v)] for k, v in report.counts.items()],
        f"usm-kb {report.version}: {report.triples} triples",
    )
    print_table(["graph", "triples"], [[g, str(n)] for g, n in report.graphs.items()], None)
    stdout().print(
        f"consistency: {report.reasoner['status']}   cache: {report.cache_dir}", highlight=False
    )
