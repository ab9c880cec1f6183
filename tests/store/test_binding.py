"""Pre-binding with VALUES: decided on tokens, so strings, comments and IRIs cannot fool it."""

from __future__ import annotations

import pytest

from usm_kb.errors import QueryError, UsageError
from usm_kb.rdf.terms import IRI, Literal
from usm_kb.store.binding import to_terms, where_group_start, with_values


@pytest.mark.parametrize(
    ("query", "before"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE "),
        ("SELECT ?x { ?x ?p ?o }", "SELECT ?x "),  # WHERE is optional (review B6)
        ('SELECT ?x WHERE { ?x ?p "WHERE { }" }', "SELECT ?x WHERE "),
        ("# WHERE { in a comment\nSELECT ?x WHERE { ?x ?p ?o }", None),
        ("ASK { ?x ?p ?o }", "ASK "),
        ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "CONSTRUCT { ?x ?p ?o } WHERE "),
        ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }", None),
    ],
)
def test_the_outer_group_is_found(query: str, before: str | None) -> None:
    start = where_group_start(query)
    assert query[start - 1] == "{"
    if before is not None:
        assert query[: start - 1] == before
    else:
        assert "{" not in query[: start - 1].split("\n")[-1].split("WHERE")[0]


def test_values_are_terms_not_text() -> None:
    bound = with_values("SELECT ?s { ?s ?p ?x }", to_terms({"x": '"} } DROP ALL #'}))
    assert bound == 'SELECT ?s { VALUES (?x) { ("\\"} } DROP ALL #") }  ?s ?p ?x }'


def test_strings_that_look_like_urls_stay_literals() -> None:
    assert to_terms({"x": "https://example.org/a"}) == {"x": Literal("https://example.org/a")}
    assert to_terms({"x": IRI("https://example.org/a")}) == {"x": IRI("https://example.org/a")}


def test_a_query_without_a_group_cannot_be_bound() -> None:
    with pytest.raises(QueryError, match="no WHERE group"):
        with_values("DESCRIBE <urn:x>", to_terms({"x": 1}))


def test_unsupported_values_are_refused() -> None:
    with pytest.raises(UsageError, match="cannot bind 'x' to a list"):
        to_terms({"x": [1, 2]})
