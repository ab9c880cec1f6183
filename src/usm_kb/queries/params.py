"""Named-query parameters: textual values converted to RDF terms by their declared type."""

from __future__ import annotations

import re

from usm_kb.errors import QueryError
from usm_kb.namespaces import PREFIXES, framework_iri, individual_iri, practice_iri
from usm_kb.queries.named import SLUG_KINDS, NamedQuery, Param
from usm_kb.rdf.terms import IRI, BindableTerm, Literal
from usm_kb.vocab import EVIDENCE, EVIDENCE_IRI, PRACTICE_ID, SLUG


def to_term(param: Param, value: str) -> BindableTerm:
    """Convert a textual parameter value by its declared type (QueryError if ill-typed)."""

    def bad(why: str) -> QueryError:
        return QueryError(f"parameter {param.name!r} ({param.type}): {why}: {value!r}")

    try:
        if param.type in ("string", "lang"):
            if param.type == "lang" and not re.fullmatch(
                r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", value
            ):
                raise bad("not a language tag")
            return Literal(value)
        if param.type == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", value):
                raise bad("not an integer")
            return Literal(int(value))
        if param.type == "evidence":
            if value not in EVIDENCE:
                raise bad(f"choose one of {', '.join(sorted(EVIDENCE))}")
            return IRI(EVIDENCE_IRI[value])
        if param.type == "framework":
            if not SLUG.match(value):
                raise bad("not a framework id")
            return IRI(framework_iri(value))
        if param.type == "practice":
            fw, _, pid = value.partition("/")
            if value.startswith(("http://", "https://")):
                return IRI(value)
            if not (SLUG.match(fw) and PRACTICE_ID.match(pid)):
                raise bad("expected FRAMEWORK/ID, e.g. itil4/ITIL4-5.2.5")
            return IRI(practice_iri(fw, pid))
        if param.type in SLUG_KINDS:
            if value.startswith(("http://", "https://")):
                return IRI(value)
            if not SLUG.match(value):
                raise bad("not a slug")
            return IRI(individual_iri(param.type, value))
        prefix, sep, local = value.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            return IRI(PREFIXES[prefix] + local)
        return IRI(value)
    except ValueError as exc:
        raise bad(str(exc)) from exc


def bind_params(query: NamedQuery, given: dict[str, str]) -> dict[str, BindableTerm]:
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
        terms[param.name] = to_term(param, str(value))
    return terms
