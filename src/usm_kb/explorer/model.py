"""The USM model on one screen (the home page): processes, workflows, domains, counts, status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from usm_kb.catalogue.info import count_instances
from usm_kb.explorer.base import (
    Page,
    PageQuery,
    Ref,
    cached_page,
    evidence_name,
    named,
    select,
    text,
)
from usm_kb.explorer.placements import placements
from usm_kb.namespaces import PREFIXES
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import PROCESSES

PROCESS_IDS = {PREFIXES["process"] + slug: slug for slug in PROCESSES}


@dataclass(frozen=True)
class ProcessCard:
    """One process as the home page shows it."""

    ref: Ref
    code: str
    name_nl: str
    purpose: str
    call_type: Ref
    practices: int  # distinct practices placed in it
    evidence: str


@dataclass(frozen=True)
class WorkflowCard:
    """One workflow: kind, trigger and its process sequence."""

    ref: Ref
    kind: str  # reactive | proactive
    call_type: Ref
    sequence: tuple[str, ...]  # process verbs in step order
    evidence: str


@dataclass(frozen=True)
class DomainCard:
    """One domain with its definition."""

    ref: Ref
    definition: str
    evidence: str


@dataclass(frozen=True)
class Status:
    """What the compiled KB says about its checks."""

    shacl: str
    reasoner: str
    reasoner_detail: str
    triples: int


@dataclass(frozen=True)
class HomePage(Page):
    """The USM model on one screen."""

    kind: ClassVar[str] = "home"
    processes: tuple[ProcessCard, ...]
    workflows: tuple[WorkflowCard, ...]
    domains: tuple[DomainCard, ...]
    counts: dict[str, int]
    status: Status


DOMAINS = """
SELECT ?domain ?label ?definition ?evidence WHERE {
  ?domain a usm:Domain .
  OPTIONAL { ?domain rdfs:label ?label FILTER(langMatches(LANG(?label), "en")) }
  OPTIONAL { ?domain skos:definition ?definition FILTER(langMatches(LANG(?definition), "en")) }
  OPTIONAL { ?domain usm:evidence ?evidence }
}
"""
DOMAIN_ORDER = ("use", "specify", "realize")
COUNTED = {
    "frameworks": "usm:Framework",
    "practices": "usm:ReferencePractice",
    "mappings": "usm:Mapping",
    "placements": "usm:Placement",
}


def process_cards(kb: KnowledgeBase) -> tuple[tuple[ProcessCard, ...], PageQuery]:
    """The five processes in USM's order (named query ``processes``)."""
    rows, query = named(kb, "The five USM processes", "processes")
    placed = placements(kb).by_target
    cards: dict[str, ProcessCard] = {}
    for r in rows:
        iri = str(r["process"])
        if iri in cards:
            continue
        cards[iri] = ProcessCard(
            ref=Ref(iri, text(r["verb"])),
            code=text(r["code"]),
            name_nl=text(r["name_nl"]),
            purpose=text(r["purpose"]),
            call_type=Ref(str(r["call_type"]), text(r["call_type_label"])),
            practices=len({rec.practice for rec in placed.get(iri, ())}),
            evidence=evidence_name(r["evidence"]),
        )
    ordered = sorted(cards.values(), key=lambda c: _process_rank(c.ref.iri))
    return tuple(ordered), query


def _process_rank(iri: str) -> int:
    slug = PROCESS_IDS.get(iri)
    return PROCESSES.index(slug) if slug else len(PROCESSES)


def workflow_cards(kb: KnowledgeBase) -> tuple[tuple[WorkflowCard, ...], PageQuery]:
    """The workflows, reactive first (named query ``workflows``)."""
    rows, query = named(kb, "The eight workflows and their process sequences", "workflows")
    labels = {e.iri: e.label for e in kb.names().choices("calltype")}
    cards = [
        WorkflowCard(
            ref=Ref(str(r["workflow"]), text(r["label"])),
            kind=text(r["kind"]),
            call_type=Ref(str(r["call_type"]), labels.get(str(r["call_type"]), "")),
            sequence=tuple(text(r["sequence"]).split(" → ")),
            evidence=evidence_name(r["evidence"]),
        )
        for r in rows
    ]
    return tuple(cards), query


def home_page(kb: KnowledgeBase) -> HomePage:
    """The home page (built once per KB)."""
    return cached_page(kb, "home", lambda: _home(kb))


def _home(kb: KnowledgeBase) -> HomePage:
    processes, q1 = process_cards(kb)
    workflows, q2 = workflow_cards(kb)
    rows, q3 = select(kb, "The domains", DOMAINS)
    domains = sorted(
        (
            DomainCard(
                Ref(str(r["domain"]), text(r["label"])),
                text(r["definition"]),
                evidence_name(r["evidence"]),
            )
            for r in rows
        ),
        key=lambda d: _domain_rank(d.ref.iri),
    )
    counts = {name: count_instances(kb, curie) for name, curie in COUNTED.items()}
    counts["concepts"] = len(kb.names().choices("concept"))
    reasoner = kb.manifest.reasoner
    status = Status(
        shacl="passed: the build refuses a knowledge base with a SHACL violation",
        reasoner=reasoner.get("status", "unknown"),
        reasoner_detail=reasoner.get("detail", ""),
        triples=kb.manifest.triples,
    )
    return HomePage(
        "USM knowledge base", (q1, q2, q3), processes, workflows, tuple(domains), counts, status
    )


def _domain_rank(iri: str) -> int:
    slug = iri.rsplit("/", 1)[-1]
    return DOMAIN_ORDER.index(slug) if slug in DOMAIN_ORDER else len(DOMAIN_ORDER)
