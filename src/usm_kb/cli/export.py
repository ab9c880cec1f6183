"""``usm-kb export``: the KB as RDF, or one mapping set as SSSOM TSV."""

from __future__ import annotations

from pathlib import Path

import click

from usm_kb.catalogue.export import export_kb, export_sssom
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import workspace_option
from usm_kb.cli.output import emit_or_write
from usm_kb.errors import UsageError


@click.command()
@click.option(
    "--format",
    "fmt",
    default="ttl",
    type=click.Choice(["ttl", "nt", "jsonld", "xml", "trig", "nq", "sssom"]),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (default: stdout).",
)
@click.option("--no-inferred", is_flag=True, help="Leave out the inferred graph.")
@click.option("--framework", help="With --format sssom: the framework whose mapping set to write.")
@workspace_option()
@click.pass_obj
@handles_errors
def export(
    obj: Context, fmt: str, output: Path | None, no_inferred: bool, framework: str | None
) -> None:
    """Export the knowledge base as RDF, or one mapping set as SSSOM TSV."""
    if (fmt == "sssom") != (framework is not None):
        raise UsageError("--format sssom and --framework F go together")
    kb = obj.open_kb()
    data = (
        export_sssom(kb, framework)
        if framework
        else export_kb(kb, fmt, include_inferred=not no_inferred)
    )
    emit_or_write(data, output)
