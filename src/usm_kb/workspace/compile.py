"""Compile a workspace into its own named graphs, beside a compiled KB.

The shipped artefact is loaded into a private store; the workspace's graphs are checked
against the USM elements it holds, added, and the inference rules run once more, their new
triples going to the workspace's ``inferred`` graph. Only the workspace's graphs are written
(``workspace.nq``, sorted N-Quads, plus ``workspace.json``), atomically: the KB opens the two
artefacts side by side.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from usm_kb.files import atomic_write_bytes
from usm_kb.namespaces import GENID, ID, workspace_graph
from usm_kb.rdf.bridge import add_triples
from usm_kb.rdf.inference import materialize
from usm_kb.rdf.oxigraph import Store, graphs_nquads, load_nquads_file, new_store, select
from usm_kb.workspace.artefact import WS_ARTEFACT, WS_MANIFEST, WorkspaceManifest
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.graphs import workspace_triples

TARGETS = (
    f'SELECT DISTINCT ?i ?c WHERE {{ ?i a ?c FILTER(isIRI(?c) && STRSTARTS(STR(?i), "{ID}")) }}'
)


def target_classes_of(store: Store) -> dict[str, frozenset[str]]:
    """Every USM individual of a compiled KB with its classes (the inferred types included)."""
    targets: dict[str, set[str]] = {}
    for row in select(store, TARGETS, use_default_graph_as_union=True):
        targets.setdefault(str(row["i"].value), set()).add(str(row["c"].value))
    return {iri: frozenset(classes) for iri, classes in targets.items()}


def compile_workspace(
    workspace: Workspace, kb_artefact: Path, out_dir: Path, key: str
) -> WorkspaceManifest:
    """Check and compile *workspace* against the KB in *kb_artefact* into *out_dir*."""
    store = new_store()
    load_nquads_file(store, str(kb_artefact))
    counts: dict[str, int] = {}
    for iri, _path, triples in workspace_triples(workspace, target_classes_of(store)):
        unique = list(dict.fromkeys(triples))  # no blank nodes: IRIs and literals only
        add_triples(store, unique, iri)
        counts[iri] = len(unique)
    inferred = workspace_graph(workspace.id, "inferred")
    counts[inferred] = materialize(store, inferred, GENID)
    payload = graphs_nquads(store, sorted(counts))
    manifest = WorkspaceManifest(
        workspace.id,
        workspace.name,
        key,
        dict(sorted(counts.items())),
        hashlib.sha256(payload).hexdigest(),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out_dir / WS_ARTEFACT, payload)
    text = json.dumps(manifest.to_dict(), indent=2, sort_keys=True) + "\n"
    atomic_write_bytes(out_dir / WS_MANIFEST, text.encode())
    return manifest
