"""A workspace compiles into its own named graphs beside the KB; queries see both."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ws_helpers import LIMITS, make_workspace

from usm_kb.catalogue.info import compute_info
from usm_kb.errors import DataError
from usm_kb.namespaces import workspace_graph
from usm_kb.rdf.oxigraph import disk_store
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.web import create_app
from usm_kb.workspace import compile as compile_module
from usm_kb.workspace.artefact import read_compiled
from usm_kb.workspace.checks import validate_workspace
from usm_kb.workspace.importer import import_catalogue

CSV = (
    "Nr;Naam;Omschrijving;Eigenaar;Afdeling\n"
    "P1;Storingen afhandelen;Verstoringen van de dienst registreren en herstellen;"
    "Teamleider servicedesk;Servicedesk\n"
    "P2;Monthly patch run;Install the vendor security patches on every server;;Infra\n"
)
LOCAL = """SELECT ?id ?name (LANG(?name) AS ?lang) ?team WHERE {
  ?p a usm:LocalPractice ; a usm:Practice ; skos:notation ?id ; rdfs:label ?name ;
     usm:inWorkspace/rdfs:label ?ws .
  OPTIONAL { ?p usm:ownerTeam/rdfs:label ?team }
} ORDER BY ?id"""


@pytest.fixture
def local(compiled_copy: tuple[Path, Path], tmp_path: Path):
    root, cache = compiled_copy
    workspace = make_workspace(tmp_path / "ws")
    csv_file = tmp_path / "p.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    import_catalogue(workspace, csv_file, LIMITS)
    return root, cache, workspace


def open_kb(root: Path, cache: Path, workspace) -> KnowledgeBase:
    return KnowledgeBase.open(root, cache, settings=Settings(sparql_workers=0), workspace=workspace)


def test_queries_see_the_kb_and_the_workspace(local) -> None:
    root, cache, workspace = local
    kb = open_kb(root, cache, workspace)
    try:
        rows = kb.select(LOCAL)
        assert [(r["id"], r["name"], r["lang"], r["team"]) for r in rows] == [
            ("P1", "Storingen afhandelen", "nl", "Servicedesk"),
            ("P2", "Monthly patch run", "en", "Infra"),
        ]
        graphs = kb.graph_names()
        for part in ("practices", "mappings", "inferred"):
            assert workspace_graph("proef", part) in graphs
        assert any(g.endswith("/agile/catalog") for g in graphs)  # the shipped KB is there too
        assert kb.workspace_manifest is not None and kb.workspace_manifest.workspace == "proef"
        info = compute_info(kb)
        assert info.graphs[workspace_graph("proef", "practices")] > 0
        assert info.triples == len(kb)
        processes = kb.run_named("processes").rows
        assert len(processes) == 5  # named queries keep working with a workspace beside the KB
    finally:
        kb.close()


def test_the_compiled_workspace_is_reused_until_its_files_change(local, tmp_path: Path) -> None:
    root, cache, workspace = local
    open_kb(root, cache, workspace).close()
    first = sorted((cache / "workspaces").iterdir())
    open_kb(root, cache, workspace).close()
    assert sorted((cache / "workspaces").iterdir()) == first  # same key, nothing compiled
    csv_file = tmp_path / "p.csv"
    csv_file.write_text(CSV.replace("Monthly patch run", "Weekly patch run"), encoding="utf-8")
    import_catalogue(workspace, csv_file, LIMITS)
    kb = open_kb(root, cache, workspace)
    try:
        names = [r["name"] for r in kb.select(LOCAL)]
        assert "Weekly patch run" in names and "Monthly patch run" not in names
    finally:
        kb.close()
    assert len(list((cache / "workspaces").iterdir())) == 2


def test_validate_workspace_reports_unmapped_practices_and_missing_owners(local) -> None:
    root, cache, workspace = local
    report = validate_workspace(root, workspace, cache_dir=cache)
    found = {
        (f.shape.rsplit("#", 1)[-1], f.severity, f.focus.rsplit("/", 1)[-1])
        for f in report.findings
    }
    # P2 names no owner but a team, which is enough; neither practice is mapped yet
    assert found == {
        ("PracticeMappedShape", "warning", "P1"),
        ("PracticeMappedShape", "warning", "P2"),
    }
    assert all(f.file == str(workspace.path("practices.yaml")) for f in report.findings)


def test_the_endpoint_serves_the_workspace_the_settings_name(local) -> None:
    root, cache, workspace = local
    settings = Settings(data=root, cache=cache, workspace=workspace.root, sparql_workers=0)
    app = create_app(settings, flask_config={"TESTING": True})
    query = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a usm:LocalPractice }"
    response = app.test_client().get(
        "/sparql", query_string={"query": query}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.get_data(as_text=True).split() == ["n", "2"]


def test_the_kb_opens_the_compiled_store_read_only_and_shares_it(local) -> None:
    root, cache, workspace = local
    first = open_kb(root, cache, workspace)
    second = open_kb(root, cache, workspace)  # a second reader of the same store at once
    try:
        (folder,) = (cache / "workspaces").iterdir()
        assert first.backend.disk == folder / "store"  # type: ignore[attr-defined]
        assert first.select(LOCAL) == second.select(LOCAL) != []
        with pytest.raises(RuntimeError, match="read-write"):  # read-only: no writes
            first.backend.store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # type: ignore[attr-defined]
    finally:
        first.close()
        second.close()


def test_a_compile_that_fails_leaves_nothing_behind(local) -> None:
    root, cache, workspace = local
    workspace.path("mappings.sssom.tsv").write_text("not\ta mapping set\n", "utf-8")
    with pytest.raises(DataError):
        open_kb(root, cache, workspace)
    leftovers = [p for p in (cache / "workspaces").rglob("*") if p.name != "workspaces"]
    assert not [p for p in leftovers if p.name.startswith(".store-") or p.name == "store"]


def test_a_failed_compile_closes_its_store_before_removing_it(
    local, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's database must be closed when its staging folder goes: RocksDB's own
    threads may otherwise still write files into it (a leftover folder seen in CI)."""
    root, cache, workspace = local
    workspace.path("mappings.sssom.tsv").write_text("not\ta mapping set\n", "utf-8")
    still_open: list[str] = []
    real_rmtree = shutil.rmtree

    def checked(path: str | Path, *args: object, **kwargs: object) -> None:
        if (Path(path) / "CURRENT").is_file():  # a RocksDB folder: may it be opened again?
            try:
                disk_store(Path(path))
            except OSError as error:
                still_open.append(str(error))
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compile_module.shutil, "rmtree", checked)
    with pytest.raises(DataError):
        open_kb(root, cache, workspace)
    assert still_open == []


