"""The search page (ranked hits with type facets) and the suggestions shown while typing.

Hits come from the catalogue's ranked search (BM25 over ids, codes, English and Dutch labels,
alternative labels and definitions; ``catalogue.search``), except that elements one of whose
names is exactly what was asked (``CHM``, ``DSS02``) come first. Suggestions are the elements one
of whose names starts with (or else contains) what was typed, from the KB's resolver index,
so ``inc`` suggests *Incident management* before a whole word is typed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from usm_kb.catalogue.search import SEARCHED_KINDS, search
from usm_kb.explorer.base import Page, PageQuery, Ref
from usm_kb.store import KnowledgeBase
from usm_kb.store.names import key

KINDS = (*SEARCHED_KINDS, "concept")
# Elements named exactly what was asked come first, the model's own before the frameworks'.
EXACT_ORDER = ("process", "workflow", "calltype", "domain", "framework", "practice", "concept")
KIND_LABELS = {
    "process": "process",
    "workflow": "workflow",
    "calltype": "call type",
    "domain": "domain",
    "framework": "framework",
    "practice": "practice",
    "concept": "glossary concept",
}
PAGE_SIZE = 50
SUGGESTIONS = 8
MIN_SUGGEST = 2


@dataclass(frozen=True)
class Facet:
    """One kind of element among the hits."""

    kind: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Hit:
    """One element that matches."""

    ref: Ref
    kind: str
    id: str
    framework: str
    score: float
    word: str = ""  # for suggestions: the name that matched


@dataclass(frozen=True)
class SearchPage(Page):
    """Ranked hits for the words, with facets by kind."""

    kind: ClassVar[str] = "search"
    q: str
    selected: str  # the kind chosen ("" for all)
    facets: tuple[Facet, ...]
    hits: tuple[Hit, ...]
    total: int
    suggestions: tuple[Hit, ...]


def search_page(kb: KnowledgeBase, q: str, kind: str = "", limit: int = PAGE_SIZE) -> SearchPage:
    """Search *q*; only elements of *kind* when it is one of :data:`KINDS`."""
    q = " ".join(q.split())[:200]
    kind = kind if kind in KINDS else ""
    hits = search(kb, q, kinds=KINDS) if q else []
    exact = _named_exactly(kb, q)
    hits.sort(key=lambda h: EXACT_ORDER.index(h.kind) if h.iri in exact else len(EXACT_ORDER))
    counts = Counter(h.kind for h in hits)
    facets = tuple(
        Facet(k, KIND_LABELS[k], counts[k], k == kind) for k in KINDS if counts[k] or k == kind
    )
    chosen = [h for h in hits if not kind or h.kind == kind]
    limit = max(1, min(limit, PAGE_SIZE))
    found = tuple(
        Hit(Ref(h.iri, h.label), h.kind, h.id, h.framework, h.score) for h in chosen[:limit]
    )
    queries: tuple[PageQuery, ...] = ()
    if q:
        text = kb.prepare_named("practice-search", {"text": q}).text
        queries = (PageQuery("The practices that match, in SPARQL (practice-search)", text),)
    return SearchPage(
        title=f"Search: {q}" if q else "Search",
        queries=queries,
        q=q,
        selected=kind,
        facets=facets,
        hits=found,
        total=len(chosen),
        suggestions=suggest(kb, q) if q else (),
    )


def _named_exactly(kb: KnowledgeBase, q: str) -> set[str]:
    """The elements one of whose names (id, code, label …) is exactly *q* (any case)."""
    wanted = key(q)
    if not wanted:
        return set()
    keys = kb.names().keys
    return {e.iri for kind in KINDS for e in keys.get(kind, {}).get(wanted, ())}


def suggest(kb: KnowledgeBase, typed: str, limit: int = SUGGESTIONS) -> tuple[Hit, ...]:
    """Elements one of whose names starts with *typed* (then: contains it), best first."""
    wanted = key(typed)
    if len(wanted) < MIN_SUGGEST:
        return ()
    names = kb.names()
    best: dict[tuple[str, str], tuple[int, Hit]] = {}
    for rank_kind, kind in enumerate(KINDS):
        words = names.words.get(kind, {})
        for k, entries in names.keys.get(kind, {}).items():
            word = words.get(k, "")
            if word.startswith(("http://", "https://")):
                continue
            if k.startswith(wanted):
                rank = 0 if k == wanted else 1
            elif wanted in k:
                rank = 2
            else:
                continue
            for e in entries:
                hit = Hit(Ref(e.iri, e.label), e.kind, e.id, e.framework, 0.0, word)
                order = rank * 100 + rank_kind
                if (e.kind, e.iri) not in best or order < best[(e.kind, e.iri)][0]:
                    best[(e.kind, e.iri)] = (order, hit)
    ranked = sorted(best.values(), key=lambda p: (p[0], len(p[1].ref.label), p[1].ref.label))
    return tuple(hit for _, hit in ranked[:limit])


@dataclass(frozen=True)
class ErrorPage(Page):
    """A refused request, with suggestions where something was not found."""

    kind: ClassVar[str] = "error"
    status: int
    message: str
    suggestions: tuple[Hit, ...] = ()


def not_found_page(kb: KnowledgeBase, word: str, message: str) -> ErrorPage:
    """A 404 page suggesting what *word* (the last part of the path) might have meant."""
    words = " ".join(word.replace("-", " ").replace("_", " ").split())[:100]
    found = list(suggest(kb, words, limit=5))
    if words:
        seen = {h.ref.iri for h in found}
        found += [
            Hit(Ref(h.iri, h.label), h.kind, h.id, h.framework, h.score)
            for h in search(kb, words, kinds=KINDS)[:5]
            if h.iri not in seen
        ]
    return ErrorPage("Not found", (), 404, message, tuple(found[:8]))
