"""Ranked search over everything the KB names (``usm-kb search``).

Practices, processes, workflows, call types, domains, frameworks, evidence levels and
glossary concepts are searched alike. Each element is one document: its ids, codes,
notations, English and Dutch labels, alternative and hidden labels, the labels of the
glossary concepts that describe it (three times over: names weigh more), and its definitions
or purpose. Words are stemmed with the Snowball stemmers for English *and* Dutch (PyStemmer),
and documents are ranked with BM25 (rank-bm25). A query word that no document has is also
looked for inside longer words (Dutch compounds: ``storing`` in ``verstoring``). The query is
then widened once across the languages: the English names of the glossary concepts it hits
best are searched too, at half weight, so ``wijziging`` finds change practices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rank_bm25 import BM25Okapi

from usm_kb.catalogue.words import tokens
from usm_kb.store import KnowledgeBase
from usm_kb.store.names import Entry

EXPANSION_WEIGHT = 0.5
EXPANSION_CONCEPTS = 3
NAME_BOOST = 3  # ids, codes and names count three times as much as descriptions
COMPOUND_MIN = 5
COMPOUNDS = 5
SEARCHED_KINDS = ("practice", "process", "workflow", "calltype", "domain", "framework")
KINDS = (*SEARCHED_KINDS, "evidence", "concept")

DESCRIPTIONS = (
    "SELECT ?s ?text WHERE { ?s skos:definition|usm:purpose|usm:output|skos:scopeNote ?text "
    "FILTER(isLiteral(?text)) }"
)


@dataclass(frozen=True)
class SearchHit:
    """One element that matches, with its BM25 score (higher is better)."""

    kind: str
    id: str
    label: str
    framework: str
    score: float
    iri: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class SearchIndex:
    """BM25 over one document per named element."""

    entries: tuple[Entry, ...]
    bm25: Any
    concept_names: dict[str, str]  # concept IRI -> its English name
    vocabulary: frozenset[str]  # every indexed word

    def compounds(self, words: Sequence[str]) -> list[str]:
        """Indexed words that contain an unknown query word, at most :data:`COMPOUNDS` each.

        Dutch glues words together: ``storing`` is found in ``verstoring``.
        """
        found: list[str] = []
        for word in words:
            if word in self.vocabulary or len(word) < COMPOUND_MIN:
                continue
            found += sorted(w for w in self.vocabulary if word in w)[:COMPOUNDS]
        return found

    def scores(self, words: Sequence[str]) -> list[float]:
        """BM25 score of every entry for *words* (already tokenised)."""
        if not words:
            return [0.0] * len(self.entries)
        return [float(s) for s in self.bm25.get_scores(list(words))]


def build_index(kb: KnowledgeBase) -> SearchIndex:
    """One document per element of the KB's resolver index, plus its descriptions."""
    names = kb.names()
    texts: dict[str, list[str]] = defaultdict(list)
    for row in kb.select(DESCRIPTIONS):
        texts[str(row["s"])].append(str(row["text"]))
    entries = [e for kind in KINDS for e in names.choices(kind)]
    words_of: dict[Entry, list[str]] = defaultdict(list)
    for kind in KINDS:
        for k, found in names.keys.get(kind, {}).items():
            word = names.words[kind][k]
            if not word.startswith(("http://", "https://")):
                for entry in found:
                    words_of[entry].append(word)
    corpus = [
        tokens(" ".join([e.id, e.label, *words_of[e]])) * NAME_BOOST
        + tokens(" ".join(texts.get(e.iri, [])))
        for e in entries
    ]
    concept_names = {e.iri: e.label for e in entries if e.kind == "concept"}
    vocabulary = frozenset(w for doc in corpus for w in doc)
    return SearchIndex(tuple(entries), BM25Okapi(corpus), concept_names, vocabulary)


def search(
    kb: KnowledgeBase,
    text: str,
    *,
    kinds: Sequence[str] = SEARCHED_KINDS,
    framework: str | None = None,
) -> list[SearchHit]:
    """Elements matching *text*, best first; only *kinds*, only practices of *framework*.

    *framework* is the user's word for it (id or title, any case).
    """
    index = kb.cached("search-index", lambda: build_index(kb))
    fw = kb.resolve("framework", framework).id if framework else None
    query = tokens(text)
    query += [w for w in index.compounds(query) if w not in query]
    scores = index.scores(query)
    widened = _widened(index, scores, query)
    extra = index.scores(widened)
    hits = []
    for entry, score, more in zip(index.entries, scores, extra, strict=True):
        total = score + EXPANSION_WEIGHT * more
        if total <= 0 or entry.kind not in kinds or (fw and entry.framework != fw):
            continue
        hits.append(
            SearchHit(
                entry.kind, entry.id, entry.label, entry.framework, round(total, 2), entry.iri
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.kind, h.id))


def _widened(index: SearchIndex, scores: Sequence[float], query: Sequence[str]) -> list[str]:
    """The English names of the best-matching glossary concepts, as extra query words."""
    concepts = sorted(
        (
            (score, entry.iri)
            for entry, score in zip(index.entries, scores, strict=True)
            if entry.kind == "concept" and score > 0
        ),
        reverse=True,
    )[:EXPANSION_CONCEPTS]
    words: list[str] = []
    for _, iri in concepts:
        words += [w for w in tokens(index.concept_names[iri]) if w not in query and w not in words]
    return words
