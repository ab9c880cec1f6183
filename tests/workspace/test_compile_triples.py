"""The compile loads the workspace's triples into Oxigraph without an rdflib graph; validation
builds rdflib graphs from the same triples. Both must hold the same RDF."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from usm_kb.namespaces import GENID, workspace_graph
from usm_kb.rdf.bridge import to_ox
from usm_kb.rdf.inference import materialize
from usm_kb.rdf.oxigraph import disk_store, load_nquads_file, new_store
from usm_kb.workspace.compile import compile_workspace, target_classes_of
from usm_kb.workspace.config import load_workspace
from usm_kb.workspace.graphs import workspace_sources, workspace_triples
from usm_kb.workspace.nquads import workspace_nquads

MIXED = Path(__file__).resolve().parents[1] / "data" / "analysis" / "mixed"


def test_the_compiled_graphs_are_the_validated_graphs(
    small_compiled: tuple[Path, Path], tmp_path: Path
) -> None:
    _root, cache = small_compiled
    workspace = load_workspace(MIXED)
    manifest = compile_workspace(workspace, cache / "kb.nq", tmp_path, "key")
    compiled: dict[str, set[str]] = {}
    nquads = workspace_nquads(tmp_path, manifest)
    for quad in ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS):
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


def test_the_artefact_is_the_bytes_of_the_graphs_added_as_quads(
    small_compiled: tuple[Path, Path], tmp_path: Path
) -> None:
    """The compile loads the graphs as N-Triples text on a thread; the N-Quads file written
    afterwards holds the same bytes, in the same order, as adding them as quads to a store on
    disk and serialising each graph. The compile itself does not write it."""
    _root, cache = small_compiled
    workspace = load_workspace(MIXED)
    out = tmp_path / "out"
    manifest = compile_workspace(workspace, cache / "kb.nq", out, "key")
    assert not (out / "workspace.nq").exists()
    store = disk_store(tmp_path / "reference")
    load_nquads_file(store, str(cache / "kb.nq"))
    graphs = [workspace_graph(workspace.id, "inferred")]
    for iri, _path, triples in workspace_triples(workspace, target_classes_of(store)):
        store.bulk_extend([ox.Quad(s, p, o, ox.NamedNode(iri)) for s, p, o in triples])
        graphs.append(iri)
    assert materialize(store, graphs[0], GENID) > 0
    expected = b"".join(
        ox.serialize(
            store.quads_for_pattern(None, None, None, ox.NamedNode(graph)),
            format=ox.RdfFormat.N_QUADS,
        )
        for graph in sorted(graphs)
    )
    written = workspace_nquads(out, manifest)
    assert written == out / "workspace.nq" and written.read_bytes() == expected
    assert sorted(manifest.graphs) == sorted(graphs)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no scratch left
    written.write_bytes(b"kept")  # a file that exists is not written again
    assert workspace_nquads(out, manifest).read_bytes() == b"kept"
