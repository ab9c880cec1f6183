"""Framework, practice and mapping listings over the compiled KB (``usm-kb frameworks`` …)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from usm_kb.namespaces import mapping_graph
from usm_kb.rdf.terms import IRI, Literal
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import RELATIONS, SEE_ALSO_SEPARATOR


@dataclass(frozen=True)
class FrameworkSummary:
    """One framework with its practice count, coverage and relation mix."""

    id: str
    title: str
    version: str
    family: str
    proprietary: bool
    practices: int
    activities: int  # the practices that are work (kind activity); only these cover processes
    mapped: int
    mapped_percent: float
    relations: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class MappingRecord:
    """A mapping row as stored in the KB."""

    framework: str
    practice_id: str
    practice: str
    kind: str  # the practice's kind: activity, role, body, artefact, value, metric or event
    process: str  # the label of the USM element it is mapped onto (a process for an activity)
    relation: str
    rationale: str
    share: int
    confidence: float
    evidence: str
    source: str  # the work that states the placement; empty for the curators' derivations
    see_also: str  # what the placement was derived from, "|"-separated (SSSOM see_also)
    status: str
    comment: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class SetStats:
    """Quality profile of one mapping set."""

    framework: str
    rows: int
    relations: dict[str, int]
    with_rationale: float
    with_share: float
    with_source: float
    with_see_also: float
    published: float
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def list_frameworks(kb: KnowledgeBase) -> list[FrameworkSummary]:
    """All frameworks in the KB, by id (the named queries ``frameworks`` and ``relation-mix``)."""
    mix = {r["framework_id"]: r for r in kb.run_named("relation-mix")}
    summaries = []
    for r in kb.run_named("frameworks"):
        practices, mapped = r["practices"], r["mapped_practices"]
        relations = mix.get(r["framework_id"], {})
        summaries.append(
            FrameworkSummary(
                id=r["framework_id"],
                title=r["title"],
                version=r["version"],
                family=r["family"],
                proprietary=r["proprietary"],
                practices=practices,
                activities=r["activities"],
                mapped=mapped,
                mapped_percent=round(100.0 * mapped / practices, 1) if practices else 0.0,
                relations={k: int(relations.get(k) or 0) for k in RELATIONS},
            )
        )
    return sorted(summaries, key=lambda s: s.id)


def known_framework(kb: KnowledgeBase, framework: str) -> IRI:
    """The IRI of the framework *framework* names (id or title, any case; QueryError if none)."""
    return IRI(kb.resolve("framework", framework).iri)


def process_node(kb: KnowledgeBase, process: str) -> IRI:
    """The IRI of the process *process* names (slug, code, English or Dutch name, any case)."""
    return IRI(kb.resolve("process", process).iri)


MAPPINGS = """
SELECT ?m ?fwid ?pid ?practice ?kind ?process ?relation ?rationale ?share ?confidence ?evidence
       ?source ?status ?comment WHERE {
  ?m a usm:Mapping ; usm:inMappingSet ?set ; usm:mappingSubject ?p ; usm:mappingObject ?obj ;
     usm:relation ?relation ; usm:rationale ?rationale ; usm:share ?share ;
     usm:confidence ?confidence ; usm:evidence ?e ;
     usm:status ?status ; rdfs:comment ?comment .
  ?set usm:framework ?fw . ?fw dcterms:identifier ?fwid .
  ?p skos:notation ?pid ; rdfs:label ?practice .
  ?obj rdfs:label ?process . FILTER(lang(?process) = "en" || lang(?process) = "")
  OPTIONAL { ?m usm:evidenceSource ?source }
  OPTIONAL { ?p usm:practiceKind/rdfs:label ?kind_label }
  BIND(COALESCE(STR(?kind_label), "activity") AS ?kind)
  BIND(LCASE(STRAFTER(STR(?e), "#")) AS ?evidence)
  FILTER(!BOUND(?want_fw) || ?fw = ?want_fw)
  FILTER(!BOUND(?want_process) || ?obj = ?want_process)
  FILTER(!BOUND(?want_evidence) || ?evidence = ?want_evidence)
} ORDER BY ?fwid ?pid ?process
"""

# Fetched apart and joined in Python: as an OPTIONAL sub-select inside MAPPINGS, Oxigraph
# re-evaluated the aggregate for every row (two minutes for the unfiltered list). Required
# patterns come before the OPTIONALs: with an OPTIONAL in the middle of the group, Oxigraph
# 0.5 joined the rest by nested loops (50 s for 434 rows; 0.01 s in this order).
SEE_ALSO = """
SELECT ?m ?input WHERE { ?m a usm:Mapping ; prov:wasDerivedFrom ?input }
"""


def list_mappings(
    kb: KnowledgeBase,
    *,
    framework: str | None = None,
    process: str | None = None,
    evidence: str | None = None,
) -> list[MappingRecord]:
    """Mapping rows, optionally filtered by framework, process and evidence level."""
    bindings: dict[str, Any] = {}
    if framework:
        bindings["want_fw"] = known_framework(kb, framework)
    if process:
        bindings["want_process"] = process_node(kb, process)
    if evidence:
        bindings["want_evidence"] = Literal(kb.resolve("evidence", evidence).id)
    rows = kb.select(MAPPINGS, **bindings)
    see_also: dict[str, list[str]] = {}
    for r in kb.select(SEE_ALSO):
        see_also.setdefault(r["m"], []).append(r["input"])
    seen: set[tuple[str, str, str]] = set()
    result = []
    for r in rows:
        key = (r["fwid"], r["pid"], r["process"])
        if key in seen:  # a process may carry several English labels
            continue
        seen.add(key)
        result.append(
            MappingRecord(
                framework=r["fwid"],
                practice_id=r["pid"],
                practice=r["practice"],
                kind=r["kind"],
                process=r["process"],
                relation=r["relation"],
                rationale=r["rationale"],
                share=r["share"],
                confidence=float(r["confidence"]),
                evidence=r["evidence"],
                source=r["source"] or "",
                see_also=SEE_ALSO_SEPARATOR.join(sorted(see_also.get(r["m"], []))),
                status=r["status"],
                comment=r["comment"],
            )
        )
    return result


STATS = """
SELECT ?fwid ?m ?relation ?rationale ?share ?source ?see_also ?evidence WHERE {
  ?m a usm:Mapping ; usm:inMappingSet ?set .
  ?set usm:framework ?fw . ?fw dcterms:identifier ?fwid .
  OPTIONAL { ?m usm:relation ?relation }
  OPTIONAL { ?m usm:rationale ?rationale }
  OPTIONAL { ?m usm:share ?share }
  OPTIONAL { ?m usm:evidenceSource ?source }
  OPTIONAL { ?m prov:wasDerivedFrom ?see_also }
  OPTIONAL { ?m usm:evidence ?e BIND(LCASE(STRAFTER(STR(?e), "#")) AS ?evidence) }
  FILTER(!BOUND(?want_fw) || ?fw = ?want_fw)
}
"""


def mapping_stats(kb: KnowledgeBase, framework: str | None = None) -> list[SetStats]:
    """Per mapping set: rows, relation mix, percentages with rationale/share/source/see_also.

    A record that lacks a value counts as lacking it (nothing is filtered out first).
    """
    bindings: dict[str, Any] = {}
    if framework:
        bindings["want_fw"] = known_framework(kb, framework)
    records: dict[str, dict[str, dict[str, set[Any]]]] = {}
    for row in kb.select(STATS, **bindings):
        record = records.setdefault(row["fwid"], {}).setdefault(row["m"], {})
        for key in ("relation", "rationale", "share", "source", "see_also", "evidence"):
            if row[key] is not None:
                record.setdefault(key, set()).add(row[key])
    return [_set_stats(fw, list(by_record.values())) for fw, by_record in sorted(records.items())]


def _set_stats(framework: str, rows: list[dict[str, set[Any]]]) -> SetStats:
    n = len(rows)
    relations = Counter(r for row in rows for r in row.get("relation", ()))

    def percent(present: Any) -> float:
        return round(100.0 * sum(1 for row in rows if present(row)) / n, 1)

    warnings = []
    if relations["intersects"] / n >= 0.8:
        warnings.append(
            f"{relations['intersects']}/{n} rows are 'intersects' (≥ 80 %): "
            "the set says little about how practices relate to processes"
        )
    return SetStats(
        framework=framework,
        rows=n,
        relations={k: relations.get(k, 0) for k in RELATIONS},
        with_rationale=percent(lambda row: bool(row.get("rationale"))),
        with_share=percent(lambda row: bool(row.get("share"))),
        with_source=percent(lambda row: bool(row.get("source"))),
        with_see_also=percent(lambda row: bool(row.get("see_also"))),
        published=percent(lambda row: "published" in row.get("evidence", ())),
        warnings=warnings,
    )


PRACTICES = """
SELECT ?fwid ?pid ?name ?group ?kind (SAMPLE(?def) AS ?description) WHERE {
  ?p a usm:ReferencePractice ; usm:framework ?fw ; skos:notation ?pid ; rdfs:label ?name ;
     usm:practiceGroup ?group . ?fw dcterms:identifier ?fwid .
  OPTIONAL { ?p skos:definition ?def FILTER(langMatches(LANG(?def), "en") || LANG(?def) = "") }
  OPTIONAL { ?p usm:practiceKind/rdfs:label ?kind_label }
  BIND(COALESCE(STR(?kind_label), "activity") AS ?kind)
  FILTER(!BOUND(?want_fw) || ?fw = ?want_fw)
  FILTER(!BOUND(?want_process) || EXISTS { ?m a usm:Placement ; usm:mappingSubject ?p ;
                                             usm:mappingObject ?want_process })
} GROUP BY ?fwid ?pid ?name ?group ?kind ORDER BY ?fwid ?pid
"""


def list_practices(
    kb: KnowledgeBase, *, framework: str | None = None, process: str | None = None
) -> list[dict[str, Any]]:
    """Practices (framework, id, name, group, kind, description), by framework and process.

    *framework* and *process* are the user's words (id, code, English or Dutch name).
    """
    bindings: dict[str, Any] = {}
    if framework:
        bindings["want_fw"] = known_framework(kb, framework)
    if process:
        bindings["want_process"] = process_node(kb, process)
    return [
        {
            "framework": r["fwid"],
            "id": r["pid"],
            "name": r["name"],
            "group": r["group"],
            "kind": r["kind"],
            "description": r["description"] or "",
        }
        for r in kb.select(PRACTICES, **bindings)
    ]


def mapping_graph_iri(framework: str) -> str:
    """Named graph holding a framework's mapping records."""
    return mapping_graph(framework, "mappings")
