"""Terms become plain Python values for the API: every kind of term, valid or not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import pytest

from usm_kb.rdf.terms import to_python

XSD = "http://www.w3.org/2001/XMLSchema#"


def typed(value: str, name: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + name))


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (ox.NamedNode("urn:x"), "urn:x"),
        (ox.BlankNode("b1"), "_:b1"),
        (None, None),
        (ox.Literal("plain"), "plain"),
        (ox.Literal("hallo", language="nl"), "hallo"),
        (ox.Literal("مرحبا", language="ar", direction=ox.BaseDirection.RTL), "مرحبا"),
        (typed("42", "integer"), 42),
        (typed("-3", "short"), -3),
        (typed("4x2", "integer"), "4x2"),  # invalid lexical form: stays a string
        (typed("1.50", "decimal"), Decimal("1.50")),
        (typed("2.5E1", "double"), 25.0),
        (typed("true", "boolean"), True),
        (typed("0", "boolean"), False),
        (typed("yes", "boolean"), "yes"),
        (typed("2024-02-29", "date"), dt.date(2024, 2, 29)),
        (typed("P1D", "duration"), "P1D"),  # no converter: the lexical form
    ],
)
def test_to_python(term: Any, expected: Any) -> None:
    value = to_python(term)
    assert value == expected and type(value) is type(expected)
