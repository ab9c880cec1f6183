"""Rank the USM targets of a practice, and explain each one.

Three kinds of evidence, added up per target of the practice's kind:

- **nearest reference practices** (weight :data:`W_NEAREST`): BM25 over the shipped practices'
  names and descriptions; the :data:`NEIGHBOURS` best of the same kind vote for their own
  placements, by similarity times share;
- **USM's own words** (:data:`W_TERMS`): BM25 over each target's names, definitions and the
  glossary labels that describe it, in English and Dutch;
- **USM's placement rules** (:data:`W_RULES`, activities only): cue words, :mod:`.rules`.

Dutch words reach English texts through the glossary's pairs and :mod:`.lexicon`, at half
weight. Words are stemmed for English and Dutch (Snowball). Confidence is a target's share of
the summed scores of all candidates, so the suggestions of one practice add up to at most 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from usm_kb.catalogue.words import WORD, tokens
from usm_kb.namespaces import USM
from usm_kb.suggest.knowledge import Knowledge, Reference, Target
from usm_kb.suggest.lexicon import LEXICON
from usm_kb.suggest.model import Candidate, Evidence
from usm_kb.suggest.rules import Fired, fired_rules
from usm_kb.vocab import KIND_TARGETS
from usm_kb.workspace.language import DUTCH, ENGLISH

W_NEAREST = 1.0
W_TERMS = 0.3
W_RULES = 0.25
NEIGHBOURS = 15
EXPANSION = 0.5
NAME_BOOST = 2
MIN_WORD = 3  # shorter words (of, en, to …) are not shown as evidence
FUNCTION_WORDS = DUTCH | ENGLISH  # frequent words of either language, not shown as evidence
GENERIC = frozenset({"management", "process", "proces", "beheer"})  # in too many names to bridge
RULE_KINDS = frozenset({"activity", "metric", "event"})  # kinds whose targets are processes


@dataclass(frozen=True)
class Query:
    """A practice's words: stems, expansion stems, and which word each stem came from."""

    stems: list[str]
    extra: list[str]
    words: dict[str, str]  # stem -> the practice's own word


def make_query(text: str, bridges: Bridges) -> Query:
    """Stems of *text*, plus the other language's stems for words the bridges know."""
    stems: list[str] = []
    words: dict[str, str] = {}
    extra: list[str] = []
    for word in WORD.findall(text.casefold()):
        for stem in tokens(word):
            words.setdefault(stem, word)
            if stem not in stems:
                stems.append(stem)
        for other, translation in bridges.get(word, ()):
            words.setdefault(other, f"{word} = {translation}")
            if other not in stems and other not in extra:
                extra.append(other)
    return Query(stems, extra, words)


Bridges = dict[str, list[tuple[str, str]]]  # word -> (stem, word) pairs of the other language


