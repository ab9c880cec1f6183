"""A report as an XLSX workbook (openpyxl): a sheet per table, numbers as numbers.

Sheets: ``About`` (the report's facts), ``Contents`` (every part's summary and which sheet
holds each of its tables), ``Heatmap`` and ``Workflows`` (when the report has coverage), then
one sheet per table. Each sheet's first row is its bold, frozen header.

No cell is ever a formula: a text that a spreadsheet would run (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is stored as a string cell with Excel's
"quote prefix" style, so it shows as typed and is never evaluated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from usm_kb import __version__
from usm_kb.analysis.model import Coverage
from usm_kb.reports.model import Report
from usm_kb.reports.svg import HIGH, LOW, SCORE_COLUMN

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

LEADERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d{1,15}(\.\d{1,15})?")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XLSX XML
MAX_CELL = 32767  # Excel's limit of characters in a cell
SHEET_NAME = 31
NOT_IN_NAMES = re.compile(r"[\[\]:*?/\\]")
MAX_WIDTH = 60

Value = str | int | float


def cell_value(text: Value) -> Value:
    """A number, or a text that is one (``42.0``), as a number; other texts cleaned.

    Characters XLSX cannot hold are dropped and the text is cut to Excel's cell limit.
    """
    if not isinstance(text, str):
        return text
    if NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return CONTROL.sub("", text)[:MAX_CELL]


def is_formula_like(value: Value) -> bool:
    """True for a text a spreadsheet would run as a formula (OWASP's leaders)."""
    return isinstance(value, str) and value.startswith(LEADERS)


def put_row(sheet: Worksheet, row: int, values: Sequence[Value], *, bold: bool = False) -> None:
    """Write *values* into *row* of *sheet*: never as a formula."""
    from openpyxl.styles import Font

    for column, raw in enumerate(values, start=1):
        value = cell_value(raw)
        cell = sheet.cell(row=row, column=column)
        cell.value = value  # openpyxl would take a text starting with "=" as a formula …
        if is_formula_like(value):
            cell.data_type = "s"  # … so it is set back to a plain string
            cell.quotePrefix = True
        if bold:
            cell.font = Font(bold=True)


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid sheet name for *title* not in *taken*: 31 characters, no ``[]:*?/`` or backslash."""
    base = NOT_IN_NAMES.sub(" ", title).strip(" '")[:SHEET_NAME] or "Sheet"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        suffix = f" {n}"
        name = base[: SHEET_NAME - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def table_sheet(
    book: Workbook,
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Value]],
    taken: set[str],
) -> Worksheet:
    """A sheet with a bold frozen header row and *rows* under it, columns sized to fit."""
    sheet = book.create_sheet(sheet_name(title, taken))
    put_row(sheet, 1, columns, bold=True)
    for n, row in enumerate(rows, start=2):
        put_row(sheet, n, row)
    sheet.freeze_panes = "A2"
    for n, column in enumerate(columns):
        longest = max([len(column), *(len(str(r[n])) for r in rows if n < len(r))])
        letter = sheet.cell(row=1, column=n + 1).column_letter
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, longest + 2)
    return sheet


def _heatmap(book: Workbook, found: Coverage, taken: set[str]) -> None:
    from openpyxl.formatting.rule import ColorScaleRule

    columns = ["process", SCORE_COLUMN, *found.columns]
    rows: list[list[Value]] = [
        [p.verb, p.score, *row.cells] for p, row in zip(found.processes, found.matrix, strict=True)
    ]
    sheet = table_sheet(book, "Heatmap", columns, rows, taken)
    sheet.freeze_panes = "B2"
    low, high = "{:02X}{:02X}{:02X}".format(*LOW), "{:02X}{:02X}{:02X}".format(*HIGH)
    last = len(rows) + 1
    for n in range(2, len(columns) + 1):
        letter = sheet.cell(row=1, column=n).column_letter
        top = {"end_type": "num", "end_value": 100} if n == 2 else {"end_type": "max"}
        rule = ColorScaleRule(
            start_type="num", start_value=0, start_color=low, end_color=high, **top
        )
        sheet.conditional_formatting.add(f"{letter}2:{letter}{max(2, last)}", rule)


def _workflows(book: Workbook, found: Coverage, taken: set[str]) -> None:
    rows: list[list[Value]] = [
        [
            w.label,
            w.call_type.rsplit("/", 1)[-1],
            s.index,
            s.verb,
            "yes" if s.covered else "no",
            s.score,
        ]
        for w in found.workflows
        for s in w.steps
    ]
    columns = ["workflow", "call type", "step", "process", "covered", "score"]
    table_sheet(book, "Workflows", columns, rows, taken)


def render_xlsx(report: Report) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    book.properties.title = report.title
    book.properties.creator = f"usm-kb {__version__}"
    about = [
        ["report", report.title],
        ["workspace", report.workspace],
        ["generated", report.generated],
        ["compared with", ", ".join(report.against) or "(none)"],
    ]
    table_sheet(book, "About", ["item", "value"], about, taken)
    contents_at = len(taken)
    found = report.coverage
    if found is not None:
        _heatmap(book, found, taken)
        _workflows(book, found, taken)
    contents: list[list[Value]] = []
    for part in report.parts:
        for section in part.sections:
            rows = section.rows or ((section.empty,),)
            sheet = table_sheet(book, section.title, section.columns, rows, taken)
            contents.append([part.title, section.title, sheet.title, part.summary])
    sheet = table_sheet(book, "Contents", ["part", "table", "sheet", "summary"], contents, taken)
    book.move_sheet(sheet, offset=contents_at - len(book.sheetnames) + 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
