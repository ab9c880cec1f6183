"""A workspace's catalogue of local practices (``practices.yaml``): read, check and write.

``usm-kb catalog import`` writes this file; a team may also edit it by hand. Each practice has
a stable ``id`` (used in its IRI and in the mapping set), a ``name`` and the ``language`` the
name and description are written in, and optionally a description, owner, team, group,
kind (default: activity) and trigger (the USM call type that starts its work).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from usm_kb.errors import DataError
from usm_kb.sources.yaml_fast import read_yaml_file
from usm_kb.sources.yaml_lines import dump_yaml_text, line_of
from usm_kb.vocab import CALL_TYPES, DEFAULT_KIND, KINDS, PRACTICE_ID, call_type_of
from usm_kb.workspace.config import LANGUAGES, PRACTICES, Workspace

FIELDS = ("id", "name", "language", "description", "owner", "team", "group", "kind", "trigger")
REQUIRED = ("id", "name", "language")
HEADER = (
    "# Local practices of this workspace (docs/workspaces.md). `usm-kb catalog import` updates\n"
    "# this file; ids are stable: mappings refer to them.\n"
)


@dataclass(frozen=True)
class LocalPractice:
    """One practice as the team carries it out, in the team's own words."""

    id: str
    name: str
    language: str
    description: str = ""
    owner: str = ""
    team: str = ""
    group: str = ""
    kind: str = DEFAULT_KIND
    trigger: str = ""  # a call type slug (vocab.CALL_TYPES), or empty

    def to_dict(self) -> dict[str, str]:
        """The practice as a YAML/JSON record (empty fields left out, kind only when set)."""
        record = {k: v for k, v in asdict(self).items() if v}
        if record.get("kind") == DEFAULT_KIND:
            del record["kind"]
        return record

    def text(self) -> str:
        """Name and description, the words suggestions are made from."""
        return f"{self.name}. {self.description}".strip()


def check_practice(
    values: dict[str, Any], where: str, path: Path, line: int | None
) -> LocalPractice:
    """A :class:`LocalPractice` from *values*, or a ``DataError`` naming *where* it fails."""
    unknown = [k for k in values if k not in FIELDS]
    if unknown:
        raise DataError(
            f"{where}: unknown field {unknown[0]!r}",
            path=path,
            line=line,
            hint="allowed: " + ", ".join(FIELDS),
        )
    clean: dict[str, str] = {}
    for key in FIELDS:
        value = values.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise DataError(f"{where}: field '{key}' must be text", path=path, line=line)
        clean[key] = " ".join(str(value).split())
    for key in REQUIRED:
        if not clean.get(key):
            raise DataError(f"{where}: missing required field '{key}'", path=path, line=line)
    if not PRACTICE_ID.match(clean["id"]):
        raise DataError(
            f"{where}: id {clean['id']!r} may only use letters, digits, '.', '_' and '-'",
            path=path,
            line=line,
        )
    if clean["language"] not in LANGUAGES:
        raise DataError(
            f"{where}: language {clean['language']!r} is not one of {', '.join(LANGUAGES)}",
            path=path,
            line=line,
        )
    if clean.setdefault("kind", DEFAULT_KIND) not in KINDS:
        raise DataError(
            f"{where}: kind {clean['kind']!r} is not one of {', '.join(KINDS)}",
            path=path,
            line=line,
        )
    if clean.get("trigger"):
        trigger = call_type_of(clean["trigger"])
        if trigger is None:
            raise DataError(
                f"{where}: trigger {clean['trigger']!r} is not a USM call type",
                path=path,
                line=line,
                hint="one of " + ", ".join(CALL_TYPES),
            )
        clean["trigger"] = trigger
    return LocalPractice(**clean)


def load_practices(workspace: Workspace) -> tuple[LocalPractice, ...]:
    """The workspace's practices (none when the file does not exist yet)."""
    path = workspace.path(PRACTICES)
    if not path.is_file():
        return ()
    doc = read_yaml_file(path)  # read-only: the fast reader when the file is clean
    if doc is None:
        return ()
    entries = doc.get("practices") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise DataError("expected a mapping with a 'practices' list", path=path, line=1)
    seen: dict[str, int | None] = {}
    result = []
    for number, entry in enumerate(entries, 1):
        line = line_of(entry)
        if not isinstance(entry, dict):
            raise DataError(f"practice {number} must be a mapping", path=path, line=line)
        practice = check_practice(dict(entry), f"practice {number}", path, line)
        if practice.id in seen:
            raise DataError(
                f"duplicate id {practice.id!r} (first on line {seen[practice.id]})",
                path=path,
                line=line,
            )
        seen[practice.id] = line
        result.append(practice)
    return tuple(result)


def practices_text(practices: tuple[LocalPractice, ...] | list[LocalPractice]) -> str:
    """The text of ``practices.yaml`` for *practices* (in the given order)."""
    return HEADER + dump_yaml_text({"practices": [p.to_dict() for p in practices]})
