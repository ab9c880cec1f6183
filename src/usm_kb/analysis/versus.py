"""``analyze compare --against FRAMEWORK``: the workspace ↔ a framework through the USM hub.

The workspace's local activities are side A, the framework's activities side B; the pairs
that share a process are scored and ranked by the crosswalk of ``usm-kb compare``
(:func:`usm_kb.catalogue.crosswalk.rank_pairs`, the same scorer): per shared process the
smaller of the two shares, summed, so 100 when both practices lie in the same processes alike.

The pairs are scored one local activity at a time and only the best *limit* are kept (a heap),
so memory stays bounded by the limit, not by the millions of pairs a 100k-practice workspace
has with a framework; ``total`` still counts every pair at or above the minimum score.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from usm_kb.analysis.facts import Facts, framework_activities, load_facts
from usm_kb.analysis.model import Placement
from usm_kb.catalogue.crosswalk import DEFAULT_LIMIT, Crosswalk, CrosswalkPair, rank_key, rank_pairs
from usm_kb.namespaces import local_practice_base
from usm_kb.store import KnowledgeBase, Row
from usm_kb.vocab import MAPPING_WEIGHT


@dataclass(frozen=True)
class WorkspaceComparison:
    """``analyze compare``: one ranked crosswalk of the workspace per framework."""

    workspace: str
    min_score: float
    limit: int  # pairs kept per framework, best first (0: all)
    crosswalks: tuple[Crosswalk, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "workspace": self.workspace,
            "min_score": self.min_score,
            "limit": self.limit,
            "crosswalks": [
                {
                    "workspace": c.framework_a,
                    "framework": c.framework_b,
                    "weight": c.weight,
                    "total": c.total,
                    "pairs": [p.to_dict() for p in c.pairs],
                }
                for c in self.crosswalks
            ],
        }


def pair_rows(
    facts: Facts,
    practice: str,
    placed: Sequence[tuple[str, Placement]],
    by_process: dict[str, list[Row]],
) -> list[Row]:
    """``framework-overlap``-shaped rows of one local activity beside each framework placement."""
    iri = local_practice_base(facts.workspace) + practice
    rows: list[Row] = []
    for process, a in placed:
        for b in by_process.get(process, ()):
            rows.append(
                {
                    "verb": str(b["verb"]),
                    "practice_a": iri,
                    "notation_a": a.practice,
                    "label_a": a.name,
                    "relation_a": a.relation,
                    f"{MAPPING_WEIGHT}_a": a.share,
                    "practice_b": str(b["practice"]),
                    "notation_b": str(b["notation"]),
                    "label_b": str(b["label"] or b["notation"]),
                    "relation_b": str(b["relation"]),
                    f"{MAPPING_WEIGHT}_b": int(str(b["share"])),
                }
            )
    return rows


def scored_pairs(
    facts: Facts, framework_rows: Sequence[Row], min_score: float, counted: list[int]
) -> Iterator[CrosswalkPair]:
    """Every pair scoring at least *min_score*, one local activity at a time (counted[0] += 1)."""
    by_process: dict[str, list[Row]] = defaultdict(list)
    for b in framework_rows:
        by_process[str(b["process"])].append(b)
    placed: dict[str, list[tuple[str, Placement]]] = defaultdict(list)
    for process, placements in facts.placements.items():
        for a in placements:
            placed[a.practice].append((process, a))
    words: dict[str, frozenset[str]] = {}
    for practice, where in placed.items():
        for pair in rank_pairs(pair_rows(facts, practice, where, by_process), words=words):
            if pair.score >= min_score:
                counted[0] += 1
                yield pair


def crosswalk_of(
    facts: Facts,
    framework: str,
    framework_rows: Sequence[Row],
    min_score: float = 0.0,
    limit: int = DEFAULT_LIMIT,
) -> Crosswalk:
    """The best *limit* pairs (0: all) of the workspace and *framework* scoring ≥ *min_score*."""
    counted = [0]
    pairs = scored_pairs(facts, framework_rows, min_score, counted)
    ranked = heapq.nsmallest(limit, pairs, key=rank_key) if limit else sorted(pairs, key=rank_key)
    return Crosswalk(facts.workspace, framework, MAPPING_WEIGHT, tuple(ranked), counted[0])


def compare_workspace(
    kb: KnowledgeBase,
    frameworks: Sequence[str],
    min_score: float = 0.0,
    limit: int = DEFAULT_LIMIT,
) -> WorkspaceComparison:
    """The workspace against each of *frameworks* (ids or titles; unknown ones refused)."""
    facts = load_facts(kb)
    found = []
    for name in dict.fromkeys(frameworks):
        framework, rows = framework_activities(kb, name)
        found.append(crosswalk_of(facts, framework, rows, min_score, limit))
    return WorkspaceComparison(facts.workspace, min_score, limit, tuple(found))
