"""Framework pages: all frameworks against the five processes, and one framework's practices.

One framework's practices come as a table (filtered and sorted on the server, so it works
without JavaScript) with a heatmap of each practice's placements over the processes; a
practice that is not an activity (a role, body, artefact, value) shows the parts of USM it maps
onto instead. The overview counts whole practices per process as the named query
``coverage-matrix`` does (shares added up, activities only).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import ClassVar

from usm_kb.catalogue.frameworks import list_frameworks
from usm_kb.explorer.base import Page, Ref, Weight, cached_page, facts, named, select, text
from usm_kb.explorer.model import process_cards
from usm_kb.explorer.placements import placements, records_query
from usm_kb.namespaces import DCTERMS, RDFS, SKOS, USM
from usm_kb.rdf.terms import IRI
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import DEFAULT_KIND, KIND_NAME

HEAT_LEVELS = 4  # cells are shaded in levels 0 (none) … 4 (strongest)
PRACTICES = """
SELECT ?practice ?notation ?label ?kind ?group ?definition WHERE {
  ?practice usm:framework ?framework ; skos:notation ?notation .
  OPTIONAL { ?practice rdfs:label ?label
             FILTER(langMatches(LANG(?label), "en") || LANG(?label) = "") }
  OPTIONAL { ?practice usm:practiceKind ?kind }
  OPTIONAL { ?practice usm:practiceGroup ?group }
  OPTIONAL { ?practice skos:definition ?definition }
} ORDER BY ?notation
"""
SORTS = ("id", "name", "group", "processes", "weight")


@dataclass(frozen=True)
class Cell:
    """One heatmap cell: a practice (or a framework) against one process."""

    process: str
    value: float  # the weight of the placement, or the practices placed (whole practices)
    relation: str
    level: int  # 0 … HEAT_LEVELS


@dataclass(frozen=True)
class PracticeRow:
    """One practice of the framework table."""

    ref: Ref
    notation: str
    kind: str  # activity, role, body, artefact, value, metric, event
    group: str
    description: str
    cells: tuple[Cell, ...]  # one per process, in USM order
    elsewhere: tuple[Ref, ...]  # the other parts of USM it maps onto (profiles, parties …)
    processes: int
    strongest: float


@dataclass(frozen=True)
class FrameworkPage(Page):
    """One framework: metadata, practices table, heatmap over the processes."""

    kind: ClassVar[str] = "framework"
    ref: Ref
    id: str
    version: str
    family: str
    publisher: str
    homepage: str
    source: str
    rights: str
    definition: str
    proprietary: bool
    processes: tuple[Ref, ...]
    practices: tuple[PracticeRow, ...]
    coverage: tuple[Cell, ...]  # practices placed per process
    mapped: int
    total: int
    filter: str = ""
    sort: str = "id"
    weight: Weight = field(default_factory=Weight)


@dataclass(frozen=True)
class FrameworkRow:
    """One framework of the overview with its coverage of each process."""

    ref: Ref
    id: str
    version: str
    family: str
    practices: int
    mapped: int
    mapped_percent: float
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class FrameworksPage(Page):
    """Every framework against the five processes (placements per process)."""

    kind: ClassVar[str] = "frameworks"
    processes: tuple[Ref, ...]
    frameworks: tuple[FrameworkRow, ...]


def level(value: float, top: float) -> int:
    """The heat level of *value* on a scale whose top is *top*."""
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * value / top)))


def frameworks_page(kb: KnowledgeBase) -> FrameworksPage:
    """The overview of all frameworks (built once per KB)."""
    return cached_page(kb, "frameworks", lambda: _overview(kb))


def _overview(kb: KnowledgeBase) -> FrameworksPage:
    processes = tuple(c.ref for c in process_cards(kb)[0])
    rows, query = named(kb, "Coverage matrix of frameworks and USM processes", "coverage-matrix")
    slugs = [p.iri.rsplit("/", 1)[-1] for p in processes]
    matrix = {str(r["framework_id"]): r for r in rows}
    top = max((_amount(r[s]) for r in rows for s in slugs if s in r), default=0.0)
    frameworks = []
    for summary in list_frameworks(kb):
        counts = matrix.get(summary.id, {})
        frameworks.append(
            FrameworkRow(
                Ref(kb.resolve("framework", summary.id).iri, summary.title),
                summary.id,
                summary.version,
                summary.family,
                summary.practices,
                summary.mapped,
                summary.mapped_percent,
                tuple(
                    Cell(p.iri, _amount(counts.get(s)), "", level(_amount(counts.get(s)), top))
                    for p, s in zip(processes, slugs, strict=True)
                ),
            )
        )
    return FrameworksPage("Frameworks", (query,), processes, tuple(frameworks))


def _amount(value: object) -> float:
    """A coverage-matrix cell (practices, in whole practices) rounded for display."""
    return round(float(str(value)), 1) if value is not None else 0.0


def framework_page(kb: KnowledgeBase, iri: str) -> FrameworkPage:
    """The page of the framework *iri* (built once per KB)."""
    return cached_page(kb, "framework:" + iri, lambda: _build(kb, iri))


def _build(kb: KnowledgeBase, iri: str) -> FrameworkPage:
    about = facts(kb, iri, "Every statement about the framework")
    rows, q_practices = select(kb, "The framework's practices", PRACTICES, framework=IRI(iri))
    processes = tuple(c.ref for c in process_cards(kb)[0])
    weight = Weight()
    records = placements(kb).by_practice
    practices: dict[str, PracticeRow] = {}
    for r in rows:
        practice = str(r["practice"])
        if practice in practices:
            continue
        placed: dict[str, tuple[float, str]] = defaultdict(lambda: (0.0, ""))
        elsewhere: dict[str, Ref] = {}
        for rec in records.get(practice, ()):
            if rec.placed and not rec.on_process:
                label = f"{rec.verb} ({rec.target_type})"
                elsewhere.setdefault(rec.process, Ref(rec.process, label))
            elif rec.placed and rec.weight >= placed[rec.process][0]:
                placed[rec.process] = (rec.weight, rec.relation)
        cells = tuple(
            Cell(p.iri, placed[p.iri][0], placed[p.iri][1], level(placed[p.iri][0], weight.scale))
            if p.iri in placed
            else Cell(p.iri, 0.0, "", 0)
            for p in processes
        )
        practices[practice] = PracticeRow(
            Ref(practice, text(r["label"]) or text(r["notation"])),
            text(r["notation"]),
            KIND_NAME.get(text(r["kind"]), DEFAULT_KIND),
            text(r["group"]),
            text(r["definition"]),
            cells,
            tuple(elsewhere.values()),
            sum(1 for c in cells if c.relation),
            max((c.value for c in cells), default=0.0),
        )
    table = tuple(practices.values())
    coverage = []
    for n, p in enumerate(processes):
        count = sum(1 for row in table if row.cells[n].relation)
        coverage.append(Cell(p.iri, count, "", level(count, len(table))))
    title = about.one(RDFS + "label")
    fw_id = about.one(DCTERMS + "identifier")
    return FrameworkPage(
        title=title,
        queries=(
            q_practices,
            records_query("The framework's mapping records", framework=IRI(iri)),
            about.query,
        ),
        ref=Ref(iri, title),
        id=fw_id,
        version=about.one(USM + "frameworkVersion"),
        family=about.one(USM + "family"),
        publisher=about.one(DCTERMS + "publisher"),
        homepage=about.one(RDFS + "seeAlso"),
        source=about.one(DCTERMS + "source"),
        rights=about.one(DCTERMS + "rights"),
        definition=about.one(SKOS + "definition"),
        proprietary=about.one(USM + "proprietary") in ("True", "true", "1"),
        processes=processes,
        practices=table,
        coverage=tuple(coverage),
        mapped=sum(1 for row in table if row.processes or row.elsewhere),
        total=len(table),
        weight=weight,
    )


def filter_practices(page: FrameworkPage, words: str, sort: str) -> FrameworkPage:
    """The page with the practices whose id, name, group or description has all *words*.

    They are sorted by *sort* (one of :data:`SORTS`; unknown values keep the id order).
    """
    wanted = words.casefold().split()
    rows = [
        row
        for row in page.practices
        if all(
            w in f"{row.notation} {row.ref.label} {row.group} {row.description}".casefold()
            for w in wanted
        )
    ]
    sort = sort if sort in SORTS else "id"
    keys = {
        "id": lambda r: r.notation,
        "name": lambda r: r.ref.label.casefold(),
        "group": lambda r: (r.group, r.notation),
        "processes": lambda r: (-r.processes, r.notation),
        "weight": lambda r: (-r.strongest, r.notation),
    }
    rows.sort(key=keys[sort])
    return replace(page, practices=tuple(rows), filter=words, sort=sort)
