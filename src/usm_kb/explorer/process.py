"""The process page: what a USM process is, what starts it, where it runs, what lives there."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from usm_kb.explorer.base import (
    Page,
    PageQuery,
    Ref,
    Weight,
    cached_page,
    evidence_name,
    facts,
    named,
    select,
    text,
)
from usm_kb.explorer.placements import Record, placements, records_query
from usm_kb.namespaces import DCTERMS, RDFS, SKOS, USM
from usm_kb.rdf.terms import IRI
from usm_kb.store import KnowledgeBase

VARIANTS = """
SELECT ?variant ?label ?value ?alt_name ?evidence ?definition
       (GROUP_CONCAT(DISTINCT STR(?source); separator=" ") AS ?sources) WHERE {
  ?variant a usm:Variant ; usm:variantOf ?subject .
  OPTIONAL { ?variant rdfs:label ?label FILTER(langMatches(LANG(?label), "en")) }
  OPTIONAL { ?variant rdf:value ?value }
  OPTIONAL { ?variant usm:altName ?alt_name }
  OPTIONAL { ?variant usm:evidence ?evidence }
  OPTIONAL { ?variant skos:definition ?definition }
  OPTIONAL { ?variant dcterms:source ?source }
} GROUP BY ?variant ?label ?value ?alt_name ?evidence ?definition ORDER BY ?variant
"""


@dataclass(frozen=True)
class AltName:
    """Another name of the element: a plain alternative label or a recorded variant."""

    text: str
    lang: str
    disputed: bool
    code: str = ""  # the variant's value when it is a code (RIM, IMP)
    evidence: str = ""
    note: str = ""
    variant: str = ""  # the usm:Variant IRI, when the name comes from one
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkflowPosition:
    """A workflow the process appears in, with the step positions it holds."""

    workflow: Ref
    kind: str
    positions: tuple[int, ...]
    steps: int


@dataclass(frozen=True)
class PlacedPractice:
    """A practice placed in the process, with its mapping's badges."""

    practice: Ref
    notation: str
    kind: str  # activity, or metric (a metric measures the process)
    relation: str
    weight: float
    confidence: float | None
    rationale: str
    evidence: str
    source: str
    see_also: tuple[str, ...]
    status: str
    mapping: str


@dataclass(frozen=True)
class FrameworkGroup:
    """The practices of one framework placed in the process."""

    framework: Ref
    practices: tuple[PlacedPractice, ...]


@dataclass(frozen=True)
class ProcessPage(Page):
    """Everything about one USM process."""

    kind: ClassVar[str] = "process"
    ref: Ref
    code: str
    verb: str
    names: dict[str, str]  # language -> name
    definition: str
    purpose: str
    output: str
    comment: str
    evidence: str
    sources: tuple[str, ...]
    alt_names: tuple[AltName, ...]
    call_type: Ref | None
    workflows: tuple[WorkflowPosition, ...]
    frameworks: tuple[FrameworkGroup, ...]
    weight: Weight


def variants_of(kb: KnowledgeBase, iri: str) -> tuple[tuple[AltName, ...], PageQuery]:
    """The recorded variants of *iri* as alternative names (all marked disputed or doubtful)."""
    rows, query = select(kb, "Recorded variants", VARIANTS, subject=IRI(iri))
    names = tuple(
        AltName(
            text=text(r["alt_name"]) or text(r["value"]),
            code=text(r["value"]) if r["alt_name"] else "",
            lang="en",
            disputed=True,
            evidence=evidence_name(r["evidence"]),
            note=text(r["definition"]) or text(r["label"]),
            variant=str(r["variant"]),
            sources=tuple(text(r["sources"]).split()),
        )
        for r in rows
    )
    return names, query


