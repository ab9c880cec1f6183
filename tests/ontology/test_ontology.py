"""The ontology files: parse everywhere, follow the conventions, carry evidence."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from usm_kb.rdf.parse import parse_turtle
from usm_kb.sources.graphs import union_graph
from usm_kb.sources.ontology import iter_ontology, ontology_files

pytestmark = pytest.mark.both_backends

DATA = Path(__file__).resolve().parents[1] / "data"


def test_every_ontology_file_parses_in_rdflib_and_pyoxigraph(shipped_root: Path) -> None:
    files = ontology_files(shipped_root)
    assert {p.name for p in files} >= {"usm.ttl", "usm-method.ttl", "usm-vocabulary.ttl"}
    for path in files:
        own = rdflib.Graph().parse(path, format="turtle")
        assert len(own) > 0
        # usm-kb reads Turtle with Oxigraph and hands rdflib the very same graph
        assert isomorphic(parse_turtle(path), own), path.name
        store = ox.Store()
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        assert len(store) > 0


def test_ontology_loads_in_owlready2(shipped_root: Path, tmp_path: Path) -> None:
    import owlready2

    path = tmp_path / "usm.nt"
    union_graph(list(iter_ontology(shipped_root))).serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    assert world["https://w3id.org/usm-kb/ontology#Process"] is not None
    assert len(list(onto.classes())) > 30
    world.close()


def test_evidence_levels_are_used_and_reconstructed_facts_cite_a_source(kb) -> None:
    rows = kb.select("""SELECT ?level (COUNT(?x) AS ?n) WHERE { ?x usm:evidence ?level }
                        GROUP BY ?level""")
    levels = {r["level"].rsplit("#", 1)[-1]: r["n"] for r in rows}
    assert {"Published", "Derived", "Reconstructed", "Disputed"} <= set(levels)
    unsourced = kb.select("""SELECT ?x WHERE {
        GRAPH ?g { ?x usm:evidence ?e }
        FILTER(STRSTARTS(STR(?g), "https://w3id.org/usm-kb/graph/ontology/"))
        VALUES ?e { usm:Reconstructed usm:Disputed }
        FILTER NOT EXISTS { ?x dcterms:source ?s } }""")
    assert unsourced == []


def test_workflow_sequences_are_marked_reconstructed_not_published(kb) -> None:
    rows = kb.select("""SELECT ?w ?e WHERE { ?w a usm:Workflow ; usm:evidence ?e }""")
    assert rows, "workflows carry an evidence annotation"
    assert all(not r["e"].endswith("Published") for r in rows if "wish" not in r["w"])


def test_improve_name_is_disputed_with_both_variants(kb) -> None:
    rows = kb.select("""SELECT ?value WHERE { ?v usm:variantOf process:improve ;
                        rdf:value ?value ; usm:evidence usm:Disputed }""")
    assert any("IMP" in str(r["value"]) for r in rows)
    assert kb.scalar("SELECT ?c WHERE { process:improve usm:code ?c }") == "RIM"


def test_step_indexes_are_gapless_and_step_one_follows_the_trigger(kb) -> None:
    rows = kb.select("""SELECT ?w (GROUP_CONCAT(STR(?i); separator=",") AS ?idx)
        WHERE { ?w a usm:Workflow ; usm:hasStep ?s . ?s usm:stepIndex ?i } GROUP BY ?w""")
    assert len(rows) == 8
    for row in rows:
        indexes = sorted(int(i) for i in row["idx"].split(","))
        assert indexes == list(range(1, len(indexes) + 1)), row["w"]
    mismatched = kb.select("""SELECT ?w WHERE { ?w usm:startedBy ?ct ; usm:hasStep ?s .
        ?s usm:stepIndex 1 ; usm:inProcess ?p . FILTER NOT EXISTS { ?p usm:triggeredBy ?ct } }""")
    assert mismatched == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_glossary_has_labels_in_both_languages(kb, lang: str) -> None:
    n = kb.scalar(f"""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c skos:inScheme voc:usm-glossary ;
        skos:prefLabel ?l FILTER(lang(?l) = "{lang}") }}""")
    assert n >= (40 if lang == "en" else 5)


def test_rdflib_reads_the_ontology_iri_metadata(shipped_root: Path) -> None:
    graph = parse_turtle(shipped_root / "ontology" / "usm.ttl")
    onto = rdflib.URIRef("https://w3id.org/usm-kb/ontology")
    assert (onto, rdflib.RDF.type, rdflib.OWL.Ontology) in graph
    assert graph.value(onto, rdflib.DCTERMS.license) is not None
