"""The practice page: its kind, its mappings with provenance, and its relatives through the hub.

A practice's mappings go to its targets: processes for an activity, profiles, parties,
managed objects, principles … for the other kinds (``placements``). Each row shows its
source (the page stating the placement) and its see-also inputs (pages it was derived from).

A relative is a practice of another framework placed in one of the same targets. Its score
there is the crosswalk's per-process term (``catalogue.crosswalk.common_part``): 100 × the
smaller of the two shares, so "also lives in Change: ITIL 4 Change enablement, COBIT BAI06 …"
lists the largest common part first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from usm_kb.explorer.base import Page, Ref, Weight, cached_page, facts
from usm_kb.explorer.placements import Record, placements, records_query
from usm_kb.namespaces import DCTERMS, RDFS, SKOS, USM
from usm_kb.rdf.terms import IRI
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import DEFAULT_KIND, KIND_NAME

RELATED_PER_PROCESS = 8


@dataclass(frozen=True)
class MappingRow:
    """One mapping record of the practice."""

    mapping: str
    target: Ref  # a process, or the profile, party, managed object … a non-activity maps onto
    target_type: str
    relation: str
    weight: float
    confidence: float | None
    rationale: str
    evidence: str
    source: str
    status: str
    comment: str
    placed: bool
    see_also: tuple[str, ...]


@dataclass(frozen=True)
class Relative:
    """A practice of another framework that shares a process, and why."""

    practice: Ref
    framework: Ref
    notation: str
    relation: str
    weight: float
    score: float  # this process's crosswalk contribution (0–100)


@dataclass(frozen=True)
class RelatedGroup:
    """Relatives through one target: this practice's placement there, then theirs."""

    process: Ref  # the shared target (a process for activities)
    target_type: str
    relation: str
    weight: float
    relatives: tuple[Relative, ...]
    more: int


@dataclass(frozen=True)
class PracticePage(Page):
    """One reference practice."""

    kind: ClassVar[str] = "practice"
    ref: Ref
    notation: str
    practice_kind: str  # activity, role, body, artefact, value, metric, event
    framework: Ref
    framework_version: str
    group: str
    definition: str
    source: str
    rights: str
    publisher: str
    mappings: tuple[MappingRow, ...]
    related: tuple[RelatedGroup, ...]
    weight: Weight


def practice_page(kb: KnowledgeBase, iri: str) -> PracticePage:
    """The page of the practice *iri* (built once per KB)."""
    return cached_page(kb, "practice:" + iri, lambda: _build(kb, iri))


def _build(kb: KnowledgeBase, iri: str) -> PracticePage:
    about = facts(kb, iri, "Every statement about the practice")
    framework_iri = about.one(USM + "framework")
    framework = facts(kb, framework_iri, "Every statement about its framework")
    index = placements(kb)
    weight = Weight()
    own = index.by_practice.get(iri, ())
    mappings = tuple(
        MappingRow(
            r.mapping,
            Ref(r.process, r.verb),
            r.target_type,
            r.relation,
            r.weight,
            r.confidence,
            r.rationale,
            r.evidence,
            r.source,
            r.status,
            r.comment,
            r.placed,
            r.see_also,
        )
        for r in sorted(own, key=lambda r: (-r.weight, r.verb))
    )
    related = tuple(
        _relatives(record, index.by_target.get(record.process, ()), weight)
        for record in sorted(own, key=lambda r: (-r.weight, r.verb))
        if record.placed
    )
    label = about.one(RDFS + "label") or about.one(SKOS + "prefLabel")
    notation = about.one(SKOS + "notation")
    return PracticePage(
        title=f"{label} ({notation})",
        queries=(
            records_query("The practice's mapping records", practice=IRI(iri)),
            about.query,
        ),
        ref=Ref(iri, label),
        notation=notation,
        practice_kind=KIND_NAME.get(about.one(USM + "practiceKind"), DEFAULT_KIND),
        framework=Ref(framework_iri, framework.one(RDFS + "label")),
        framework_version=framework.one(USM + "frameworkVersion"),
        group=about.one(USM + "practiceGroup"),
        definition=about.one(SKOS + "definition"),
        source=about.one(DCTERMS + "source"),
        rights=framework.one(DCTERMS + "rights"),
        publisher=framework.one(DCTERMS + "publisher"),
        mappings=mappings,
        related=related,
        weight=weight,
    )


def _relatives(own: Record, there: tuple[Record, ...], weight: Weight) -> RelatedGroup:
    best: dict[str, Relative] = {}
    for other in there:
        if other.framework == own.framework:
            continue
        score = round(own.common_part(other, weight), 1)
        if other.practice not in best or score > best[other.practice].score:
            best[other.practice] = Relative(
                Ref(other.practice, other.label),
                Ref(other.framework, other.framework_title),
                other.notation,
                other.relation,
                other.weight,
                score,
            )
    ranked = sorted(best.values(), key=lambda r: (-r.score, r.framework.label, r.notation))
    per_framework: dict[str, int] = defaultdict(int)
    kept: list[Relative] = []
    for relative in ranked:  # at most two per framework, so every framework gets a turn
        if per_framework[relative.framework.iri] < 2 and len(kept) < RELATED_PER_PROCESS:
            kept.append(relative)
            per_framework[relative.framework.iri] += 1
    return RelatedGroup(
        Ref(own.process, own.verb),
        own.target_type,
        own.relation,
        own.weight,
        tuple(kept),
        len(ranked) - len(kept),
    )