def merge_names(
    english: tuple[str, ...], dutch: tuple[str, ...], variants: tuple[AltName, ...]
) -> tuple[AltName, ...]:
    """Alternative labels in both languages; a label that a variant records takes its marks."""
    recorded = {v.text: v for v in variants}
    names = [recorded.get(t) or AltName(t, "en", False) for t in english]
    names += [AltName(t, "nl", False) for t in dutch]
    names += [v for v in variants if v.text not in english]
    return tuple(names)


def process_page(kb: KnowledgeBase, iri: str) -> ProcessPage:
    """The page of the process *iri* (built once per KB)."""
    return cached_page(kb, "process:" + iri, lambda: _build(kb, iri))


def _build(kb: KnowledgeBase, iri: str) -> ProcessPage:
    about = facts(kb, iri, "Every statement about the process")
    variants, q_variants = variants_of(kb, iri)
    alt_names = merge_names(
        about.all(SKOS + "altLabel", "en"), about.all(SKOS + "altLabel", "nl"), variants
    )
    code = about.one(USM + "code")
    trigger = about.all(USM + "triggeredBy")
    calltypes = {e.iri: e.label for e in kb.names().choices("calltype")}
    steps, q_steps = named(kb, "The steps of each workflow, in order", "workflow-steps")
    workflows = _positions(steps, iri)
    verb = about.one(USM + "verbLabel")
    return ProcessPage(
        title=f"{verb} ({code})" if code else verb,
        queries=(
            about.query,
            q_variants,
            q_steps,
            records_query("The mapping records that place practices here", process=IRI(iri)),
        ),
        ref=Ref(iri, verb),
        code=code,
        verb=verb,
        names={lang: about.one(RDFS + "label", lang) for lang in ("en", "nl")},
        definition=about.one(SKOS + "definition"),
        purpose=about.one(USM + "purpose"),
        output=about.one(USM + "output"),
        comment=about.one(RDFS + "comment"),
        evidence=evidence_name(about.one(USM + "evidence")),
        sources=about.all(DCTERMS + "source"),
        alt_names=alt_names,
        call_type=Ref(trigger[0], calltypes.get(trigger[0], "")) if trigger else None,
        workflows=workflows,
        frameworks=framework_groups(placements(kb).by_target.get(iri, ())),
        weight=Weight(),
    )


def _positions(rows: list[dict[str, object]], iri: str) -> tuple[WorkflowPosition, ...]:
    by_workflow: dict[str, list[int]] = defaultdict(list)
    steps: dict[str, int] = defaultdict(int)
    info: dict[str, tuple[str, str]] = {}
    for r in rows:
        wf = str(r["workflow"])
        steps[wf] += 1
        info[wf] = (text(r["workflow_label"]), text(r["kind"]))
        if str(r["process"]) == iri:
            by_workflow[wf].append(int(str(r["index"])))
    return tuple(
        WorkflowPosition(Ref(wf, info[wf][0]), info[wf][1], tuple(sorted(pos)), steps[wf])
        for wf, pos in sorted(by_workflow.items(), key=lambda kv: (kv[1][0], kv[0]))
    )


def framework_groups(records: tuple[Record, ...]) -> tuple[FrameworkGroup, ...]:
    """Placed practices grouped by framework (frameworks by id, practices strongest first)."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    titles: dict[str, tuple[str, str]] = {}
    for record in records:
        grouped[record.framework].append(record)
        titles[record.framework] = (record.framework_id, record.framework_title)
    return tuple(
        FrameworkGroup(
            Ref(fw, titles[fw][1]),
            tuple(
                PlacedPractice(
                    Ref(r.practice, r.label),
                    r.notation,
                    r.kind,
                    r.relation,
                    r.weight,
                    r.confidence,
                    r.rationale,
                    r.evidence,
                    r.source,
                    r.see_also,
                    r.status,
                    r.mapping,
                )
                for r in sorted(rs, key=lambda r: (-r.weight, r.notation))
            ),
        )
        for fw, rs in sorted(grouped.items(), key=lambda kv: titles[kv[0]][0])
    )
