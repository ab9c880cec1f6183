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
    Record,
    current_records,
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
    default = _union(records[KB_PART], url)
    local: WorkspaceManifest | None = None
    if workspace is not None:
        record = records.get(workspace_part(workspace.id))
        if record is None:
            raise NotPublished(
                f"workspace {workspace.id!r} is not published on the SPARQL server {url}",
                hint=f"run 'usm-kb publish --store sparql+{url} --workspace {workspace.root}'",
            )
        try:
            local = WorkspaceManifest.from_dict(record.data)
        except (TypeError, ValueError, KeyError):
            local = None  # written by another version: its key cannot match either
        if local is None or local.key != cache_key(
            workspace, manifest.artefact_sha256, manifest.code
        ):
            raise NotPublished(
                f"workspace {workspace.id!r} changed since it was published on {url}",
                hint=f"publish it again: 'usm-kb publish --store sparql+{url} "
                f"--workspace {workspace.root}'",
            )
        graphs.update(local.graphs)
        default = _union(record, url)  # the KB's triples with the workspace's, in one graph
    backend = SparqlBackend(
        url,
        graphs,
        (default,),
        client=client,
        workers=settings.sparql_workers,
        max_waiting=settings.sparql_max_waiting,
    )
    return Remote(backend, manifest, local)


def _union(record: Record, url: StoreUrl) -> str:
    """The union graph of *record* (records of older usm-kb versions have none)."""
    if not record.union:
        raise NotPublished(
            f"{record.part} on the SPARQL server {url} was published by an older usm-kb",
            hint=f"publish it again with 'usm-kb publish --store sparql+{url}'",
        )
    return record.union
