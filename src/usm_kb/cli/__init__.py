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


@dataclass
class Context:
    """Options shared by all commands."""

    data: Path | None
    cache: Path | None

    def open_kb(self) -> Any:
        """Open (and if needed rebuild) the knowledge base, reporting progress on stderr."""
        from usm_kb.store import KnowledgeBase

        err = stderr()
        return KnowledgeBase.open(
            self.data, self.cache, progress=lambda m: err.print(f"[dim]building: {m}[/dim]")
        )


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
        except OSError as exc:  # a path the user chose cannot be read or written
            reason = exc.strerror or str(exc)
            if exc.filename:
                message = f"{exc.filename}: {reason} (check the path and its permissions)"
            else:
                message = reason
            stderr().print(f"[red]error:[/red] {escape(message)}")
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="usm-kb")
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="USM_KB_DATA",
    help="Folder with ontology/ and mappings/ (default: the shipped data).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="USM_KB_CACHE",
    help="Folder of the compiled KB (default: a per-user cache dir).",
)
@click.pass_context
def cli(ctx: click.Context, data: Path | None, cache: Path | None) -> None:
    """usm-kb: the Unified Service Management knowledge base."""
    ctx.obj = Context(data, cache)


def read_query_text(query: str | None, file: str | None) -> str:
    """The query from the argument, a file, or stdin (``-`` as argument or as FILE)."""
    if (query is None) == (file is None):
        raise UsageError("give a query as argument or with -f FILE (or - for stdin)")
    if file is None and query == "-":
        file = "-"
    if file is None:
        return query or ""
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read query file {file}: {exc}") from exc


def output_rows(
    fmt: str,
    columns: list[str],
    rows: list[list[Any]],
    title: str | None = None,
    records: list[Any] | None = None,
) -> None:
    """Print rows as a table, csv, tsv, or JSON (JSON uses the full records when given)."""
    from usm_kb.results import rows_to_text

    if fmt == "table":
        print_table(columns, rows, title=title)
    elif fmt == "json" and records is not None:
        print_json([r.to_dict() if hasattr(r, "to_dict") else r for r in records])
    else:
        emit(rows_to_text(columns, rows, fmt))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="usm-kb")


# Register the commands (modules named after the area they serve).
from usm_kb.cli import (  # noqa: E402, F401
    commands_frameworks,
    commands_kb,
    commands_sparql,
    commands_validate,
)
