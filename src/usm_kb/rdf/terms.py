"""The RDF term model every layer shares, and terms as plain Python values or display text.

The classes are pyoxigraph's (immutable, hashable, picklable, validated on construction);
other packages import them from here, so that only the RDF plumbing and the embedded
backend depend on pyoxigraph itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from usm_kb.namespaces import XSD, XSD_STRING, shorten

IRI = ox.NamedNode
Literal = ox.Literal
BlankNode = ox.BlankNode
Triple = ox.Triple
Quad = ox.Quad
Term = ox.NamedNode | ox.BlankNode | ox.Literal
BindableTerm = ox.NamedNode | ox.Literal

_INTEGERS = {
    XSD + n
    for n in (
        "integer",
        "int",
        "long",
        "short",
        "positiveInteger",
        "nonNegativeInteger",
        "negativeInteger",
        "nonPositiveInteger",
    )
}


def _boolean(text: str) -> bool:
    if text not in ("true", "false", "1", "0"):
        raise ValueError(text)
    return text in ("true", "1")


_CONVERTERS: dict[str, Any] = {
    **dict.fromkeys(_INTEGERS, int),
    XSD + "decimal": Decimal,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": _boolean,
    XSD + "date": dt.date.fromisoformat,
}


def to_python(term: Any) -> Any:
    """IRI -> str, literal -> int/float/Decimal/bool/date/str, blank node -> '_:id', None.

    A literal whose lexical form is invalid for its datatype stays a string. This runs for
    every cell of every API result, so it dispatches on the exact type first.
    """
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value
    if kind is ox.Literal:
        if term.language:  # rdf:langString, read without building the datatype's IRI
            return term.value
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return term.value
        convert = _CONVERTERS.get(datatype)
        if convert is None:
            return term.value
        try:
            return convert(term.value)
        except (ValueError, ArithmeticError):
            return term.value
    if term is None:
        return None
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    return str(term)


def display(term: Any) -> str:
    """Human-readable cell text for a pyoxigraph term."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)
