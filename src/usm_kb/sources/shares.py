"""The weight of a mapping row: ``share``, the percentage of the practice that lies in its target.

One meaning, checked here while reading (``file:line``) and again by the SHACL shapes
``shape:MappingShareShape``, ``shape:ShareMatchesRelationShape`` and ``shape:ShareSumShape``:

- a share is an integer from 0 to 100;
- a row that places its practice (:func:`usm_kb.vocab.is_placement`) has a share of at least 1,
  a ``not_related`` row has 0 (it places nothing), a withdrawn (``deprecated``) row is not
  counted;
- ``subset`` and ``equal`` say the practice lies wholly inside the target, so their share is 100;
- the shares of a practice's placing rows add up to 100 — USM's processes do not overlap, so
  the pieces of a practice cannot add up to more than the practice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from usm_kb.vocab import INACTIVE_STATUSES, SHARE_TOTAL, WHOLE_RELATIONS, is_placement

_INTEGER = re.compile(r"\d{1,3}")


def share_problem(relation: str, status: str, share: str) -> str | None:
    """Why one row's share breaks the rules, or None when it keeps them."""
    if not _INTEGER.fullmatch(share) or int(share) > SHARE_TOTAL:
        return f"share {share!r} must be an integer from 0 to {SHARE_TOTAL}"
    if status in INACTIVE_STATUSES:
        return None
    value = int(share)
    if not is_placement(relation, status):
        return None if value == 0 else f"a {relation} row places nothing, so its share must be 0"
    if relation in WHOLE_RELATIONS and value != SHARE_TOTAL:
        return f"a {relation} row says the whole practice lies in its target: share must be 100"
    if value == 0:
        return "a row that places its practice needs a share of at least 1"
    return None


def share_sum_problems(
    rows: Iterable[tuple[str, int, str, str, str]],
) -> list[tuple[int, str]]:
    """``(line, message)`` for every practice whose placing rows do not add up to 100.

    *rows* are ``(subject, line, relation, status, share)``; the message names the practice's
    rows and is reported on the line of its last placing row.
    """
    placing: dict[str, list[tuple[int, int]]] = {}
    for subject, line, relation, status, share in rows:
        if is_placement(relation, status):
            placing.setdefault(subject, []).append((line, int(share)))
    problems = []
    for subject, found in placing.items():
        total = sum(share for _, share in found)
        if total != SHARE_TOTAL:
            lines = ", ".join(str(line) for line, _ in found)
            problems.append(
                (
                    found[-1][0],
                    f"the shares of {subject.rsplit('/', 1)[-1]} add up to {total}, not "
                    f"{SHARE_TOTAL} (placing rows on lines {lines})",
                )
            )
    return problems
