"""Framework catalogues (``mappings/<fw>/catalog.yaml``): parse, check and turn into RDF."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from usm_kb.errors import DataError
from usm_kb.namespaces import framework_iri, practice_iri
from usm_kb.sources.graphs import USM_NS as U
from usm_kb.sources.yaml_fast import read_yaml_file
from usm_kb.sources.yaml_lines import line_of
from usm_kb.vocab import HTTP_URL, KIND_IRI, KINDS, PRACTICE_ID, SLUG

PROPRIETARY_MAX = 200
FRAMEWORK_KEYS = (
    "id",
    "title",
    "version",
    "family",
    "publisher",
    "homepage",
    "rights",
    "source",
    "description",
)
PRACTICE_KEYS = ("id", "name", "group", "kind", "description", "source")
FRAMEWORK_OPTIONAL_KEYS = ("proprietary", "license")


def _known_keys(entry: dict[str, Any], allowed: tuple[str, ...], path: Path, what: str) -> None:
    unknown = [str(k) for k in entry if k not in allowed]
    if unknown:
        raise DataError(
            f"{what}: unknown field {unknown[0]!r}",
            path=path,
            line=line_of(entry),
            hint="allowed: " + ", ".join(allowed),
        )


@dataclass(frozen=True)
class Practice:
    """One reference practice of a framework."""

    id: str
    name: str
    group: str
    kind: str  # activity, role, body, artefact, value, metric or event (vocab.KINDS)
    description: str
    source: str
    line: int | None = None


@dataclass(frozen=True)
class Catalog:
    """A framework and its practices, as read from ``catalog.yaml``."""

    id: str
    title: str
    version: str
    family: str
    publisher: str
    homepage: str
    proprietary: bool
    license: str | None
    rights: str
    source: str
    description: str
    practices: tuple[Practice, ...]
    path: Path

    @property
    def iri(self) -> str:
        """The framework's IRI."""
        return framework_iri(self.id)

    @cached_property
    def _kinds(self) -> dict[str, str]:
        """Practice id -> kind (one pass: a mapping set asks for every row)."""
        return {p.id: p.kind for p in self.practices}

    def practice_ids(self) -> set[str]:
        """Ids of all practices."""
        return set(self._kinds)

    def kind_of(self, practice_id: str) -> str:
        """The kind of one practice."""
        return self._kinds[practice_id]


def _text(entry: dict[str, Any], key: str, path: Path, what: str) -> str:
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DataError(f"{what}: missing required field '{key}'", path=path, line=line_of(entry))
    if not isinstance(value, str | int | float):
        raise DataError(f"{what}: field '{key}' must be text", path=path, line=line_of(entry))
    return " ".join(str(value).split())


def _url(entry: dict[str, Any], key: str, path: Path, what: str) -> str:
    value = _text(entry, key, path, what)
    if not HTTP_URL.match(value):
        raise DataError(
            f"{what}: '{key}' is not an http(s) URL: {value!r}", path=path, line=line_of(entry)
        )
    return value


def load_catalog(path: Path) -> Catalog:
    """Parse and check one ``catalog.yaml``."""
    doc = read_yaml_file(path)  # read-only: the fast reader when the file is clean
    if not isinstance(doc, dict) or not isinstance(doc.get("framework"), dict):
        raise DataError("expected a mapping with a 'framework' section", path=path, line=1)
    fw = doc["framework"]
    _known_keys(doc, ("framework", "practices"), path, "catalogue")
    _known_keys(fw, (*FRAMEWORK_KEYS, *FRAMEWORK_OPTIONAL_KEYS), path, "framework")
    values = {k: _text(fw, k, path, "framework") for k in FRAMEWORK_KEYS}
    for key in ("homepage", "source"):
        values[key] = _url(fw, key, path, "framework")
    if not SLUG.match(values["id"]) or values["id"] != path.parent.name:
        raise DataError(
            f"framework id {values['id']!r} must be a lower-case slug equal to "
            f"the folder name {path.parent.name!r}",
            path=path,
            line=line_of(fw),
        )
    proprietary = fw.get("proprietary")
    if not isinstance(proprietary, bool):
        raise DataError(
            "framework: 'proprietary' must be true or false", path=path, line=line_of(fw)
        )
    license_url = fw.get("license")
    if license_url is not None:
        license_url = _url(fw, "license", path, "framework")
    practices = _practices(doc.get("practices"), path, proprietary=proprietary)
    return Catalog(
        proprietary=proprietary, license=license_url, practices=practices, path=path, **values
    )


