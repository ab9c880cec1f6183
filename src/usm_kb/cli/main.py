"""The ``usm-kb`` command group: global options, then one command per area."""

from __future__ import annotations

from pathlib import Path

import click

from usm_kb import __version__
from usm_kb.cli import compare, frameworks, kb, search, serve, sparql, validate
from usm_kb.cli.context import Context
from usm_kb.cli.output import print_error
from usm_kb.errors import UsmKbError
from usm_kb.settings import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="usm-kb")
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder with ontology/ and mappings/ (default: the shipped data; env USM_KB_DATA).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the compiled KB (default: a per-user cache folder; env USM_KB_CACHE).",
)
@click.option(
    "--reason/--no-reason",
    default=None,
    help="Check OWL consistency with HermiT when the KB is (re)built "
    "(default: yes; env USM_KB_REASON).",
)
@click.pass_context
def cli(ctx: click.Context, data: Path | None, cache: Path | None, reason: bool | None) -> None:
    """usm-kb: the Unified Service Management knowledge base."""
    try:
        settings = Settings.resolve(data=data, cache=cache, reason=reason)
    except UsmKbError as exc:
        print_error(str(exc))
        ctx.exit(exc.exit_code)
    ctx.obj = Context(settings)


for command in (
    kb.build,
    kb.info,
    kb.export,
    sparql.query,
    sparql.queries,
    serve.serve,
    frameworks.frameworks,
    frameworks.practices,
    frameworks.mappings,
    search.search,
    compare.compare,
    validate.validate,
):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="usm-kb")
