"""What the analyses read from the KB: local placements, processes, workflows, references.

Local practices count when they are activities (``usm:ActivityKind``, the default): a role,
metric or event mapped onto a process does not do that process's work.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass, field

from usm_kb.analysis.model import Placement
from usm_kb.errors import UsmKbError
from usm_kb.namespaces import framework_iri
from usm_kb.rdf.terms import IRI
from usm_kb.store import KnowledgeBase, Row
from usm_kb.store.policy import Admitted
from usm_kb.store.results import to_query_result
from usm_kb.vocab import PROCESSES

LOCAL_ACTIVITIES = """SELECT ?practice ?id (SAMPLE(?label) AS ?name) (SAMPLE(?team_label) AS ?team)
WHERE {
  ?practice a usm:LocalPractice ; skos:notation ?id .
  OPTIONAL { ?practice usm:practiceKind ?kind }
  FILTER(!BOUND(?kind) || ?kind = usm:ActivityKind)
  OPTIONAL { ?practice rdfs:label ?label }
  OPTIONAL { ?practice usm:ownerTeam/rdfs:label ?team_label }
} GROUP BY ?practice ?id ORDER BY ?id"""
NO_TEAM = "(no team)"

LOCAL_PLACEMENTS = """SELECT ?id ?process ?relation ?share ?confidence ?status WHERE {
  ?practice a usm:LocalPractice ; skos:notation ?id .
  OPTIONAL { ?practice usm:practiceKind ?kind }
  FILTER(!BOUND(?kind) || ?kind = usm:ActivityKind)
  ?mapping a usm:Placement ; usm:mappingSubject ?practice ; usm:mappingObject ?process ;
           usm:relation ?relation ; usm:share ?share ; usm:confidence ?confidence ;
           usm:status ?status .
  ?process a usm:Process .
}"""
# Sorted here by (process, id), not with ORDER BY: Oxigraph's sort compares terms it reads back
# from the store one comparison at a time (1.3 of 2.0 s at 10k practices); a (practice,
# process) pair has one row (the mapping check refuses a second), so the order is total.

TRIGGERS = """SELECT ?id ?calltype WHERE {
  ?practice a usm:LocalPractice ; skos:notation ?id ; usm:practiceTrigger ?calltype .
}"""

CALL_TYPE_LIST = """SELECT ?calltype (SAMPLE(?name) AS ?label) ?process WHERE {
  ?process a usm:Process ; usm:triggeredBy ?calltype .
  OPTIONAL { ?calltype rdfs:label ?name FILTER(langMatches(LANG(?name), "en")) }
} GROUP BY ?calltype ?process"""

TEAM_DOMAINS = """SELECT ?label ?domain WHERE {
  ?team a usm:Team ; usm:inWorkspace ?workspace ; rdfs:label ?label .
  OPTIONAL { ?team usm:inDomain ?domain }
}"""

FRAMEWORK_ACTIVITIES = """SELECT DISTINCT ?process ?verb ?practice ?notation ?label ?relation
       ?share WHERE {
  ?practice usm:framework ?framework ; skos:notation ?notation .
  ?mapping a usm:Placement ; usm:mappingSubject ?practice ; usm:mappingObject ?process ;
           usm:relation ?relation ; usm:share ?share .
  ?process a usm:Process ; usm:verbLabel ?verb .
  OPTIONAL { ?practice usm:practiceKind ?kind }
  FILTER(!BOUND(?kind) || ?kind = usm:ActivityKind)
  OPTIONAL { ?practice rdfs:label ?label FILTER(langMatches(LANG(?label), "en")) }
}"""

PROCESS_LIST = """SELECT DISTINCT ?process ?verb WHERE {
  ?process a usm:Process ; usm:verbLabel ?verb .
}"""


@dataclass(frozen=True)
class WorkflowFacts:
    """A workflow with its call type and its steps as (index, process IRI, verb)."""

    workflow: str
    label: str
    call_type: str
    steps: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class Facts:
    """Everything the analyses need from one KB with a workspace."""

    workspace: str
    practices: dict[str, str]  # local activity id -> name
    teams: dict[str, str]  # local activity id -> its team's name (or NO_TEAM)
    processes: dict[str, str]  # process IRI -> verb, in USM's order
    placements: dict[str, tuple[Placement, ...]]  # process IRI -> placements
    workflows: tuple[WorkflowFacts, ...]
    triggers: dict[str, str] = field(default_factory=dict)  # local activity id -> call type IRI
    call_types: dict[str, tuple[str, str]] = field(default_factory=dict)  # IRI -> label, process
    domains: dict[str, str] = field(default_factory=dict)  # team name -> domain slug or ""


def weight(share: int, confidence: float) -> float:
    """A placement's weight: the part of the practice in the process times the confidence."""
    return round(share / 100 * confidence, 4)