def test_an_unfinished_compile_is_redone(local) -> None:
    root, cache, workspace = local
    open_kb(root, cache, workspace).close()
    (folder,) = (cache / "workspaces").iterdir()
    (folder / "workspace.json").unlink()  # as if the process died before the manifest
    (folder / ".store-999999999-x").mkdir()  # a killed compile's staging folder (no such pid)
    kb = open_kb(root, cache, workspace)
    try:
        assert (folder / "workspace.json").is_file() and kb.select(LOCAL) != []
        assert not list(folder.glob(".store-*"))
    finally:
        kb.close()


def test_a_manifest_another_version_wrote_is_read_or_refused(local) -> None:
    """Fields another version added are ignored; a manifest missing one or of the wrong kind
    is not whole (compiled again), never a crash."""
    root, cache, workspace = local
    open_kb(root, cache, workspace).close()
    (folder,) = (cache / "workspaces").iterdir()
    path = folder / "workspace.json"
    data = json.loads(path.read_text("utf-8"))
    key = data["key"]
    extended = {**data, "artefact_sha256": "0" * 64, "artefact_bytes": 12}
    path.write_text(json.dumps(extended), encoding="utf-8")
    read = read_compiled(folder, key)
    assert read is not None and read.to_dict() == data
    for broken in ({k: v for k, v in data.items() if k != "graphs"}, {**data, "graphs": []}, []):
        path.write_text(json.dumps(broken), encoding="utf-8")
        assert read_compiled(folder, key) is None
    shutil.rmtree(folder / "store")
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_compiled(folder, key) is None  # a manifest without its store is not whole