def _practices(entries: Any, path: Path, *, proprietary: bool) -> tuple[Practice, ...]:
    if not isinstance(entries, list) or not entries:
        raise DataError("'practices' must be a non-empty list", path=path)
    seen: dict[str, int | None] = {}
    result = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise DataError("each practice must be a mapping", path=path)
        line = line_of(entry)
        _known_keys(entry, PRACTICE_KEYS, path, "practice")
        values = {k: _text(entry, k, path, "practice") for k in PRACTICE_KEYS}
        what = f"practice {values['id']!r}"
        values["source"] = _url(entry, "source", path, what)
        if values["kind"] not in KINDS:
            raise DataError(
                f"{what}: kind {values['kind']!r} is not one of {', '.join(KINDS)}",
                path=path,
                line=line,
            )
        if not PRACTICE_ID.match(values["id"]):
            raise DataError(
                f"{what}: id may only use letters, digits, '.', '_' and '-'", path=path, line=line
            )
        if values["id"] in seen:
            raise DataError(
                f"{what}: duplicate id (first defined on line {seen[values['id']]})",
                path=path,
                line=line,
            )
        if proprietary and len(values["description"]) > PROPRIETARY_MAX:
            raise DataError(
                f"{what}: description has {len(values['description'])} characters;"
                f" proprietary frameworks allow at most {PROPRIETARY_MAX}",
                path=path,
                line=line,
                hint="shorten it, in your own words",
            )
        seen[values["id"]] = line
        result.append(Practice(line=line, **values))
    return tuple(result)


def catalog_to_graph(catalog: Catalog) -> Graph:
    """RDF for a catalogue: the framework (a SKOS scheme) and its reference practices."""
    g = Graph()
    fw = URIRef(catalog.iri)
    g.add((fw, RDF.type, U.Framework))
    g.add((fw, RDF.type, SKOS.ConceptScheme))
    g.add((fw, RDFS.label, Literal(catalog.title, lang="en")))
    g.add((fw, DCTERMS.identifier, Literal(catalog.id)))
    g.add((fw, U.frameworkVersion, Literal(catalog.version)))
    g.add((fw, U.family, Literal(catalog.family)))
    g.add((fw, DCTERMS.publisher, Literal(catalog.publisher)))
    g.add((fw, RDFS.seeAlso, URIRef(catalog.homepage)))
    g.add((fw, U.proprietary, Literal(catalog.proprietary)))
    g.add((fw, DCTERMS.rights, Literal(catalog.rights, lang="en")))
    g.add((fw, DCTERMS.source, URIRef(catalog.source)))
    g.add((fw, SKOS.definition, Literal(catalog.description, lang="en")))
    if catalog.license:
        g.add((fw, DCTERMS.license, URIRef(catalog.license)))
    for practice in catalog.practices:
        p = URIRef(practice_iri(catalog.id, practice.id))
        g.add((p, RDF.type, U.ReferencePractice))
        g.add((p, RDF.type, SKOS.Concept))
        g.add((p, SKOS.inScheme, fw))
        g.add((p, U.framework, fw))
        g.add((p, RDFS.label, Literal(practice.name, lang="en")))
        g.add((p, SKOS.prefLabel, Literal(practice.name, lang="en")))
        g.add((p, SKOS.notation, Literal(practice.id, datatype=XSD.string)))
        g.add((p, U.practiceGroup, Literal(practice.group)))
        g.add((p, U.practiceKind, URIRef(KIND_IRI[practice.kind])))
        g.add((p, SKOS.definition, Literal(practice.description, lang="en")))
        g.add((p, DCTERMS.source, URIRef(practice.source)))
    return g
