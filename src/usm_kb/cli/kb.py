"""Commands on the knowledge base as a whole: build, info, export."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from usm_kb.build.pipeline import compile_kb
from usm_kb.catalogue.export import export_kb, export_sssom
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
from usm_kb.cli.output import emit, print_json, stderr, stdout
from usm_kb.errors import UsageError
from usm_kb.files import atomic_write_bytes


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the compiled KB here (default: the cache dir).",
)
@click.option("--no-reason", is_flag=True, help="Skip the HermiT consistency check.")
@click.pass_obj
@handles_errors
def build(obj: Context, out: Path | None, no_reason: bool) -> None:
    """Compile ontology and mappings into the knowledge base."""
    target = out or obj.cache_dir
    err = stderr()
    reason = obj.settings.reason and not no_reason
    result = compile_kb(
        obj.root, target, reason=reason, progress=lambda m: err.print(f"[dim]{m}[/dim]")
    )
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    m = result.manifest
    err.print(
        f"built {m.triples} triples ({m.inferred} inferred) in {result.seconds:.1f} s "
        f"-> {target} (consistency: {m.reasoner['status']})"
    )


@click.command()
@listing_options(help_text=f"{FORMAT_HELP}; json is the whole report as one object")
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
    if output is None:
        emit(data)
    else:
        atomic_write_bytes(output, data)
        stderr().print(f"wrote {output}")
