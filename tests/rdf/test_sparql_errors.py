"""SPARQL syntax errors come back as one short line with line:column and a hint."""

from __future__ import annotations

import pytest

from usm_kb.errors import QueryError

pytestmark = pytest.mark.both_backends

CASES = [
    (
        "SELECT ?x WHERE { ?x foo:bar ?y }",
        "at 1:",
        "unknown prefix `foo:` — declare it with PREFIX foo: <…> or use one of: usm, process,",
    ),
    (
        'PREFIX ex: <http://e/> SELECT ?x WHERE { ?x ex:a "x:y" ; bad:b ?z }',
        "at 1:",
        "unknown prefix `bad:`",
    ),
    (
        "SELECT ?x WHERE { ?x ?y ?z ",
        "at 1:28",
        "missing `}`: the `{` opened at 1:17 is never closed",
    ),
    ("SELECT ?x WHERE {\n  ?x usm:code ?c .\n  FILTER(?c = 'INC'\n}", "at 4:", "missing `)`"),
    ("SELECT ?x WHERE { ?x a usm:Process } }", "at 1:", "`}` at 1:38 closes nothing"),
    ("SELECT ?x WHERE { ?x ?y }", "at 1:25", "a triple pattern needs a subject, a predicate"),
    ('SELECT ?x WHERE { ?x usm:code "abc }', "at 1:", "a string is not closed"),
    ("SELEC ?x WHERE { ?x ?y ?z }", "", "`SELEC` is not a query form; did you mean SELECT?"),
    ("SELECT ?x { ?x usm:code ?c } ORDER ?c", "at 1:", "expected BY"),
]


@pytest.mark.parametrize(("text", "where", "hint"), CASES)
def test_syntax_errors_are_one_readable_line(run, kb, text: str, where: str, hint: str) -> None:
    with pytest.raises(QueryError) as caught:
        kb.query(text)
    message = str(caught.value)
    assert message.startswith(f"SPARQL syntax error {where}".rstrip()), message
    assert hint in message and "\n" not in message and "\\u{" not in message
    result = run("query", text)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: {message}"]


def test_the_endpoint_says_the_same(client) -> None:
    response = client.get("/sparql", query_string={"query": CASES[0][0]})
    assert response.status_code == 400
    assert "unknown prefix `foo:`" in response.get_data(as_text=True)
