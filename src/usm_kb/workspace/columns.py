"""Which column holds what: header words in English and Dutch, or ``--columns id=…,name=…``.

A header names a field when its words (case, accents and punctuation ignored) are one of the
field's names, or start with one: ``Naam procedure`` is the name, ``Eigenaar (rol)`` the
owner. Two columns claiming one field, or no name column at all, are errors that list the
headers and say how to choose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from usm_kb.errors import DataError, UsageError
from usm_kb.workspace.tables import Table, column_letter

# field -> header words that name it (English, Dutch), compared as plain lower-case words
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "nr", "no", "nummer", "number", "code", "kenmerk", "identifier", "ref", "key"),
    "name": (
        "name",
        "naam",
        "titel",
        "title",
        "procedure",
        "practice",
        "werkwijze",
        "proces",
        "process",
        "activiteit",
        "activity",
    ),
    "description": (
        "description",
        "omschrijving",
        "beschrijving",
        "toelichting",
        "summary",
        "samenvatting",
        "purpose",
        "doel",
        "details",
    ),
    "owner": (
        "owner",
        "eigenaar",
        "proceseigenaar",
        "process owner",
        "verantwoordelijke",
        "verantwoordelijk",
        "accountable",
    ),
    "team": ("team", "afdeling", "department", "unit", "organisatieonderdeel", "sectie"),
    "group": ("group", "groep", "categorie", "category", "cluster", "thema", "theme"),
    "language": ("language", "taal", "lang"),
    "kind": ("kind", "soort", "type", "aard"),
    "trigger": ("trigger", "call type", "calltype", "aanleiding", "meldingsoort", "soort melding"),
}
FIELDS = tuple(HEADERS)


def words(text: str) -> str:
    """Lower-case words of *text*, accents and punctuation dropped, one space between."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", plain))


@dataclass(frozen=True)
class ColumnMap:
    """Field -> 0-based column index, and how each was chosen."""

    index: dict[str, int]
    header: tuple[str, ...]

    def describe(self) -> dict[str, str]:
        """Field -> ``C (Naam)``, for the import report."""
        return {f: f"{column_letter(i)} ({self.header[i]})" for f, i in sorted(self.index.items())}


def parse_columns(text: str | None) -> dict[str, str]:
    """``id=Nr,name=Titel`` -> {field: header or column letter}; a ``UsageError`` if malformed."""
    if not text:
        return {}
    chosen: dict[str, str] = {}
    for part in text.split(","):
        field, sep, column = (s.strip() for s in part.partition("="))
        if not sep or not column:
            raise UsageError(f"--columns: {part!r} is not FIELD=HEADER")
        if field not in HEADERS:
            raise UsageError(f"--columns: unknown field {field!r}; fields: {', '.join(FIELDS)}")
        chosen[field] = column
    return chosen


def map_columns(table: Table, chosen: Mapping[str, str]) -> ColumnMap:
    """Decide the column of each field: *chosen* first, then the header words."""
    header = table.header
    index: dict[str, int] = {}
    for field, column in chosen.items():
        index[field] = _column_named(table, column, field)
    for position, cell in enumerate(header):
        if position in index.values():
            continue
        found = _field_of(cell)
        if found is None or found in chosen:
            continue
        if found in index:
            first = index[found]
            raise DataError(
                f"columns {column_letter(first)} ({header[first]}) and "
                f"{column_letter(position)} ({cell}) both look like the {found} column",
                path=table.path,
                hint=f"choose one with --columns {found}=HEADER",
            )
        index[found] = position
    if "name" not in index:
        raise DataError(
            "no name column; the headers are: " + ", ".join(repr(h) for h in header if h),
            path=table.path,
            hint="head the column 'name' or 'naam', or pass --columns name=HEADER",
        )
    return ColumnMap(index, header)


def _field_of(cell: str) -> str | None:
    text = words(cell)
    if not text:
        return None
    for field, names in HEADERS.items():
        if text in names:
            return field
    for field, names in HEADERS.items():
        if any(text.startswith(name + " ") for name in names):
            return field
    return None


def _column_named(table: Table, column: str, field: str) -> int:
    """A header (any case) or a column letter."""
    wanted = words(column)
    for position, cell in enumerate(table.header):
        if words(cell) == wanted:
            return position
    if column.isalpha() and column.isupper() and len(column) <= 2:
        for position in range(len(table.header)):
            if column_letter(position) == column:
                return position
    raise DataError(
        f"--columns {field}={column}: no such column; the headers are: "
        + ", ".join(repr(h) for h in table.header if h),
        path=table.path,
    )
