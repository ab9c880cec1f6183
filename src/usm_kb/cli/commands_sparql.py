"""SPARQL commands: ad-hoc and named queries, and the endpoint server."""

from __future__ import annotations

import re

import click

from usm_kb.cli import (
    Context,
    cli,
    emit,
    handles_errors,
    output_rows,
    print_table,
    read_query_text,
    stderr,
    stdout,
)
from usm_kb.errors import UsageError

QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld")
QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``k=v`` pairs from ``--param`` options."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param expects NAME=VALUE, got {pair!r}")
        params[key.strip()] = value
    return params


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", help="Read the query from FILE ('-' = stdin).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    help="NAME=VALUE for a named query's parameter (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table")
@click.pass_obj
@handles_errors
def query(
    obj: Context, query: str | None, file: str | None, params: tuple[str, ...], fmt: str
) -> None:
    """Run SPARQL (text, -f FILE, - or -f - for stdin) or a named query (NAME --param k=v)."""
    from usm_kb.results import serialize_collected
    from usm_kb.sparql_results import collect, display_rows

    kb = obj.open_kb()
    if query is not None and file is None and QUERY_NAME.match(query):
        result = collect(kb.execute_named(query, parse_params(params)))
    else:
        if params:
            raise UsageError("--param only applies to named queries")
        result = collect(kb.execute(read_query_text(query, file)))
    if fmt != "table":
        emit(serialize_collected(result, fmt))
    elif result.kind == "select":
        columns, rows = display_rows(result)
        print_table(list(columns), rows)
    elif result.kind == "ask":
        stdout().print("true" if result.boolean else "false")
    else:
        emit(serialize_collected(result, "ttl"))


@cli.command()
@click.option("--tag", help="Only queries with this tag.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table")
@click.pass_obj
@handles_errors
def queries(obj: Context, tag: str | None, fmt: str) -> None:
    """List the named competency queries (name, title, parameters)."""
    from usm_kb.named_queries import to_markdown

    every = list(obj.open_kb().named_queries().values())
    items = [q for q in every if not tag or tag in q.tags]
    if not items:
        known = sorted({t for q in every for t in q.tags})
        raise UsageError(f"no named query has the tag {tag!r}; tags: {', '.join(known)}")
    if fmt == "markdown":
        emit(to_markdown(items))
        return
    rows = [
        [
            q.name,
            q.title,
            " ".join(f"{p.name}({p.type}{'?' if p.optional else ''})" for p in q.params),
        ]
        for q in items
    ]
    output_rows(fmt, ["name", "title", "params"], rows, records=items)


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to bind (loopback by default).",
)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=float,
    envvar="USM_KB_SPARQL_TIMEOUT",
    help="Seconds a SPARQL query may run.",
)
@click.option(
    "--row-cap",
    default=10_000,
    show_default=True,
    type=int,
    envvar="USM_KB_SPARQL_ROW_CAP",
    help="Most rows/triples in one SPARQL response.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=int,
    envvar="USM_KB_SPARQL_WORKERS",
    help="SPARQL worker processes (0 = in-process, no timeout).",
)
@click.pass_obj
@handles_errors
def serve(obj: Context, host: str, port: int, timeout: float, row_cap: int, workers: int) -> None:
    """Serve the SPARQL endpoint (/sparql) on the embedded store."""
    from werkzeug.serving import make_server

    from usm_kb.app import create_app

    app = create_app(
        {"SPARQL_TIMEOUT": timeout, "SPARQL_ROW_CAP": row_cap, "SPARQL_WORKERS": workers},
        kb=obj.open_kb(),
    )
    server = make_server(host, port, app, threaded=True)  # a busy port: message + exit 1
    stderr().print(f"usm-kb serving http://{host}:{port}/sparql  (Ctrl+C to stop)")
    try:
        server.serve_forever()  # returns on Ctrl+C: werkzeug handles KeyboardInterrupt
    finally:
        server.server_close()
    stderr().print("usm-kb stopped")
