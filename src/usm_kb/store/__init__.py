"""The KnowledgeBase façade, the one query policy, and the backends behind the seam."""

from usm_kb.store.backend import (
    LANE_WORKERS,
    LANES,
    TRUSTED_CONCURRENCY,
    Backend,
    Dataset,
    Formats,
    RunLimits,
    Serialized,
)
from usm_kb.store.knowledge_base import KnowledgeBase
from usm_kb.store.results import QueryResult, Row

__all__ = [
    "LANES",
    "LANE_WORKERS",
    "TRUSTED_CONCURRENCY",
    "Backend",
    "Dataset",
    "Formats",
    "KnowledgeBase",
    "QueryResult",
    "Row",
    "RunLimits",
    "Serialized",
]
