"""Conversions between pyoxigraph terms and plain Python values / display strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from usm_kb.namespaces import PREFIXES, XSD

_INTEGERS = {XSD + n for n in ("integer", "int", "long", "short", "positiveInteger",
                               "nonNegativeInteger", "negativeInteger", "nonPositiveInteger")}


def to_python(term: Any) -> Any:
    """IRI -> str, literal -> int/float/Decimal/bool/date/str, blank node -> '_:id', None."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype == XSD + "decimal":
                return Decimal(term.value)
            if datatype in (XSD + "double", XSD + "float"):
                return float(term.value)
            if datatype == XSD + "boolean":
                return term.value in ("true", "1")
            if datatype == XSD + "date":
                return dt.date.fromisoformat(term.value)
        except ValueError:
            return term.value
        return term.value
    return str(term)


def shorten(iri: str) -> str:
    """Compact an IRI with the known prefixes (for display only)."""
    best = ""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(base) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def display(term: Any) -> str:
    """Human-readable cell text for a pyoxigraph term."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)
