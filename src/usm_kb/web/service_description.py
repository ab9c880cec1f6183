"""SPARQL 1.1 Service Description of the endpoint (Turtle)."""

from __future__ import annotations

from usm_kb.namespaces import FORMATS, RDF, SD
from usm_kb.rdf.serialize import serialize_triples_as
from usm_kb.rdf.terms import IRI, Triple

RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)


def service_description(endpoint: str, graphs: set[str], fmt: str = "ttl") -> bytes:
    """An ``sd:Service`` naming the endpoint, formats, and the KB's named graphs."""
    rdf_type = IRI(RDF + "type")
    service = IRI(endpoint)
    dataset = IRI(endpoint + "#dataset")
    triples = [
        Triple(service, rdf_type, IRI(SD + "Service")),
        Triple(service, IRI(SD + "endpoint"), service),
        Triple(service, IRI(SD + "supportedLanguage"), IRI(SD + "SPARQL11Query")),
        Triple(service, IRI(SD + "feature"), IRI(SD + "UnionDefaultGraph")),
        Triple(service, IRI(SD + "defaultDataset"), dataset),
        Triple(dataset, rdf_type, IRI(SD + "Dataset")),
    ]
    triples += [Triple(service, IRI(SD + "resultFormat"), IRI(FORMATS + f)) for f in RESULT_FORMATS]
    for graph in sorted(graphs):
        node = IRI(graph + "#sd")
        triples += [
            Triple(dataset, IRI(SD + "namedGraph"), node),
            Triple(node, IRI(SD + "name"), IRI(graph)),
        ]
    return serialize_triples_as(triples, fmt, {"sd": SD, "formats": FORMATS})
