"""A workspace's mapping set (``mappings.sssom.tsv``): the shipped sets' SSSOM format.

The subjects are the workspace's local practices (prefix: the workspace id); the rows are
read by the same strict reader as the shipped sets (:mod:`usm_kb.sources.sssom`), so a bad
row is refused with ``file:line`` and a hint.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from usm_kb.files import read_utf8
from usm_kb.namespaces import local_practice_base, workspace_set_iri
from usm_kb.sources.sssom import COLUMNS, MappingSet, load_mapping_set
from usm_kb.sources.sssom_header import EXTENSIONS, curie_map_for, split_header
from usm_kb.sources.yaml_lines import dump_yaml_text
from usm_kb.workspace.config import MAPPINGS, PRACTICES, Workspace
from usm_kb.workspace.practices import LocalPractice

LICENSE = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class WorkspaceCatalogue:
    """The workspace's practices as the SSSOM reader needs them (its ``Subjects``)."""

    id: str
    path: Path
    practices: tuple[LocalPractice, ...]

    @cached_property
    def _kinds(self) -> dict[str, str]:
        """Practice id -> kind (one pass: a mapping set asks for every row)."""
        return {p.id: p.kind for p in self.practices}

    def practice_ids(self) -> set[str]:
        """Ids of all practices."""
        return set(self._kinds)

    def kind_of(self, practice_id: str) -> str:
        """The kind of one local practice."""
        return self._kinds[practice_id]


def set_header(workspace: Workspace, date: str) -> str:
    """The '#' YAML metadata block of the workspace's mapping set."""
    meta = {
        "curie_map": curie_map_for(workspace.id, local_practice_base(workspace.id)),
        "mapping_set_id": workspace_set_iri(workspace.id),
        "mapping_set_title": f"{workspace.name}: local practices mapped onto USM",
        "mapping_set_description": (
            f"Where the local practices of {workspace.name} live in USM, as the team decided "
            "them (usm-kb map accept / reject / review)."
        ),
        "license": LICENSE,
        "creator_id": [f"agent:{workspace.id}"],
        "mapping_date": date,
        "extension_definitions": [
            {"slot_name": n, "property": p, "type_hint": t} for n, p, t in EXTENSIONS
        ],
    }
    return "".join(f"# {line}\n" for line in dump_yaml_text(meta).splitlines())


def set_text(header: str, rows: list[dict[str, str]]) -> str:
    """SSSOM TSV text: *header*, the column line and *rows* (sorted by subject, object)."""
    out = io.StringIO()
    out.write(header)
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in sorted(rows, key=lambda r: (r["subject_id"], r["object_id"])):
        writer.writerow([row.get(c, "") for c in COLUMNS])
    return out.getvalue()


def load_workspace_mappings(
    workspace: Workspace,
    practices: tuple[LocalPractice, ...],
    targets: Mapping[str, frozenset[str]],
    *,
    text: str | None = None,
) -> MappingSet | None:
    """The workspace's checked mapping set (None when the file does not exist).

    *text* checks a new content for the file before it is written.
    """
    path = workspace.path(MAPPINGS)
    if text is None and not path.is_file():
        return None
    subjects = WorkspaceCatalogue(workspace.id, workspace.path(PRACTICES), practices)
    return load_mapping_set(
        path, subjects, targets, subject_base=local_practice_base(workspace.id), text=text
    )


def read_set(workspace: Workspace) -> tuple[str, list[dict[str, str]]]:
    """The mapping set file as its header text and its rows (cells by column name)."""
    path = workspace.path(MAPPINGS)
    text = read_utf8(path)
    header, table, _count = split_header(text, path)
    head = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    rows = list(csv.DictReader(io.StringIO(table), delimiter="\t"))
    return head, [{k: v or "" for k, v in row.items() if k is not None} for row in rows]


def drop_subjects(workspace: Workspace, ids: set[str]) -> tuple[str | None, int]:
    """The set's text without the rows of practices *ids*, and how many rows went."""
    if not ids or not workspace.path(MAPPINGS).is_file():
        return None, 0
    header, rows = read_set(workspace)
    gone = {f"{workspace.id}:{i}" for i in ids}
    kept = [r for r in rows if r.get("subject_id") not in gone]
    if len(kept) == len(rows):
        return None, 0
    return set_text(header, kept), len(rows) - len(kept)


def has_rows(workspace: Workspace) -> bool:
    """True when the workspace's mapping set exists and holds at least one row."""
    if not workspace.path(MAPPINGS).is_file():
        return False
    return bool(read_set(workspace)[1])
