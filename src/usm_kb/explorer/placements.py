"""Every mapping record of the KB, read once per KB: what the model pages show about practices.

A record maps a practice onto its *target*: a process for an activity (and for a metric,
which measures it), and another part of USM for the other kinds of catalogue entry (a role
onto a profile, a body onto profiles or a party, an artefact onto a managed object or data
element, a value onto a principle or design criterion; ``vocab.KIND_TARGETS``). Records are
indexed by target, so a process page finds the ones placed in its process and the others
never reach process pages or heatmaps. A record's ``source`` is the page that states the
placement; ``see_also`` the pages it was derived from (``prov:wasDerivedFrom``).

The weight is read by its name in ``vocab.MAPPING_WEIGHT`` (the ``usm:`` property of that
name), so a move to another weight column changes nothing here. Records that do not place
their practice (``not_related`` or ``deprecated``; ``vocab.is_placement``) are kept with
``placed`` false: a practice page shows them, the process pages and heatmaps do not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from usm_kb.catalogue.crosswalk import common_part
from usm_kb.explorer.base import PageQuery, Weight, bound_query, evidence_name, select, text
from usm_kb.namespaces import ID
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import DEFAULT_KIND, KIND_NAME, MAPPING_WEIGHT

# Required patterns first, then the OPTIONALs: Oxigraph joins what follows an OPTIONAL in the
# middle of a group by nested loops (seconds instead of milliseconds).
RECORDS = f"""
SELECT ?mapping ?practice ?notation ?label ?kind ?framework ?framework_id ?framework_title
       ?process ?verb ?target_label ?relation ?weight ?confidence ?rationale ?evidence ?source
       ?status ?comment ?placed
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
  OPTIONAL {{ ?practice usm:practiceKind ?kind }}
  OPTIONAL {{ ?process usm:verbLabel ?verb }}
  OPTIONAL {{ ?process rdfs:label ?target_label
             FILTER(langMatches(LANG(?target_label), "en") || LANG(?target_label) = "") }}
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

# Fetched apart and joined in Python (an OPTIONAL above would multiply the rows).
SEE_ALSO = """
SELECT ?mapping ?input WHERE { ?mapping a usm:Mapping ; prov:wasDerivedFrom ?input }
"""

# What a target is, by the segment of its IRI (…/id/<segment>/<slug>; namespaces.ID_KINDS).
TARGET_TYPES: dict[str, str] = {
    "process": "process",
    "workflow": "workflow",
    "profile": "profile",
    "party": "party",
    "managed-object": "managed object",
    "data-element": "data element",
    "routine-type": "routine type",
    "principle": "principle",
    "criterion": "design criterion",
    "call-type": "call type",
}


def target_type(iri: str) -> str:
    """``party`` for ``…/id/party/customer``; the segment itself when it is not listed."""
    if not iri.startswith(ID):
        return ""
    segment = iri[len(ID) :].split("/", 1)[0]
    return TARGET_TYPES.get(segment, segment.replace("-", " "))


@dataclass(frozen=True)
class Record:
    """One mapping record: practice → target, with relation, weight and provenance."""

    mapping: str
    practice: str
    notation: str
    label: str
    kind: str  # the practice's kind (activity, role, body, artefact, value, metric, event)
    framework: str  # the framework IRI
    framework_id: str
    framework_title: str
    process: str  # the target's IRI: a process, or another part of USM for non-activities
    verb: str  # the target's name (a process's verb)
    target_type: str  # process, workflow, profile, party, managed object, principle …
    relation: str
    weight: float
    confidence: float | None
    rationale: str
    evidence: str
    source: str
    status: str
    comment: str
    placed: bool
    see_also: tuple[str, ...] = ()

    @property
    def on_process(self) -> bool:
        """True when the target is a USM process."""
        return self.target_type == "process"

    def common_part(self, other: Record, weight: Weight) -> float:
        """What this placement and *other* (in the same process) have in common, 0–100.

        The crosswalk's per-process term: the smaller of the two weights; nothing when either
        record does not place its practice.
        """
        if not (self.placed and other.placed):
            return 0.0
        return common_part(self.weight, other.weight, weight.scale)


@dataclass(frozen=True)
class Placements:
    """The records, by practice and by target, and the query that read them."""

    records: tuple[Record, ...]
    by_practice: dict[str, tuple[Record, ...]]
    by_target: dict[str, tuple[Record, ...]]  # placements only, strongest first
    query: PageQuery


def records_query(title: str, **bindings: Any) -> PageQuery:
    """The records query with some variables bound (``process``, ``practice``, ``framework``)."""
    return bound_query(title, RECORDS, **bindings)


def placements(kb: KnowledgeBase) -> Placements:
    """Every mapping record of *kb* (read once per KB)."""
    return kb.cached("explorer:placements", lambda: _load(kb))


def _load(kb: KnowledgeBase) -> Placements:
    rows, query = select(kb, "Every mapping record with its provenance", RECORDS)
    inputs: dict[str, list[str]] = defaultdict(list)
    for r in kb.select(SEE_ALSO):
        inputs[str(r["mapping"])].append(str(r["input"]))
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
                kind=KIND_NAME.get(text(r["kind"]), DEFAULT_KIND),
                framework=str(r["framework"]),
                framework_id=text(r["framework_id"]),
                framework_title=text(r["framework_title"]) or text(r["framework_id"]),
                process=str(r["process"]),
                verb=text(r["verb"]) or text(r["target_label"]),
                target_type=target_type(str(r["process"])),
                relation=text(r["relation"]),
                weight=float(r["weight"] or 0),
                confidence=None if r["confidence"] is None else float(r["confidence"]),
                rationale=text(r["rationale"]),
                evidence=evidence_name(r["evidence"]),
                source=text(r["source"]),
                status=text(r["status"]),
                comment=text(r["comment"]),
                placed=bool(r["placed"]),
                see_also=tuple(sorted(inputs.get(str(r["mapping"]), ()))),
            )
        )
    by_practice: dict[str, list[Record]] = defaultdict(list)
    by_target: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_practice[record.practice].append(record)
        if record.placed:
            by_target[record.process].append(record)
    strongest = {
        p: tuple(sorted(rs, key=lambda r: (-r.weight, r.framework_id, r.notation)))
        for p, rs in by_target.items()
    }
    return Placements(
        tuple(records),
        {p: tuple(rs) for p, rs in by_practice.items()},
        strongest,
        query,
    )
