"""Output that fits a terminal: tables or records by width, --columns, --limit, short labels in
cells and full IRIs in csv/json, one JSON rule, one --format vocabulary, SELECT * order."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from usm_kb.cli import cli
from usm_kb.store import KnowledgeBase

pytestmark = pytest.mark.both_backends

LISTINGS = [
    ("frameworks",),
    ("practices", "--framework", "itil4"),
    ("mappings", "--framework", "itil4"),
    ("mappings", "stats"),
    ("queries",),
    ("search", "incident"),
    ("info",),
    ("query", "processes"),
]


@pytest.fixture
def wide(kb):
    """Invoke the CLI in a terminal of the given width."""

    def invoke(width: int, *args: str):
        base = ["--data", str(kb.root), "--cache", str(kb.cache_dir)]
        return CliRunner(env={"COLUMNS": str(width)}).invoke(
            cli, [*base, *args], catch_exceptions=False
        )

    return invoke


@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", ["table", "records", "csv", "tsv", "json"])
def test_every_listing_speaks_the_same_formats(run, args: tuple[str, ...], fmt: str) -> None:
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    if fmt == "json":
        assert isinstance(json.loads(result.stdout), list | dict)


def test_a_wide_answer_becomes_records_in_a_narrow_terminal(wide) -> None:
    narrow = wide(80, "query", "processes")
    assert narrow.stdout.startswith("1 ─") and "\npurpose " in narrow.stdout
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    broad = wide(160, "query", "processes")
    assert broad.stdout.startswith("┏") and "purpose" in broad.stdout.splitlines()[1]
    assert max(len(line) for line in broad.stdout.splitlines()) <= 160
    forced = wide(80, "query", "processes", "--format", "table")
    assert forced.stdout.startswith("┏")


def test_cells_carry_short_labels_and_csv_full_iris(run) -> None:
    table = run("query", "process-practices", "-p", "process=recover", "-p", "framework=itil4")
    assert "Incident management" in table.stdout and "published" in table.stdout
    for noise in ("@en", "usm:", "https://", "fw:itil4"):
        assert noise not in table.stdout
    rows = list(
        csv.DictReader(
            io.StringIO(
                run("query", "process-practices", "-p", "process=recover", "--format", "csv").stdout
            )
        )
    )
    assert rows[0]["practice"].startswith("https://w3id.org/usm-kb/framework/")
    assert rows[0]["evidence"].startswith("https://w3id.org/usm-kb/ontology#")
    assert rows[0]["label"] and "@" not in rows[0]["label"]


def test_columns_repeating_another_are_left_out_of_tables(run) -> None:
    table = run("query", "processes", "--format", "records").stdout
    fields = {line.split()[0] for line in table.splitlines() if line and not line[0].isdigit()}
    # ?process shows as its verb label, so ?verb and ?name_en (the same words) are left out
    assert "process" in fields and "verb" not in fields and "name_en" not in fields
    asked = run("query", "processes", "--columns", "verb,code", "--format", "csv").stdout
    assert asked.splitlines()[0] == "verb,code"


def test_columns_and_limit(run) -> None:
    result = run("frameworks", "--columns", "title,id", "--limit", "2", "--format", "csv")
    assert result.stdout.splitlines()[0] == "title,id" and len(result.stdout.splitlines()) == 3
    assert "showing 2 of 14 rows" in result.stderr
    bad = run("frameworks", "--columns", "nope")
    assert bad.exit_code == 2 and "no column 'nope'; columns: id, title" in bad.stderr
    assert len(json.loads(run("mappings", "--limit", "3", "--format", "json").stdout)) == 3


def test_select_star_keeps_the_querys_variable_order(run) -> None:
    text = "SELECT * WHERE { ?s usm:code ?code ; usm:verbLabel ?a } ORDER BY ?code"
    for fmt in ("csv", "sparql-json"):
        out = run("query", text, "--format", fmt).stdout
        header = out.splitlines()[0] if fmt == "csv" else json.loads(out)["head"]["vars"]
        assert header in ("s,code,a", ["s", "code", "a"])


def test_one_json_rule(run) -> None:
    records = json.loads(
        run("query", "SELECT ?code WHERE { ?p usm:code ?code }", "--format", "json").stdout
    )
    assert {"code": "CTM"} in records
    w3c = json.loads(
        run("query", "SELECT ?code WHERE { ?p usm:code ?code }", "--format", "sparql-json").stdout
    )
    assert w3c["head"]["vars"] == ["code"]
    assert isinstance(json.loads(run("frameworks", "--format", "json").stdout), list)
    assert run("query", "ASK { ?s ?p ?o }", "--format", "json").stdout.split() == [
        "[",
        "{",
        '"answer":',
        "true",
        "}",
        "]",
    ]


@pytest.mark.embedded_only  # validate reads the sources on disk, never the store
def test_validate_speaks_table_and_keeps_text(run) -> None:
    table = run("validate", "--format", "table")
    text = run("validate", "--format", "text")
    assert table.exit_code == text.exit_code == 0
    timing = r", [\d.]+ s\n$"  # the summary line ends with the time taken
    assert re.sub(timing, "", table.stdout) == re.sub(timing, "", text.stdout)
    assert run("validate", "--format", "csv").stdout.startswith("severity,shape")


def test_practices_show_their_descriptions(run) -> None:
    records = run("practices", "--framework", "itil4", "--format", "records", "--limit", "1")
    assert "description" in records.stdout
    assert json.loads(run("practices", "--format", "json", "--limit", "1").stdout)[0]["description"]


def test_query_name_help_explains_the_named_query(run) -> None:
    result = run("query", "process-practices", "--help")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("usm-kb query process-practices: All practices placed in a USM")
    assert "process (process, required)" in text
    assert "accepts: agree (afspreken" in text and "recover (herstellen" in text
    assert "Example:\n  usm-kb query process-practices --param process=recover" in text
    assert "When empty:" in text
    assert run("queries", "process-practices").stdout == text
    plain = run("query", "--help").stdout
    assert "Usage:" in plain and "--param" in plain  # without a name: the command's help
    assert run("queries", "no-such-query").exit_code == 1


def test_plain_formats_never_load_the_name_index(run, monkeypatch: pytest.MonkeyPatch) -> None:
    """CSV, TSV and JSON show full IRIs: only a table's short labels need the KB's names."""
    loaded: list[int] = []
    real = KnowledgeBase.names

    def counted(self: KnowledgeBase) -> object:
        loaded.append(1)
        return real(self)

    monkeypatch.setattr(KnowledgeBase, "names", counted)
    for fmt in ("csv", "tsv", "json"):
        result = run("query", "processes", "--format", fmt)
        assert result.exit_code == 0 and "/id/process/agree" in result.stdout
    assert loaded == []
    table = run("query", "processes", "--format", "table")
    assert table.exit_code == 0 and loaded
