"""Named competency queries (``ontology/queries/*.rq``) with typed, safely bound parameters.

Header grammar (``#`` comment lines at the top of the file)::

    # title: Practices of a framework per process
    # description: One sentence.
    # param: framework (framework) – the framework id, e.g. itil4
    # param: lang (string, optional, default=en) – label language
    # tags: frameworks, mappings

Parameter values are converted to RDF terms by type and bound with a ``VALUES`` block
(:func:`usm_kb.store.with_values`) — never pasted into the query text.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from usm_kb.errors import QueryError
from usm_kb.namespaces import FRAMEWORK, ID, PREFIXES, USM

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARAM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*[–—-]\s*(?P<doc>.+)$")
EVIDENCE = {"published", "derived", "reconstructed", "disputed"}
SLUG_KINDS = {
    "process": "process",
    "workflow": "workflow",
    "calltype": "call-type",
    "domain": "domain",
}
TYPES = frozenset(
    {"iri", "string", "lang", "integer", "framework", "practice", "evidence", *SLUG_KINDS}
)


@dataclass(frozen=True)
class Param:
    """One declared parameter."""

    name: str
    type: str
    doc: str
    optional: bool = False
    default: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class NamedQuery:
    """A competency question and its SPARQL."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    tags: tuple[str, ...]
    sparql: str
    path: Path = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (without the path)."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [p.to_dict() for p in self.params],
            "tags": list(self.tags),
            "sparql": self.sparql,
        }


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header."""
    from usm_kb.errors import DataError

    name = path.stem
    if not NAME.match(name):
        raise DataError("query file names must be lower-case-with-dashes", path=path)
    text = path.read_text(encoding="utf-8")
    meta: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("# ").partition(":")
        if sep and key.strip() in ("title", "description", "param", "tags"):
            meta.setdefault(key.strip(), []).append(value.strip())
        elif line.strip() != "#" and sep and " " not in key.strip():
            raise DataError(f"unknown header key {key.strip()!r}", path=path, line=number)
    if not meta.get("title") or not meta.get("description"):
        raise DataError("a named query needs '# title:' and '# description:'", path=path, line=1)
    params = tuple(_param(spec, path) for spec in meta.get("param", []))
    tags = tuple(t.strip() for t in ",".join(meta.get("tags", [])).split(",") if t.strip())
    return NamedQuery(
        name, meta["title"][0], " ".join(meta["description"]), params, tags, text, path
    )


def _param(spec: str, path: Path) -> Param:
    from usm_kb.errors import DataError

    match = PARAM.match(spec)
    if not match:
        raise DataError(
            f"bad '# param:' line {spec!r}; expected 'name (type) – meaning'", path=path
        )
    parts = [p.strip() for p in match["spec"].split(",")]
    if parts[0] not in TYPES:
        raise DataError(f"unknown parameter type {parts[0]!r}", path=path)
    default = next((p.split("=", 1)[1] for p in parts if p.startswith("default=")), None)
    return Param(
        match["name"],
        parts[0],
        match["doc"].strip(),
        optional="optional" in parts or default is not None,
        default=default,
    )


def load_named_queries(root: Path) -> dict[str, NamedQuery]:
    """All named queries under ``root/ontology/queries``, by name."""
    folder = root / "ontology" / "queries"
    return {q.name: q for q in map(parse_named_query, sorted(folder.glob("*.rq")))}


def to_term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """Convert a textual parameter value by its declared type (QueryError if ill-typed)."""

    def bad(why: str) -> QueryError:
        return QueryError(f"parameter {param.name!r} ({param.type}): {why}: {value!r}")

    try:
        if param.type in ("string", "lang"):
            if param.type == "lang" and not re.fullmatch(
                r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", value
            ):
                raise bad("not a language tag")
            return ox.Literal(value)
        if param.type == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", value):
                raise bad("not an integer")
            return ox.Literal(int(value))
        if param.type == "evidence":
            if value not in EVIDENCE:
                raise bad(f"choose one of {', '.join(sorted(EVIDENCE))}")
            return ox.NamedNode(USM + value.capitalize())
        if param.type == "framework":
            if not NAME.match(value):
                raise bad("not a framework id")
            return ox.NamedNode(FRAMEWORK + value)
        if param.type == "practice":
            fw, _, pid = value.partition("/")
            if value.startswith(("http://", "https://")):
                return ox.NamedNode(value)
            if not (NAME.match(fw) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", pid)):
                raise bad("expected FRAMEWORK/ID, e.g. itil4/ITIL4-5.2.5")
            return ox.NamedNode(f"{FRAMEWORK}{fw}/{pid}")
        if param.type in SLUG_KINDS:
            if value.startswith(("http://", "https://")):
                return ox.NamedNode(value)
            if not NAME.match(value):
                raise bad("not a slug")
            return ox.NamedNode(f"{ID}{SLUG_KINDS[param.type]}/{value}")
        prefix, sep, local = value.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            return ox.NamedNode(PREFIXES[prefix] + local)
        return ox.NamedNode(value)
    except ValueError as exc:
        raise bad(str(exc)) from exc


def bind_params(query: NamedQuery, given: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check names and types of *given* against the header; apply defaults."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise QueryError(
            f"query {query.name!r} has no parameter {unknown[0]!r}; "
            f"it takes: {', '.join(declared) or 'none'}"
        )
    terms: dict[str, ox.NamedNode | ox.Literal] = {}
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


def to_markdown(queries: list[NamedQuery]) -> str:
    """A Markdown catalogue of named queries (docs/queries.md is generated from it)."""
    lines = [
        "# Named queries",
        "",
        "Generated by `usm-kb queries --format markdown`; run one with",
        "`usm-kb query NAME --param k=v`, `GET /queries/NAME?k=v` or",
        "`KnowledgeBase.run_named(NAME, k=v)`.",
        "",
    ]
    for q in queries:
        lines += [f"## `{q.name}` — {q.title}", "", q.description, ""]
        for p in q.params:
            extra = ", optional" if p.optional else ""
            extra += f", default `{p.default}`" if p.default is not None else ""
            lines.append(f"- `{p.name}` ({p.type}{extra}): {p.doc}")
        if q.params:
            lines.append("")
        if q.tags:
            lines += [f"Tags: {', '.join(q.tags)}", ""]
    return "\n".join(lines).rstrip() + "\n"
