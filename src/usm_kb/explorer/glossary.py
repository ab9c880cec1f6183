"""The SKOS glossary (Skosmos-style): the concept list and concept pages, in English or Dutch.

Labels are shown in the chosen language and fall back to English where a concept has no
label in it. A Dutch label that no USM source attests carries the glossary's fixed editorial
note; the pages mark it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from usm_kb.explorer.base import (
    Page,
    PageQuery,
    Ref,
    cached_page,
    evidence_name,
    facts,
    select,
    text,
)
from usm_kb.namespaces import DCTERMS, SKOS, USM, VOCABULARY
from usm_kb.store import KnowledgeBase

LANGUAGES = ("en", "nl")
SCHEME = VOCABULARY + "usm-glossary"
NOT_ATTESTED = "Dutch label not attested"
LABELS = """
SELECT ?concept ?label (LANG(?label) AS ?lang) ?top WHERE {
  ?concept skos:inScheme voc:usm-glossary ; skos:prefLabel ?label .
  BIND(EXISTS { ?concept skos:topConceptOf voc:usm-glossary } AS ?top)
}
"""
ENTRIES = """
SELECT ?concept ?definition ?broader WHERE {
  ?concept skos:inScheme voc:usm-glossary .
  OPTIONAL { ?concept skos:definition ?definition FILTER(langMatches(LANG(?definition), "en")) }
  OPTIONAL { ?concept skos:broader ?broader }
}
"""


@dataclass(frozen=True)
class Labels:
    """Every glossary concept's preferred label per language, and the top concepts."""

    by_concept: dict[str, dict[str, str]]
    top: frozenset[str]
    query: PageQuery

    def label(self, iri: str, lang: str) -> str:
        """The label in *lang*, else English, else the IRI's last segment."""
        found = self.by_concept.get(iri, {})
        return found.get(lang) or found.get("en") or iri.rsplit("/", 1)[-1]

    def ref(self, iri: str, lang: str) -> Ref:
        """A reference to the concept labelled in *lang*."""
        return Ref(iri, self.label(iri, lang))


@dataclass(frozen=True)
class Entry:
    """One concept in the list."""

    ref: Ref
    other: str  # its label in the other language ("" when the same or missing)
    definition: str
    broader: tuple[Ref, ...]
    top: bool


@dataclass(frozen=True)
class GlossaryPage(Page):
    """All concepts, alphabetically in the chosen language."""

    kind: ClassVar[str] = "glossary"
    lang: str
    languages: tuple[str, ...]
    concepts: tuple[Entry, ...]


@dataclass(frozen=True)
class ConceptPage(Page):
    """One SKOS concept."""

    kind: ClassVar[str] = "concept"
    ref: Ref
    lang: str
    languages: tuple[str, ...]
    pref_labels: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]]
    hidden_labels: tuple[str, ...]
    definitions: dict[str, str]
    scope_notes: tuple[str, ...]
    dutch_attested: bool
    broader: tuple[Ref, ...]
    narrower: tuple[Ref, ...]
    related: tuple[Ref, ...]
    describes: tuple[Ref, ...]
    evidence: str
    sources: tuple[str, ...]


def labels(kb: KnowledgeBase) -> Labels:
    """The glossary's labels (read once per KB)."""

    def load() -> Labels:
        rows, query = select(kb, "Every glossary concept's labels", LABELS)
        by: dict[str, dict[str, str]] = {}
        for r in rows:
            by.setdefault(str(r["concept"]), {}).setdefault(text(r["lang"]), text(r["label"]))
        top = frozenset(str(r["concept"]) for r in rows if r["top"])
        return Labels(by, top, query)

    return kb.cached("explorer:glossary-labels", load)


def language(lang: str | None) -> str:
    """A supported language (English unless *lang* is one of :data:`LANGUAGES`)."""
    return lang if lang in LANGUAGES else "en"


def glossary_page(kb: KnowledgeBase, lang: str = "en") -> GlossaryPage:
    """The concept list in *lang* (built once per KB and language)."""
    lang = language(lang)
    return cached_page(kb, "glossary:" + lang, lambda: _glossary(kb, lang))


def _glossary(kb: KnowledgeBase, lang: str) -> GlossaryPage:
    names = labels(kb)
    rows, query = select(kb, "Definitions and broader concepts", ENTRIES)
    definitions: dict[str, str] = {}
    broader: dict[str, list[str]] = {}
    for r in rows:
        concept = str(r["concept"])
        definitions.setdefault(concept, text(r["definition"]))
        if r["broader"] and str(r["broader"]) not in broader.setdefault(concept, []):
            broader[concept].append(str(r["broader"]))
    other = "nl" if lang == "en" else "en"
    entries = []
    for concept in names.by_concept:
        own, theirs = names.label(concept, lang), names.by_concept[concept].get(other, "")
        entries.append(
            Entry(
                Ref(concept, own),
                "" if theirs == own else theirs,
                definitions.get(concept, ""),
                tuple(names.ref(b, lang) for b in broader.get(concept, [])),
                concept in names.top,
            )
        )
    entries.sort(key=lambda e: (e.ref.label.casefold(), e.ref.iri))
    title = "USM glossary" if lang == "en" else "USM-begrippenlijst"
    return GlossaryPage(title, (names.query, query), lang, LANGUAGES, tuple(entries))


def concept_page(kb: KnowledgeBase, iri: str, lang: str = "en") -> ConceptPage:
    """The page of the concept *iri* in *lang* (built once per KB and language)."""
    lang = language(lang)
    return cached_page(kb, f"concept:{lang}:{iri}", lambda: _concept(kb, iri, lang))


def _concept(kb: KnowledgeBase, iri: str, lang: str) -> ConceptPage:
    about = facts(kb, iri, "Every statement about the concept")
    names = labels(kb)
    elements = {
        e.iri: e.label
        for kind in ("process", "workflow", "calltype", "domain")
        for e in kb.names().choices(kind)
    }

    def refs(prop: str) -> tuple[Ref, ...]:
        return tuple(
            sorted(
                (names.ref(c, lang) for c in about.all(SKOS + prop)),
                key=lambda r: r.label.casefold(),
            )
        )

    notes = about.all(SKOS + "editorialNote")
    pref = {
        lg: about.one(SKOS + "prefLabel", lg)
        for lg in LANGUAGES
        if about.all(SKOS + "prefLabel", lg)
    }
    return ConceptPage(
        title=names.label(iri, lang),
        queries=(about.query,),
        ref=names.ref(iri, lang),
        lang=lang,
        languages=LANGUAGES,
        pref_labels=pref,
        alt_labels={lg: about.all(SKOS + "altLabel", lg) for lg in LANGUAGES},
        hidden_labels=about.all(SKOS + "hiddenLabel"),
        definitions={
            lg: d for lg in LANGUAGES if (d := _exact(about.values, SKOS + "definition", lg))
        },
        scope_notes=about.all(SKOS + "scopeNote"),
        dutch_attested=not any(n.startswith(NOT_ATTESTED) for n in notes),
        broader=refs("broader"),
        narrower=refs("narrower"),
        related=refs("related"),
        describes=tuple(
            Ref(t, elements.get(t) or _local_name(t)) for t in about.all(USM + "describes")
        ),
        evidence=evidence_name(about.one(USM + "evidence")),
        sources=about.all(DCTERMS + "source"),
    )


def _exact(values: dict[str, tuple[tuple[object, str], ...]], prop: str, lang: str) -> str:
    return next((str(v) for v, lg in values.get(prop, ()) if lg == lang), "")


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
