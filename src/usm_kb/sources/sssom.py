"""SSSOM TSV mapping sets: read and check every row (the header: :mod:`sssom_header`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from usm_kb.errors import DataError
from usm_kb.files import MAX_INPUT_BYTES, check_size
from usm_kb.namespaces import mapping_iri
from usm_kb.sources.citations import citation_problem, split_see_also
from usm_kb.sources.kinds import kind_problem
from usm_kb.sources.shares import share_problem, share_sum_problems
from usm_kb.sources.sssom_header import check_meta, split_header
from usm_kb.sources.yaml_lines import load_yaml_text
from usm_kb.vocab import (
    EVIDENCE,
    ISO_DATE,
    JUSTIFICATIONS,
    RATIONALES,
    RELATION_PREDICATE,
    STATUSES,
)

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never in a sound cell
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "author_id",
    "reviewer_id",
    "mapping_date",
    "comment",
    "see_also",
    "relation",
    "rationale",
    "share",
    "evidence",
    "source",
    "status",
)
# Cells that may be empty; ``source`` is empty for the curators' own derivations (their inputs
# go to ``see_also``), see :mod:`usm_kb.sources.citations`.
OPTIONAL_COLUMNS = frozenset({"predicate_modifier", "reviewer_id", "source", "see_also"})


class Subjects(Protocol):
    """What the reader needs of the catalogue whose practices are the rows' subjects."""

    @property
    def id(self) -> str:
        """The subjects' CURIE prefix: a framework id or a workspace id."""

    @property
    def path(self) -> Path:
        """The catalogue file."""

    def practice_ids(self) -> set[str]:
        """Ids of all practices."""

    def kind_of(self, practice_id: str) -> str:
        """The kind of one practice."""


@dataclass(frozen=True)
class MappingRow:
    """One checked SSSOM row with CURIEs expanded to IRIs."""

    line: int
    values: dict[str, str]
    subject: str
    object: str
    predicate: str
    justification: str
    author: str
    reviewer: str | None
    see_also: tuple[str, ...] = ()

    @property
    def iri(self) -> str:
        """Stable mapping IRI: a hash of set, subject, predicate (+modifier) and object."""
        return mapping_iri(
            self.values["_set"],
            self.subject,
            self.predicate,
            self.values.get("predicate_modifier", ""),
            self.object,
        )


@dataclass(frozen=True)
class MappingSet:
    """A parsed and checked SSSOM mapping set."""

    path: Path
    framework: str
    meta: dict[str, Any]
    rows: tuple[MappingRow, ...] = field(default_factory=tuple)


def load_mapping_set(
    path: Path,
    catalog: Subjects,
    known_targets: Mapping[str, frozenset[str]],
    *,
    subject_base: str | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    text: str | None = None,
) -> MappingSet:
    """Parse and check one SSSOM TSV file against its catalogue and the USM elements.

    *subject_base* is the subjects' base IRI when they are not a framework's practices (a
    workspace's local practices). *text*, when given, is checked as the file's new content.
    """
    if text is None:
        check_size(path, max_bytes)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"cannot read as UTF-8 text: {exc}", path=path) from exc
    header, table, offset = split_header(text, path)
    meta = load_yaml_text(header, path)
    check_meta(meta, path, catalog.id, subject_base)
    reader = csv.DictReader(io.StringIO(table), delimiter="\t")
    missing = [
        c for c in COLUMNS if c not in (reader.fieldnames or ()) and c not in OPTIONAL_COLUMNS
    ]
    if missing:
        raise DataError(
            f"missing required column(s): {', '.join(missing)}", path=path, line=offset + 1
        )
    prefixes = meta["curie_map"]
    rows: list[MappingRow] = []
    seen: dict[tuple[str, str], int] = {}
    ids = catalog.practice_ids()  # once: a set per row made large sets quadratic
    for number, raw in _numbered_rows(reader, offset, path):
        row = _check_row(raw, number, path, prefixes, (catalog, ids), known_targets)
        key = (row.subject, row.object)
        if key in seen:
            raise DataError(
                f"duplicate row for ({raw['subject_id']}, {raw['object_id']}); "
                f"first on line {seen[key]}",
                path=path,
                line=number,
            )
        seen[key] = number
        row.values["_set"] = meta["mapping_set_id"]
        rows.append(row)
    weights = [
        (r.subject, r.line, r.values["relation"], r.values["status"], r.values["share"])
        for r in rows
    ]
    problems = sorted(share_sum_problems(weights))
    if problems:
        raise DataError(problems[0][1], path=path, line=problems[0][0])
    return MappingSet(path, catalog.id, meta, tuple(rows))


