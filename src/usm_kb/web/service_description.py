"""SPARQL 1.1 Service Description of the endpoint (Turtle)."""

from __future__ import annotations

import pyoxigraph as ox

from usm_kb.rdf.oxigraph import serialize_bytes

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"


def service_description(endpoint: str, graphs: set[str]) -> tuple[bytes, str]:
    """An ``sd:Service`` naming the endpoint, formats, and the KB's named graphs."""

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    rdf_type = n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = n(endpoint)
    dataset = ox.NamedNode(endpoint + "#dataset")
    triples = [
        ox.Triple(service, rdf_type, n(SD + "Service")),
        ox.Triple(service, n(SD + "endpoint"), service),
        ox.Triple(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        ox.Triple(service, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
        ox.Triple(service, n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, n(SD + "Dataset")),
    ]
    for fmt in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ):
        triples.append(ox.Triple(service, n(SD + "resultFormat"), n(FORMATS + fmt)))
    for graph in sorted(graphs):
        node = ox.NamedNode(graph + "#sd")
        triples += [
            ox.Triple(dataset, n(SD + "namedGraph"), node),
            ox.Triple(node, n(SD + "name"), n(graph)),
        ]
    body = serialize_bytes(triples, ox.RdfFormat.TURTLE, {"sd": SD, "formats": FORMATS})
    return body, "text/turtle"
