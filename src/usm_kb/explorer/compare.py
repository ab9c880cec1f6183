"""The compare page: two frameworks' overlap through the USM hub, with the paths explained.

The ranking is the crosswalk service's (``catalogue.crosswalk.compare``); this page adds the
per-process matrix (how many practices of each framework live in each process, and how many
pairs meet there) and the two frameworks to choose from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from usm_kb.catalogue.crosswalk import OVERLAP_QUERY, CrosswalkPair, compare
from usm_kb.explorer.base import Page, PageQuery, Ref, Weight
from usm_kb.explorer.model import process_cards
from usm_kb.explorer.placements import placements
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import WEIGHT_SCALES

PAIRS = 50


@dataclass(frozen=True)
class MatrixRow:
    """One process: practices of A and of B placed there, and the pairs that meet there."""

    process: Ref
    a: int
    b: int
    pairs: int


@dataclass(frozen=True)
class ComparePage(Page):
    """Framework A against framework B."""

    kind: ClassVar[str] = "compare"
    frameworks: tuple[Ref, ...]  # every framework, for the choice (label = id)
    titles: dict[str, str]  # framework id -> title
    a: str  # framework id ("" before a choice)
    b: str
    min_score: float
    matrix: tuple[MatrixRow, ...]
    pairs: tuple[CrosswalkPair, ...]
    total: int
    weight: Weight


def compare_page(
    kb: KnowledgeBase, a: str = "", b: str = "", min_score: float = 0.0
) -> ComparePage:
    """Compare the frameworks *a* and *b* (the user's words); the empty form without both."""
    choices = kb.names().choices("framework")
    frameworks = tuple(Ref(e.iri, e.id) for e in sorted(choices, key=lambda e: e.id))
    titles = {e.id: e.label for e in choices}
    if not (a and b):
        return ComparePage(
            "Compare frameworks", (), frameworks, titles, a, b, min_score, (), (), 0, Weight()
        )
    crosswalk = compare(kb, a, b, min_score=min_score, limit=None)
    prepared = kb.prepare_named(
        OVERLAP_QUERY, {"framework_a": crosswalk.framework_a, "framework_b": crosswalk.framework_b}
    )
    matrix = _matrix(kb, crosswalk.framework_a, crosswalk.framework_b, crosswalk.pairs)
    a_title, b_title = titles[crosswalk.framework_a], titles[crosswalk.framework_b]
    return ComparePage(
        f"{a_title} × {b_title}",
        (PageQuery(f"Practice pairs that share a process ({OVERLAP_QUERY})", prepared.text),),
        frameworks,
        titles,
        crosswalk.framework_a,
        crosswalk.framework_b,
        min_score,
        matrix,
        crosswalk.pairs[:PAIRS],
        crosswalk.total,
        Weight(crosswalk.weight, WEIGHT_SCALES[crosswalk.weight]),
    )


def _matrix(
    kb: KnowledgeBase, a: str, b: str, pairs: tuple[CrosswalkPair, ...]
) -> tuple[MatrixRow, ...]:
    by_process = placements(kb).by_target
    met = Counter(s.process for pair in pairs for s in pair.processes)
    rows = []
    for card in process_cards(kb)[0]:
        here = by_process.get(card.ref.iri, ())
        rows.append(
            MatrixRow(
                card.ref,
                len({r.practice for r in here if r.framework_id == a}),
                len({r.practice for r in here if r.framework_id == b}),
                met[card.ref.label],
            )
        )
    return tuple(rows)
