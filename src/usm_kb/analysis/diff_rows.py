"""The mapping rows a diff compares, read from one SSSOM TSV file on its own.

A lone file has no catalogue and no KB beside it, so this reader checks what the diff
compares — the header's prefixes, the columns, each row's subject and object CURIEs,
relation, share, confidence, status, rationale and evidence, one row per (subject, object) —
and not whether the practices exist or a target suits a practice's kind (``usm-kb validate``
and the workspace compile check those). A bad row is refused with ``file:line``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from usm_kb.errors import DataError
from usm_kb.files import read_utf8
from usm_kb.namespaces import process_iri
from usm_kb.sources.shares import share_problem
from usm_kb.sources.sssom import CONTROL, expand
from usm_kb.sources.sssom_header import split_header
from usm_kb.sources.yaml_lines import load_yaml_text
from usm_kb.vocab import EVIDENCE, PROCESSES, RATIONALES, RELATION_PREDICATE, STATUSES, is_placement

# The columns a diff reads; the others (labels aside) are bookkeeping: who, when, why in words.
REQUIRED = ("subject_id", "object_id", "relation", "share", "confidence", "status")
COMPARED = (
    "relation",
    "share",
    "confidence",
    "status",
    "rationale",
    "evidence",
    "source",
    "see_also",
)
VOCABULARIES = {
    "relation": tuple(RELATION_PREDICATE),
    "status": STATUSES,
    "rationale": RATIONALES,
    "evidence": EVIDENCE,
}


@dataclass(frozen=True)
class RowState:
    """What a mapping row says about its (practice, target) pair."""

    relation: str
    share: int
    confidence: float
    status: str
    rationale: str
    evidence: str
    source: str
    see_also: tuple[str, ...]

    @property
    def weight(self) -> float:
        """``share / 100 × confidence`` when the row places its practice, else 0."""
        if not is_placement(self.relation, self.status):
            return 0.0
        return round(self.share / 100 * self.confidence, 4)


@dataclass(frozen=True)
class Row:
    """One row of a mapping set, keyed by its practice's local id and its target's IRI."""

    practice: str  # the subject's local id (without the set's subject prefix)
    target: str  # the object's IRI
    subject_id: str  # the subject as the file writes it (a CURIE)
    object_id: str
    practice_label: str
    target_label: str
    state: RowState

    @property
    def key(self) -> tuple[str, str]:
        """(practice id, target IRI): one row per pair in a set."""
        return (self.practice, self.target)


def read_rows(path: Path, text: str | None = None) -> tuple[Row, ...]:
    """The rows of the SSSOM TSV file *path* (or of *text*, read as that file)."""
    if text is None:
        text = read_utf8(path)
    header, table, offset = split_header(text, path)
    meta = load_yaml_text(header, path)
    prefixes = meta.get("curie_map") if isinstance(meta, dict) else None
    if not isinstance(prefixes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in prefixes.items()
    ):
        raise DataError(
            "the metadata header has no curie_map (prefix: IRI)",
            path=path,
            line=1,
            hint="a usm-kb mapping set starts with a '#' YAML header; see docs/data-formats.md",
        )
    reader = csv.DictReader(io.StringIO(table), delimiter="\t")
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        raise DataError(
            f"missing required column(s): {', '.join(missing)}", path=path, line=offset + 1
        )
    rows: dict[tuple[str, str], tuple[int, Row]] = {}
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = offset + reader.line_num
            raise DataError(f"malformed TSV: {exc}", path=path, line=line) from exc
        line = offset + reader.line_num
        row = _row(raw, line, path, dict(prefixes))
        if row.key in rows:
            raise DataError(
                f"duplicate row for ({row.subject_id}, {row.object_id}); "
                f"first on line {rows[row.key][0]}",
                path=path,
                line=line,
            )
        rows[row.key] = (line, row)
    return tuple(row for _, row in rows.values())


def _row(raw: dict[str | None, object], line: int, path: Path, prefixes: dict[str, str]) -> Row:
    if raw.get(None) or any(v is None for k, v in raw.items() if k is not None):
        raise DataError(
            "the row's cells do not match the header's columns",
            path=path,
            line=line,
            hint="cells are separated by one tab; an empty cell still needs its tab",
        )
    values = {k: str(v).strip() for k, v in raw.items() if k is not None}
    for column, value in values.items():
        if CONTROL.search(value):
            raise DataError(f"{column} contains a control character", path=path, line=line)
    for column in REQUIRED:
        if not values.get(column):
            raise DataError(f"empty required cell '{column}'", path=path, line=line)
    for column, allowed in VOCABULARIES.items():
        if values.get(column) and values[column] not in allowed:
            raise DataError(
                f"{column} {values[column]!r} is not one of {', '.join(allowed)}",
                path=path,
                line=line,
            )
    problem = share_problem(values["relation"], values["status"], values["share"])
    if problem:
        raise DataError(problem, path=path, line=line)
    try:
        confidence = float(values["confidence"])
    except ValueError:
        confidence = -1.0
    if not 0.0 <= confidence <= 1.0:
        raise DataError(
            f"confidence {values['confidence']!r} must be a number from 0 to 1",
            path=path,
            line=line,
        )
    subject = values["subject_id"]
    expand(subject, prefixes, "subject_id", path, line)  # a CURIE with a declared prefix
    state = RowState(
        values["relation"],
        int(values["share"]),
        confidence,
        values["status"],
        values.get("rationale", ""),
        values.get("evidence", ""),
        values.get("source", ""),
        tuple(sorted(values.get("see_also", "").split())),
    )
    return Row(
        subject.partition(":")[2],
        expand(values["object_id"], prefixes, "object_id", path, line),
        subject,
        values["object_id"],
        values.get("subject_label", ""),
        values.get("object_label", ""),
        state,
    )


def process_weights(rows: tuple[Row, ...]) -> dict[str, float]:
    """Per process IRI (USM's order) the summed weights of the rows placed there."""
    found = {process_iri(slug): 0.0 for slug in PROCESSES}
    for row in rows:
        if row.target in found:
            found[row.target] += row.state.weight
    return {iri: round(total, 4) for iri, total in found.items()}