def bridges_of(knowledge: Knowledge) -> Bridges:
    """Dutch word -> English stems (and back) from the glossary pairs and the lexicon."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def add(word: str, translation: str) -> None:
        for other in WORD.findall(translation.casefold()):
            if other not in FUNCTION_WORDS | GENERIC and len(other) >= MIN_WORD:
                found[word] += [(stem, other) for stem in tokens(other)]

    for labels in knowledge.glossary:
        by_lang = defaultdict(list)
        for lang, label in labels:
            by_lang[lang].append(label)
        for lang, other in (("nl", "en"), ("en", "nl")):
            for label in by_lang.get(lang, ()):
                words = WORD.findall(label.casefold())
                if len(words) == 1:
                    for translation in by_lang.get(other, ()):
                        add(words[0], translation)
    for dutch, english in LEXICON.items():
        add(dutch, english)
    return {w: list(dict.fromkeys(pairs)) for w, pairs in found.items()}


class Ranker:
    """The indexes over one knowledge snapshot (optionally without one framework: the bench)."""

    def __init__(self, knowledge: Knowledge, exclude_framework: str | None = None) -> None:
        self.knowledge = knowledge
        self.references = tuple(
            r for r in knowledge.references if r.placements and r.framework != exclude_framework
        )
        self.ref_index = BM25Okapi(
            [_doc(r.name, r.description) for r in self.references] or [["-"]]
        )
        self.targets = tuple(knowledge.targets.values())
        self.target_index = BM25Okapi([_target_doc(t) for t in self.targets])
        self.bridges = bridges_of(knowledge)

    def rank(self, text: str, kind: str, top: int = 3) -> list[Candidate]:
        """The best *top* targets for a practice of *kind* described by *text*."""
        query = make_query(text, self.bridges)
        allowed = {USM + c for c in KIND_TARGETS.get(kind, KIND_TARGETS["activity"])}
        candidates = [t for t in self.targets if t.classes & {c[len(USM) :] for c in allowed}]
        votes, voters = self._nearest(query, kind)
        terms = self._terms(query)
        fired = fired_rules(text) if kind in RULE_KINDS else []
        top_terms = max((terms.get(t.iri, 0.0) for t in candidates), default=0.0) or 1.0
        top_votes = max(votes.values(), default=0.0) or 1.0
        scores: dict[str, float] = {}
        for target in candidates:
            score = W_NEAREST * votes.get(target.iri, 0.0) / top_votes
            score += W_TERMS * terms.get(target.iri, 0.0) / top_terms
            score += W_RULES * sum(1 for f in fired if f.rule.process == target.iri)
            if score > 0:
                scores[target.iri] = score
        total = sum(scores.values()) or 1.0
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        return [
            Candidate(
                iri,
                self.knowledge.targets[iri].label,
                round(score / total, 2),
                self._evidence(iri, query, voters.get(iri, []), fired),
            )
            for iri, score in ranked
        ]

    def _nearest(
        self, query: Query, kind: str
    ) -> tuple[dict[str, float], dict[str, list[tuple[float, Reference]]]]:
        scores = _scores(self.ref_index, query)
        same = [(s, r) for s, r in zip(scores, self.references, strict=True) if r.kind == kind]
        best = sorted((p for p in same if p[0] > 0), key=lambda p: -p[0])[:NEIGHBOURS]
        votes: dict[str, float] = defaultdict(float)
        voters: dict[str, list[tuple[float, Reference]]] = defaultdict(list)
        for score, ref in best:
            for placement in ref.placements:
                votes[placement.target] += score * placement.share / 100
                voters[placement.target].append((score, ref))
        return votes, voters

    def _label(self, iri: str) -> str:
        target = self.knowledge.targets.get(iri)
        return target.label if target else iri

    def _terms(self, query: Query) -> dict[str, float]:
        scores = _scores(self.target_index, query)
        return {t.iri: s for t, s in zip(self.targets, scores, strict=True) if s > 0}

    def _evidence(
        self, iri: str, query: Query, voters: list[tuple[float, Reference]], fired: list[Fired]
    ) -> tuple[Evidence, ...]:
        found = [
            Evidence(
                "rule",
                f"USM rule: {f.rule.statement} (your words: {', '.join(repr(w) for w in f.words)})",
            )
            for f in fired
            if f.rule.process == iri
        ]
        found += _term_evidence(self.knowledge.targets[iri], query)
        for _score, ref in sorted(voters, key=lambda v: -v[0])[:3]:
            placed = ", ".join(
                f"{self._label(p.target)} ({p.relation}, share {p.share}, {p.evidence})"
                for p in ref.placements
            )
            found.append(
                Evidence("nearest", f"nearest: {ref.framework_title} {ref.name} → {placed}")
            )
        return tuple(found)


def _doc(name: str, description: str) -> list[str]:
    return tokens(name) * NAME_BOOST + tokens(description)


def _target_doc(target: Target) -> list[str]:
    doc: list[str] = []
    for item in target.fields:
        stems = tokens(item.text)
        doc += stems * (NAME_BOOST if "name" in item.where or "code" in item.where else 1)
    return doc or ["-"]


def _scores(index: BM25Okapi, query: Query) -> list[float]:
    main = index.get_scores(query.stems) if query.stems else None
    extra = index.get_scores(query.extra) if query.extra else None
    size = len(index.doc_len)
    return [
        (float(main[i]) if main is not None else 0.0)
        + (EXPANSION * float(extra[i]) if extra is not None else 0.0)
        for i in range(size)
    ]


def _term_evidence(target: Target, query: Query) -> list[Evidence]:
    """Which of the practice's words occur in which text of *target* (at most three)."""
    wanted = set(query.stems) | set(query.extra)
    found = []
    for item in target.fields:
        hits = [s for s in tokens(item.text) if s in wanted]
        if not hits:
            continue
        words = sorted({query.words[s] for s in hits if _telling(query.words.get(s, ""))})
        if not words:
            continue
        lang = f" ({item.lang})" if item.lang else ""
        found.append(
            Evidence(
                "terms",
                f"{', '.join(repr(w) for w in words)} in the USM {item.where}{lang} "
                f"of {target.label}: {_short(item.text)}",
            )
        )
    return found[:3]


def _telling(word: str) -> bool:
    """True for a word worth showing as evidence (not 'of', 'en', 'the' …)."""
    return len(word) >= MIN_WORD and word not in FUNCTION_WORDS


def _short(text: str, size: int = 90) -> str:
    return text if len(text) <= size else text[: size - 1].rsplit(" ", 1)[0] + " …"


def ranked_processes(candidates: Sequence[Candidate]) -> list[str]:
    """The process targets among *candidates*, best first."""
    return [c.target for c in candidates if "/id/process/" in c.target]
