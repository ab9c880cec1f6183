"""Read a team's catalogue file into a table of text cells, refusing hostile or broken input.

CSV (any of ``,`` ``;`` tab, encoding detected: UTF-8 with or without BOM, cp1252 …), XLSX
(``--sheet``), YAML and JSON. Every refusal is a ``DataError`` with the file, the row and,
where there is one, the column; nothing is written. Limits (settings): the file's size, the
number of rows, a cell's length, and what an XLSX file may unpack to (zip bombs). YAML anchors
and aliases (YAML bombs) are refused by the YAML reader.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from usm_kb.errors import DataError, UsageError
from usm_kb.files import check_size
from usm_kb.sources.yaml_lines import line_of, load_yaml_text
from usm_kb.workspace.encoding import decode_text
from usm_kb.workspace.workbook import read_workbook

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
YAML_SUFFIXES = (".yaml", ".yml")
FILE_KINDS = "CSV (.csv, .tsv), XLSX (.xlsx), YAML (.yaml, .yml) or JSON (.json)"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_LEADERS = ("=", "+", "@")
DELIMITERS = ("\t", ";", ",")  # the most frequent in the first lines separates the cells
SNIFF_LINES = 20


@dataclass(frozen=True)
class Limits:
    """How much one import may read (from the settings)."""

    max_bytes: int
    max_rows: int
    max_cell_chars: int
    max_unpacked_bytes: int


@dataclass(frozen=True)
class Table:
    """A catalogue as text: its header cells and its data rows with their file row numbers."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    row_word: str = "row"  # how a position is named: a spreadsheet row or a file line


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: Path, limits: Limits, sheet: str | None = None) -> Table:
    """The table in *path*, by its suffix; ``DataError`` on anything unreadable."""
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, *XLSX_SUFFIXES, *YAML_SUFFIXES, ".json"):
        raise UsageError(f"{path}: unknown file type {suffix or '(none)'!r}; use {FILE_KINDS}")
    if sheet is not None and suffix not in XLSX_SUFFIXES:
        raise UsageError("--sheet applies to XLSX workbooks only")
    check_size(path, limits.max_bytes)
    data = path.read_bytes()
    if not data.strip():
        raise DataError("the file is empty", path=path, hint="fill in a header row and rows")
    if suffix in XLSX_SUFFIXES:
        rows = read_workbook(path, data, sheet, limits.max_unpacked_bytes, limits.max_rows)
        return _grid(path, rows, limits)
    text = decode_text(data, path)
    if suffix in TEXT_SUFFIXES:
        return _grid(path, _csv_rows(text, path), limits)
    records = _load_records(text, path, suffix)
    return _records(path, records, limits)


def _csv_rows(text: str, path: Path) -> Iterator[tuple[int, list[Any]]]:
    sample = [line for line in text.splitlines()[:SNIFF_LINES] if line.strip()]
    delimiter = max(DELIMITERS, key=lambda d: sum(line.count(d) for line in sample))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataError(f"row {reader.line_num}: malformed CSV: {exc}", path=path) from exc
        yield reader.line_num, cells


def _grid(path: Path, rows: Iterable[tuple[int, list[Any]]], limits: Limits) -> Table:
    """Header = the first non-blank row; data rows below it, blank rows skipped."""
    header: tuple[str, ...] | None = None
    data: list[tuple[int, tuple[str, ...]]] = []
    for number, raw in rows:
        cells = tuple(
            _cell(v, f"row {number}, column {column_letter(i)}", path, limits)
            for i, v in enumerate(raw)
        )
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        if any(cells[len(header) :]):
            raise DataError(
                f"row {number}: column {column_letter(len(header))} has a value but no header",
                path=path,
                hint="give the column a header, or quote a cell that holds the separator",
            )
        if len(data) >= limits.max_rows:
            raise DataError(
                f"row {number}: more than {limits.max_rows} practices",
                path=path,
                hint="split the catalogue, or raise USM_KB_MAX_IMPORT_ROWS",
            )
        data.append((number, cells))
    if header is None:
        raise DataError("the file holds no rows", path=path, hint="fill in a header row and rows")
    return Table(path, header, tuple(data))


def _cell(value: Any, where: str, path: Path, limits: Limits) -> str:
    """One cell as clean text; a formula, control character or oversized cell is refused.

    *where* names the cell for messages (``row 5, column C``; ``entry 3, field 'name'``).
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > limits.max_cell_chars:
        raise DataError(
            f"{where}: the cell has {len(text)} characters; the limit is {limits.max_cell_chars}",
            path=path,
            hint="shorten it, or raise USM_KB_MAX_CELL_CHARS",
        )
    if text.startswith(FORMULA_LEADERS):
        raise DataError(
            f"{where}: the cell starts with {text[0]!r} and looks like a spreadsheet formula",
            path=path,
            hint="usm-kb reads text, never formulas: type the value itself",
        )
    if control := CONTROL.search(text):
        raise DataError(
            f"{where}: the cell holds a control character (U+{ord(control.group()):04X})",
            path=path,
        )
    return " ".join(text.split())


def _load_records(text: str, path: Path, suffix: str) -> list[tuple[int, Any]]:
    """YAML or JSON: a list of mappings, or a mapping with a ``practices`` list."""
    if suffix == ".json":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(f"JSON syntax error: {exc.msg}", path=path, line=exc.lineno) from exc
        except RecursionError as exc:
            raise DataError("JSON nested too deeply", path=path) from exc
    else:
        doc = load_yaml_text(text, path)
    if isinstance(doc, dict) and "practices" in doc:
        doc = doc["practices"]
    if not isinstance(doc, list):
        raise DataError(
            "expected a list of practices (or a mapping with a 'practices' list)",
            path=path,
            line=1,
        )
    return [(number, item) for number, item in enumerate(doc, 1)]


def _records(path: Path, records: list[tuple[int, Any]], limits: Limits) -> Table:
    """Records (YAML/JSON) as a table: the header is every key, in order of appearance."""
    if len(records) > limits.max_rows:
        raise DataError(f"more than {limits.max_rows} practices", path=path)
    header: list[str] = []
    for number, item in records:
        if not isinstance(item, dict):
            raise DataError(f"{_entry(number, item)}: not a mapping of field to value", path=path)
        for key in item:
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise DataError(f"{_entry(number, item)}: field names must be text", path=path)
            if str(key) not in header:
                header.append(str(key))
    rows = []
    for number, item in records:
        values = []
        for name in header:
            value = item.get(name)
            where = f"{_entry(number, item)}, field {name!r}"
            if isinstance(value, dict | list):
                raise DataError(f"{where}: must be text, not a {type(value).__name__}", path=path)
            values.append(_cell(value, where, path, limits))
        rows.append((number, tuple(values)))
    return Table(path, tuple(header), tuple(rows), row_word="entry")


def _entry(number: int, item: Any) -> str:
    """How an entry of a YAML or JSON list is named: its YAML line when known."""
    line = line_of(item)
    return f"entry {number} (line {line})" if line else f"entry {number}"
