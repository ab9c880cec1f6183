"""Every mapping record of the KB, read once per KB: what the model pages show about practices.

The weight is read by its name in ``vocab.MAPPING_WEIGHT`` (the ``usm:`` property of that
name), so a move to another weight column changes nothing here. Records that do not place
their practice (``not_related`` or ``deprecated``; ``vocab.is_placement``) are kept with
``placed`` false: a practice page shows them, the process pages and heatmaps do not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from usm_kb.catalogue.crosswalk import placement_value
from usm_kb.explorer.base import PageQuery, Weight, bound_query, evidence_name, select, text
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import MAPPING_WEIGHT

RECORDS = f"""
SELECT ?mapping ?practice ?notation ?label ?framework ?framework_id ?framework_title ?process
       ?verb ?relation ?weight ?confidence ?rationale ?evidence ?source ?status ?comment ?placed
WHERE {{
  ?mapping a usm:Mapping ;
           usm:mappingSubject ?practice ;
           usm:mappingObject ?process ;
           usm:relation ?relation .
  ?practice usm:framework ?framework ; skos:notation ?notation .
  ?framework dcterms:identifier ?framework_id .
  OPTIONAL {{ ?framework rdfs:label ?framework_title }}
  OPTIONAL {{ ?practice rdfs:label ?label
             FILTER(langMatches(LANG(?label), "en") || LANG(?label) = "") }}
  OPTIONAL {{ ?process usm:verbLabel ?verb }}
  OPTIONAL {{ ?mapping usm:{MAPPING_WEIGHT} ?weight }}
  OPTIONAL {{ ?mapping usm:confidence ?confidence }}
  OPTIONAL {{ ?mapping usm:rationale ?rationale }}
  OPTIONAL {{ ?mapping usm:evidence ?evidence }}
  OPTIONAL {{ ?mapping usm:evidenceSource ?source }}
  OPTIONAL {{ ?mapping usm:status ?status }}
  OPTIONAL {{ ?mapping rdfs:comment ?comment }}
  BIND(EXISTS {{ ?mapping a usm:Placement }} AS ?placed)
}}
ORDER BY ?framework_id ?notation ?process
"""


@dataclass(frozen=True)
class Record:
    """One mapping record: practice → process, with relation, weight and provenance."""

    mapping: str
    practice: str
    notation: str
    label: str
    framework: str  # the framework IRI
    framework_id: str
    framework_title: str
    process: str
    verb: str
    relation: str
    weight: float
    confidence: float | None
    rationale: str
    evidence: str
    source: str
    status: str
    comment: str
    placed: bool

    def value(self, weight: Weight) -> float:
        """The placement's part of a crosswalk score (weight on 0–1 × relation factor)."""
        return placement_value(self.relation, self.weight, weight.scale) if self.placed else 0.0


@dataclass(frozen=True)
class Placements:
    """The records, by practice and by process, and the query that read them."""

    records: tuple[Record, ...]
    by_practice: dict[str, tuple[Record, ...]]
    by_process: dict[str, tuple[Record, ...]]  # placements only, strongest first
    query: PageQuery


def records_query(title: str, **bindings: Any) -> PageQuery:
    """The records query with some variables bound (``process``, ``practice``, ``framework``)."""
    return bound_query(title, RECORDS, **bindings)


def placements(kb: KnowledgeBase) -> Placements:
    """Every mapping record of *kb* (read once per KB)."""
    return kb.cached("explorer:placements", lambda: _load(kb))


def _load(kb: KnowledgeBase) -> Placements:
    rows, query = select(kb, "Every mapping record with its provenance", RECORDS)
    seen: set[str] = set()
    records = []
    for r in rows:
        if r["mapping"] in seen:  # a second label or source: keep the first row
            continue
        seen.add(str(r["mapping"]))
        records.append(
            Record(
                mapping=str(r["mapping"]),
                practice=str(r["practice"]),
                notation=text(r["notation"]),
                label=text(r["label"]) or text(r["notation"]),
                framework=str(r["framework"]),
                framework_id=text(r["framework_id"]),
                framework_title=text(r["framework_title"]) or text(r["framework_id"]),
                process=str(r["process"]),
                verb=text(r["verb"]),
                relation=text(r["relation"]),
                weight=float(r["weight"] or 0),
                confidence=None if r["confidence"] is None else float(r["confidence"]),
                rationale=text(r["rationale"]),
                evidence=evidence_name(r["evidence"]),
                source=text(r["source"]),
                status=text(r["status"]),
                comment=text(r["comment"]),
                placed=bool(r["placed"]),
            )
        )
    by_practice: dict[str, list[Record]] = defaultdict(list)
    by_process: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_practice[record.practice].append(record)
        if record.placed:
            by_process[record.process].append(record)
    strongest = {
        p: tuple(sorted(rs, key=lambda r: (-r.weight, r.framework_id, r.notation)))
        for p, rs in by_process.items()
    }
    return Placements(
        tuple(records),
        {p: tuple(rs) for p, rs in by_practice.items()},
        strongest,
        query,
    )
