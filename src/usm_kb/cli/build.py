"""``usm-kb build``: compile the ontology and mappings into the knowledge base."""

from __future__ import annotations

from pathlib import Path

import click

from usm_kb.build.pipeline import compile_kb
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.output import markup_escape, stderr


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
        err.print(f"[yellow]warning:[/yellow] {markup_escape(warning)}")
    m = result.manifest
    err.print(
        f"built {m.triples} triples ({m.inferred} inferred) in {result.seconds:.1f} s "
        f"-> {target} (consistency: {m.reasoner['status']})"
    )
