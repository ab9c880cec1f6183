"""What the suggestions know, read once from the KB.

The reference practices and their placements, the USM elements a practice can map onto with
their texts, the glossary's Dutch-English pairs, and which call type and workflows start each
process.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from usm_kb.namespaces import USM
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import EVIDENCE_NAME, KIND_NAME, KIND_TARGETS

TARGET_CLASSES = sorted({name for names in KIND_TARGETS.values() for name in names})
PRACTICES = """SELECT ?p ?fw ?title ?name ?desc ?kind WHERE {
  ?p a usm:ReferencePractice ; usm:framework ?f ; rdfs:label ?name .
  ?f dcterms:identifier ?fw ; rdfs:label ?title .
  OPTIONAL { ?p skos:definition ?desc } OPTIONAL { ?p usm:practiceKind ?kind } }"""
PLACEMENTS = """SELECT ?p ?o ?share ?relation ?evidence WHERE {
  ?m a usm:Placement ; usm:mappingSubject ?p ; usm:mappingObject ?o ; usm:share ?share ;
     usm:relation ?relation ; usm:evidence ?evidence . ?p a usm:ReferencePractice }"""
TARGETS = (
    "SELECT DISTINCT ?s ?class WHERE { ?s a ?class . VALUES ?class { "
    + " ".join(f"usm:{c}" for c in TARGET_CLASSES)
    + " } }"
)
FIELDS = {
    "http://www.w3.org/2000/01/rdf-schema#label": "name",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "name",
    "http://www.w3.org/2004/02/skos/core#altLabel": "other name",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel": "other name",
    USM + "verbLabel": "name",
    USM + "code": "code",
    "http://www.w3.org/2004/02/skos/core#definition": "definition",
    USM + "purpose": "purpose",
    USM + "output": "output",
}
TEXTS = (
    "SELECT ?s ?p ?o (LANG(?o) AS ?lang) ?via WHERE { VALUES ?class { "
    + " ".join(f"usm:{c}" for c in TARGET_CLASSES)
    + " } ?s a ?class . { ?s ?p ?o } UNION { ?via usm:describes ?s . ?via ?p ?o } "
    "FILTER(isLiteral(?o)) FILTER(?p IN (" + ", ".join(f"<{p}>" for p in FIELDS) + ")) }"
)
GLOSSARY = """SELECT ?c ?label (LANG(?label) AS ?lang) WHERE {
  ?c skos:inScheme voc:usm-glossary ; skos:prefLabel|skos:altLabel ?label }"""
FLOWS = """SELECT ?ct ?process ?w ?step WHERE {
  ?ct usm:triggers ?process .
  OPTIONAL { ?w usm:startedBy ?ct ; usm:hasStep/usm:inProcess ?step } }"""


@dataclass(frozen=True)
class Placement:
    """One curated placement of a reference practice."""

    target: str
    share: int
    relation: str
    evidence: str


@dataclass(frozen=True)
class Reference:
    """A reference practice of a shipped framework, with its placements."""

    iri: str
    framework: str
    framework_title: str
    name: str
    description: str
    kind: str
    placements: tuple[Placement, ...]


@dataclass(frozen=True)
class TextField:
    """One text of a USM element: where it is (name, definition, glossary …) and its language."""

    where: str
    lang: str
    text: str


@dataclass(frozen=True)
class Target:
    """A USM element a practice can map onto, with its classes and texts."""

    iri: str
    label: str
    classes: frozenset[str]
    fields: tuple[TextField, ...]


@dataclass(frozen=True)
class Knowledge:
    """Everything the ranker reads from the KB."""

    references: tuple[Reference, ...]
    targets: dict[str, Target]
    glossary: tuple[tuple[tuple[str, str], ...], ...]  # per concept: (lang, label) pairs
    triggers: dict[str, str]  # process -> the call type that starts it
    workflows: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    # call type -> workflow -> the processes its steps pass through


def load_knowledge(kb: KnowledgeBase) -> Knowledge:
    """Read the knowledge from *kb* (a few SELECTs; cached per KB by the caller)."""
    placements: dict[str, list[Placement]] = defaultdict(list)
    for row in kb.select(PLACEMENTS):
        evidence = EVIDENCE_NAME.get(str(row["evidence"]), str(row["evidence"]))
        placements[str(row["p"])].append(
            Placement(str(row["o"]), int(row["share"]), str(row["relation"]), evidence)
        )
    seen: dict[str, Reference] = {}
    for row in kb.select(PRACTICES):
        iri = str(row["p"])
        if iri in seen:
            continue
        seen[iri] = Reference(
            iri,
            str(row["fw"]),
            str(row["title"]),
            str(row["name"]),
            str(row["desc"] or ""),
            KIND_NAME.get(str(row["kind"] or ""), "activity"),
            tuple(sorted(placements.get(iri, ()), key=lambda p: (-p.share, p.target))),
        )
    return Knowledge(
        tuple(sorted(seen.values(), key=lambda r: r.iri)),
        _targets(kb),
        _glossary(kb),
        *_flows(kb),
    )


def _targets(kb: KnowledgeBase) -> dict[str, Target]:
    classes: dict[str, set[str]] = defaultdict(set)
    for row in kb.select(TARGETS):
        classes[str(row["s"])].add(str(row["class"]).removeprefix(USM))
    fields: dict[str, list[TextField]] = defaultdict(list)
    labels: dict[str, str] = {}
    for row in kb.select(TEXTS):
        iri, lang, text = str(row["s"]), str(row["lang"] or ""), str(row["o"])
        where = FIELDS[str(row["p"])]
        if row["via"] is not None:
            where = f"glossary {where}"
        elif where == "name" and lang == "en":
            labels.setdefault(iri, text)
        item = TextField(where, lang, text)
        if item not in fields[iri]:
            fields[iri].append(item)
    return {
        iri: Target(
            iri, labels.get(iri, iri.rsplit("/", 1)[-1]), frozenset(found), tuple(fields[iri])
        )
        for iri, found in sorted(classes.items())
    }


def _glossary(kb: KnowledgeBase) -> tuple[tuple[tuple[str, str], ...], ...]:
    concepts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in kb.select(GLOSSARY):
        concepts[str(row["c"])].append((str(row["lang"] or ""), str(row["label"])))
    return tuple(tuple(sorted(set(labels))) for _, labels in sorted(concepts.items()))


def _flows(kb: KnowledgeBase) -> tuple[dict[str, str], dict[str, dict[str, frozenset[str]]]]:
    triggers: dict[str, str] = {}
    steps: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in kb.select(FLOWS):
        triggers[str(row["process"])] = str(row["ct"])
        if row["w"] is not None:
            steps[str(row["ct"])][str(row["w"])].add(str(row["step"]))
    return triggers, {
        ct: {w: frozenset(p) for w, p in sorted(flows.items())} for ct, flows in steps.items()
    }
