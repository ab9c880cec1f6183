"""The workflow page: the ordered steps across process lanes, and the practices at each step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from usm_kb.explorer.base import Page, Ref, Weight, cached_page, evidence_name, facts, select, text
from usm_kb.explorer.diagram import Diagram, StepPlace, layout
from usm_kb.explorer.model import process_cards
from usm_kb.explorer.placements import Record, placements
from usm_kb.explorer.process import AltName, variants_of
from usm_kb.namespaces import DCTERMS, RDF, RDFS, SKOS, USM
from usm_kb.rdf.terms import IRI
from usm_kb.store import KnowledgeBase

STEPS = """
SELECT ?step ?index ?process ?verb ?label ?definition ?evidence WHERE {
  ?workflow usm:hasStep ?step .
  ?step usm:stepIndex ?index ; usm:inProcess ?process .
  ?process usm:verbLabel ?verb .
  OPTIONAL { ?step rdfs:label ?label FILTER(langMatches(LANG(?label), "en")) }
  OPTIONAL { ?step skos:definition ?definition FILTER(langMatches(LANG(?definition), "en")) }
  OPTIONAL { ?step usm:evidence ?evidence }
} ORDER BY ?index
"""
PRACTICES_PER_STEP = 5


@dataclass(frozen=True)
class StepPractice:
    """A practice that covers a step (placed in the step's process) or the whole workflow."""

    practice: Ref
    framework: str
    relation: str
    weight: float


@dataclass(frozen=True)
class Step:
    """One step of the workflow."""

    ref: Ref
    index: int
    process: Ref
    definition: str
    evidence: str
    reconstructed: bool
    practices: tuple[StepPractice, ...]  # the strongest few
    more: int  # how many more practices are placed in the process


@dataclass(frozen=True)
class WorkflowPage(Page):
    """One workflow with its diagram."""

    kind: ClassVar[str] = "workflow"
    ref: Ref
    workflow_kind: str  # reactive | proactive
    call_type: Ref | None
    definition: str
    purpose: str
    output: str
    comment: str
    evidence: str
    sources: tuple[str, ...]
    steps: tuple[Step, ...]
    whole: tuple[StepPractice, ...]  # mapped onto the workflow itself (metrics that measure it)
    variants: tuple[AltName, ...]
    diagram: Diagram
    weight: Weight


def workflow_page(kb: KnowledgeBase, iri: str) -> WorkflowPage:
    """The page of the workflow *iri* (built once per KB)."""
    return cached_page(kb, "workflow:" + iri, lambda: _build(kb, iri))


def _build(kb: KnowledgeBase, iri: str) -> WorkflowPage:
    about = facts(kb, iri, "Every statement about the workflow")
    rows, q_steps = select(kb, "The steps in order", STEPS, workflow=IRI(iri))
    variants, q_variants = variants_of(kb, iri)
    processes, _ = process_cards(kb)
    by_process = placements(kb).by_target
    steps = []
    seen: set[str] = set()
    for r in rows:
        if str(r["step"]) in seen:
            continue
        seen.add(str(r["step"]))
        placed = by_process.get(str(r["process"]), ())
        practices: dict[str, Record] = {}
        for rec in placed:  # strongest first: keep each practice's strongest record
            practices.setdefault(rec.practice, rec)
        strongest = list(dict.fromkeys(rec.practice for rec in placed))
        evidence = evidence_name(r["evidence"])
        steps.append(
            Step(
                ref=Ref(str(r["step"]), text(r["label"])),
                index=int(str(r["index"])),
                process=Ref(str(r["process"]), text(r["verb"])),
                definition=text(r["definition"]),
                evidence=evidence,
                reconstructed=evidence == "reconstructed",
                practices=tuple(
                    StepPractice(
                        Ref(p, practices[p].label),
                        practices[p].framework_title,
                        practices[p].relation,
                        practices[p].weight,
                    )
                    for p in strongest[:PRACTICES_PER_STEP]
                ),
                more=max(0, len(strongest) - PRACTICES_PER_STEP),
            )
        )
    lanes = [(c.ref.iri, c.ref.label) for c in processes]
    diagram = layout(
        lanes,
        [
            StepPlace(
                s.ref.iri, s.index, s.process.iri, f"{s.index}. {s.process.label}", s.reconstructed
            )
            for s in steps
        ],
    )
    types = about.all(RDF + "type")
    kind = "reactive" if USM + "ReactiveWorkflow" in types else ""
    kind = kind or ("proactive" if USM + "ProactiveWorkflow" in types else "")
    trigger = about.all(USM + "startedBy")
    calltypes = {e.iri: e.label for e in kb.names().choices("calltype")}
    label = about.one(RDFS + "label")
    return WorkflowPage(
        title=label,
        queries=(q_steps, about.query, q_variants),
        ref=Ref(iri, label),
        workflow_kind=kind,
        call_type=Ref(trigger[0], calltypes.get(trigger[0], "")) if trigger else None,
        definition=about.one(SKOS + "definition"),
        purpose=about.one(USM + "purpose"),
        output=about.one(USM + "output"),
        comment=about.one(RDFS + "comment"),
        evidence=evidence_name(about.one(USM + "evidence")),
        sources=about.all(DCTERMS + "source"),
        steps=tuple(steps),
        whole=tuple(
            StepPractice(Ref(r.practice, r.label), r.framework_title, r.relation, r.weight)
            for r in placements(kb).by_target.get(iri, ())
        ),
        variants=variants,
        diagram=diagram,
        weight=Weight(),
    )
