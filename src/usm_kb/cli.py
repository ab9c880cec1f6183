"""The ``usm-kb`` command line (thin: parses options, calls services, prints results)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from usm_kb import __version__
from usm_kb.errors import UsageError, UsmKbError

QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld")


@dataclass
class Context:
    """Options shared by all commands."""

    data: Path | None
    cache: Path | None

    def open_kb(self) -> Any:
        """Open (and if needed rebuild) the knowledge base, reporting progress on stderr."""
        from usm_kb.store import KnowledgeBase

        err = stderr()
        return KnowledgeBase.open(self.data, self.cache,
                                  progress=lambda m: err.print(f"[dim]building: {m}[/dim]"))


def stderr() -> Console:
    """Console for messages (never wraps a one-line error)."""
    return Console(stderr=True, soft_wrap=True, highlight=False)


def stdout() -> Console:
    """Console for results (no colour when piped)."""
    return Console(soft_wrap=True)


def emit(data: bytes | str) -> None:
    """Write raw result bytes/text to stdout."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def print_json(data: Any) -> None:
    """Pretty JSON on stdout."""
    emit(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_table(columns: list[str], rows: list[list[str]], title: str | None = None) -> None:
    """A rich table on stdout."""
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*[escape(str(c)) for c in row])
    stdout().print(table)


def handles_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn user-facing errors into one line on stderr and the right exit code."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UsmKbError as exc:
            stderr().print(f"[red]error:[/red] {escape(str(exc))}")
            sys.exit(exc.exit_code)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="usm-kb")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), envvar="USM_KB_DATA",
              help="Folder with ontology/ and mappings/ (default: the shipped data).")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), envvar="USM_KB_CACHE",
              help="Folder of the compiled KB (default: a per-user cache dir).")
@click.pass_context
def cli(ctx: click.Context, data: Path | None, cache: Path | None) -> None:
    """usm-kb: the Unified Service Management knowledge base."""
    ctx.obj = Context(data, cache)


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write the compiled KB here (default: the cache dir).")
@click.option("--no-reason", is_flag=True, help="Skip the HermiT consistency check.")
@click.pass_obj
@handles_errors
def build(obj: Context, out: Path | None, no_reason: bool) -> None:
    """Compile ontology and mappings into the knowledge base."""
    from usm_kb.compile import compile_kb
    from usm_kb.resources import default_data_root
    from usm_kb.store import default_cache_dir

    root = (obj.data or default_data_root()).resolve()
    target = out or obj.cache or default_cache_dir(root)
    err = stderr()
    result = compile_kb(root, target, reason=not no_reason,
                        progress=lambda m: err.print(f"[dim]{m}[/dim]"))
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    m = result.manifest
    err.print(f"built {m.triples} triples ({m.inferred} inferred) in {result.seconds:.1f} s "
              f"-> {target} (consistency: {m.reasoner['status']})")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
@handles_errors
def info(obj: Context, fmt: str) -> None:
    """Show what the knowledge base holds."""
    from usm_kb.info import compute_info

    report = compute_info(obj.open_kb())
    if fmt == "json":
        print_json(report.to_dict())
        return
    print_table(["what", "count"], [[k.replace("_", " "), str(v)]
                                    for k, v in report.counts.items()],
                title=f"usm-kb {report.version}: {report.triples} triples")
    print_table(["graph", "triples"], [[g, str(n)] for g, n in report.graphs.items()])
    stdout().print(f"consistency: {report.reasoner['status']}   cache: {report.cache_dir}",
                   highlight=False)


def read_query_text(query: str | None, file: str | None) -> str:
    """The query from the argument, a file, or stdin ('-')."""
    if (query is None) == (file is None):
        raise UsageError("give a query as argument or with -f FILE (or -f - for stdin)")
    if file is None:
        return query or ""
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read query file {file}: {exc}") from exc


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", help="Read the query from FILE ('-' = stdin).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table")
@click.pass_obj
@handles_errors
def query(obj: Context, query: str | None, file: str | None, fmt: str) -> None:
    """Run a SPARQL query over all graphs (well-known prefixes are predeclared)."""
    from usm_kb.results import result_kind, serialize_result
    from usm_kb.terms import display

    text = read_query_text(query, file)
    result = obj.open_kb().execute(text)
    kind = result_kind(result)
    if fmt != "table":
        emit(serialize_result(result, fmt))
    elif kind == "select":
        names = [v.value for v in result.variables]
        print_table(names, [[display(s[n]) for n in names] for s in result])
    elif kind == "ask":
        stdout().print("true" if bool(result) else "false")
    else:
        emit(serialize_result(result, "ttl"))


