"""The source graphs as the compiled artefact holds them: validation without re-parsing.

``usm-kb validate FILE`` checks the user's data together with the KB's sources. Parsing
those again (the YAML catalogues above all) cost more than the SHACL work on a 1k-practice
workspace, while ``kb.nq`` already holds every source as its own named graph, checked at
build time. When the cache is current and intact, the graphs are read from it (one Oxigraph
parse, whose triples also feed the SPARQL constraints without a conversion back) and named
after the files they were compiled from; otherwise the caller parses the
sources as before. Blank nodes come back skolemised, as the build wrote them.
"""

from __future__ import annotations

from pathlib import Path

from usm_kb.build.artefact import ARTEFACT, is_fresh, is_intact, read_manifest
from usm_kb.namespaces import mapping_graph, ontology_graph
from usm_kb.rdf.bridge import graph_from_triples
from usm_kb.rdf.lean_store import lean_graph
from usm_kb.rdf.oxigraph import triples_by_graph
from usm_kb.sources.graphs import SourceGraph
from usm_kb.sources.loading import framework_dirs
from usm_kb.sources.ontology import ontology_files


def source_paths(root: Path) -> dict[str, Path]:
    """Named graph IRI -> the file it is compiled from, in the order the build reads them."""
    paths = {ontology_graph(path.stem): path for path in ontology_files(root)}
    for folder in framework_dirs(root):
        paths[mapping_graph(folder.name, "catalog")] = folder / "catalog.yaml"
        paths[mapping_graph(folder.name, "mappings")] = folder / f"{folder.name}-usm.sssom.tsv"
    return paths


def compiled_sources(root: Path, cache_dir: Path) -> list[SourceGraph] | None:
    """The source graphs of *root* from the compiled KB in *cache_dir*; None when stale."""
    manifest = read_manifest(cache_dir)
    if manifest is None or not is_fresh(root, cache_dir) or not is_intact(cache_dir, manifest):
        return None
    paths = source_paths(root)
    triples = triples_by_graph(cache_dir / ARTEFACT, set(paths))
    if set(triples) != set(paths):  # a source the artefact does not hold as a graph
        return None
    return [
        SourceGraph(iri, path, graph_from_triples(triples[iri], lean_graph()), tuple(triples[iri]))
        for iri, path in paths.items()
    ]