def _numbered_rows(
    reader: csv.DictReader[str], offset: int, path: Path
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The table's rows with their file line; csv's own errors become a ``DataError``."""
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = offset + reader.line_num
            if "field larger than field limit" in str(exc):
                limit = csv.field_size_limit() // 1024
                raise DataError(
                    f"a cell is larger than {limit} KiB",
                    path=path,
                    line=line,
                    hint='shorten the cell, or check for an unclosed quote (") that runs on',
                ) from exc
            raise DataError(f"malformed TSV: {exc}", path=path, line=line) from exc
        yield offset + reader.line_num, raw


def expand(curie: str, prefixes: dict[str, str], what: str, path: Path, line: int) -> str:
    """Expand a CURIE with the set's curie_map."""
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in prefixes or not local:
        raise DataError(
            f"{what} {curie!r} is not a CURIE with a declared prefix", path=path, line=line
        )
    return prefixes[prefix] + local


def _check_row(
    raw: dict[Any, Any],
    line: int,
    path: Path,
    prefixes: dict[str, str],
    subjects: tuple[Subjects, set[str]],
    known: Mapping[str, frozenset[str]],
) -> MappingRow:
    named = [v for k, v in raw.items() if k is not None]  # csv: None keys the extra cells
    extra = raw.get(None) or []
    if extra or None in named:
        given = sum(v is not None for v in named) + len(extra)
        raise DataError(
            f"the row has {given} cells, the header names {len(named)}",
            path=path,
            line=line,
            hint="cells are separated by one tab; an empty cell still needs its tab",
        )
    values = {k: v.strip() for k, v in raw.items() if k is not None and v is not None}
    for column, value in values.items():
        control = CONTROL.search(value)
        if control:
            raise DataError(
                f"{column} contains a control character (U+{ord(control.group()):04X})",
                path=path,
                line=line,
            )
    for column in COLUMNS:
        if column not in OPTIONAL_COLUMNS and not values.get(column):
            raise DataError(f"empty required cell '{column}'", path=path, line=line)

    def fail(message: str) -> DataError:
        return DataError(message, path=path, line=line)

    catalog, ids = subjects
    subject = expand(values["subject_id"], prefixes, "subject_id", path, line)
    local = subject.removeprefix(prefixes[catalog.id])
    if not subject.startswith(prefixes[catalog.id]) or local not in ids:
        raise fail(f"unknown practice {values['subject_id']!r}: not in {catalog.path.name}")
    obj = expand(values["object_id"], prefixes, "object_id", path, line)
    if obj not in known:
        raise fail(f"unknown USM target {values['object_id']!r}")
    problem = kind_problem(catalog.kind_of(local), obj, known)
    if problem:
        raise fail(f"{values['subject_id']}: {problem}")
    relation = values["relation"]
    if relation not in RELATION_PREDICATE:
        raise fail(f"relation {relation!r} is not one of {', '.join(RELATION_PREDICATE)}")
    modifier = values.get("predicate_modifier", "")
    if (
        values["predicate_id"] != RELATION_PREDICATE[relation]
        or (modifier == "Not") != (relation == "not_related")
        or modifier not in ("", "Not")
    ):
        raise fail(
            f"predicate {values['predicate_id']} {modifier} does not match relation "
            f"{relation!r} (expected {RELATION_PREDICATE[relation]})"
        )
    _vocab(values, "rationale", RATIONALES, fail)
    _vocab(values, "evidence", EVIDENCE, fail)
    _vocab(values, "status", STATUSES, fail)
    _vocab(values, "mapping_justification", JUSTIFICATIONS, fail)
    problem = share_problem(relation, values["status"], values["share"])
    if problem:
        raise fail(problem)
    try:
        confidence = float(values["confidence"])
    except ValueError:
        confidence = -1.0
    if not 0.0 <= confidence <= 1.0:
        raise fail(f"confidence {values['confidence']!r} must be a number from 0 to 1")
    if not ISO_DATE.match(values["mapping_date"]):
        raise fail(f"mapping_date {values['mapping_date']!r} must be YYYY-MM-DD")
    see_also = split_see_also(values.get("see_also", ""))
    problem = citation_problem(values["evidence"], values.get("source", ""), see_also)
    if problem:
        raise fail(problem)
    reviewer = values.get("reviewer_id") or None
    return MappingRow(
        line=line,
        values=values,
        subject=subject,
        object=obj,
        predicate=expand(values["predicate_id"], prefixes, "predicate_id", path, line),
        justification=expand(
            values["mapping_justification"], prefixes, "mapping_justification", path, line
        ),
        author=expand(values["author_id"], prefixes, "author_id", path, line),
        reviewer=expand(reviewer, prefixes, "reviewer_id", path, line) if reviewer else None,
        see_also=see_also,
    )


def _vocab(values: dict[str, str], column: str, allowed: tuple[str, ...], fail: Any) -> None:
    if values[column] not in allowed:
        raise fail(f"{column} {values[column]!r} is not one of {', '.join(allowed)}")
