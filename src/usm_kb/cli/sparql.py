"""SPARQL commands: ad-hoc and named queries, and the list of named queries."""

from __future__ import annotations

import click

from usm_kb.catalogue.answers import Answer, answer_named, answer_sparql
from usm_kb.cli.context import Context, handles_errors, read_query_text
from usm_kb.cli.listing import (
    FORMAT_HELP,
    FORMATS,
    LISTING_FORMATS,
    W3C_FORMATS,
    Listing,
    View,
    listing_options,
    make_view,
    show,
)
from usm_kb.cli.options import setting_option, workspace_option
from usm_kb.cli.output import emit
from usm_kb.cli.query_help import NamedQueryCommand, query_help
from usm_kb.errors import UsageError
from usm_kb.queries import to_markdown
from usm_kb.rdf.serialize import serialize_result
from usm_kb.store import RunLimits
from usm_kb.vocab import OVERLAP_QUERY, SLUG

QUERY_FORMAT_HELP = (
    f"{FORMAT_HELP}; sparql-json or xml (W3C SPARQL results); "
    "ttl (default), nt, jsonld or xml for CONSTRUCT/DESCRIBE"
)


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``k=v`` pairs from ``--param`` options."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param expects NAME=VALUE, got {pair!r}")
        params[key.strip()] = value
    return params


@click.command(cls=NamedQueryCommand)
@click.argument("query", required=False)
@click.option("-f", "--file", "file", help="Read the query from FILE ('-' = stdin).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    help="NAME=VALUE for a named query's parameter (repeatable); ids, codes and English or "
    "Dutch names are accepted in any case.",
)
@click.option(
    "-g",
    "--graph",
    "graphs",
    multiple=True,
    metavar="GRAPH",
    help="Query only this named graph (repeatable): its IRI or the part after graph/, e.g. "
    "mappings/itil4/mappings or ontology/usm-method; default: all graphs.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=None,
    help=f"Only for {OVERLAP_QUERY}, which the CLI ranks like `usm-kb compare`: only pairs "
    "scoring at least this.",
)
@listing_options(FORMATS, QUERY_FORMAT_HELP)
@setting_option("sparql_timeout", "--timeout")
@workspace_option()
@click.pass_obj
@handles_errors
def query(
    obj: Context,
    query: str | None,
    file: str | None,
    params: tuple[str, ...],
    graphs: tuple[str, ...],
    min_score: float | None,
    fmt: str | None,
    columns: str | None,
    limit: int | None,
    sparql_timeout: float | None,
) -> None:
    """Run SPARQL (text, -f FILE, - or -f - for stdin) or a named query (NAME --param k=v).

    Ad-hoc SPARQL runs in a separate process with no network, stopped after --timeout
    seconds (0 = no limit, in this process); named queries run here.

    `usm-kb query NAME --help` explains one named query: its parameters, the values they
    accept, and an example. `framework-overlap` comes ranked (see `usm-kb compare`), except
    in the W3C formats, which give its raw rows.
    """
    kb = obj.open_kb()
    named = query is not None and file is None and SLUG.match(query)
    if min_score is not None and not (named and query == OVERLAP_QUERY):
        raise UsageError(f"--min-score only applies to {OVERLAP_QUERY} (and `usm-kb compare`)")
    if named and query == OVERLAP_QUERY and fmt not in W3C_FORMATS and not graphs:
        # the crosswalk (and its stemmers) only for this one query
        from usm_kb.catalogue.crosswalk import DEFAULT_LIMIT, compare
        from usm_kb.cli.compare import crosswalk_listing

        given = parse_params(params)
        kb.bind_named(OVERLAP_QUERY, given)  # checks names and values as for any query
        crosswalk = compare(
            kb,
            given["framework_a"],
            given["framework_b"],
            min_score=min_score or 0.0,
            limit=DEFAULT_LIMIT if limit is None else limit,
        )
        empty = kb.get_named(OVERLAP_QUERY).empty
        show(crosswalk_listing(crosswalk, empty), make_view(fmt, columns, None))
        return
    if named:
        assert query is not None
        answer = answer_named(kb, query, parse_params(params), graphs)
    else:
        if params:
            raise UsageError("--param only applies to named queries")
        timeout = obj.settings.sparql_timeout if sparql_timeout is None else sparql_timeout
        limits = RunLimits(timeout=timeout or None)
        answer = answer_sparql(kb, read_query_text(query, file), graphs, limits)
    print_answer(answer, make_view(fmt, columns, limit))


def print_answer(answer: Answer, view: View) -> None:
    """An answer in the chosen format (graphs as RDF, solutions as a listing)."""
    fmt = view.fmt
    if answer.kind == "graph":
        if fmt in (*LISTING_FORMATS, "sparql-json") and fmt not in ("table", "records"):
            raise UsageError(
                f"--format {fmt} does not fit a CONSTRUCT/DESCRIBE result; "
                "use one of ttl, nt, jsonld, xml"
            )
        emit(serialize_result(answer.result, "ttl" if fmt in (None, "table", "records") else fmt))
        return
    if answer.kind == "ask" and fmt in (None, "table", "records"):
        emit("true\n" if answer.boolean else "false\n")
        return
    if fmt in ("sparql-json", "xml"):
        emit(serialize_result(answer.result, "json" if fmt == "sparql-json" else "xml"))
        return
    if fmt in ("ttl", "nt", "jsonld"):
        raise UsageError(
            f"--format {fmt} does not fit a {answer.kind.upper()} result; use one of "
            f"{', '.join(LISTING_FORMATS)}, sparql-json, xml"
        )
    # display cells (and the name index they need) only when a table or records are shown
    show(Listing(answer.columns, answer.rows, lambda: answer.cells, answer.empty), view)


@click.command()
@click.argument("name", required=False)
@click.option("--tag", help="Only queries with this tag.")
@listing_options((*LISTING_FORMATS, "markdown"), f"{FORMAT_HELP}, markdown")
@workspace_option()
@click.pass_obj
@handles_errors
def queries(
    obj: Context,
    name: str | None,
    tag: str | None,
    fmt: str | None,
    columns: str | None,
    limit: int | None,
) -> None:
    """List the named competency queries, or explain one (NAME)."""
    kb = obj.open_kb()
    if name is not None:
        emit(query_help(kb.get_named(name), kb.names()))
        return
    every = list(kb.named_queries().values())
    items = [q for q in every if not tag or tag in q.tags]
    if not items:
        known = sorted({t for q in every for t in q.tags})
        raise UsageError(f"no named query has the tag {tag!r}; tags: {', '.join(known)}")
    if fmt == "markdown":
        emit(to_markdown(items))
        return
    rows = tuple(
        (
            q.name,
            q.title,
            " ".join(f"{p.name}({p.type}{'?' if p.optional else ''})" for p in q.params),
            q.description,
        )
        for q in items
    )
    listing = Listing(
        ("name", "title", "params", "description"), rows, records=items, detail=("description",)
    )
    show(listing, make_view(fmt, columns, limit))
