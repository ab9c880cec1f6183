"""Every listing prints one way: a table that fits the terminal, records, csv, tsv or JSON.

The format vocabulary is the same for every command (see :data:`FORMATS`):

- ``table`` — a rich table folded to the terminal width, with short labels in the cells
  (``Recover``, ``itil4``, ``published`` instead of IRIs), no language tags, and no column
  that repeats an earlier one. The default (``auto``) switches to ``records`` when the table
  would not fit;
- ``records`` — one field per line, a blank-line-free block per row;
- ``csv`` / ``tsv`` — plain values with full IRIs, spreadsheet-safe;
- ``json`` — a JSON list of records (objects of plain values, full IRIs): the one JSON
  shape of every command. ``usm-kb query`` also writes the W3C shapes: ``sparql-json``,
  ``xml`` (SPARQL XML results), and for graphs ``ttl``, ``nt``, ``jsonld``.

``--columns a,b`` picks and orders columns, ``--limit N`` keeps the first N rows. An empty
answer prints one line on stderr saying why and what to try.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import click

from usm_kb.cli.output import emit, markup_escape, rows_to_text, stderr, stdout
from usm_kb.errors import UsageError

LISTING_FORMATS = ("table", "records", "csv", "tsv", "json")
W3C_FORMATS = ("sparql-json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
FORMATS = (*LISTING_FORMATS, *W3C_FORMATS, *GRAPH_FORMATS)
FORMAT_HELP = (
    "table (folded to the terminal; records when too wide), records (one field per line), "
    "csv, tsv, json (a list of records)"
)
COLUMN_CAP = 20  # a wrapping column needs about this many characters to stay readable


@dataclass(frozen=True)
class Listing:
    """What a command shows: columns, plain rows, display cells, and why it may be empty."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # plain values: full IRIs, numbers (csv, tsv, json)
    # short display text (table, records), or what makes it when a table is shown
    cells: tuple[tuple[str, ...], ...] | Callable[[], tuple[tuple[str, ...], ...]] | None = None
    empty: str = ""  # one line: why there is nothing, and what to try
    records: Sequence[Any] | None = None  # richer JSON records (dataclasses), when they exist
    title: str | None = None
    total: int | None = None  # rows before a service-side limit, when one was applied
    detail: tuple[str, ...] = ()  # columns left out of table and records unless asked for

    def display(self) -> tuple[tuple[str, ...], ...]:
        """The cell text of each row."""
        if callable(self.cells):
            return self.cells()
        if self.cells is not None:
            return self.cells
        return tuple(tuple(cell_text(v) for v in row) for row in self.rows)