def _order(iri: str) -> tuple[int, str]:
    slug = iri.rsplit("/", 1)[-1]
    return (PROCESSES.index(slug) if slug in PROCESSES else len(PROCESSES), iri)


def _rows(kb: KnowledgeBase, query: Admitted) -> list[Row]:
    return list(to_query_result(kb.run(query)).rows)


def _by_process_and_id(row: Row) -> tuple[str, str]:
    return (str(row["process"]), str(row["id"]))


def load_facts(kb: KnowledgeBase) -> Facts:
    """The workspace's activities and placements and USM's processes and workflows.

    Read once per KB (a KB is read-only) and shared by every analysis run on it, so a report
    of six analyses reads the workspace once. ``Facts`` is never changed in place (what-if
    builds new ones).
    """
    return kb.cached("analysis:facts", lambda: read_facts(kb))


def read_facts(kb: KnowledgeBase) -> Facts:
    """Read the facts from the KB (use :func:`load_facts`, which keeps them)."""
    manifest = kb.workspace_manifest
    if manifest is None:
        raise UsmKbError(
            "no workspace to analyse",
            hint="pass --workspace DIR, or create one with 'usm-kb init DIR'",
        )
    # The two largest SELECTs at once (Oxigraph evaluates outside Python's lock), both parsed
    # here: the parser is built on first use, and two threads building it at once trip
    # CPython 3.11's AST recursion check (a SystemError in lark's grammar loader).
    placements_query = kb.admit(LOCAL_PLACEMENTS)
    with ThreadPoolExecutor(max_workers=1) as other:
        placed = other.submit(copy_context().run, _rows, kb, placements_query)
        rows = kb.select(LOCAL_ACTIVITIES)
        placements = placed.result()
    practices = {str(r["id"]): str(r["name"] or r["id"]) for r in rows}
    teams = {str(r["id"]): str(r["team"] or NO_TEAM) for r in rows}
    if not practices:
        raise UsmKbError(
            f"workspace {manifest.workspace!r} has no practices (activities) to analyse",
            hint="import them: usm-kb catalog import FILE",
        )
    verbs = {str(r["process"]): str(r["verb"]) for r in kb.select(PROCESS_LIST)}
    processes = {iri: verbs[iri] for iri in sorted(verbs, key=_order)}
    found: dict[str, list[Placement]] = {iri: [] for iri in processes}
    for r in sorted(placements, key=_by_process_and_id):
        ident, share, confidence = str(r["id"]), int(r["share"]), float(r["confidence"])
        found.setdefault(str(r["process"]), []).append(
            Placement(
                ident,
                practices.get(ident, ident),
                str(r["relation"]),
                share,
                confidence,
                str(r["status"]),
                weight(share, confidence),
            )
        )
    return Facts(
        manifest.workspace,
        practices,
        teams,
        processes,
        {iri: tuple(items) for iri, items in found.items()},
        _workflows(kb),
        {str(r["id"]): str(r["calltype"]) for r in kb.select(TRIGGERS)},
        {
            str(r["calltype"]): (str(r["label"] or short(str(r["calltype"]))), str(r["process"]))
            for r in kb.select(CALL_TYPE_LIST)
        },
        {
            str(r["label"]): short(str(r["domain"])) if r["domain"] else ""
            for r in kb.select(TEAM_DOMAINS)
        },
    )


def short(iri: str) -> str:
    """The last segment of an IRI (a slug)."""
    return iri.rsplit("/", 1)[-1]


def _workflows(kb: KnowledgeBase) -> tuple[WorkflowFacts, ...]:
    starts = {str(r["workflow"]): r for r in kb.run_named("workflows").rows}
    steps: dict[str, list[tuple[int, str, str]]] = {}
    for r in kb.run_named("workflow-steps").rows:
        steps.setdefault(str(r["workflow"]), []).append(
            (int(r["index"]), str(r["process"]), str(r["verb"]))
        )
    return tuple(
        WorkflowFacts(
            iri,
            str(starts[iri]["label"] or iri) if iri in starts else iri,
            str(starts[iri]["call_type"] or "") if iri in starts else "",
            tuple(sorted(items)),
        )
        for iri, items in sorted(steps.items())
    )


def reference_placements(kb: KnowledgeBase, framework: str) -> list[dict[str, object]]:
    """Every placement of *framework*'s reference practices (unknown id: ``QueryError``)."""
    return [
        dict(r) for r in kb.run_named("framework-practices-by-process", framework=framework).rows
    ]


def framework_activities(kb: KnowledgeBase, name: str) -> tuple[str, list[Row]]:
    """A framework's id and its activities' placements in the processes.

    *name* is an id or title (unknown: ``UnknownName``); the rows have practice, notation,
    label, process, verb, relation and share.
    """
    framework = kb.resolve("framework", name).id
    return framework, kb.select(FRAMEWORK_ACTIVITIES, framework=IRI(framework_iri(framework)))
