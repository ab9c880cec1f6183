"""The CLI: info, query (formats, stdin, files), export, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib

from usm_kb.errors import QueryError

pytestmark = pytest.mark.both_backends


def test_info_json_reports_the_usm_model(run) -> None:
    result = run("info", "--format", "json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["counts"]
    assert counts["processes"] == 5
    assert counts["workflows"] == 8
    assert counts["call_types"] == 5
    assert counts["domains"] == 3
    assert counts["routine_types"] == 3
    assert counts["design_criteria"] == 10
    assert counts["concepts"] >= 40


def test_info_table_lists_counts(run) -> None:
    result = run("info")
    assert result.exit_code == 0
    assert "processes" in result.stdout and "consistency:" in result.stdout


WISH_STEPS = """SELECT ?i ?process WHERE { workflow:wish usm:hasStep ?s .
  ?s usm:stepIndex ?i ; usm:inProcess ?process } ORDER BY ?i"""


def test_wish_workflow_steps_come_back_in_order(run) -> None:
    result = run("query", WISH_STEPS, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["i"]) for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["process"].endswith("/process/agree")
    assert rows[1]["process"].endswith("/process/change")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_select_formats(run, fmt: str) -> None:
    result = run(
        "query", "SELECT ?p ?code WHERE { ?p a usm:Process ; usm:code ?code }", "--format", fmt
    )
    assert result.exit_code == 0, result.output
    assert "CHM" in result.stdout


def test_json_results_are_sparql_results_json(run) -> None:
    result = run("query", "SELECT ?code WHERE { ?p usm:code ?code }", "--format", "sparql-json")
    data = json.loads(result.stdout)
    assert {b["code"]["value"] for b in data["results"]["bindings"]} >= {
        "CTM",
        "CHM",
        "INC",
        "OPS",
        "RIM",
    }


def test_ask_query(run) -> None:
    assert run("query", "ASK { process:agree a usm:Process }").stdout.strip() == "true"


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")],
)
def test_construct_formats_parse(run, fmt: str, rdflib_format: str) -> None:
    result = run("query", "CONSTRUCT WHERE { process:agree ?p ?o }", "--format", fmt)
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format=rdflib_format)
    assert len(graph) > 3


def test_query_from_stdin_and_file(run, tmp_path: Path) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?p a usm:Process }"
    assert "5" in run("query", "-f", "-", "--format", "csv", input=query).stdout
    assert run("query", "-", "--format", "csv", input=query).stdout.splitlines()[1] == "5"
    path = tmp_path / "q.rq"
    path.write_text(query)
    assert run("query", "-f", str(path), "--format", "csv").stdout.splitlines()[1] == "5"


def test_syntax_error_is_one_line_exit_1(run) -> None:
    result = run("query", "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 1
    assert "SPARQL syntax error" in result.stderr and "1:" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("update", "keyword"),
    [
        ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
        ("PREFIX ex: <https://example.org/> INSERT DATA { ex:a ex:b ex:c }", "INSERT DATA"),
        ("CLEAR ALL", "CLEAR"),
    ],
)
def test_update_is_refused_as_read_only_not_as_syntax(
    run, kb, executed: list[str], update: str, keyword: str
) -> None:
    result = run("query", update)
    assert result.exit_code == 1
    assert f"read-only: {keyword} is a SPARQL Update operation" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with pytest.raises(QueryError, match=f"read-only: {keyword} "):
        kb.query(update)
    assert executed == []  # refused by the policy before anything reached the engine


def test_update_words_inside_strings_are_not_updates(run) -> None:
    result = run("query", 'SELECT ?s WHERE { ?s ?p "DELETE" ', "--format", "csv")
    assert "SPARQL syntax error" in result.stderr


def test_wrong_format_for_result_kind_is_usage_error(run) -> None:
    result = run("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "ttl")
    assert result.exit_code == 2
    assert "does not fit" in result.stderr


@pytest.mark.embedded_only  # builds or parses only: no store involved
def test_usage_errors_exit_2(run) -> None:
    assert run("query").exit_code == 2
    assert run("info", "--format", "yaml").exit_code == 2
    assert run("no-such-command").exit_code == 2


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [
        ("ttl", "turtle"),
        ("nt", "nt"),
        ("trig", "trig"),
        ("nq", "nquads"),
        ("jsonld", "json-ld"),
        ("xml", "xml"),
    ],
)
@pytest.mark.embedded_only  # the writers; test_export_reads_the_store reads either backend
def test_export_formats(run, tmp_path: Path, fmt: str, rdflib_format: str) -> None:
    out = tmp_path / f"kb.{fmt}"
    result = run("export", "--format", fmt, "-o", str(out), "--no-inferred")
    assert result.exit_code == 0, result.output
    if fmt in ("trig", "nq"):
        ds = rdflib.Dataset().parse(data=out.read_bytes(), format=rdflib_format)
        graphs = {str(g.identifier) for g in ds.graphs()}
        assert "https://w3id.org/usm-kb/graph/ontology/usm" in graphs
        assert "https://w3id.org/usm-kb/graph/inferred" not in graphs
    else:
        graph = rdflib.Graph().parse(data=out.read_bytes(), format=rdflib_format)
        assert (rdflib.URIRef("https://w3id.org/usm-kb/id/process/agree"), None, None) in graph


def test_export_reads_the_store(run, tmp_path: Path, kb) -> None:
    """On either backend, export writes every quad of the store, graph by graph."""
    out = tmp_path / "kb.nq"
    assert run("export", "--format", "nq", "-o", str(out)).exit_code == 0
    ds = rdflib.Dataset().parse(data=out.read_bytes(), format="nquads")
    assert sum(len(g) for g in ds.graphs()) == len(kb)
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == set(kb.graph_names())


@pytest.mark.embedded_only  # builds or parses only: no store involved
def test_build_to_out_dir(run, shipped_root: Path, tmp_path: Path) -> None:
    result = run("build", "--out", str(tmp_path), "--no-reason")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kb.nq").is_file() and (tmp_path / "manifest.json").is_file()
    assert "built" in result.stderr


@pytest.mark.embedded_only  # builds or parses only: no store involved
def test_unwritable_paths_exit_2_with_the_path(run, small_root: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for args, cache in (
        (("build", "--out", str(blocker / "out"), "--no-reason"), tmp_path / "cache"),
        (("export", "--format", "ttl", "-o", str(blocker / "kb.ttl")), tmp_path / "cache"),
        (("info",), blocker / "cache"),
    ):
        result = run(*args, data=small_root, cache=cache)
        assert result.exit_code == 2, args
        error = result.stderr.strip().splitlines()[-1]
        assert error.startswith(f"error: {blocker}") and "check the path" in error, error
        assert "Traceback" not in result.output + result.stderr
    assert blocker.read_text() == "not a folder"


def test_queries_with_an_unknown_tag_name_the_known_tags(run) -> None:
    result = run("queries", "--tag", "nonexistent")
    assert result.exit_code == 2
    assert "no named query has the tag 'nonexistent'; tags: " in result.stderr
    known = result.stderr.split("tags: ", 1)[1].replace("\n", " ").split(", ")[0].strip()
    listed = run("queries", "--tag", known, "--format", "json")
    assert listed.exit_code == 0 and json.loads(listed.stdout)


@pytest.mark.embedded_only  # builds or parses only: no store involved
def test_bad_data_exits_1_with_file_and_line(run, small_root: Path, tmp_path: Path) -> None:
    (small_root / "ontology" / "usm.ttl").write_text("@prefix : <x> .\n:a :b")
    result = run("info", data=small_root, cache=tmp_path)
    assert result.exit_code == 1
    assert "usm.ttl:2:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.embedded_only  # builds or parses only: no store involved
def test_python_module_entry_point() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "usm_kb", "--version"], capture_output=True, text=True, check=True
    )
    assert "usm-kb" in out.stdout
