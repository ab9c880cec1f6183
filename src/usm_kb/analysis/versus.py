"""``analyze compare --against FRAMEWORK``: the workspace ↔ a framework through the USM hub.

The workspace's local activities are side A, the framework's activities side B; the pairs
that share a process are scored and ranked by the crosswalk of ``usm-kb compare``
(:func:`usm_kb.catalogue.crosswalk.rank_pairs`, the same scorer): per shared process the
smaller of the two shares, summed, so 100 when both practices lie in the same processes alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from usm_kb.analysis.facts import Facts, framework_activities, load_facts
from usm_kb.catalogue.crosswalk import Crosswalk, rank_pairs
from usm_kb.namespaces import local_practice_base
from usm_kb.store import KnowledgeBase, Row
from usm_kb.vocab import MAPPING_WEIGHT


@dataclass(frozen=True)
class WorkspaceComparison:
    """``analyze compare``: one ranked crosswalk of the workspace per framework."""

    workspace: str
    min_score: float
    crosswalks: tuple[Crosswalk, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "workspace": self.workspace,
            "min_score": self.min_score,
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


def pair_rows(facts: Facts, framework_rows: Sequence[Row]) -> list[Row]:
    """``framework-overlap``-shaped rows: each local placement beside each framework one."""
    base = local_practice_base(facts.workspace)
    rows: list[Row] = []
    for b in framework_rows:
        for a in facts.placements.get(str(b["process"]), ()):
            rows.append(
                {
                    "verb": str(b["verb"]),
                    "practice_a": base + a.practice,
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


def crosswalk_of(
    facts: Facts, framework: str, framework_rows: Sequence[Row], min_score: float = 0.0
) -> Crosswalk:
    """The ranked pairs of the workspace and *framework* scoring at least *min_score*."""
    ranked = [p for p in rank_pairs(pair_rows(facts, framework_rows)) if p.score >= min_score]
    return Crosswalk(facts.workspace, framework, MAPPING_WEIGHT, tuple(ranked), len(ranked))


def compare_workspace(
    kb: KnowledgeBase, frameworks: Sequence[str], min_score: float = 0.0
) -> WorkspaceComparison:
    """The workspace against each of *frameworks* (ids or titles; unknown ones refused)."""
    facts = load_facts(kb)
    found = []
    for name in dict.fromkeys(frameworks):
        framework, rows = framework_activities(kb, name)
        found.append(crosswalk_of(facts, framework, rows, min_score))
    return WorkspaceComparison(facts.workspace, min_score, tuple(found))
