"""Named competency queries (``ontology/queries/*.rq``) with typed, safely bound parameters.

Header grammar (``#`` comment lines at the top of the file)::

    # title: Practices of a framework per process
    # description: One sentence.
    # param: framework (framework) – the framework id, e.g. itil4
    # param: lang (string, optional, default=en) – label language
    # tags: frameworks, mappings
    # empty: Why the answer can be empty, and what to try instead.

Parameter values are converted to RDF terms by type (:mod:`usm_kb.queries.params`) and bound
with a ``VALUES`` block (:func:`usm_kb.store.binding.with_values`) — never pasted into the
query text.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from usm_kb.errors import DataError
from usm_kb.vocab import SLUG

EXAMPLE = re.compile(r"e\.g\. ([^\s;,)]+)")
PARAM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*[–—-]\s*(?P<doc>.+)$")
SLUG_KINDS = ("process", "workflow", "calltype", "domain")  # prefixes in namespaces.ID_KINDS
# Types whose values name something: resolved by the KB's resolver (id, code, label, any case).
NAMED_TYPES = (*SLUG_KINDS, "framework", "practice", "evidence", "concept", "relation")
TYPES = frozenset({"iri", "string", "lang", "integer", *NAMED_TYPES})


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
    empty: str = ""  # the '# empty:' line: shown when the answer has no rows

    def example(self) -> dict[str, str]:
        """Example values of the required parameters (the ``e.g. X`` of their ``# param:``)."""
        found = {p.name: EXAMPLE.search(p.doc) for p in self.params if not p.optional}
        return {name: m.group(1) if m else "…" for name, m in found.items()}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (without the path)."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [p.to_dict() for p in self.params],
            "tags": list(self.tags),
            "empty": self.empty,
            "sparql": self.sparql,
        }


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header."""
    name = path.stem
    if not SLUG.match(name):
        raise DataError("query file names must be lower-case-with-dashes", path=path)
    text = path.read_text(encoding="utf-8")
    meta: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("# ").partition(":")
        if sep and key.strip() in ("title", "description", "param", "tags", "empty"):
            meta.setdefault(key.strip(), []).append(value.strip())
        elif line.strip() != "#" and sep and " " not in key.strip():
            raise DataError(f"unknown header key {key.strip()!r}", path=path, line=number)
    if not meta.get("title") or not meta.get("description"):
        raise DataError("a named query needs '# title:' and '# description:'", path=path, line=1)
    params = tuple(_param(spec, path) for spec in meta.get("param", []))
    tags = tuple(t.strip() for t in ",".join(meta.get("tags", [])).split(",") if t.strip())
    return NamedQuery(
        name,
        meta["title"][0],
        " ".join(meta["description"]),
        params,
        tags,
        text,
        path,
        " ".join(meta.get("empty", [])),
    )


def _param(spec: str, path: Path) -> Param:
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
