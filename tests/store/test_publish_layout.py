"""The graph layout publish leaves on a SPARQL server, and what each publish sends.

One union graph per published combination (the KB; the KB with one workspace), named after
its publication, is each reader's only default graph; a part whose fingerprint is current is
not sent again; union graphs older than the replaced record's are dropped after a switch.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import sparql_server
from usm_kb.errors import QueryError
from usm_kb.rdf.terms import IRI, BlankNode, Literal, Triple
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.store.remote import part_writes
from usm_kb.store.remote.backend import SparqlBackend
from usm_kb.store.remote.graph_writes import edit_ops
from usm_kb.store.remote.http import Client
from usm_kb.store.remote.location import StoreUrl, parse_store
from usm_kb.store.remote.manifest import (
    MANIFEST_GRAPH,
    PUB,
    STAGING,
    NotPublished,
    current_records,
    graph_names,
)
from usm_kb.store.remote.publish import publish
from usm_kb.workspace.config import Workspace, find_workspace

pytestmark = pytest.mark.slow  # scheduled first (tests/conftest.py)

SETTINGS = Settings(reason=False, sparql_workers=0)
DISTINCT = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
)
ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def server(oxigraph: str, tmp_path: Path) -> Iterator[sparql_server.OxigraphServer]:
    started = sparql_server.OxigraphServer(tmp_path / "db", oxigraph).start()
    yield started
    started.stop()


def url_of(server: sparql_server.OxigraphServer) -> StoreUrl:
    url = parse_store(server.store)
    assert url is not None
    return url


def opened(root: Path, server: sparql_server.OxigraphServer, ws: Workspace | None) -> KnowledgeBase:
    settings = SETTINGS.replace(store=server.store)
    return KnowledgeBase.open(root / "data", root / "cache", settings=settings, workspace=ws)


def says(kb: KnowledgeBase, iri: str) -> int:
    """Triples about *iri* in *kb*'s default graph."""
    return int(kb.scalar(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{iri}> ?p ?o }}"))


def test_each_reader_queries_one_union_graph_and_sees_only_its_own_parts(
    analysis_root: Path, server: sparql_server.OxigraphServer
) -> None:
    url = url_of(server)
    mixed, clean = (find_workspace(analysis_root / "ws" / n) for n in ("mixed", "clean"))
    publish(url, analysis_root / "data", analysis_root / "cache", SETTINGS, workspace=mixed)
    publish(url, analysis_root / "data", analysis_root / "cache", SETTINGS, workspace=clean)
    records = current_records(Client(server.url), url)
    remote = opened(analysis_root, server, mixed)
    local = KnowledgeBase.open(
        analysis_root / "data", analysis_root / "cache", settings=SETTINGS, workspace=mixed
    )
    try:
        backend = remote.backend
        assert isinstance(backend, SparqlBackend)
        assert backend.default == (records["workspace:mixed"].union,)
        # the KB's triples and the workspace's, each once, in that one graph
        assert remote.scalar(ALL) == local.scalar(DISTINCT) > 0
        assert remote.graph_names() == local.graph_names()
        own = records["workspace:mixed"].graphs
        subjects = {
            q.subject.value for g in own for q in local.quads(g) if isinstance(q.subject, IRI)
        }
        bare = KnowledgeBase.open(
            analysis_root / "data", analysis_root / "cache", settings=SETTINGS
        )
        iri = next(s for s in sorted(subjects) if not says(bare, s))  # the workspace's own
        bare.close()
        assert says(local, iri)
        assert says(remote, iri)
        alone = opened(analysis_root, server, None)
        other = opened(analysis_root, server, clean)
        try:
            assert not says(alone, iri)  # the KB's readers do not see the workspace
            assert not says(other, iri)  # nor do another workspace's
            mixed_union = records["workspace:mixed"].union
            for reader in (alone, other):  # nor can they name its union graph
                with pytest.raises(QueryError, match="not a graph of this knowledge base"):
                    reader.scalar(
                        f"SELECT (COUNT(*) AS ?n) FROM <{mixed_union}> WHERE {{ ?s ?p ?o }}"
                    )
            assert alone.scalar(ALL) < remote.scalar(ALL)
        finally:
            alone.close()
            other.close()
    finally:
        remote.close()
        local.close()


