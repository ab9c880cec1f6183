"""The mapping and validation vocabulary, defined once.

Every list of allowed words (set relations, rationales, evidence levels, statuses, SEMAPV
justifications, severities, process slugs) and every id pattern lives here; readers, writers,
services and the CLI import them, and a test checks the SHACL shapes and the ontology agree.
"""

from __future__ import annotations

import re

from usm_kb.namespaces import SEMAPV, USM

# Set relations (NIST IR 8477 set theory) and the SKOS predicate each one projects onto.
RELATION_PREDICATE: dict[str, str] = {
    "equal": "skos:exactMatch",
    "subset": "skos:broadMatch",
    "superset": "skos:narrowMatch",
    "intersects": "skos:relatedMatch",
    "not_related": "skos:relatedMatch",
}
RELATIONS: tuple[str, ...] = tuple(RELATION_PREDICATE)
# Other names a user may give a set relation (English spellings and Dutch words).
RELATION_LABELS: dict[str, tuple[str, ...]] = {
    "equal": ("equals", "same", "gelijk", "gelijk aan"),
    "subset": ("part of", "deelverzameling", "deel van"),
    "superset": ("contains", "bovenverzameling", "omvat"),
    "intersects": ("overlaps", "overlap", "overlapt", "doorsnijdt"),
    "not_related": ("not related", "unrelated", "niet gerelateerd", "geen relatie"),
}
NEGATED_RELATIONS = frozenset({"not_related"})  # written with predicate_modifier "Not"

RATIONALES = ("syntactic", "semantic", "functional")
EVIDENCE = ("published", "derived", "reconstructed", "disputed")
EVIDENCE_IRI: dict[str, str] = {name: USM + name.capitalize() for name in EVIDENCE}
EVIDENCE_NAME: dict[str, str] = {iri: name for name, iri in EVIDENCE_IRI.items()}
STATUSES = ("draft", "proposed", "approved", "deprecated")
INACTIVE_STATUSES = frozenset({"deprecated"})
JUSTIFICATIONS = tuple(
    "semapv:" + name
    for name in (
        "ManualMappingCuration",
        "LexicalMatching",
        "SemanticSimilarityThresholdMatching",
        "MappingReview",
        "UnspecifiedMatching",
    )
)
JUSTIFICATION_IRIS = frozenset(SEMAPV + j.removeprefix("semapv:") for j in JUSTIFICATIONS)

SEVERITIES = ("info", "warning", "violation")  # ascending
PROCESSES = ("agree", "change", "operate", "recover", "improve")

STRENGTH_MAX = 10
# The numeric weight of a mapping row, by the name of its column (usm: property) and the top
# of its scale. Services that rank by weight (the crosswalk score) look the weight up here
# by name, so the data can move to another weight column by changing MAPPING_WEIGHT.
WEIGHT_SCALES: dict[str, int] = {"strength": STRENGTH_MAX}
MAPPING_WEIGHT = "strength"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # framework ids, query names, USM individual slugs
PRACTICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
HTTP_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_placement(relation: str, status: str) -> bool:
    """True when a mapping row places its practice in its target.

    A ``not_related`` row says the opposite, and a ``deprecated`` row is withdrawn: neither
    counts as a placement anywhere (listings, statistics, named queries, SKOS projection).
    """
    return relation not in NEGATED_RELATIONS and status not in INACTIVE_STATUSES
