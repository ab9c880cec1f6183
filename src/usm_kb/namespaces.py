"""Every IRI usm-kb builds, and those of the standard vocabularies it reuses (plain strings).

Other modules never concatenate a base IRI themselves: they call a function here or use the
closed ``usm:`` namespace :data:`U` (``U.relation``), which refuses a misspelt term.
"""

from __future__ import annotations

import hashlib

from usm_kb.usm_terms import USM_TERMS

BASE = "https://w3id.org/usm-kb/"
USM = BASE + "ontology#"
ONTOLOGY_IRI = BASE + "ontology"
ID = BASE + "id/"
FRAMEWORK = BASE + "framework/"
MAPPING = BASE + "mapping/"
MAPPING_SET = BASE + "mappings/"
VOCABULARY = BASE + "vocabulary/"
AGENT = BASE + "agent/"
WORKSPACE = BASE + "workspace/"  # an improvement team's workspace, its practices and teams
GRAPH = BASE + "graph/"
INFERRED_GRAPH = GRAPH + "inferred"
GENID = BASE + ".well-known/genid/"  # skolemised blank nodes of the compiled artefact
SHAPES = BASE + "shapes#"
PUBLISH = BASE + "publish/"  # `usm-kb publish` records on a SPARQL server (store.remote)
PUBLISH_TERMS = BASE + "publish#"  # the properties of those records

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SH = "http://www.w3.org/ns/shacl#"
SEMAPV = "https://w3id.org/semapv/vocab/"
SSSOM = "https://w3id.org/sssom/"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

XSD_STRING = XSD + "string"
RDF_LANG_STRING = RDF + "langString"

# The kinds of USM individuals: slug prefix -> IRI path segment (…/id/<segment>/<slug>).
ID_KINDS: dict[str, str] = {
    "process": "process",
    "workflow": "workflow",
    "step": "workflow-step",
    "calltype": "call-type",
    "domain": "domain",
    "routine": "routine-type",
    "criterion": "criterion",
    "profile": "profile",
    "resource": "managed-object",
    "party": "party",
    "data": "data-element",
    "principle": "principle",
    "variant": "variant",
}

PREFIXES: dict[str, str] = {
    "usm": USM,
    **{prefix: f"{ID}{segment}/" for prefix, segment in ID_KINDS.items()},
    "voc": VOCABULARY,
    "fw": FRAMEWORK,
    "ws": WORKSPACE,
    "mapping": MAPPING,
    "agent": AGENT,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "sh": SH,
    "semapv": SEMAPV,
}


class ClosedNamespace:
    """IRIs of one vocabulary whose terms are known: an unknown name is an ``AttributeError``.

    (rdflib has the same idea, but this module is imported where rdflib must not be.)
    """

    def __init__(self, base: str, names: frozenset[str]) -> None:
        self._base = base
        self._names = names

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in self._names:
            raise AttributeError(f"{name!r} is not a term of <{self._base}>")
        return self._base + name

    def __getitem__(self, name: str) -> str:
        return self.__getattr__(name)

    def __contains__(self, iri: object) -> bool:
        return (
            isinstance(iri, str)
            and iri.startswith(self._base)
            and iri[len(self._base) :] in self._names
        )


U = ClosedNamespace(USM, USM_TERMS)


def sparql_prologue() -> str:
    """Return ``PREFIX`` lines for every known prefix (prepended to user queries)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def shorten(iri: str) -> str:
    """Compact an IRI with the longest matching known prefix (for display only)."""
    best = ""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(base) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]) :]}"
    if iri.startswith(SHAPES):
        return "shape:" + iri[len(SHAPES) :]
    return iri


def curie(iri: str, prefixes: dict[str, str]) -> str:
    """*iri* as ``prefix:local`` with the longest matching base of *prefixes*, else unchanged."""
    for prefix, base in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base) :]}"
    return iri


def individual_iri(kind: str, slug: str) -> str:
    """IRI of a USM individual, e.g. ``individual_iri("process", "agree")``."""
    return f"{ID}{ID_KINDS[kind]}/{slug}"


def process_iri(slug: str) -> str:
    """IRI of one of the five processes by slug."""
    return individual_iri("process", slug)


def ontology_graph(file_stem: str) -> str:
    """Named graph IRI for one ontology source file."""
    return f"{GRAPH}ontology/{file_stem}"


def mapping_graph(framework: str, part: str) -> str:
    """Named graph IRI for a framework's ``catalog`` or ``mappings`` part."""
    return f"{GRAPH}mappings/{framework}/{part}"


def practice_iri(framework: str, practice_id: str) -> str:
    """IRI of a reference practice."""
    return f"{FRAMEWORK}{framework}/{practice_id}"


def framework_iri(framework: str) -> str:
    """IRI of a framework."""
    return f"{FRAMEWORK}{framework}"


def framework_prefix(framework: str) -> str:
    """Base IRI of a framework's practices (its CURIE prefix in a mapping set)."""
    return f"{FRAMEWORK}{framework}/"


def mapping_set_iri(framework: str) -> str:
    """IRI of a framework's mapping set (named after its SSSOM file)."""
    return f"{MAPPING_SET}{framework}-usm.sssom.tsv"


def genid(file_stem: str, label: str) -> str:
    """Stable skolem IRI of a blank node of one source file."""
    return f"{GENID}{file_stem}/{label}"


def mapping_iri(set_id: str, subject: str, predicate: str, modifier: str, obj: str) -> str:
    """Stable IRI of a mapping record: a hash of set, subject, predicate (+ modifier), object."""
    key = "\x1f".join((set_id, subject, predicate, modifier, obj)).encode()
    return MAPPING + hashlib.sha256(key).hexdigest()[:20]


def workspace_iri(workspace: str) -> str:
    """IRI of a workspace (``workspace`` is its slug)."""
    return f"{WORKSPACE}{workspace}"


def local_practice_base(workspace: str) -> str:
    """Base IRI of a workspace's local practices (its CURIE prefix in its mapping set)."""
    return f"{WORKSPACE}{workspace}/practice/"


def team_iri(workspace: str, slug: str) -> str:
    """IRI of a team of a workspace's organisation model."""
    return f"{WORKSPACE}{workspace}/team/{slug}"


def workspace_graph(workspace: str, part: str) -> str:
    """Named graph IRI of one part of a workspace (practices, mappings, organisation, inferred)."""
    return f"{GRAPH}workspace/{workspace}/{part}"


def workspace_set_iri(workspace: str) -> str:
    """IRI of a workspace's mapping set."""
    return f"{MAPPING_SET}workspace/{workspace}.sssom.tsv"