def test_a_part_already_current_is_not_sent_again(
    analysis_root: Path, server: sparql_server.OxigraphServer
) -> None:
    url = url_of(server)
    mixed, clean = (find_workspace(analysis_root / "ws" / n) for n in ("mixed", "clean"))
    data, cache = analysis_root / "data", analysis_root / "cache"
    first = publish(url, data, cache, SETTINGS, workspace=mixed)
    assert [p.sent for p in first.parts] == [True, True] and first.sent == first.triples
    graphs = graph_names(Client(server.url), url)
    again = publish(url, data, cache, SETTINGS, workspace=mixed)
    assert [p.sent for p in again.parts] == [False, False] and again.sent == 0
    assert [p.record for p in again.parts] == [p.record for p in first.parts]
    assert graph_names(Client(server.url), url) == graphs
    other = publish(url, data, cache, SETTINGS, workspace=clean)
    assert [p.sent for p in other.parts] == [False, True]
    assert other.parts[0].record == first.parts[0].record


def test_old_union_graphs_are_dropped_after_the_switch_the_replaced_one_kept(
    small_compiled: tuple[Path, Path],
    kb: KnowledgeBase,
    server: sparql_server.OxigraphServer,
) -> None:
    url = url_of(server)
    small, small_cache = small_compiled
    foreign = "https://example.org/not-usm-kb"
    Client(server.url).write(
        f"{url.store}?graph={foreign}",
        method="PUT",
        data=f"<{foreign}> <{foreign}> <{foreign}> .\n".encode(),
        headers={"Content-Type": "application/n-triples"},
    )
    v1 = publish(url, small, small_cache, SETTINGS)
    union1 = current_records(Client(server.url), url)["kb"].union
    v2 = publish(url, kb.root, kb.cache_dir, SETTINGS)
    union2 = current_records(Client(server.url), url)["kb"].union
    assert v2.parts[0].sent and union2 != union1
    v3 = publish(url, small, small_cache, SETTINGS)
    record = current_records(Client(server.url), url)["kb"]
    assert v3.parts[0].sent and record.kept == union2 and v3.removed_old >= 1
    on_server = set(graph_names(Client(server.url), url))
    # v1's union and v2's graphs gone; a graph outside usm-kb's names left alone
    assert on_server == {*record.graphs, record.union, union2, foreign}
    assert set(record.graphs) == set(v1.parts[0].graphs)


def test_a_record_without_a_union_graph_asks_to_publish_again(
    small_compiled: tuple[Path, Path], server: sparql_server.OxigraphServer
) -> None:
    url = url_of(server)
    small, small_cache = small_compiled
    publish(url, small, small_cache, SETTINGS)
    settings = SETTINGS.replace(store=server.store)
    KnowledgeBase.open(small, small_cache, settings=settings).close()
    Client(server.url).write(
        url.update,
        method="POST",
        data=f"DELETE WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ ?r <{PUB}union> ?u }} }}".encode(),
        headers={"Content-Type": "application/sparql-update"},
    )
    with pytest.raises(NotPublished, match="older usm-kb"):
        KnowledgeBase.open(small, small_cache, settings=settings)
    done = publish(url, small, small_cache, SETTINGS)
    assert done.parts[0].sent and done.removed_staging == 1  # the orphaned union graph
    KnowledgeBase.open(small, small_cache, settings=settings).close()


def published_then_edited(
    analysis_root: Path, server: sparql_server.OxigraphServer, tmp_path: Path, new_name: str
) -> tuple[StoreUrl, Workspace]:
    """The ``mixed`` workspace published, then one practice renamed (not yet published)."""
    url = url_of(server)
    folder = shutil.copytree(analysis_root / "ws" / "mixed", tmp_path / "mixed")
    data, cache = analysis_root / "data", analysis_root / "cache"
    publish(url, data, cache, SETTINGS, workspace=find_workspace(folder))
    practices = folder / "practices.yaml"
    practices.write_text(practices.read_text().replace("Outage desk", new_name))
    return url, find_workspace(folder)


