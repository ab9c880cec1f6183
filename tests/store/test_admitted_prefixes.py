"""An admitted text declares every prefix it uses, so the engine runs it without the KB's.

The policy puts ``PREFIX`` declarations of the KB's prefixes a text borrows in front of it,
on its first line (line numbers stay); a prefix the text declares itself is its own, a name
inside a string is no prefix, and the engine answers the same as with the KB's prefixes.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from usm_kb.errors import QueryError
from usm_kb.namespaces import PREFIXES
from usm_kb.store import KnowledgeBase, policy
from usm_kb.store.backend import UNION
from usm_kb.store.embedded.execute import query_options


def admitted(text: str) -> str:
    return policy.admit(text, graphs=list).text


def test_borrowed_prefixes_are_declared_in_front_on_the_first_line() -> None:
    text = "SELECT ?l\nWHERE { ?s a usm:Process ; rdfs:label ?l }"
    out = admitted(text)
    assert out == (f"PREFIX rdfs: <{PREFIXES['rdfs']}> PREFIX usm: <{PREFIXES['usm']}> " + text)
    assert out.count("\n") == text.count("\n")


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX usm: <urn:mine#> SELECT * { ?s a usm:Thing }",  # its own usm:
        'SELECT * { ?s ?p "usm:not-a-prefix" }',
        "SELECT * { ?s ?p <https://w3id.org/usm-kb/ontology#Process> }",
    ],
)
def test_texts_that_borrow_nothing_run_as_written(text: str) -> None:
    assert admitted(text) == text


def test_an_unknown_prefix_is_still_refused() -> None:
    with pytest.raises(QueryError, match="unknown prefix"):
        admitted("SELECT * { ?s a nope:Thing }")


def test_the_engine_gets_no_prefixes_and_answers_the_same(kb: KnowledgeBase) -> None:
    assert "prefixes" not in query_options(UNION)
    text = "SELECT ?s ?l WHERE { ?s a usm:Process ; rdfs:label ?l } ORDER BY ?s ?l"
    store = kb.backend.store  # type: ignore[attr-defined]
    with_kb_prefixes = [
        tuple(row) for row in store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    ]
    assert with_kb_prefixes and kb.select(text) and len(kb.select(text)) == len(with_kb_prefixes)
    with pytest.raises(SyntaxError):
        store.query(text, use_default_graph_as_union=True)  # the engine alone does not know usm:
    assert isinstance(store.query(admitted(text), **query_options(UNION)), ox.QuerySolutions)