@cli.command()
@click.option("--format", "fmt", default="ttl",
              type=click.Choice(["ttl", "nt", "jsonld", "xml", "trig", "nq", "sssom"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (default: stdout).")
@click.option("--no-inferred", is_flag=True, help="Leave out the inferred graph.")
@click.option("--framework", help="With --format sssom: the framework whose mapping set to write.")
@click.pass_obj
@handles_errors
def export(obj: Context, fmt: str, output: Path | None, no_inferred: bool,
           framework: str | None) -> None:
    """Export the knowledge base as RDF, or one mapping set as SSSOM TSV."""
    from usm_kb.export import export_kb, export_sssom

    if (fmt == "sssom") != (framework is not None):
        raise UsageError("--format sssom and --framework F go together")
    kb = obj.open_kb()
    data = (export_sssom(kb, framework) if framework
            else export_kb(kb, fmt, include_inferred=not no_inferred))
    if output is None:
        emit(data)
    else:
        from usm_kb.compile import write_bytes_atomic

        write_bytes_atomic(output, data)
        stderr().print(f"wrote {output}")


def output_rows(fmt: str, columns: list[str], rows: list[list[Any]], title: str | None = None,
                records: list[Any] | None = None) -> None:
    """Print rows as a table, csv, tsv, or JSON (JSON uses the full records when given)."""
    from usm_kb.results import rows_to_text

    if fmt == "table":
        print_table(columns, rows, title=title)
    elif fmt == "json" and records is not None:
        print_json([r.to_dict() if hasattr(r, "to_dict") else r for r in records])
    else:
        emit(rows_to_text(columns, rows, fmt))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table")
@click.pass_obj
@handles_errors
def frameworks(obj: Context, fmt: str) -> None:
    """List frameworks: practices, share mapped, relation mix."""
    from usm_kb.frameworks import list_frameworks

    items = list_frameworks(obj.open_kb())
    rows = [[f.id, f.title, f.version, f.practices, f"{f.mapped_percent:g}%",
             " ".join(f"{k}:{v}" for k, v in f.relations.items() if v)] for f in items]
    output_rows(fmt, ["id", "title", "version", "practices", "mapped", "relations"], rows,
                records=items)


@cli.command()
@click.option("--framework", help="Only this framework (id, e.g. itil4).")
@click.option("--process", help="Only practices mapped to this process (agree, change, …).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table")
@click.pass_obj
@handles_errors
def practices(obj: Context, framework: str | None, process: str | None, fmt: str) -> None:
    """List reference practices."""
    from usm_kb.frameworks import list_practices

    items = list_practices(obj.open_kb(), framework=framework, process=process)
    columns = ["framework", "id", "name", "group"]
    output_rows(fmt, columns, [[i[c] for c in columns] for i in items], records=items)


@cli.group(invoke_without_command=True)
@click.option("--framework", help="Only this framework (id, e.g. itil4).")
@click.option("--process", help="Only mappings onto this process (agree, change, …).")
@click.option("--evidence", help="Only this evidence level (published, derived, …).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "sssom"]),
              default="table")
@click.pass_context
@handles_errors
def mappings(ctx: click.Context, framework: str | None, process: str | None,
             evidence: str | None, fmt: str) -> None:
    """List mapping rows (practice -> USM process); `mappings stats` profiles the sets."""
    if ctx.invoked_subcommand is not None:
        return
    from usm_kb.frameworks import list_mappings

    kb = ctx.obj.open_kb()
    if fmt == "sssom":
        from usm_kb.export import export_sssom

        if not framework or process or evidence:
            raise UsageError("--format sssom writes one whole mapping set: give only --framework")
        emit(export_sssom(kb, framework))
        return
    items = list_mappings(kb, framework=framework, process=process, evidence=evidence)
    columns = ["framework", "practice_id", "practice", "process", "relation", "strength",
               "evidence"]
    rows = [[getattr(i, c) for c in columns] for i in items]
    if fmt in ("csv", "tsv"):
        columns += ["rationale", "confidence", "source", "status", "comment"]
        rows = [[getattr(i, c) for c in columns] for i in items]
    output_rows(fmt, columns, rows, records=items)


@mappings.command("stats")
@click.option("--framework", help="Only this framework.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
@handles_errors
def mappings_stats(obj: Context, framework: str | None, fmt: str) -> None:
    """Profile each mapping set: rows, relations, share with rationale/strength/source."""
    from usm_kb.frameworks import mapping_stats

    items = mapping_stats(obj.open_kb(), framework)
    rows = [[s.framework, s.rows, " ".join(f"{k}:{v}" for k, v in s.relations.items() if v),
             f"{s.with_rationale:g}%", f"{s.with_strength:g}%", f"{s.with_source:g}%",
             f"{s.published:g}%"] for s in items]
    output_rows(fmt, ["set", "rows", "relations", "rationale", "strength", "source",
                      "published"], rows, records=items)
    if fmt == "table":
        for s in items:
            for warning in s.warnings:
                stderr().print(f"[yellow]warning:[/yellow] {s.framework}: {escape(warning)}")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="usm-kb")
