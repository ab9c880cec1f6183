"""XLSX workbooks (openpyxl), read defensively.

An XLSX file is a zip archive of XML parts. Before openpyxl opens it, the archive's
declared sizes are checked: the parts may unpack to at most ``max_unpacked`` bytes, and no
part may claim a compression ratio beyond :data:`MAX_RATIO` (a zip bomb). Python's zip reader
never yields more bytes than a part declares, so a lying size cannot get past the check.
openpyxl parses the XML through defusedxml (no entity expansion). Formulas are read as their
text (``=SUM(…)``), so the importer refuses them instead of trusting a cached value.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from usm_kb.errors import DataError, UsageError

MAX_RATIO = 200  # unpacked / packed size of one part; real sheets stay far below


def check_archive(data: bytes, path: Path, max_unpacked: int) -> None:
    """Refuse a file that is no zip archive, or that would unpack to too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DataError(
            f"not a readable XLSX workbook ({exc})",
            path=path,
            hint="open it in a spreadsheet program and save it again as .xlsx",
        ) from exc
    total = sum(p.file_size for p in parts)
    if total > max_unpacked:
        raise DataError(
            f"the workbook unpacks to {total / 2**20:.0f} MiB; the limit is "
            f"{max_unpacked / 2**20:.0f} MiB",
            path=path,
            hint="a zip bomb, or a very large workbook: raise USM_KB_MAX_UNPACKED_BYTES if real",
        )
    for part in parts:
        if part.file_size > MAX_RATIO * max(part.compress_size, 1) and part.file_size > 2**20:
            raise DataError(
                f"part {part.filename} is compressed {part.file_size // max(part.compress_size, 1)}"
                f" to 1, more than a workbook ever is (a zip bomb)",
                path=path,
            )


def read_workbook(
    path: Path, data: bytes, sheet: str | None, max_unpacked: int, max_rows: int
) -> Iterator[tuple[int, list[Any]]]:
    """The rows of one sheet (the first, or *sheet* by name or 1-based number)."""
    check_archive(data, path, max_unpacked)
    from openpyxl import load_workbook  # deferred: only XLSX imports need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise DataError(
            f"not a readable XLSX workbook ({type(exc).__name__}: {exc})",
            path=path,
            hint="open it in a spreadsheet program and save it again as .xlsx",
        ) from exc
    rows: list[tuple[int, list[Any]]] = []
    filled = 0
    try:
        chosen = _sheet_name(list(book.sheetnames), sheet)
        for number, values in enumerate(book[chosen].iter_rows(values_only=True), 1):
            if any(v not in (None, "") for v in values):
                rows.append((number, list(values)))
                filled += 1
            if filled > max_rows + 1:
                break  # the header and one row too many: enough to refuse
    except UsageError:
        raise
    except Exception as exc:
        raise DataError(
            f"sheet {sheet or 1!r} cannot be read ({type(exc).__name__}: {exc})", path=path
        ) from exc
    finally:
        book.close()
    return iter(rows)


def _sheet_name(names: list[str], sheet: str | None) -> str:
    if not names:
        raise UsageError("the workbook has no sheets")
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return names[int(sheet) - 1]
    raise UsageError(f"no sheet {sheet!r}; the sheets are: {', '.join(names)}")
