"""What every explorer page shares: references to elements, the queries behind a page, JSON.

A page is a frozen dataclass with a ``kind`` (its template and the ``page`` key of its JSON
twin), a ``title`` and the SPARQL texts it ran (:class:`PageQuery`: the "show the SPARQL"
links). Elements are referred to by IRI with a display label (:class:`Ref`); the web layer
turns IRIs under the KB's base into local links.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from usm_kb.namespaces import PREFIXES
from usm_kb.rdf.terms import IRI
from usm_kb.store import KnowledgeBase, Row
from usm_kb.store.binding import to_terms, with_values
from usm_kb.store.results import to_query_result
from usm_kb.vocab import EVIDENCE_NAME, MAPPING_WEIGHT, WEIGHT_SCALES

P = TypeVar("P", bound="Page")


@dataclass(frozen=True)
class Ref:
    """A link to an element: its IRI and what to call it."""

    iri: str
    label: str


@dataclass(frozen=True)
class PageQuery:
    """One SPARQL text a page ran (parameters bound, prefixes declared), and what it answers.

    The KB predeclares its prefixes; the text shown declares those it uses, so it runs as
    is in any SPARQL tool (and the console's editor does not mark it as an error).
    """

    title: str
    sparql: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "sparql", declare_prefixes(self.sparql))


PREFIX_USE = re.compile(r"(?<![\w<:/#?$-])([A-Za-z][\w-]*):(?!//)")
PREFIX_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w-]*)?:", re.IGNORECASE)


def declare_prefixes(text: str) -> str:
    """*text* with a ``PREFIX`` line for each known prefix it uses but does not declare."""
    declared = set(PREFIX_DECLARED.findall(text))
    used = [p for p in dict.fromkeys(PREFIX_USE.findall(text)) if p in PREFIXES]
    missing = [p for p in used if p not in declared]
    if not missing:
        return text
    lines = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(missing))
    return lines + text.lstrip("\n")


@dataclass(frozen=True)
class Weight:
    """How mapping weights are shown: the weight's name and the top of its scale."""

    name: str = MAPPING_WEIGHT
    scale: int = WEIGHT_SCALES[MAPPING_WEIGHT]


@dataclass(frozen=True)
class Page:
    """Base of every page dataclass."""

    kind: ClassVar[str] = "page"
    title: str
    queries: tuple[PageQuery, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON twin: every field, plus the page kind."""
        return {"page": self.kind, **to_plain(self)}


def to_plain(value: Any) -> Any:
    """Dataclasses, tuples and dicts as plain JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def select(
    kb: KnowledgeBase, title: str, text: str, **bindings: Any
) -> tuple[list[Row], PageQuery]:
    """Run a SELECT with *bindings* pre-bound; the rows and the exact text that ran."""
    bound = with_values(text, to_terms(bindings))
    result = to_query_result(kb.run(bound))
    return list(result.rows), PageQuery(title, bound)


def bound_query(title: str, text: str, **bindings: Any) -> PageQuery:
    """The text of a SELECT with *bindings* pre-bound (not run)."""
    return PageQuery(title, with_values(text, to_terms(bindings)))


def named(kb: KnowledgeBase, title: str, name: str, **params: str) -> tuple[list[Row], PageQuery]:
    """Run a named query with the user's words as parameters; rows and the bound text."""
    prepared = kb.prepare_named(name, params)
    result = to_query_result(kb.run(prepared))
    return list(result.rows), PageQuery(title, prepared.text)


def cached_page(kb: KnowledgeBase, key: str, build: Callable[[], P]) -> P:
    """A page built once per KB (the KB is read-only, so it never goes stale)."""
    return kb.cached("explorer:" + key, build)


def evidence_name(iri: Any) -> str:
    """``published`` for ``usm:Published`` (empty when there is none)."""
    return EVIDENCE_NAME.get(str(iri), str(iri).rsplit("#", 1)[-1].lower()) if iri else ""


def text(value: Any) -> str:
    """A row value as display text (empty for unbound)."""
    return "" if value is None else str(value)


FACTS = """
SELECT ?property ?value (LANG(?value) AS ?lang) (isIRI(?value) AS ?is_iri) WHERE {
  ?subject ?property ?value .
}
ORDER BY ?property STR(?value)
"""


@dataclass(frozen=True)
class Facts:
    """The statements about one subject: property IRI → (value, language) pairs."""

    values: dict[str, tuple[tuple[Any, str], ...]]
    query: PageQuery

    def all(self, prop: str, lang: str | None = None) -> tuple[str, ...]:
        """Every value of *prop* (as text), only those in *lang* when given."""
        return tuple(
            str(v) for v, lg in self.values.get(prop, ()) if lang is None or lg in (lang, "")
        )

    def one(self, prop: str, lang: str = "en") -> str:
        """One value of *prop*, preferring *lang*, then no language, then any (else "")."""
        found = self.values.get(prop, ())
        for wanted in (lang, ""):
            for v, lg in found:
                if lg == wanted:
                    return str(v)
        return str(found[0][0]) if found else ""

    def raw(self, prop: str) -> tuple[Any, ...]:
        """Every value of *prop* as the row gave it (numbers stay numbers)."""
        return tuple(v for v, _ in self.values.get(prop, ()))


def facts(kb: KnowledgeBase, iri: str, title: str = "Every statement about it") -> Facts:
    """What the KB states about *iri* (union of all graphs, inferred included)."""
    rows, query = select(kb, title, FACTS, subject=IRI(iri))
    values: dict[str, list[tuple[Any, str]]] = {}
    for r in rows:
        pair = (r["value"], text(r["lang"]))
        bucket = values.setdefault(str(r["property"]), [])
        if pair not in bucket:
            bucket.append(pair)
    return Facts({k: tuple(v) for k, v in values.items()}, query)
