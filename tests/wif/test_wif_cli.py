"""``usm-kb wif``: import into a workspace, RDF in the KB, export, and the lossless round trip."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from usm_kb.cli import cli
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.wif.schema import parse_file
from usm_kb.workspace.config import find_workspace

DATA = Path(__file__).resolve().parents[1] / "data" / "wif"


@pytest.fixture
def setup(compiled_copy: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path, Path]:
    root, cache = compiled_copy
    workspace = tmp_path / "ws"
    result = CliRunner().invoke(cli, ["init", str(workspace), "--name", "WIF test"])
    assert result.exit_code == 0, result.output
    return root, cache, workspace


def wif(setup: tuple[Path, Path, Path], *args: str) -> Result:
    root, cache, workspace = setup
    base = ["--data", str(root), "--cache", str(cache), "--no-reason", "wif"]
    return CliRunner().invoke(cli, [*base, *args, "--workspace", str(workspace)])


def check(setup: tuple[Path, Path, Path], *args: str) -> Result:
    root, cache, _ = setup
    base = ["--data", str(root), "--cache", str(cache), "--no-reason", "wif", "check"]
    return CliRunner().invoke(cli, [*base, *args])


def test_spec_example_imports_exports_and_reimports_losslessly(
    setup: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    source = DATA / "spec-example.workflow.json"
    imported = wif(setup, "import", str(source))
    assert imported.exit_code == 0, imported.output
    assert (setup[2] / "workflows" / "new-laptop.workflow.json").read_bytes() == source.read_bytes()
    first = tmp_path / "first"
    first.mkdir()
    exported = wif(setup, "export", "-o", str(first))
    assert exported.exit_code == 0, exported.output
    assert parse_file(first / "new-laptop.workflow.json").workflow == parse_file(source).workflow
    shutil.rmtree(setup[2] / "workflows")
    assert wif(setup, "import", str(first / "new-laptop.workflow.json")).exit_code == 0
    again = wif(setup, "export", "--workflow", "new-laptop")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == json.loads((first / "new-laptop.workflow.json").read_text())


def test_imported_workflows_are_rdf_in_the_workspace_graph(
    setup: tuple[Path, Path, Path],
) -> None:
    files = [str(DATA / f"{n}.workflow.json") for n in ("conforming", "nonconforming")]
    assert wif(setup, "import", *files).exit_code == 0
    root, cache, workspace = setup
    kb = KnowledgeBase.open(
        root, cache, settings=Settings(sparql_workers=0), workspace=find_workspace(workspace)
    )
    try:
        rows = kb.select(
            """SELECT ?slug ?i ?process WHERE {
                 GRAPH <https://w3id.org/usm-kb/graph/workspace/wif-test/workflows> {
                   ?w a usm:LocalWorkflow ; dcterms:identifier ?slug ; usm:hasLocalStep ?s .
                   ?s usm:position ?i ; usm:stepProcess ?p . }
                 ?p usm:code ?process } ORDER BY ?slug ?i"""
        )
        quick = [r["process"] for r in rows if r["slug"] == "quick-fix"]
        assert quick == ["INC", "OPS", "INC"]
        assert len([r for r in rows if r["slug"] == "disk-replacement"]) == 5
        accountable = kb.select(
            """SELECT ?profile WHERE { ?a dcterms:identifier "log" ; usm:raci ?r .
                 ?r usm:raciRole "A" ; usm:raciProfile/dcterms:identifier ?profile }
               ORDER BY ?profile"""
        )
        assert [r["profile"] for r in accountable] == [
            "server-operator",
            "service-desk",
            "service-desk",
        ]
        assert len(kb.run_named("workflows").rows) == 8  # the standard ones stay eight
    finally:
        kb.close()
    several = wif(setup, "export")
    assert several.exit_code == 2 and "holds 2 workflows" in several.output


def test_one_bad_file_writes_nothing(setup: tuple[Path, Path, Path]) -> None:
    files = [str(DATA / n) for n in ("conforming.workflow.json", "duplicate-steps.workflow.json")]
    result = wif(setup, "import", *files)
    assert result.exit_code == 1
    assert (
        "duplicate-steps.workflow.json: steps[1].id: step id '1' is already used" in result.output
    )
    assert "nothing was written" in result.output and "Traceback" not in result.output
    assert not (setup[2] / "workflows").exists()


def test_deep_nesting_is_refused_cleanly_by_check_and_import(
    setup: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    deep = tmp_path / "deep.workflow.json"
    deep.write_bytes(b"[" * (10 * 1024 * 1024))
    for result in (check(setup, "--no-conformance", str(deep)), wif(setup, "import", str(deep))):
        assert result.exit_code == 1
        assert "limit is 2,097,152" in result.output and "Traceback" not in result.output
    assert not (setup[2] / "workflows").exists()


def test_check_exits_0_on_warnings_and_1_with_strict_or_errors(
    setup: tuple[Path, Path, Path],
) -> None:
    nonconforming = str(DATA / "nonconforming.workflow.json")
    result = check(setup, "--format", "json", nonconforming)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and report["warnings"] == 3
    assert "WIF-C-NO-CHANGE" in {f["code"] for f in report["files"][0]["findings"]}
    assert check(setup, "--strict", nonconforming).exit_code == 1
    table = check(setup, str(DATA / "unknown-process.workflow.json"))
    assert table.exit_code == 1
    assert "error   WIF-PROCESS          steps[1].process: 'escalate'" in table.stdout
    assert check(setup, "--strict", str(DATA / "conforming.workflow.json")).exit_code == 0


def test_a_broken_stored_file_is_a_one_line_error_naming_it(setup: tuple[Path, Path, Path]) -> None:
    stored = setup[2] / "workflows" / "hand-edited.workflow.json"
    stored.parent.mkdir()
    stored.write_text(
        '{"usm-wif-version": "1.0.0", "type": "workflow", "slug": 5, "name": "x", "steps": []}',
        encoding="utf-8",
    )
    result = wif(setup, "export")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "hand-edited.workflow.json: slug: must be a string, not a number" in result.output
