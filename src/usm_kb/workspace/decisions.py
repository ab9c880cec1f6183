"""``usm-kb map accept|reject``: a team's decision about one placement, as an SSSOM row.

An accepted placement is an ``approved`` row whose reviewer is the person who decided; its
justification says how the target was found: ``semapv:LexicalMatching`` when it was one of
the suggestions (lexical matching, then human review), ``semapv:ManualMappingCuration`` when
the team chose it themselves. A rejection is an approved ``not_related`` row (share 0,
``semapv:MappingReview``), so the same suggestion is not offered again. A decision replaces
an earlier one about the same practice and target. The new set is checked by the strict
SSSOM reader before it is written (atomically): a decision that breaks a rule, such as shares
adding up to more than 100, changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from usm_kb.errors import UsageError
from usm_kb.files import atomic_write_bytes
from usm_kb.namespaces import curie, local_practice_base
from usm_kb.sources.sssom_header import curie_map_for
from usm_kb.vocab import RATIONALES, RELATION_PREDICATE, WHOLE_RELATIONS
from usm_kb.workspace.config import MAPPINGS, Workspace
from usm_kb.workspace.mappings import load_workspace_mappings, read_set, set_text
from usm_kb.workspace.practices import load_practices


@dataclass(frozen=True)
class Decision:
    """What the team decided about one practice and one USM target."""

    practice: str  # local practice id
    target: str  # IRI
    target_label: str
    accept: bool
    author: str  # a slug: the person who decided
    date: str
    relation: str = "subset"
    share: int | None = None
    comment: str = ""
    suggested: bool = False  # the target was among the suggestions
    confidence: float = 0.9
    rationale: str = "functional"


@dataclass(frozen=True)
class DecisionResult:
    """The row written and whether it replaced an earlier decision."""

    row: dict[str, str]
    replaced: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"row": self.row, "replaced": self.replaced}


def agent(name: str) -> str:
    """``Jan de Vries`` -> ``jan-de-vries`` (an agent id under ``agent:``)."""
    slug = "-".join(re.findall(r"[a-z0-9]+", name.casefold()))
    if not slug:
        raise UsageError(f"author {name!r} has no letters or digits", hint="pass --author NAME")
    return slug


def decision_row(workspace: Workspace, decision: Decision, practice_name: str) -> dict[str, str]:
    """The SSSOM row of *decision*."""
    prefixes = curie_map_for(workspace.id, local_practice_base(workspace.id))
    relation = decision.relation if decision.accept else "not_related"
    if relation not in RELATION_PREDICATE:
        raise UsageError(f"relation {relation!r} is not one of {', '.join(RELATION_PREDICATE)}")
    if decision.rationale not in RATIONALES:
        raise UsageError(f"rationale {decision.rationale!r} is not one of {', '.join(RATIONALES)}")
    share = decision.share
    if not decision.accept:
        share = 0
    elif share is None:
        if relation not in WHOLE_RELATIONS:
            raise UsageError(
                f"a {relation} placement needs --share (the percentage of the practice in it)"
            )
        share = 100
    who = f"agent:{decision.author}"
    if decision.accept:
        how = "semapv:LexicalMatching" if decision.suggested else "semapv:ManualMappingCuration"
    else:
        how = "semapv:MappingReview"
    verb = "accepted" if decision.accept else "rejected"
    comment = decision.comment or (
        f"{verb} by {decision.author}" + (" from the suggestions" if decision.suggested else "")
    )
    return {
        "subject_id": f"{workspace.id}:{decision.practice}",
        "subject_label": practice_name,
        "predicate_id": RELATION_PREDICATE[relation],
        "predicate_modifier": "" if decision.accept else "Not",
        "object_id": curie(decision.target, prefixes),
        "object_label": decision.target_label,
        "mapping_justification": how,
        "confidence": f"{decision.confidence:.2f}",
        "author_id": who,
        "reviewer_id": who,
        "mapping_date": decision.date,
        "comment": " ".join(comment.split()),
        "see_also": decision.target,
        "relation": relation,
        "rationale": decision.rationale,
        "share": str(share),
        "evidence": "derived",
        "source": "",
        "status": "approved",
    }


def record_decision(
    workspace: Workspace, decision: Decision, targets: Mapping[str, frozenset[str]]
) -> DecisionResult:
    """Write *decision* into the workspace's mapping set, checked first (atomic)."""
    practices = load_practices(workspace)
    practice = next((p for p in practices if p.id == decision.practice), None)
    if practice is None:
        raise UsageError(
            f"no local practice {decision.practice!r} in {workspace.root}",
            hint="the ids are in practices.yaml",
        )
    if decision.target not in targets:
        raise UsageError(f"{decision.target} is no USM element a practice can map onto")
    row = decision_row(workspace, decision, practice.name)
    header, rows = read_set(workspace)
    key = (row["subject_id"], row["object_id"])
    kept = [r for r in rows if (r.get("subject_id"), r.get("object_id")) != key]
    text = set_text(header, [*kept, row])
    load_workspace_mappings(workspace, practices, targets, text=text)
    atomic_write_bytes(workspace.path(MAPPINGS), text.encode("utf-8"))
    return DecisionResult(row, replaced=len(kept) < len(rows))


def decided(workspace: Workspace) -> dict[str, list[dict[str, str]]]:
    """Practice id -> its rows in the mapping set (the decisions made so far)."""
    found: dict[str, list[dict[str, str]]] = {}
    for row in read_set(workspace)[1]:
        prefix, _, local = row.get("subject_id", "").partition(":")
        if prefix == workspace.id:
            found.setdefault(local, []).append(row)
    return found
