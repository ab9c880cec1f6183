"""The compile loads the workspace's triples into Oxigraph without an rdflib graph; validation
builds rdflib graphs from the same triples. Both must hold the same RDF."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from usm_kb.rdf.bridge import to_ox
from usm_kb.rdf.oxigraph import load_nquads_file, new_store
from usm_kb.workspace.compile import compile_workspace, target_classes_of
from usm_kb.workspace.config import load_workspace
from usm_kb.workspace.graphs import workspace_sources

MIXED = Path(__file__).resolve().parents[1] / "data" / "analysis" / "mixed"


def test_the_compiled_graphs_are_the_validated_graphs(
    small_compiled: tuple[Path, Path], tmp_path: Path
) -> None:
    _root, cache = small_compiled
    workspace = load_workspace(MIXED)
    manifest = compile_workspace(workspace, cache / "kb.nq", tmp_path, "key")
    compiled: dict[str, set[str]] = {}
    for quad in ox.parse(path=tmp_path / "workspace.nq", format=ox.RdfFormat.N_QUADS):
        compiled.setdefault(str(quad.graph_name.value), set()).add(str(quad.triple))
    store = new_store()
    load_nquads_file(store, str(cache / "kb.nq"))
    sources = workspace_sources(workspace, target_classes_of(store))
    assert len(sources) == 2  # practices and mappings (the inferred graph is the compile's)
    for source in sources:
        # through a store, as the compile's: Oxigraph keeps numbers canonical ("0.90" -> "0.9")
        again = ox.Store()
        again.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in source.graph])
        validated = {str(q.triple) for q in again}
        assert validated and validated == compiled[source.iri]
        assert manifest.graphs[source.iri] == len(validated)
