"""The SHACL shapes under ``ontology/shapes/``: load, check against SHACL-SHACL, split.

Each shapes file is parsed (``file:line`` on syntax errors) and validated against the
SHACL-SHACL meta-shapes; a file that breaks them raises :class:`ShapesError`. The shapes are
then split in two: SHACL Core shapes for pyshacl, and SHACL-SPARQL constraints
(``sh:sparql``), which :mod:`usm_kb.validation_sparql` runs once over the whole graph on
Oxigraph instead of once per focus node.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from pyshacl.entrypoints import meta_validate
from pyshacl.errors import ReportableRuntimeError
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SH
from rdflib.term import Node

from usm_kb.errors import DataError
from usm_kb.files import atomic_write_bytes
from usm_kb.namespaces import shorten
from usm_kb.rdf.parse import parse_turtle

SEVERITY_OF: dict[Node | None, str] = {
    SH.Info: "info",
    SH.Warning: "warning",
    SH.Violation: "violation",
}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
META_DEPTH = 60  # nested paths (alternative of sequences) go deeper than pyshacl's default 15


class ShapesError(DataError):
    """A shapes file cannot be used: unparseable, or not valid SHACL (SHACL-SHACL)."""

    exit_code = 2


@dataclass(frozen=True)
class ShapeInfo:
    """What the reports say about one shape."""

    iri: str
    label: str
    message: str
    severity: str
    rule: str
    rule_source: str | None
    file: str


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint, with the targets of the shape it belongs to."""

    shape: URIRef
    node: Node
    query: str
    targets: tuple[tuple[URIRef, Node], ...]


@dataclass(frozen=True)
class ShapeSet:
    """The parsed shapes: all of them, the Core part, the SPARQL part, metadata per shape."""

    files: tuple[Path, ...]
    graph: Graph
    core: Graph
    sparql: tuple[SparqlConstraint, ...]
    info: dict[str, ShapeInfo]

    def describe(self, shape: str) -> ShapeInfo:
        """Metadata of *shape*; a bare record for shapes without their own (nested ones)."""
        found = self.info.get(shape)
        if found is None:
            return ShapeInfo(shape, shorten(shape), "", "violation", "", None, "")
        return found


@lru_cache(maxsize=1)
def pyshacl_version() -> str:
    """The installed pyshacl version (a SHACL-SHACL verdict is only as good as its checker).

    Its own attribute, not the package metadata: reading the metadata imports the email
    package, and that import may run in a child under a memory ceiling (``validate``).
    """
    return str(pyshacl.__version__)


def shapes_dir(root: Path) -> Path:
    """Where the shapes files of a data root live."""
    return root / "ontology" / "shapes"


def shape_files(folder: Path) -> list[Path]:
    """The shapes files in *folder*, by name."""
    return sorted(folder.glob("*.ttl"))


def load_shapes(folder: Path, checked: Path | None = None) -> ShapeSet:
    """Load (cached by file contents) and check all shapes files in *folder*.

    A file whose exact bytes already passed SHACL-SHACL is not checked again when *checked*
    (a folder next to the compiled KB) holds its marker; a file that passes gets one.
    """
    files = shape_files(folder)
    if not files:
        raise ShapesError("no SHACL shapes files (*.ttl) found", path=folder)
    key = tuple((str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in files)
    return _load_shapes(key, checked)


def _marker(checked: Path, digest: str) -> Path:
    return checked / f"shacl-shacl-ok-pyshacl-{pyshacl_version()}-{digest}"


@lru_cache(maxsize=8)
def _load_shapes(key: tuple[tuple[str, str], ...], checked: Path | None) -> ShapeSet:
    files = tuple(Path(p) for p, _ in key)
    graph = Graph()
    info: dict[str, ShapeInfo] = {}
    for path, digest in zip(files, (d for _, d in key), strict=True):
        part = parse_turtle(path)
        if checked is None or not _marker(checked, digest).is_file():
            check_meta_shacl(part, path)
            if checked is not None:
                atomic_write_bytes(_marker(checked, digest), b"")
        info.update(_shape_info(part, path))
        graph += part
    for prefix, namespace in (("sh", SH), ("rdfs", RDFS), ("dcterms", DCTERMS)):
        graph.bind(prefix, namespace)
    return ShapeSet(files, graph, _core_part(graph), _sparql_part(graph), info)


def check_meta_shacl(shapes: Graph, path: Path) -> None:
    """Raise ``ShapesError`` when *shapes* does not conform to SHACL-SHACL."""
    try:
        conforms, report, _text = meta_validate(
            shapes, inference="none", max_validation_depth=META_DEPTH
        )
    except ReportableRuntimeError as exc:
        raise ShapesError(f"cannot check against SHACL-SHACL: {exc.message}", path=path) from exc
    if conforms:
        return
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage) or report.value(
            result, SH.sourceConstraintComponent
        )
        problems.append(f"{_shorten(focus)}: {message}")
    raise ShapesError(
        "not a valid SHACL shapes graph (breaks SHACL-SHACL): " + "; ".join(sorted(problems)[:5]),
        path=path,
        hint="see https://www.w3.org/TR/shacl/#shacl-shacl",
    )


