"""Leave-one-framework-out accuracy and speed of ``usm-kb suggest`` (issue 15).

For each shipped framework, the suggestion ranker is built from every *other* framework's
practices (plus USM's own texts and rules) and asked where each of the held-out framework's
activities lives. A suggestion is right when it names the practice's primary placement (its
row with the largest share; a tie counts every tied target). Prints top-1 and top-2 accuracy
per framework and overall (micro-averaged over practices), and practices per second.
Targets: top-1 >= 0.75, top-2 >= 0.9 overall; >= 200 practices/s.

    python bench/bench_suggest.py [--data DIR] [--cache DIR] [--kind activity]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.suggest.knowledge import Reference, load_knowledge
from usm_kb.suggest.ranker import Ranker


def primary(ref: Reference) -> set[str]:
    """The targets of the practice's largest share."""
    best = max(p.share for p in ref.placements)
    return {p.target for p in ref.placements if p.share == best}


def main() -> None:
    """Run the bench and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--kind", default="activity", help="kind of entries to evaluate")
    args = parser.parse_args()
    kb = KnowledgeBase.open(args.data, args.cache, settings=Settings(sparql_workers=0))
    knowledge = load_knowledge(kb)
    frameworks = sorted({r.framework for r in knowledge.references})
    total = top1 = top2 = 0
    seconds = 0.0
    print(f"{'framework':<16} {'n':>4} {'top-1':>6} {'top-2':>6}")
    for fw in frameworks:
        held = [
            r
            for r in knowledge.references
            if r.framework == fw and r.kind == args.kind and r.placements
        ]
        if not held:
            continue
        ranker = Ranker(knowledge, exclude_framework=fw)
        hit1 = hit2 = 0
        started = time.perf_counter()
        for ref in held:
            ranked = [c.target for c in ranker.rank(f"{ref.name}. {ref.description}", ref.kind, 2)]
            gold = primary(ref)
            hit1 += bool(ranked[:1] and ranked[0] in gold)
            hit2 += bool(set(ranked[:2]) & gold)
        seconds += time.perf_counter() - started
        total, top1, top2 = total + len(held), top1 + hit1, top2 + hit2
        print(f"{fw:<16} {len(held):>4} {hit1 / len(held):>6.2f} {hit2 / len(held):>6.2f}")
    print(f"{'overall':<16} {total:>4} {top1 / total:>6.2f} {top2 / total:>6.2f}")
    print(f"speed: {total / seconds:.0f} practices/s ({seconds:.2f} s for {total})")
    kb.close()


if __name__ == "__main__":
    main()
