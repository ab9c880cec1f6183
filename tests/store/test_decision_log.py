"""The policy's verdicts kept between processes: only admitted texts, bounded, keyed by the
text's hash, dropped when the code changes, and never trusted beyond what the policy said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from usm_kb.errors import QueryRefused
from usm_kb.store import decisions as decisions_module
from usm_kb.store import policy
from usm_kb.store.decisions import DecisionLog, Verdict

ADMITTED = "SELECT ?s WHERE { ?s ?p ?o }"
CHEAP = "SELECT * WHERE { ?s a ?c }"
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"


def known() -> list[str]:
    return []


def admit(text: str, log: DecisionLog) -> policy.Admitted:
    return policy.admit(text, graphs=known, log=log)


def test_a_verdict_is_read_back_by_the_next_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "verdicts.jsonl"
    first = admit(CHEAP, DecisionLog(path, "code-1"))
    assert first.cheap and first.form == "SELECT"

    def no_parse(text: str, tables: object) -> Verdict:
        raise AssertionError("parsed again although the verdict is remembered")

    monkeypatch.setattr(policy, "_verdict", no_parse)
    again = admit(CHEAP, DecisionLog(path, "code-1"))  # a new log: as a new process reads it
    assert (again.text, again.form, again.cheap) == (first.text, first.form, first.cheap)


def test_a_refused_text_is_never_remembered(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.jsonl"
    log = DecisionLog(path, "code-1")
    for _ in range(2):
        with pytest.raises(QueryRefused):
            admit(SERVICE, log)
    assert DecisionLog(path, "code-1").get(SERVICE) is None
    assert "SERVICE" not in path.read_text(encoding="utf-8")


def test_a_code_change_starts_over(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.jsonl"
    admit(ADMITTED, DecisionLog(path, "code-1"))
    assert DecisionLog(path, "code-1").get(ADMITTED) is not None
    assert DecisionLog(path, "code-2").get(ADMITTED) is None
    assert path.read_text(encoding="utf-8") == "code-2\n"


def test_the_log_is_bounded_in_entries_and_text_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decisions_module, "MAX_ENTRIES", 3)
    path = tmp_path / "verdicts.jsonl"
    log = DecisionLog(path, "code-1")
    texts = [f"ASK {{ ?s ?p {i} }}" for i in range(5)]
    for text in texts:
        admit(text, log)
    long_text = "ASK { ?s ?p ?o }" + " " * decisions_module.MAX_TEXT
    admit(long_text, log)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 3
    assert DecisionLog(path, "code-1").get(long_text) is None


def test_torn_and_foreign_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.jsonl"
    admit(ADMITTED, DecisionLog(path, "code-1"))
    with path.open("a", encoding="utf-8") as out:
        out.write('{"key": "abc", "form": "SELECT"\n')  # torn by a concurrent writer
        out.write(json.dumps({"key": "def", "form": "SELECT"}) + "\n")  # an older shape
    log = DecisionLog(path, "code-1")
    assert log.get(ADMITTED) is not None
    assert len(log._load()) == 1
