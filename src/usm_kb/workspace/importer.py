"""``usm-kb catalog import FILE``: a team's catalogue into the workspace, updated in place.

The file is read (:mod:`~usm_kb.workspace.tables`), its columns found
(:mod:`~usm_kb.workspace.columns`) and every row checked before anything is written. Ids are
stable: the id column when there is one; otherwise a practice keeps the id it got before
under the same name, and a new one gets its name as a slug. The report says which practices
were added, changed and removed; the mapping rows of removed practices are dropped with them.
``practices.yaml`` (and, if rows were dropped, ``mappings.sssom.tsv``) are written only when
everything passed, each through a temp file and a rename.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from usm_kb.errors import DataError
from usm_kb.files import atomic_write_bytes
from usm_kb.vocab import CALL_TYPES, KINDS, PRACTICE_ID, call_type_of
from usm_kb.workspace.columns import ColumnMap, map_columns
from usm_kb.workspace.config import MAPPINGS, PRACTICES, Workspace
from usm_kb.workspace.language import detect_language, language_of_word
from usm_kb.workspace.mappings import drop_subjects, has_rows, load_workspace_mappings
from usm_kb.workspace.practices import LocalPractice, load_practices, practices_text
from usm_kb.workspace.slugs import slug
from usm_kb.workspace.tables import Limits, Table, column_letter, read_table

# Words a kind column may use, English and Dutch, for each kind of entry (vocab.KINDS).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "activity": ("activity", "activiteit", "procedure", "proces", "process", "werkwijze", "taak"),
    "role": ("role", "rol", "functie"),
    "body": ("body", "team", "overleg", "board", "gremium", "afdeling"),
    "artefact": ("artefact", "artifact", "document", "register", "product", "lijst"),
    "value": ("value", "waarde", "principe", "principle"),
    "metric": ("metric", "kpi", "meetwaarde", "indicator"),
    "event": ("event", "gebeurtenis", "melding", "alert"),
}
Targets = Callable[[], Mapping[str, frozenset[str]]]


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or would do, with ``dry_run``)."""

    file: str
    columns: dict[str, str]
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    dropped_mappings: int
    written: bool
    practices: tuple[LocalPractice, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (without the practices themselves)."""
        return {
            "file": self.file,
            "columns": self.columns,
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
            "unchanged": self.unchanged,
            "dropped_mappings": self.dropped_mappings,
            "written": self.written,
        }


def import_catalogue(
    workspace: Workspace,
    file: Path,
    limits: Limits,
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    targets: Targets | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Read *file* into the workspace's catalogue; nothing is written unless all is well.

    *targets* gives the USM elements (with classes) to re-check kept mapping rows against,
    when the workspace has rows (a kind that changed may no longer fit its target).
    """
    table = read_table(file, limits, sheet)
    mapped = map_columns(table, columns or {})
    old = load_practices(workspace)
    new = _practices(table, mapped, old, workspace.language)
    old_by_id = {p.id: p for p in old}
    new_ids = {p.id for p in new}
    removed = tuple(p.id for p in old if p.id not in new_ids)
    mappings_text, dropped = drop_subjects(workspace, set(removed))
    if targets is not None and has_rows(workspace):
        _recheck(workspace, new, mappings_text, targets)
    report = ImportReport(
        file=str(file),
        columns=mapped.describe(),
        added=tuple(p.id for p in new if p.id not in old_by_id),
        changed=tuple(p.id for p in new if p.id in old_by_id and old_by_id[p.id] != p),
        removed=removed,
        unchanged=sum(1 for p in new if old_by_id.get(p.id) == p),
        dropped_mappings=dropped,
        written=not dry_run,
        practices=new,
    )
    if not dry_run:
        if dropped and mappings_text is not None:
            atomic_write_bytes(workspace.path(MAPPINGS), mappings_text.encode("utf-8"))
        atomic_write_bytes(workspace.path(PRACTICES), practices_text(new).encode("utf-8"))
    return report


def _recheck(
    workspace: Workspace,
    practices: tuple[LocalPractice, ...],
    mappings_text: str | None,
    targets: Targets,
) -> None:
    """The kept mapping rows must still be valid for the new practices (kinds may change)."""
    load_workspace_mappings(workspace, practices, targets(), text=mappings_text)


def _practices(
    table: Table, columns: ColumnMap, old: tuple[LocalPractice, ...], default_language: str
) -> tuple[LocalPractice, ...]:
    """One checked practice per row, with a stable id."""
    by_name = {slug(p.name): p.id for p in old}
    first_row: dict[str, int] = {}
    result = []
    has_id = "id" in columns.index
    for number, cells in table.rows:

        def cell(name: str, cells: tuple[str, ...] = cells) -> str:
            index = columns.index.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        def where(name: str, number: int = number) -> str:
            index = columns.index[name]
            label = table.header[index] if index < len(table.header) else ""
            if table.row_word == "row":
                return f"row {number}, column {column_letter(index)} {label!r}"
            return f"{table.row_word} {number}, field {label!r}"

        name = cell("name")
        if not name:
            raise DataError(
                f"{where('name')}: the name is empty", path=table.path, hint="give every row a name"
            )
        ident = _id(cell("id"), name, has_id, by_name, where, table.path)
        if ident in first_row:
            raise DataError(
                f"{where('id' if has_id else 'name')}: id {ident!r} is used again "
                f"(first on {table.row_word} {first_row[ident]})",
                path=table.path,
                hint="ids (or, without an id column, names) must be unique",
            )
        first_row[ident] = number
        description = cell("description")
        language = (
            language_of_word(cell("language"), table.path, where("language"))
            if cell("language")
            else detect_language(f"{name} {description}", default_language)
        )
        result.append(
            LocalPractice(
                id=ident,
                name=name,
                language=language,
                description=description,
                owner=cell("owner"),
                team=cell("team"),
                group=cell("group"),
                kind=_kind(cell("kind"), where, table.path) if cell("kind") else "activity",
                trigger=_trigger(cell("trigger"), where, table.path) if cell("trigger") else "",
            )
        )
    if not result:
        raise DataError("the file has a header but no practices", path=table.path)
    return tuple(result)


def _id(
    given: str,
    name: str,
    has_id: bool,
    by_name: dict[str, str],
    where: Callable[[str], str],
    path: Path,
) -> str:
    if has_id:
        if not given:
            raise DataError(f"{where('id')}: the id is empty", path=path)
        ident = given if PRACTICE_ID.match(given) else slug(given)
        if not ident:
            raise DataError(f"{where('id')}: id {given!r} has no letters or digits", path=path)
        return ident
    base = slug(name) or "practice"
    return by_name.get(base, base)


def _kind(word: str, where: Callable[[str], str], path: Path) -> str:
    folded = word.casefold()
    for kind, words in KIND_WORDS.items():
        if folded == kind or folded in words:
            return kind
    raise DataError(
        f"{where('kind')}: kind {word!r} is not one of {', '.join(KINDS)}",
        path=path,
        hint="or a Dutch word for one: activiteit, rol, team, document, waarde, kpi, melding",
    )


def _trigger(word: str, where: Callable[[str], str], path: Path) -> str:
    found = call_type_of(word)
    if found is None:
        raise DataError(
            f"{where('trigger')}: trigger {word!r} is not a USM call type",
            path=path,
            hint="one of " + ", ".join(CALL_TYPES) + " (or change, request, verstoring, …)",
        )
    return found
