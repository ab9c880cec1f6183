"""Opening a KB that lives on a SPARQL server: its manifest read there, nothing loaded here.

What stays local is small and derived: the named queries and shapes of the data root, and
the caches beside them (the name index, the policy's verdicts, the parser's tables).
"""

from __future__ import annotations

from dataclasses import dataclass

from usm_kb.build.artefact import Manifest
from usm_kb.settings import Settings
from usm_kb.store.remote.backend import SparqlBackend
from usm_kb.store.remote.http import Client
from usm_kb.store.remote.location import StoreUrl
from usm_kb.store.remote.manifest import (
    KB_PART,
    NotPublished,
    current_records,
    union_graph,
    workspace_part,
)
from usm_kb.workspace.artefact import WorkspaceManifest, cache_key
from usm_kb.workspace.config import Workspace


@dataclass(frozen=True)
class Remote:
    """A server's backend with the manifests of what it serves."""

    backend: SparqlBackend
    manifest: Manifest
    workspace_manifest: WorkspaceManifest | None


def connect(url: StoreUrl, settings: Settings, workspace: Workspace | None = None) -> Remote:
    """The published KB on *url* (and *workspace*'s graphs), or a clear error."""
    client = Client(str(url), timeout=settings.store_timeout)
    records = current_records(client, url)
    if KB_PART not in records:
        raise NotPublished(
            f"no knowledge base is published on the SPARQL server {url}",
            hint=f"run 'usm-kb publish --store sparql+{url}' first",
        )
    manifest = Manifest.from_dict(records[KB_PART].data)
    graphs = dict(records[KB_PART].graphs)
    default = [union_graph(KB_PART)]
    local: WorkspaceManifest | None = None
    if workspace is not None:
        record = records.get(workspace_part(workspace.id))
        if record is None:
            raise NotPublished(
                f"workspace {workspace.id!r} is not published on the SPARQL server {url}",
                hint=f"run 'usm-kb publish --store sparql+{url} --workspace {workspace.root}'",
            )
        local = WorkspaceManifest(**record.data)
        if local.key != cache_key(workspace, manifest.artefact_sha256, manifest.code):
            raise NotPublished(
                f"workspace {workspace.id!r} changed since it was published on {url}",
                hint=f"publish it again: 'usm-kb publish --store sparql+{url} "
                f"--workspace {workspace.root}'",
            )
        graphs.update(local.graphs)
        default.append(union_graph(workspace_part(workspace.id)))
    backend = SparqlBackend(
        url,
        graphs,
        tuple(default),
        client=client,
        workers=settings.sparql_workers,
        max_waiting=settings.sparql_max_waiting,
    )
    return Remote(backend, manifest, local)
