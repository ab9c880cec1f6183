"""Pre-binding variables with a ``VALUES`` block — never by pasting user text into a query.

The values are pyoxigraph terms (IRIs are validated, literals escaped by pyoxigraph), so a
value can never change the query's structure. pyoxigraph's own ``substitutions`` join after
evaluation and cannot drive FILTERs, which is why a ``VALUES`` block is used instead.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from usm_kb.errors import QueryError, UsageError
from usm_kb.rdf.sparql_text import located_tokens
from usm_kb.rdf.terms import IRI, BindableTerm, Literal

Term = BindableTerm


@lru_cache(maxsize=512)
def where_group_start(sparql: str) -> int:
    """Offset just after the ``{`` that opens the query's outer WHERE group.

    Decided on tokens, so a ``WHERE {`` inside a string, IRI or comment is not taken for it;
    remembered per text (a named query's template is bound again and again).
    """
    toks = located_tokens(sparql)
    form = None
    for index, (kind, text, offset) in enumerate(toks):
        upper = text.upper() if kind == "word" else ""
        if upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and form is None:
            form = upper
        elif upper == "WHERE" and index + 1 < len(toks) and toks[index + 1][1] == "{":
            return toks[index + 1][2] + 1
        elif text == "{" and form in ("SELECT", "ASK"):
            return offset + 1  # WHERE is optional before the group of SELECT and ASK
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def with_values(sparql: str, terms: dict[str, Term]) -> str:
    """Pre-bind variables with a ``VALUES`` block at the start of the outer WHERE group."""
    if not terms:
        return sparql
    start = where_group_start(sparql)
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(term) for term in terms.values())
    return f"{sparql[:start]} VALUES ({names}) {{ ({values}) }} {sparql[start:]}"


def to_terms(bindings: dict[str, Any]) -> dict[str, Term]:
    """Python values as RDF terms.

    Terms stay as they are; numbers, booleans and strings become literals. A string is always
    a literal, even one that looks like a URL: pass ``usm_kb.rdf.terms.IRI(iri)`` for an IRI.
    """
    result: dict[str, Term] = {}
    for name, value in bindings.items():
        if isinstance(value, IRI | Literal):
            result[name] = value
        elif isinstance(value, bool | int | float | str):
            result[name] = Literal(value)
        else:
            raise UsageError(f"cannot bind {name!r} to a {type(value).__name__}")
    return result
