"""The ranked crosswalk of two frameworks through the USM hub (``usm-kb compare A B``).

The named query ``framework-overlap`` gives every pair of activities, one per framework, that
share a USM process, with the relation and the weight of both placements. This service
scores each pair and ranks them, so an analyst reads the close correspondences first:

    score = 100 × Σ over the processes the pair shares of  min(w_a, w_b)

where *w* is a placement's weight divided by the top of its scale (``vocab.WEIGHT_SCALES``):
with ``share``, the part of the practice that lies in that process. The score is the overlap
of the two practices' distributions over the processes: 100 when USM places both alike
(wholly in one process, or split the same way), 0 when they share no process, and in
between as much of both as lies in the same processes. A practice split 60/40 over Agree and
Change scores 60 against one wholly in Agree. The set relation is shown but not scored: the
share already says how much of the practice a placement holds. The score is rounded to one
decimal. Pairs with equal scores are ordered by how many name words they share (English
stems; ``Change enablement`` before ``Managed IT Changes`` … ``Managed Configuration``),
which is shown as ``name_overlap`` but is no part of the score.

The weight is looked up *by name*: the rows' ``<weight>_a`` / ``<weight>_b`` columns, with
the name from ``vocab.MAPPING_WEIGHT`` unless the caller passes another.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from usm_kb.catalogue.words import tokens
from usm_kb.errors import UsageError
from usm_kb.store import KnowledgeBase, Row
from usm_kb.vocab import MAPPING_WEIGHT, OVERLAP_QUERY, WEIGHT_SCALES

DEFAULT_LIMIT = 25
NAME_NOISE = "and of the for management managed"  # words that say nothing about a match


@dataclass(frozen=True)
class SharedProcess:
    """One process both practices are placed in, with both placements."""

    process: str
    relation_a: str
    weight_a: float
    relation_b: str
    weight_b: float
    contribution: float  # this process's part of the score

    def describe(self) -> str:
        """``Recover (subset 100 × intersects 60)``."""
        return (
            f"{self.process} ({self.relation_a} {self.weight_a:g} × "
            f"{self.relation_b} {self.weight_b:g})"
        )


@dataclass(frozen=True)
class CrosswalkPair:
    """Two practices, one per framework, and how strongly USM links them."""

    score: float
    name_overlap: float  # Jaccard of the stemmed name words: orders equal scores
    practice_a: str
    id_a: str
    label_a: str
    practice_b: str
    id_b: str
    label_b: str
    processes: tuple[SharedProcess, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``asdict``'s, written out: it runs once per pair of thousands)."""
        return {
            "score": self.score,
            "name_overlap": self.name_overlap,
            "practice_a": self.practice_a,
            "id_a": self.id_a,
            "label_a": self.label_a,
            "practice_b": self.practice_b,
            "id_b": self.id_b,
            "label_b": self.label_b,
            "processes": tuple(vars(s).copy() for s in self.processes),
        }


@dataclass(frozen=True)
class Crosswalk:
    """The ranked pairs of two frameworks (after --min-score and the limit)."""

    framework_a: str
    framework_b: str
    weight: str
    pairs: tuple[CrosswalkPair, ...]
    total: int  # pairs at or above the minimum score, before the limit


def common_part(weight_a: Any, weight_b: Any, scale: int) -> float:
    """What two placements in one process have in common: the smaller weight, 0–100."""
    return 100 * min(float(weight_a), float(weight_b)) / scale


def rank_pairs(
    rows: list[Row],
    weight: str = MAPPING_WEIGHT,
    same_framework: bool = False,
    words: dict[str, frozenset[str]] | None = None,
) -> list[CrosswalkPair]:
    """Score and rank the pairs in ``framework-overlap`` rows (weight columns by name).

    *words* caches the stemmed name words per practice across calls (filled in here).
    """
    if weight not in WEIGHT_SCALES:
        raise UsageError(f"unknown weight {weight!r}; known: {', '.join(WEIGHT_SCALES)}")
    scale = WEIGHT_SCALES[weight]
    shared: dict[tuple[str, str], dict[str, SharedProcess]] = defaultdict(dict)
    labels: dict[str, tuple[str, str]] = {}
    for row in rows:
        a, b = str(row["practice_a"]), str(row["practice_b"])
        if same_framework and a > b:  # A × A lists each pair twice: keep one
            continue
        labels[a] = (str(row["notation_a"]), str(row["label_a"] or ""))
        labels[b] = (str(row["notation_b"]), str(row["label_b"] or ""))
        shared[(a, b)][str(row["verb"])] = SharedProcess(
            str(row["verb"]),
            str(row["relation_a"]),
            float(row[f"{weight}_a"]),
            str(row["relation_b"]),
            float(row[f"{weight}_b"]),
            round(common_part(row[f"{weight}_a"], row[f"{weight}_b"], scale), 1),
        )
    pairs = []
    words = {} if words is None else words
    for iri, (_, label) in labels.items():  # once per practice
        if iri not in words:
            words[iri] = name_words(label)
    for (a, b), by_process in shared.items():
        processes = tuple(sorted(by_process.values(), key=lambda s: -s.contribution))
        score = min(100.0, round(sum(s.contribution for s in processes), 1))
        overlap = jaccard(words[a], words[b])
        pairs.append(CrosswalkPair(score, overlap, a, *labels[a], b, *labels[b], processes))
    return sorted(pairs, key=rank_key)


def rank_key(pair: CrosswalkPair) -> tuple[float, float, str, str]:
    """The crosswalk's order: best score first, then most shared name words, then ids."""
    return (-pair.score, -pair.name_overlap, pair.id_a, pair.id_b)


def name_overlap(name_a: str, name_b: str) -> float:
    """Shared stemmed words of two names over all their words (0–1, two decimals)."""
    return jaccard(name_words(name_a), name_words(name_b))


def name_words(name: str) -> frozenset[str]:
    """The stemmed words of a name, without the words every practice name has."""
    return frozenset(tokens(name)) - frozenset(tokens(NAME_NOISE))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words over all words (0–1, two decimals)."""
    return round(len(a & b) / len(a | b), 2) if a | b else 0.0


def compare(
    kb: KnowledgeBase,
    framework_a: str,
    framework_b: str,
    *,
    min_score: float = 0.0,
    limit: int | None = DEFAULT_LIMIT,
    process: str | None = None,
    weight: str = MAPPING_WEIGHT,
) -> Crosswalk:
    """The ranked crosswalk of two frameworks (each by id or title, any case).

    *process* keeps only what the pairs share in that process; *limit* None or 0 keeps all.
    """
    a = kb.resolve("framework", framework_a).id
    b = kb.resolve("framework", framework_b).id
    rows = list(kb.run_named(OVERLAP_QUERY, framework_a=a, framework_b=b))
    if process is not None:
        verb = kb.resolve("process", process).label
        rows = [r for r in rows if r["verb"] == verb]
    ranked = [p for p in rank_pairs(rows, weight, a == b) if p.score >= min_score]
    kept = ranked[:limit] if limit else ranked
    return Crosswalk(a, b, weight, tuple(kept), len(ranked))
