"""SPARQL commands: ad-hoc and named queries, and the list of named queries."""

from __future__ import annotations

import click

from usm_kb.cli.context import Context, handles_errors, read_query_text
from usm_kb.cli.options import format_option, setting_option
from usm_kb.cli.output import emit, output_rows, print_table, stdout
from usm_kb.errors import UsageError
from usm_kb.queries import to_markdown
from usm_kb.rdf.serialize import GRAPH_FORMATS, TABULAR_FORMATS, serialize_result
from usm_kb.rdf.sparql_results import display_rows
from usm_kb.store import RunLimits
from usm_kb.vocab import SLUG

QUERY_FORMATS = ("table", *TABULAR_FORMATS, *(f for f in GRAPH_FORMATS if f != "xml"))


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``k=v`` pairs from ``--param`` options."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param expects NAME=VALUE, got {pair!r}")
        params[key.strip()] = value
    return params


@click.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", help="Read the query from FILE ('-' = stdin).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    help="NAME=VALUE for a named query's parameter (repeatable).",
)
@format_option(QUERY_FORMATS)
@setting_option("sparql_timeout", "--timeout")
@click.pass_obj
@handles_errors
def query(
    obj: Context,
    query: str | None,
    file: str | None,
    params: tuple[str, ...],
    fmt: str,
    sparql_timeout: float | None,
) -> None:
    """Run SPARQL (text, -f FILE, - or -f - for stdin) or a named query (NAME --param k=v).

    Ad-hoc SPARQL runs in a separate process with no network, stopped after --timeout
    seconds (0 = no limit, in this process); named queries run here.
    """
    kb = obj.open_kb()
    timeout = obj.settings.sparql_timeout if sparql_timeout is None else sparql_timeout
    if query is not None and file is None and SLUG.match(query):
        result = kb.run(kb.prepare_named(query, parse_params(params)))
    else:
        if params:
            raise UsageError("--param only applies to named queries")
        text = read_query_text(query, file)
        result = kb.run(text, limits=RunLimits(timeout=timeout or None))
    if fmt != "table":
        emit(serialize_result(result, fmt))
    elif result.kind == "select":
        columns, rows = display_rows(result)
        print_table(list(columns), rows)
    elif result.kind == "ask":
        stdout().print("true" if result.boolean else "false")
    else:
        emit(serialize_result(result, "ttl"))


@click.command()
@click.option("--tag", help="Only queries with this tag.")
@format_option(["table", "json", "markdown"])
@click.pass_obj
@handles_errors
def queries(obj: Context, tag: str | None, fmt: str) -> None:
    """List the named competency queries (name, title, parameters)."""
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
