"""How commands print: consoles for results and messages, raw bytes, JSON, CSV/TSV rows."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from usm_kb.files import atomic_write_bytes

if TYPE_CHECKING:
    from rich.console import Console


# rich is imported when something is drawn, not at start-up: csv, tsv and json output and
# most runs without an error never need it (its import costs ~50 ms of every command).


def stderr() -> Console:
    """Console for messages (never wraps a one-line error)."""
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def stdout() -> Console:
    """Console for results (no colour when piped)."""
    from rich.console import Console

    return Console(soft_wrap=True)


def markup_escape(text: str) -> str:
    """*text* safe to print through a rich console (brackets are not markup)."""
    from rich.markup import escape

    return escape(text)


def emit(data: bytes | str) -> None:
    """Write raw result bytes/text to stdout."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def emit_or_write(data: bytes | str, output: Path | None) -> None:
    """*data* to stdout, or atomically to the file *output* (then a note on stderr)."""
    if output is None:
        emit(data)
        return
    atomic_write_bytes(output, data.encode("utf-8") if isinstance(data, str) else data)
    stderr().print(f"wrote {output}")


def print_json(data: Any) -> None:
    """Pretty JSON on stdout."""
    emit(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def spreadsheet_cell(value: Any) -> str:
    """Cell text that a spreadsheet will not run as a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (OWASP's
    formula-injection leaders) gets a leading apostrophe, unless it is a plain number.
    """
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def rows_to_text(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    """Plain rows as csv or tsv (spreadsheet-safe cells), or as a JSON list of records."""
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[spreadsheet_cell(v) for v in row] for row in rows])
    return out.getvalue()


def print_error(message: str) -> None:
    """One red ``error:`` line on stderr."""
    stderr().print(f"[red]error:[/red] {markup_escape(message)}")
