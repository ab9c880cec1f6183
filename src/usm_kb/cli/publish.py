"""``usm-kb publish --store URL``: load the compiled KB (and a workspace) into a SPARQL server.

The graphs are written where no reader looks yet, then switched in by one atomic update; a
publish that fails leaves the previous version serving; a part already current is not sent
again (:mod:`usm_kb.store.remote.publish`).
"""

from __future__ import annotations

import json
import sys

import click

from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import store_option, workspace_option
from usm_kb.cli.output import emit, stderr
from usm_kb.errors import UsageError
from usm_kb.store.remote import publish as publishing
from usm_kb.store.remote.location import parse_store


@click.command()
@workspace_option()
@store_option()
@click.option("--json", "as_json", is_flag=True, help="Print what was published as JSON.")
@click.pass_obj
@handles_errors
def publish(obj: Context, as_json: bool) -> None:
    """Publish the compiled KB (and the workspace, if any) to the SPARQL server --store names.

    Readers keep the previous version until every graph is loaded; then one update switches.
    A part (the KB, the workspace) already current on the server is not sent again.
    """
    url = parse_store(obj.settings.store)
    if url is None:
        raise UsageError(
            "publish needs a SPARQL server",
            hint="pass --store sparql+http://HOST:PORT (or set USM_KB_STORE)",
        )
    err = stderr()
    with _progress(err.is_terminal) as progress:
        result = publishing.publish(
            url,
            obj.root,
            obj.cache_dir,
            obj.settings,
            workspace=obj.workspace,
            progress=progress,
            building=lambda m: err.print(f"[dim]building: {m}[/dim]"),
        )
    if as_json:
        emit(json.dumps(result.to_dict(), indent=2) + "\n")
    err.print(_summary(result))


def _summary(result: publishing.Publication) -> str:
    parts = ", ".join(
        f"{p.part} ({len(p.graphs)} graphs{'' if p.sent else ', already current'})"
        for p in result.parts
    )
    return (
        f"published {result.triples} triples to {result.server} ({result.sent} sent): "
        f"{parts}; id {result.id}"
    )


class _progress:
    """A rich progress bar on a terminal's stderr; nothing elsewhere."""

    def __init__(self, terminal: bool) -> None:
        self.terminal = terminal and sys.stderr.isatty()
        self.bar: object | None = None

    def __enter__(self) -> publishing.Progress | None:
        if not self.terminal:
            return None
        from rich.progress import Progress as Bar

        bar = Bar(console=stderr(), transient=True)
        task = bar.add_task("writing graphs", total=None)
        bar.start()
        self.bar = bar

        def step(done: int, total: int, graph: str) -> None:
            bar.update(
                task, completed=done, total=total, description="/".join(graph.rsplit("/", 2)[-2:])
            )

        return step

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()  # type: ignore[attr-defined]