def assert_served_as_embedded(
    analysis_root: Path,
    server: sparql_server.OxigraphServer,
    workspace: Workspace,
    graphs: Iterable[str],
    *counted: str,
) -> None:
    """The server answers as the embedded store: every graph, the union, *counted* queries."""
    remote = opened(analysis_root, server, workspace)
    data, cache = analysis_root / "data", analysis_root / "cache"
    local = KnowledgeBase.open(data, cache, settings=SETTINGS, workspace=workspace)
    try:
        for query in counted:
            assert remote.scalar(query) == local.scalar(query) > 0
        for graph in graphs:
            assert set(remote.quads(graph)) == set(local.quads(graph))
        assert remote.scalar(ALL) == local.scalar(DISTINCT)
    finally:
        remote.close()
        local.close()


@pytest.mark.parametrize("cached", [True, False], ids=["artefact-cached", "fetched"])
def test_an_edit_changes_served_graphs_in_the_switch_without_rewriting_them(
    cached: bool,
    analysis_root: Path,
    server: sparql_server.OxigraphServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, edited = published_then_edited(analysis_root, server, tmp_path, "Outage desk and line")
    data, cache = analysis_root / "data", analysis_root / "cache"
    written: list[str] = []
    real_put = part_writes.put_file
    monkeypatch.setattr(
        part_writes,
        "put_file",
        lambda c, u, g, f, t: (written.append(g), real_put(c, u, g, f, t)),
    )
    if cached:  # the previously published artefact is compared with the new one
        monkeypatch.setattr(part_writes, "served_triples", fetched_nothing)
    else:  # the cache lost it: the served graphs are fetched from the server and compared
        monkeypatch.setattr(part_writes, "_previous_artefact", lambda cache, record: None)
    done = publish(url, data, cache, SETTINGS, workspace=edited)
    record = current_records(Client(server.url), url)["workspace:mixed"]
    assert [p.sent for p in done.parts] == [False, True]
    assert written == [record.union]  # the workspace's graphs got only the changed triples
    label = "SELECT (COUNT(*) AS ?n) WHERE { ?p ?label 'Outage desk and line'@en }"
    assert_served_as_embedded(analysis_root, server, edited, record.graphs, label)


def fetched_nothing(*args: object) -> None:
    raise AssertionError("a served graph was fetched")


def test_graph_edits_name_only_the_difference_and_leave_blank_nodes_to_a_staging_graph() -> None:
    a, b, c = (IRI(f"https://example.org/{n}") for n in "abc")
    old = {Triple(a, b, c), Triple(a, b, Literal("kept"))}
    new = {Triple(a, b, Literal("kept")), Triple(a, b, Literal("new"))}
    ops = edit_ops("https://example.org/g", old, new)
    assert ops is not None and len(ops) == 2
    assert ops[0].startswith("DELETE DATA") and "<https://example.org/c>" in ops[0]
    assert ops[1].startswith("INSERT DATA") and '"new"' in ops[1]
    assert "kept" not in "".join(ops)
    assert edit_ops("https://example.org/g", old, old) == []
    assert edit_ops("https://example.org/g", old, {Triple(a, b, BlankNode())}) is None


def test_a_served_graph_that_cannot_be_edited_is_staged_and_moved_in(
    analysis_root: Path,
    server: sparql_server.OxigraphServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, edited = published_then_edited(analysis_root, server, tmp_path, "Outage room")
    data, cache = analysis_root / "data", analysis_root / "cache"
    monkeypatch.setattr(part_writes, "edit_ops", lambda graph, old, new: None)  # as blank nodes
    monkeypatch.setattr(part_writes, "_previous_artefact", lambda cache, record: None)
    publish(url, data, cache, SETTINGS, workspace=edited)
    record = current_records(Client(server.url), url)["workspace:mixed"]
    assert not [g for g in graph_names(Client(server.url), url) if g.startswith(STAGING)]
    assert_served_as_embedded(analysis_root, server, edited, record.graphs)
