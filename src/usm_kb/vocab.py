"""The mapping and validation vocabulary, defined once.

Every list of allowed words (set relations, rationales, evidence levels, statuses, SEMAPV
justifications, severities, process slugs) and every id pattern lives here; readers, writers,
services and the CLI import them, and a test checks the SHACL shapes and the ontology agree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

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

# What a catalogue entry is, and so onto which part of USM's architecture it maps (a process
# says *what*, never *who*: USM design criterion 1). The classes are usm: local names; a target
# must be an instance of one of its kind's classes (or of a subclass). Ontology: the
# usm:PracticeKind individuals and their usm:kindTarget (a test keeps both equal).
KIND_TARGETS: dict[str, tuple[str, ...]] = {
    "activity": ("Process",),  # work: the process it runs in
    "role": ("Profile",),  # a set of tasks, authorities and responsibilities
    "body": ("Profile", "Party"),  # a team, board or layer: profiles, or a party or team
    "artefact": ("ManagedObject", "ManagedInfrastructure", "DataElement", "RoutineType"),
    "value": ("Principle", "DesignCriterion"),
    "metric": ("Process", "Workflow"),  # what it measures
    "event": ("Process", "CallType"),  # what handles it
}
KINDS: tuple[str, ...] = tuple(KIND_TARGETS)
DEFAULT_KIND = "activity"  # a practice without a kind (e.g. a workspace's local practice)
KIND_IRI: dict[str, str] = {name: USM + name.capitalize() + "Kind" for name in KINDS}
KIND_NAME: dict[str, str] = {iri: name for name, iri in KIND_IRI.items()}

SEVERITIES = ("info", "warning", "violation")  # ascending

# The call types that start USM's processes (the ontology's calltype: individuals), which a
# local practice may declare as its trigger, with other words (English, Dutch) for them.
CALL_TYPES = ("wish", "request-for-change", "service-request", "incident", "risk")
CALL_TYPE_WORDS: dict[str, str] = {
    "change": "request-for-change",
    "rfc": "request-for-change",
    "wijziging": "request-for-change",
    "wijzigingsverzoek": "request-for-change",
    "request": "service-request",
    "verzoek": "service-request",
    "serviceverzoek": "service-request",
    "aanvraag": "service-request",
    "verstoring": "incident",
    "storing": "incident",
    "wens": "wish",
    "risico": "risk",
}
# The task domains a team may declare (the ontology's domain: individuals); "use" as a third
# domain beside specify and realize is an inference (ontology/usm-method.ttl, domain:use).
DOMAINS = ("specify", "realize", "use")


def call_type_of(word: str) -> str | None:
    """The call type slug that *word* names (a slug, its label or a synonym), else None."""
    folded = "-".join(word.casefold().replace("_", " ").split())
    if folded in CALL_TYPES:
        return folded
    return CALL_TYPE_WORDS.get(folded.replace("-", ""), CALL_TYPE_WORDS.get(folded))


PROCESSES = ("agree", "change", "operate", "recover", "improve")

# The weight of a mapping row: ``share``, the percentage (0-100) of the practice that lies in the
# row's target. The shares of a practice's placing rows add up to SHARE_TOTAL; a row whose
# relation says the practice lies wholly inside its target (WHOLE_RELATIONS) has the whole share,
# and a not_related row has none (docs/data-formats.md).
SHARE_TOTAL = 100
WHOLE_RELATIONS = frozenset({"subset", "equal"})
# The numeric weight of a mapping row, by the name of its column (usm: property) and the top
# of its scale. Services that rank by weight (the crosswalk score) look the weight up here
# by name, so the data can move to another weight column by changing MAPPING_WEIGHT.
WEIGHT_SCALES: dict[str, int] = {"share": SHARE_TOTAL}
MAPPING_WEIGHT = "share"
OVERLAP_QUERY = "framework-overlap"  # the named query the CLI and explorer rank as a crosswalk
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # framework ids, query names, USM individual slugs
PRACTICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Hosts that serve uploads of copyrighted books, standards and course material (or paid student
# summaries of them), plus two third-party ITIL summary blogs named by the knowledge review. A
# source is the owner's page of a work or a bibliographic citation, never one of these; the
# SHACL shape shape:CopyHostSourceShape lists the same hosts (a test keeps them equal).
COPY_HOSTS: dict[str, str] = {
    "fdocuments.nl": "upload of the 2017 USM book",
    "fdocuments.net": "document upload host",
    "vdocuments.net": "document upload host",
    "vdocuments.site": "document upload host",
    "anyflip.com": "flip-book upload host",
    "scribd.com": "uploads of ISO/IEC 20000-1, Lean and SIAM texts",
    "docslib.org": "upload of a COBIT 2019 publication",
    "taitailieu.edu.vn": "upload of the ITIL v3 Official Introduction",
    "ebookreading.net": "copy of the SIAM Professional BoK",
    "stuvia.com": "paid student summary of the USM book",
    "studocu.com": "student upload host",
    "studylib.net": "document upload host",
    "studystack.com": "student flash-card host",
    "coursehero.com": "student upload host",
    "quizlet.com": "student flash-card host",
    "1library.net": "document upload host",
    "passeidireto.com": "document upload host",
    "documentine.com": "document upload host",
    "docplayer.net": "document upload host",
    "dokumen.pub": "document upload host",
    "pdfcoffee.com": "document upload host",
    "readkong.com": "document upload host",
    "slideshare.net": "uploads of the SIAM Foundation BoK",
    "foxprism.com": "third-party summary of ITIL 4 (named by the review)",
    "owlpoint.com": "third-party summary of ITIL 4 (named by the review)",
}

HTTP_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
ISBN_URN = re.compile(r"^urn:isbn:(\d{9}[\dX]|\d{13})$")  # a book, cited by its ISBN
SEE_ALSO_SEPARATOR = "|"  # SSSOM multivalued cells (``see_also``)

# Who owns USM's texts: a mapping row is ``published`` only when one of these states the
# placement (the USM wiki and portal, or a USM book by its ISBN: the 2017 method book and the
# 2020 ITIL 4 companion). Partner sites such as usm.gr are not the maintainers' own. The SHACL
# shapes shape:PublishedMappingSourceShape and shape:DerivedMappingSourceShape repeat the list.
USM_OWNED_HOSTS = ("usmwiki.com", "usm-portal.com")
USM_BOOK_ISBNS = ("9789491710087", "9789491710179")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_placement(relation: str, status: str) -> bool:
    """True when a mapping row places its practice in its target.

    A ``not_related`` row says the opposite, and a ``deprecated`` row is withdrawn: neither
    counts as a placement anywhere (listings, statistics, named queries, SKOS projection).
    """
    return relation not in NEGATED_RELATIONS and status not in INACTIVE_STATUSES


@lru_cache(maxsize=4096)  # a mapping set cites the same few pages on every row
def copy_host(url: str) -> str | None:
    """The copy host (:data:`COPY_HOSTS`) that *url* is on — the host or a subdomain — or None."""
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    for blocked in COPY_HOSTS:
        if host == blocked or host.endswith("." + blocked):
            return blocked
    return None


def is_citation(text: str) -> bool:
    """True for an http(s) URL or a book's ``urn:isbn:`` — the two forms a source may take."""
    return bool(HTTP_URL.match(text) or ISBN_URN.match(text))


def is_usm_owned(citation: str) -> bool:
    """True when *citation* is a page of a USM-owned site or a USM book (see USM_OWNED_HOSTS)."""
    if ISBN_URN.match(citation):
        return citation.removeprefix("urn:isbn:") in USM_BOOK_ISBNS
    host = (urlsplit(citation.strip()).hostname or "").lower().rstrip(".")
    return any(host == owned or host.endswith("." + owned) for owned in USM_OWNED_HOSTS)