def _shorten(term: object) -> str:
    return shorten(str(term)) if isinstance(term, URIRef) else str(term)


def _shape_info(graph: Graph, path: Path) -> dict[str, ShapeInfo]:
    result = {}
    for shape in set(graph.subjects(SH.message, None)):
        if not isinstance(shape, URIRef):
            continue
        source = graph.value(shape, RDFS.seeAlso) or graph.value(shape, DCTERMS.source)
        result[str(shape)] = ShapeInfo(
            iri=str(shape),
            label=str(graph.value(shape, RDFS.label) or shorten(str(shape))),
            message=str(graph.value(shape, SH.message)),
            severity=SEVERITY_OF.get(graph.value(shape, SH.severity), "violation"),
            rule=" ".join(str(graph.value(shape, RDFS.comment) or "").split()),
            rule_source=str(source) if source is not None else None,
            file=path.name,
        )
    return result


def _core_part(graph: Graph) -> Graph:
    core = Graph()
    core += graph
    for shape, node in list(graph.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, node))
    return core


def _sparql_part(graph: Graph) -> tuple[SparqlConstraint, ...]:
    constraints = []
    for shape, node in sorted(graph.subject_objects(SH.sparql)):
        if graph.value(shape, SH.deactivated) == Literal(True) or graph.value(
            node, SH.deactivated
        ) == Literal(True):
            continue
        select = graph.value(node, SH.select)
        if select is None or not isinstance(shape, URIRef):
            raise ShapesError(
                f"{_shorten(shape)}: a SPARQL constraint needs sh:select and a shape with an IRI"
            )
        targets = tuple(
            sorted((kind, target) for kind in TARGETS for target in graph.objects(shape, kind))
        )
        constraints.append(
            SparqlConstraint(shape, node, _prologue(graph, node) + str(select), targets)
        )
    return tuple(constraints)


def _prologue(graph: Graph, constraint: Node) -> str:
    lines = []
    for holder in graph.objects(constraint, SH.prefixes):
        for declaration in graph.objects(holder, SH.declare):
            prefix = graph.value(declaration, SH.prefix)
            namespace = graph.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def path_text(graph: Graph, node: Node | None) -> str | None:
    """A SHACL property path as SPARQL path text with short prefixes (for display)."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return shorten(str(node))
    if (node, RDF.first, None) in graph:
        parts = [path_text(graph, item) or "?" for item in Collection(graph, node)]
        return "/".join(parts)
    for prop, fmt in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(node, prop)
        if inner is not None:
            return fmt.format(_group(graph, inner))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_group(graph, item) for item in Collection(graph, alternatives))
    return str(node)


def _group(graph: Graph, node: Node) -> str:
    text = path_text(graph, node) or "?"
    return f"({text})" if any(c in text for c in "/|") else text


def copy_path(source: Graph, node: Node, target: Graph) -> Node:
    """Copy the blank-node structure of a path from *source* into *target*; return its node."""
    if not isinstance(node, BNode):
        return node
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return node