@dataclass(frozen=True)
class View:
    """The user's output choices: format, columns, row limit."""

    fmt: str | None = None  # None = table, or records when the table would not fit
    columns: tuple[str, ...] = ()
    limit: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def cell_text(value: Any) -> str:
    """Display text of a plain value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def listing_options(
    formats: Sequence[str] = LISTING_FORMATS, help_text: str = FORMAT_HELP
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format``, ``--columns`` and ``--limit``, collected into one ``view`` argument."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option(
            "--limit",
            type=click.IntRange(min=0),
            default=None,
            help="Show at most N rows (0 = all).",
        )(func)
        func = click.option(
            "--columns",
            metavar="A,B,…",
            default=None,
            help="Only these columns, in this order.",
        )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(formats)),
            default=None,
            help=help_text,
        )(func)

    return decorate


def make_view(fmt: str | None, columns: str | None, limit: int | None) -> View:
    """The view from the three options."""
    picked = tuple(c.strip() for c in (columns or "").split(",") if c.strip())
    return View(fmt, picked, limit or None)


def show(listing: Listing, view: View) -> None:
    """Print *listing* as *view* asks; the empty-answer line and notes go to stderr."""
    fmt = view.fmt or "table"
    display = listing.display() if fmt in ("table", "records") else None  # only these
    columns, keep = _select(listing, view, display)
    rows = [tuple(row[i] for i in keep) for row in listing.rows]
    total = len(rows)
    if view.limit is not None and total > view.limit:
        rows = rows[: view.limit]
    if fmt == "json":
        emit(_json(listing, columns, rows, view))
    elif fmt in ("csv", "tsv"):
        emit(rows_to_text(columns, rows, fmt))
    elif not rows or display is None:
        pass  # nothing to tabulate: the line below says why
    else:
        cells = [tuple(row[i] for i in keep) for row in display[: len(rows)]]
        if fmt == "records" or (view.fmt is None and not fits(columns, cells, stdout().width)):
            print_records(columns, cells)
        else:
            print_table(columns, cells, listing.title)
    _notes(listing, len(rows), listing.total or total, view)


def _notes(listing: Listing, shown: int, total: int, view: View) -> None:
    if total == 0:
        stderr().print(f"no rows: {markup_escape(listing.empty)}" if listing.empty else "no rows")
    elif shown < total:
        stderr().print(f"[dim]showing {shown} of {total} rows (--limit 0 shows all)[/dim]")


def _select(
    listing: Listing, view: View, display: Sequence[Sequence[str]] | None
) -> tuple[list[str], list[int]]:
    """Columns to show and their indexes: those asked for, else all but repeats.

    Repeats are judged on the *display* cells, so only where those are shown (table, records).
    """
    names = list(listing.columns)
    if view.columns:
        unknown = [c for c in view.columns if c not in names]
        if unknown:
            raise UsageError(f"no column {unknown[0]!r}; columns: {', '.join(names)}")
        keep = [names.index(c) for c in view.columns]
    elif display is not None:
        shown = [i for i, name in enumerate(names) if name not in listing.detail]
        distinct = _distinct_columns([[r[i] for i in shown] for r in display], len(shown))
        keep = [shown[i] for i in distinct]
    else:
        keep = list(range(len(names)))
    return [names[i] for i in keep], keep


def _distinct_columns(cells: Sequence[Sequence[str]], width: int) -> list[int]:
    """Indexes of the columns whose cells do not repeat an earlier column row by row."""
    keep: list[int] = []
    for i in range(width):
        column = [row[i] for row in cells]
        if cells and any(column == [row[j] for row in cells] for j in keep):
            continue
        keep.append(i)
    return keep


def fits(columns: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> bool:
    """True when a table of these cells is readable in *width* characters.

    Every column gets its widest cell, or about :data:`COLUMN_CAP` characters when it must
    wrap; with borders and padding (3 per column, 1 more) that has to fit.
    """
    need = 1
    for i, name in enumerate(columns):
        widest = max([len(name), *(_widest_line(row[i]) for row in cells)])
        need += min(widest, max(len(name), COLUMN_CAP)) + 3
    return need <= width


def _widest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def print_table(columns: Sequence[str], cells: Sequence[Sequence[str]], title: str | None) -> None:
    """A rich table folded to the terminal width; numbers right-aligned."""
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for i, column in enumerate(columns):
        numeric = bool(cells) and all(_is_number(row[i]) for row in cells if row[i])
        table.add_column(column, overflow="fold", justify="right" if numeric else "left")
    for row in cells:
        table.add_row(*[markup_escape(c) for c in row])
    stdout().print(table)


def print_records(columns: Sequence[str], cells: Sequence[Sequence[str]]) -> None:
    """One block per row, one ``field  value`` line per non-empty field."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.table import Table

    parts: list[Any] = []
    for n, row in enumerate(cells, start=1):
        parts.append(Rule(f"{n}", align="left", style="dim"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in zip(columns, row, strict=True):
            if value != "":
                grid.add_row(markup_escape(name), markup_escape(value))
        parts.append(grid)
    if parts:
        stdout().print(Group(*parts))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _json(listing: Listing, columns: list[str], rows: list[tuple[Any, ...]], view: View) -> str:
    if listing.records is not None:
        records = [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in listing.records]
        if view.columns:
            records = [{c: r.get(c) for c in view.columns} for r in records]
        if view.limit is not None:
            records = records[: view.limit]
    else:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
    return json.dumps(records, indent=2, ensure_ascii=False, default=_plain) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return str(value)
