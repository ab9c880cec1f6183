"""``usm-kb suggest``: ranked, explained USM targets for a workspace's local practices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from usm_kb.errors import QueryError, UsageError
from usm_kb.namespaces import curie, local_practice_base
from usm_kb.sources.sssom_header import curie_map_for
from usm_kb.store import KnowledgeBase
from usm_kb.store.names import key
from usm_kb.suggest.knowledge import Knowledge, load_knowledge
from usm_kb.suggest.model import Candidate, Suggestions
from usm_kb.suggest.ranker import Ranker, ranked_processes
from usm_kb.vocab import RELATION_PREDICATE
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.decisions import decided
from usm_kb.workspace.practices import LocalPractice, load_practices

AUTHOR = "agent:usm-kb-suggest"


def ranker_for(kb: KnowledgeBase) -> Ranker:
    """The ranker over *kb* (built once per KB)."""
    return kb.cached("suggest-ranker", lambda: Ranker(load_knowledge(kb)))


def suggest(
    kb: KnowledgeBase, workspace: Workspace, *, top: int = 3, practice: str | None = None
) -> list[Suggestions]:
    """Suggestions for every local practice of *workspace* (or the one with id *practice*)."""
    if top < 1:
        raise UsageError("--top must be at least 1")
    practices = load_practices(workspace)
    if practice is not None:
        practices = tuple(p for p in practices if p.id == practice)
        if not practices:
            raise UsageError(
                f"no local practice {practice!r} in {workspace.root}",
                hint="`usm-kb query` or practices.yaml lists the ids",
            )
    if not practices:
        raise UsageError(
            "the workspace has no practices yet", hint="import them: usm-kb catalog import FILE"
        )
    ranker = ranker_for(kb)
    refused = rejected(workspace)
    return [suggest_one(ranker, p, top, refused.get(p.id, frozenset())) for p in practices]


def rejected(workspace: Workspace) -> dict[str, frozenset[str]]:
    """Practice id -> the targets the team rejected for it (``not_related`` rows)."""
    prefixes = curie_map_for(workspace.id, local_practice_base(workspace.id))
    found: dict[str, set[str]] = {}
    for practice, rows in decided(workspace).items():
        for row in rows:
            if row.get("relation") == "not_related":
                prefix, _, local = row.get("object_id", "").partition(":")
                found.setdefault(practice, set()).add(prefixes.get(prefix, prefix + ":") + local)
    return {k: frozenset(v) for k, v in found.items()}


def suggest_one(
    ranker: Ranker, practice: LocalPractice, top: int, refused: frozenset[str] = frozenset()
) -> Suggestions:
    """The ranked targets of one practice, with the call type and workflow it serves.

    A target the team *refused* (a ``not_related`` row) is never offered again.
    """
    ranked = ranker.rank(practice.text(), practice.kind, top + len(refused))
    candidates = [c for c in ranked if c.target not in refused][:top]
    call_type, workflow, reason = _flow(ranker.knowledge, ranked_processes(candidates))
    note = (
        ""
        if candidates
        else (
            "no word of this practice matched USM or a reference practice; "
            "add a description in a sentence or two"
        )
    )
    return Suggestions(
        practice.id,
        practice.name,
        practice.language,
        practice.kind,
        tuple(candidates),
        call_type,
        workflow,
        reason,
        note,
    )


def resolve_target(kb: KnowledgeBase, workspace: Workspace, word: str) -> tuple[str, str]:
    """The USM element (IRI, English label) that *word* names.

    A CURIE of the mapping set (``usmp:recover``, ``profile:operator``), an IRI, a process's
    id, code or English or Dutch name (``herstellen``), or another element's English label.
    """
    targets = ranker_for(kb).knowledge.targets
    prefixes = curie_map_for(workspace.id, local_practice_base(workspace.id))
    prefix, sep, local = word.partition(":")
    iri = word if word.startswith(("http://", "https://")) else None
    if iri is None and sep and prefix in prefixes:
        iri = prefixes[prefix] + local
    if iri is None:
        try:
            iri = kb.resolve("process", word).iri
        except QueryError:
            wanted = key(word)
            iri = next((t.iri for t in targets.values() if key(t.label) == wanted), None)
    if iri is None or iri not in targets:
        raise UsageError(
            f"no USM element {word!r} a practice can map onto",
            hint="use a process name (Recover, herstellen) or a CURIE such as profile:operator",
        )
    return iri, targets[iri].label


def _flow(knowledge: Knowledge, processes: list[str]) -> tuple[str | None, str | None, str]:
    """The call type that starts the best process, and the workflow that fits best."""
    if not processes:
        return None, None, ""
    first = processes[0]
    call_type = knowledge.triggers.get(first)
    flows = knowledge.workflows.get(call_type or "", {})
    if call_type is None or not flows:
        return call_type, None, ""
    label = knowledge.targets.get(first)
    name = label.label if label else first
    second = processes[1] if len(processes) > 1 else None
    through = [w for w, steps in flows.items() if second and second in steps]
    if through:
        other = knowledge.targets.get(second or "")
        return (
            call_type,
            through[0],
            f"a {_short(call_type)} starts {name}; this workflow also passes through "
            f"{other.label if other else second}, the next candidate",
        )
    simplest = min(flows, key=lambda w: (len(flows[w]), w))
    return call_type, simplest, f"a {_short(call_type)} starts {name}"


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].replace("-", " ")


def to_sssom_rows(workspace: Workspace, found: Sequence[Suggestions]) -> list[dict[str, str]]:
    """The best suggestion of each practice as a ``proposed`` SSSOM row (lexical matching)."""
    prefixes = curie_map_for(workspace.id, local_practice_base(workspace.id))
    today = dt.date.today().isoformat()
    rows = []
    for item in found:
        if not item.candidates:
            continue
        best: Candidate = item.candidates[0]
        nearest = [e.text for e in best.evidence if e.kind != "nearest"][:1]
        rows.append(
            {
                "subject_id": f"{workspace.id}:{item.practice}",
                "subject_label": item.name,
                "predicate_id": RELATION_PREDICATE["subset"],
                "predicate_modifier": "",
                "object_id": curie(best.target, prefixes),
                "object_label": best.label,
                "mapping_justification": "semapv:LexicalMatching",
                "confidence": f"{best.confidence:.2f}",
                "author_id": AUTHOR,
                "reviewer_id": "",
                "mapping_date": today,
                "comment": _one_line(nearest[0] if nearest else best.evidence[0].text),
                "see_also": best.target,
                "relation": "subset",
                "rationale": "semantic",
                "share": "100",
                "evidence": "derived",
                "source": "",
                "status": "proposed",
            }
        )
    return rows


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())
