"""IRIs of usm-kb and of the standard vocabularies it reuses (plain strings, no rdflib)."""

from __future__ import annotations

BASE = "https://w3id.org/usm-kb/"
USM = BASE + "ontology#"
ONTOLOGY_IRI = BASE + "ontology"
ID = BASE + "id/"
FRAMEWORK = BASE + "framework/"
MAPPING = BASE + "mapping/"
MAPPING_SET = BASE + "mappings/"
VOCABULARY = BASE + "vocabulary/"
AGENT = BASE + "agent/"
GRAPH = BASE + "graph/"
INFERRED_GRAPH = GRAPH + "inferred"

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

PREFIXES: dict[str, str] = {
    "usm": USM,
    "process": ID + "process/",
    "workflow": ID + "workflow/",
    "step": ID + "workflow-step/",
    "calltype": ID + "call-type/",
    "domain": ID + "domain/",
    "routine": ID + "routine-type/",
    "criterion": ID + "criterion/",
    "profile": ID + "profile/",
    "resource": ID + "managed-object/",
    "principle": ID + "principle/",
    "variant": ID + "variant/",
    "voc": VOCABULARY,
    "fw": FRAMEWORK,
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


def sparql_prologue() -> str:
    """Return ``PREFIX`` lines for every known prefix (prepended to user queries)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


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
