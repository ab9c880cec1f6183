"""SHACL validation of the knowledge base sources (``usm-kb validate`` and the build check).

SHACL Core shapes run in pyshacl (``inference="none"``; the ontology is part of the data
graph, so ``sh:targetClass`` follows ``rdfs:subClassOf``).
SHACL-SPARQL constraints run once per constraint over the whole graph on Oxigraph
(:mod:`usm_kb.validation_sparql`). Both give :class:`Finding` records in one
:class:`ValidationReport`. See docs/validation.md for the shapes and the JSON schema.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import RDF, Graph
from rdflib.namespace import SH

from usm_kb.data_root import default_data_root
from usm_kb.errors import DataError
from usm_kb.files import MAX_INPUT_BYTES, sha256_file
from usm_kb.memory import release_free_memory
from usm_kb.namespaces import shorten
from usm_kb.rdf.bridge import add_to_store, graph_from_triples, store_from_graphs, triples_to_ox
from usm_kb.rdf.lean_store import lean_graph
from usm_kb.rdf.oxigraph import Store
from usm_kb.rdf.parse import RDF_FORMATS, RdfText, graph_from_text, load_text, read_rdf
from usm_kb.rdf.terms import Quad
from usm_kb.sources.graphs import SourceGraph
from usm_kb.sources.loading import load_sources
from usm_kb.sources.ontology import iter_ontology, ontology_files
from usm_kb.validation.findings import FindingBuilder
from usm_kb.validation.report import Owner, ValidationReport, severity_rank
from usm_kb.validation.shapes import ShapesError, ShapeSet, load_shapes, shape_files, shapes_dir
from usm_kb.validation.sparql_engine import SparqlResult, format_message, run_constraints


def load_extra(
    paths: Iterable[Path | str], *, max_bytes: int = MAX_INPUT_BYTES
) -> list[SourceGraph]:
    """Parse extra RDF files (a folder means its RDF files, by extension); DataError on bad input.

    Formats follow the extension (:data:`usm_kb.rdf.parse.RDF_FORMATS`: Turtle, N-Triples,
    N-Quads, TriG, JSON-LD, RDF/XML).
    """
    return [_source(text) for text in read_extra(paths, max_bytes=max_bytes)]


def read_extra(paths: Iterable[Path | str], *, max_bytes: int = MAX_INPUT_BYTES) -> list[RdfText]:
    """Read and check extra RDF files (a folder: its RDF files); nothing parsed yet."""
    files: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            found = sorted(
                p for p in item.rglob("*") if p.suffix.lower() in RDF_FORMATS and p.is_file()
            )
            if not found:
                kinds = ", ".join("*" + ext for ext in RDF_FORMATS)
                raise DataError(f"no RDF files ({kinds}) in this folder", path=item)
            files += found
        elif item.exists():
            files.append(item)
        else:
            raise DataError("no such file or folder", path=item)
    return [read_rdf(path, max_bytes=max_bytes) for path in files]


def _source(text: RdfText) -> SourceGraph:
    """Parse a checked text into a lean graph (errors name the path as the user gave it)."""
    graph = graph_from_text(text, lean_graph())
    return SourceGraph(text.path.resolve().as_uri(), text.path, graph)


def validate_kb(
    root: Path,
    extra_paths: Sequence[Path | str] = (),
    *,
    sources: Sequence[SourceGraph] | None = None,
    max_input_bytes: int = MAX_INPUT_BYTES,
    cache_dir: Path | None = None,
) -> ValidationReport:
    """Validate all source graphs under *root* (ontology + mappings) plus extra files.

    Extra files are read and parsed first, so unreadable input fails before anything else
    runs. *cache_dir* (the compiled KB's folder) remembers which shapes files passed
    SHACL-SHACL. The two engines take turns (:func:`_sparql_rows` first, its store freed
    before the rdflib graph for pyshacl is built), so a big workspace is never held twice.
    """
    with _no_cyclic_gc():
        texts = read_extra(extra_paths, max_bytes=max_input_bytes)
        store = _text_store(texts)
        checked = cache_dir / "checked-shapes" if cache_dir is not None else None
        shapes = load_shapes(_shapes_folder(root), checked)
        kb = list(load_sources(root) if sources is None else sources)
        rows = _sparql_rows(store, kb, shapes)
        del store  # the last reference: its memory goes back before the rdflib phase
        release_free_memory()
        extras = [_source(text) for text in texts]
        del texts  # the files' bytes
        data, owners = _merge(extras, kb, root)
        return _run(data, shapes, owners, rows)


def validate_files(paths: Sequence[Path | str], root: Path | None = None) -> ValidationReport:
    """Validate Turtle files alone, together with the ontology of *root* (fast: fixtures)."""
    root = (root or default_data_root()).resolve()
    with _no_cyclic_gc():
        texts = read_extra(paths)
        rows_store = _text_store(texts)
        shapes = load_shapes(_shapes_folder(root))
        ontology = _ontology(root, _ontology_key(root))
        rows = _sparql_rows(rows_store, ontology, shapes)
        data, owners = _merge([_source(text) for text in texts], ontology, root)
        return _run(data, shapes, owners, rows)


def validate_graph(
    data: Graph,
    *,
    ontology: Graph | None = None,
    inplace: bool = False,
    shapes: ShapeSet | None = None,
    sources: Sequence[SourceGraph] = (),
    root: Path | None = None,
) -> ValidationReport:
    """Validate *data* together with *ontology* against *shapes* (default: those of *root*).

    The ontology is merged into the data graph, so ``sh:targetClass`` and ``sh:class`` follow
    ``rdfs:subClassOf``: into a copy, or with ``inplace=True`` into *data* itself (faster for
    big graphs). pyshacl's own ``ont_graph`` mix-in deep-clones every named individual and
    took about a minute with this ontology, so it is not used. *sources* name the files
    findings come from.
    """
    if ontology is not None:
        if not inplace:
            copy = Graph()
            copy += data
            data = copy
        data += ontology
    shapes = shapes or load_shapes(_shapes_folder(root or default_data_root()))
    rows = list(run_constraints(store_from_graphs([data]), shapes.sparql))
    return _run(data, shapes, [_owner(s, root) for s in sources], rows)


def _shapes_folder(root: Path) -> Path:
    """The data root's shapes, or the shipped ones for a data root that has none."""
    folder = shapes_dir(root)
    return folder if shape_files(folder) else shapes_dir(default_data_root())


def _owner(source: SourceGraph, root: Path | None) -> Owner:
    """Files of the data root are named relative to it, other files as the user gave them."""
    name = str(source.path)
    if root is not None:
        with suppress(ValueError):
            name = source.path.relative_to(root).as_posix()
    graph = source.graph
    return name, lambda node: (node, None, None) in graph


def _merge(
    extras: Sequence[SourceGraph], rest: Sequence[SourceGraph], root: Path
) -> tuple[Graph, list[Owner]]:
    """Union of *extras* and *rest*, built on the largest extra graph (ours: no copy)."""
    base = max(extras, key=lambda s: len(s.graph), default=None)
    owners = [*(_owner(s, None) for s in extras), *(_owner(s, root) for s in rest)]
    if base is None:
        union = lean_graph()
    else:
        subjects = set(base.graph.subjects(unique=True))  # before the graph grows
        owners[extras.index(base)] = (str(base.path), subjects.__contains__)
        union = base.graph
    for source in [*extras, *rest]:
        if source is not base:
            union += source.graph
    return union, owners


def _ontology_key(root: Path) -> tuple[str, ...]:
    return tuple(sha256_file(p) for p in ontology_files(root))


@lru_cache(maxsize=4)
def _ontology(root: Path, _key: tuple[str, ...]) -> tuple[SourceGraph, ...]:
    """The ontology files of *root* once per process: lean graphs with their Oxigraph triples.

    Lean graphs merge quickly; the triples go into a store as they are (fixtures: 5× faster).
    """
    sources = []
    for source in iter_ontology(root):
        triples = tuple(Quad(s, p, o) for s, p, o in triples_to_ox(source.graph))
        lean = graph_from_triples(triples, lean_graph())
        sources.append(SourceGraph(source.iri, source.path, lean, triples))
    return tuple(sources)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Run without the cyclic garbage collector (about 15 % faster here).

    Validation builds millions of long-lived rdflib objects and few cycles; the collector
    would scan them over and over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _text_store(texts: Sequence[RdfText]) -> Store:
    """A store holding the parsed *texts* (parse errors name the file and line)."""
    store = Store()
    for text in texts:
        load_text(store, text)
    return store


def _sparql_rows(store: Store, rest: Sequence[SourceGraph], shapes: ShapeSet) -> list[SparqlResult]:
    """The SHACL-SPARQL constraints' rows over *store* with *rest* added to it."""
    add_to_store(
        store, [s.graph for s in rest if not s.triples], (t for s in rest for t in s.triples)
    )
    return list(run_constraints(store, shapes.sparql))


def _run(
    data: Graph, shapes: ShapeSet, owners: Sequence[Owner], rows: Sequence[SparqlResult]
) -> ValidationReport:
    """Pyshacl for the Core shapes, Oxigraph for the SPARQL constraints; one report."""
    started = time.perf_counter()
    try:
        _conforms, results, _text = pyshacl.validate(
            data,
            shacl_graph=shapes.core,
            inference="none",
            advanced=False,
            meta_shacl=False,
            allow_warnings=True,
            allow_infos=True,
        )
    except ReportableRuntimeError as exc:
        raise ShapesError(
            f"pyshacl cannot use the shapes: {exc.message}",
            path=shapes.files[0].parent if shapes.files else None,
        ) from exc
    context = FindingBuilder(data, owners, shapes)
    findings = [
        context.core_finding(results, r) for r in results.subjects(RDF.type, SH.ValidationResult)
    ]
    for row in rows:
        info = shapes.describe(str(row.shape))
        findings.append(
            context.finding(
                info.severity,
                str(row.shape),
                row.focus,
                None,
                row.value,
                format_message(info.message, row.bindings),
                str(SH.SPARQLConstraintComponent),
            )
        )
    findings.sort(key=lambda f: (-severity_rank(f.severity), f.shape, f.focus, f.value or ""))
    return ValidationReport(
        tuple(findings), len(data), len(shapes.info), time.perf_counter() - started, shapes.graph
    )


def require_no_violations(report: ValidationReport, limit: int = 5) -> None:
    """Raise ``DataError`` listing the first violations (file / shape / focus) of *report*."""
    violations = report.filtered("violation")
    if not violations:
        return
    shown = "; ".join(
        f"{f.file or '?'}: {shorten(f.shape)}: {shorten(f.focus)}: {f.message}"
        for f in violations[:limit]
    )
    more = f" (and {len(violations) - limit} more)" if len(violations) > limit else ""
    raise DataError(
        f"SHACL validation found {len(violations)} violation(s): {shown}{more}",
        hint="run 'usm-kb validate' for the full report",
    )
