"""The ``usm-kb`` command group: global options, then one command per area, loaded lazily.

Each command lives in its own module and imports only what it needs; the group imports a
command's module when that command runs (click's documented lazy-loading group), so
``usm-kb query`` never loads the build pipeline, pyshacl or the web server.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from usm_kb import __version__
from usm_kb.cli.context import Context
from usm_kb.cli.output import print_error
from usm_kb.errors import UsmKbError
from usm_kb.settings import Settings
from usm_kb.store.remote.location import parse_store

# command name -> "module:function" (modules under usm_kb.cli)
COMMANDS = {
    "build": "build:build",
    "info": "info:info",
    "export": "export:export",
    "query": "sparql:query",
    "queries": "sparql:queries",
    "search": "search:search",
    "compare": "compare:compare",
    "frameworks": "frameworks:frameworks",
    "practices": "frameworks:practices",
    "mappings": "frameworks:mappings",
    "validate": "validate:validate",
    "serve": "serve:serve",
    "init": "workspace:init",
    "catalog": "workspace:catalog",
    "suggest": "suggest:suggest",
    "map": "mapping:map_group",
    "review": "mapping:review",
    "analyze": "analyze:analyze",
    "report": "report:report",
    "wif": "wif:wif_group",
    "publish": "publish:publish",
    "diff": "diff:diff",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when used (click's lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, without importing any."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return one command."""
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, name = target.split(":")
        command = getattr(importlib.import_module(f"usm_kb.cli.{module}"), name)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the current folder when it holds usm-workspace.toml; "
    "env USM_KB_WORKSPACE).",
)
@click.option(
    "--store",
    metavar="URL",
    help="Where the KB's triples live: 'embedded' (default, in this process) or a SPARQL "
    "server the KB was published to, sparql+http://HOST:PORT (env USM_KB_STORE).",
)
@click.option(
    "--reason/--no-reason",
    default=None,
    help="Check OWL consistency with HermiT when the KB is (re)built "
    "(default: yes; env USM_KB_REASON).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    data: Path | None,
    cache: Path | None,
    workspace: Path | None,
    store: str | None,
    reason: bool | None,
) -> None:
    """usm-kb: the Unified Service Management knowledge base."""
    try:
        settings = Settings.resolve(
            data=data, cache=cache, workspace=workspace, store=store, reason=reason
        )
        parse_store(settings.store)  # a malformed URL is a usage error before any command
    except UsmKbError as exc:
        print_error(str(exc))
        ctx.exit(exc.exit_code)
    ctx.obj = Context(settings)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="usm-kb")
