"""Named-query parameters: textual values converted to RDF terms by their declared type.

Values of the named types (a process, framework, practice, evidence level, relation …) go
through the resolver the caller passes in (the KB's :class:`~usm_kb.store.names.NameIndex`),
so they may be given as id, code, English or Dutch label in any case.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from usm_kb.errors import QueryError
from usm_kb.namespaces import PREFIXES
from usm_kb.queries.named import NAMED_TYPES, NamedQuery, Param
from usm_kb.rdf.terms import IRI, BindableTerm, Literal

# (parameter type, the user's word) -> the term it names; raises QueryError when it names none.
Resolve = Callable[[str, str], BindableTerm]


def to_term(param: Param, value: str, resolve: Resolve | None = None) -> BindableTerm:
    """Convert a textual parameter value by its declared type (QueryError if ill-typed)."""

    def bad(why: str) -> QueryError:
        return QueryError(f"parameter {param.name!r} ({param.type}): {why}: {value!r}")

    try:
        if param.type in NAMED_TYPES:
            if resolve is None:
                raise bad("no resolver to look the name up")
            try:
                return resolve(param.type, value)
            except QueryError as exc:
                raise QueryError(f"parameter {param.name!r}: {exc.message}") from None
        if param.type in ("string", "lang"):
            if param.type == "lang" and not re.fullmatch(
                r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", value
            ):
                raise bad("not a language tag")
            return Literal(value)
        if param.type == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
                raise bad("not an integer")
            return Literal(int(value))
        prefix, sep, local = value.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            return IRI(PREFIXES[prefix] + local)
        return IRI(value)
    except ValueError as exc:
        raise bad(str(exc)) from exc


def bind_params(
    query: NamedQuery, given: dict[str, str], resolve: Resolve | None = None
) -> dict[str, BindableTerm]:
    """Check names and types of *given* against the header; apply defaults."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise QueryError(
            f"query {query.name!r} has no parameter {unknown[0]!r}; "
            f"it takes: {', '.join(declared) or 'none'}"
        )
    terms: dict[str, BindableTerm] = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            if not param.optional:
                raise QueryError(
                    f"query {query.name!r} needs --param {param.name}=… ({param.type}: {param.doc})"
                )
            continue
        terms[param.name] = to_term(param, str(value), resolve)
    return terms
