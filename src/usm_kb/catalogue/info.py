"""``usm-kb info``: what the compiled knowledge base holds."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from usm_kb import __version__
from usm_kb.store import KnowledgeBase

COUNTS: dict[str, str] = {
    "processes": "usm:Process",
    "workflows": "usm:Workflow",
    "workflow_steps": "usm:WorkflowStep",
    "call_types": "usm:CallType",
    "domains": "usm:Domain",
    "routine_types": "usm:RoutineType",
    "design_criteria": "usm:DesignCriterion",
    "principles": "usm:Principle",
    "profiles": "usm:Profile",
    "concepts": "skos:Concept",
    "frameworks": "usm:Framework",
    "practices": "usm:ReferencePractice",
    "mapping_sets": "usm:MappingSet",
    "mappings": "usm:Mapping",
}


@dataclass(frozen=True)
class InfoReport:
    """Counts and provenance of the compiled KB."""

    version: str
    triples: int
    graphs: dict[str, int]
    counts: dict[str, int]
    reasoner: dict[str, str]
    cache_dir: str
    data_root: str
    rebuilt: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def count_instances(kb: KnowledgeBase, class_curie: str) -> int:
    """Distinct instances of a class (asserted or inferred)."""
    return int(kb.scalar(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {class_curie} }}"))


def count_concepts(kb: KnowledgeBase) -> int:
    """SKOS concepts of the USM glossary (practices are concepts of their frameworks)."""
    return int(
        kb.scalar(
            "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept ; "
            "skos:inScheme voc:usm-glossary }"
        )
    )


def compute_info(kb: KnowledgeBase) -> InfoReport:
    """Build the report."""
    counts = {key: count_instances(kb, curie) for key, curie in COUNTS.items()}
    counts["concepts"] = count_concepts(kb)
    return InfoReport(
        version=__version__,
        triples=len(kb),
        graphs={
            **kb.manifest.graphs,
            **(kb.workspace_manifest.graphs if kb.workspace_manifest else {}),
        },
        counts=counts,
        reasoner=kb.manifest.reasoner,
        cache_dir=str(kb.cache_dir),
        data_root=str(kb.root),
        rebuilt=kb.rebuilt,
    )
