"""docs/analyst-guide.md never drifts: each worked question's command and SPARQL run, agree
with each other, and give the answer the guide prints."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

# The store's services answer alike on both backends (conftest: both_backends).
pytestmark = pytest.mark.both_backends

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "analyst-guide.md"
QUESTION = re.compile(r"^### (\d+)\. (.+?)\n(.*?)(?=^### |^## |\Z)", re.MULTILINE | re.DOTALL)
ANSWER = re.compile(r"^\*\*Answer\*\* — `([\w/]+)`, (\d+) rows?: (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Question:
    number: int
    title: str
    command: list[str]
    sparql: str
    columns: tuple[str, ...]
    rows: int
    shown: tuple[str, ...]


def parse(text: str) -> list[Question]:
    found = []
    for number, title, body in QUESTION.findall(text):
        command = re.search(r"```sh\n(.+?)\n```", body, re.DOTALL)
        sparql = re.search(r"```sparql\n(.+?)```", body, re.DOTALL)
        answer = ANSWER.search(body)
        assert command and sparql and answer, f"question {number} lacks sh, sparql or answer"
        words = shlex.split(command.group(1))
        assert words[0] == "usm-kb"
        found.append(
            Question(
                int(number),
                title,
                words[1:],
                sparql.group(1),
                tuple(answer.group(1).split("/")),
                int(answer.group(2)),
                tuple(re.findall(r"`([^`]+)`", answer.group(3))),
            )
        )
    return found


QUESTIONS = parse(GUIDE.read_text(encoding="utf-8"))


def key(record: dict, columns: tuple[str, ...]) -> str:
    return "/".join(str(record[c]) for c in columns)


def test_the_guide_has_fifteen_worked_questions() -> None:
    assert [q.number for q in QUESTIONS] == list(range(1, 16))


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: f"Q{q.number}")
def test_worked_question(question: Question, run, kb) -> None:
    result = run(*question.command, "--format", "json", "--limit", "0")
    assert result.exit_code == 0, result.output
    by_command = {key(r, question.columns) for r in json.loads(result.stdout)}
    by_sparql = {key(r, question.columns) for r in kb.select(question.sparql)}
    assert by_command == by_sparql
    assert len(by_command) == question.rows
    assert question.shown and set(question.shown) <= by_command


def test_the_readme_links_the_guide() -> None:
    assert "(docs/analyst-guide.md)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_vocabulary_lists_every_predeclared_prefix_and_evidence_level() -> None:
    from usm_kb.namespaces import PREFIXES
    from usm_kb.vocab import EVIDENCE

    text = GUIDE.read_text(encoding="utf-8")
    for prefix, iri in PREFIXES.items():
        assert f"| `{prefix}:` | `{iri}` |" in text
    for level in EVIDENCE:
        assert f"| `usm:{level.capitalize()}` |" in text
