"""Empty answers explain themselves: every named query has an ``# empty:`` line, and the CLI
prints it (one line on stderr, exit 0) whenever the query's answer is empty."""

from __future__ import annotations

import re

import pytest

from usm_kb.data_root import default_data_root
from usm_kb.queries import parse_named_query

# The store's services answer alike on both backends (conftest: both_backends).
pytestmark = pytest.mark.both_backends

QUERY_FILES = sorted((default_data_root() / "ontology" / "queries").glob("*.rq"))
NAMES = [p.stem for p in QUERY_FILES]
# A graph that holds no USM data: every named query is empty over it.
NO_DATA_GRAPH = "ontology/usm-workspace"

# Parameter values that make a query empty on the shipped data, over all graphs.
NATURALLY_EMPTY: dict[str, dict[str, str]] = {
    "cobit-without-agile-counterpart": {},  # the defaults: every process has a counterpart
    "framework-gaps": {"framework": "itil4"},  # ITIL 4 covers every process
    "equal-mappings": {},
    "mapping-quality-gaps": {},
    "glossary": {"lang": "de"},
    "practice-search": {"text": "qqqxyz"},
    "frameworks": {"family": "none"},
    "multi-process-practices": {"min_processes": "9"},
    "process-practices": {"process": "Afspreken", "framework": "devops"},
    "framework-practices-by-process": {"framework": "DevOps", "process": "agree"},
    "published-placements": {"framework": "scrum"},
    "mappings-by-evidence": {"evidence": "disputed", "framework": "scrum"},
    "mappings-by-relation": {"relation": "equal"},
}


def hint_of(name: str) -> str:
    return parse_named_query(default_data_root() / "ontology" / "queries" / f"{name}.rq").empty


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_every_named_query_has_an_empty_hint(path) -> None:
    hint = parse_named_query(path).empty
    assert len(hint) > 30 and hint.endswith("."), hint
    assert not re.search(r"[{}]", hint)


def params_args(params: dict[str, str]) -> list[str]:
    return [a for k, v in params.items() for a in ("--param", f"{k}={v}")]


def assert_hint_shown(result, name: str) -> None:
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "", "an empty table says nothing: the hint does"
    lines = result.stderr.strip().splitlines()
    assert lines == [f"no rows: {hint_of(name)}"]


@pytest.mark.parametrize("name", NAMES)
def test_the_hint_appears_when_the_query_is_empty(run, kb, name: str) -> None:
    params = kb.get_named(name).example()
    result = run("query", name, *params_args(params), "--graph", NO_DATA_GRAPH)
    assert_hint_shown(result, name)


@pytest.mark.parametrize("name", sorted(NATURALLY_EMPTY))
def test_the_hint_appears_for_naturally_empty_answers(run, kb, name: str) -> None:
    params = NATURALLY_EMPTY[name]
    assert len(kb.run_named(name, **params)) == 0
    assert_hint_shown(run("query", name, *params_args(params)), name)


def test_csv_and_json_stay_machine_readable_when_empty(run) -> None:
    result = run("query", "framework-gaps", "--param", "framework=itil4", "--format", "json")
    assert result.stdout == "[]\n"
    assert result.stderr.startswith("no rows: the framework has a practice placed")
    csv = run("query", "framework-gaps", "--param", "framework=itil4", "--format", "csv")
    assert csv.stdout.splitlines() == ["process,code,verb"]


def test_the_hint_is_in_the_query_help_and_the_catalogue(run, kb) -> None:
    hint = hint_of("framework-gaps")
    assert f"When empty: {hint}" in run("query", "framework-gaps", "--help").stdout
    assert f"When empty: {hint}" in kb.root.joinpath("docs", "queries.md").read_text()
