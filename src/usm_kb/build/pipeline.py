"""``usm-kb build``: sources -> named graphs -> inferences -> HermiT -> deterministic artefact.

The artefact is ``kb.nq`` (sorted N-Quads, blank nodes skolemised to stable IRIs) plus
``manifest.json`` (input hashes, code fingerprint, counts per graph, versions, reasoner
outcome, artefact hash). No timestamps: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from usm_kb import __version__
from usm_kb.build.artefact import FORMAT_VERSION, Manifest, write_artefact
from usm_kb.build.fingerprint import code_fingerprint, input_hashes
from usm_kb.build.reasoning import ConsistencyCheck, start_consistency_check
from usm_kb.errors import ReasonerUnavailable
from usm_kb.namespaces import GENID, INFERRED_GRAPH, genid
from usm_kb.rdf.inference import materialize
from usm_kb.rdf.oxigraph import Store, load_nquads, new_store, sorted_nquads
from usm_kb.sources.graphs import SourceGraph, union_graph
from usm_kb.sources.loading import load_sources
from usm_kb.validation.validate import require_no_violations, validate_kb


@dataclass(frozen=True)
class BuildResult:
    """Outcome of a build."""

    out_dir: Path
    manifest: Manifest
    seconds: float
    warnings: tuple[str, ...] = field(default_factory=tuple)


def compile_kb(
    root: Path,
    out_dir: Path,
    *,
    reason: bool = True,
    validate: bool = True,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Compile the sources under *root* into *out_dir*; the old artefact stays on failure.

    Sources with SHACL Violations are refused (``DataError``); ``validate=False`` skips that
    check and exists only for tests that need speed.
    """
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    hashes = input_hashes(root)
    say("parsing sources")
    sources = load_sources(root)
    warnings: list[str] = []
    reasoner = SKIPPED
    check = None
    if reason:
        check, reasoner = _start_hermit(sources, warnings, say)
    try:
        say("materialising inferences")
        store, counts = _load(sources)
        inferred = counts[INFERRED_GRAPH] = materialize(store, INFERRED_GRAPH, GENID)
        if validate:
            say("checking SHACL shapes")
        report = validate_kb(root, sources=sources, cache_dir=out_dir) if validate else None
        if check is not None:
            reasoner = _hermit_verdict(check, warnings)
    except BaseException:
        if check is not None:
            check.cancel()
        raise
    if report is not None:
        require_no_violations(report)
        if report.counts["warning"]:
            warnings.append(
                f"{report.counts['warning']} SHACL warning(s); "
                "see 'usm-kb validate --severity warning'"
            )
    payload = sorted_nquads(store)
    manifest = Manifest(
        format=FORMAT_VERSION,
        usm_kb_version=__version__,
        code=code_fingerprint(),
        inputs=hashes,
        graphs=dict(sorted(counts.items())),
        triples=sum(counts.values()),
        inferred=inferred,
        reasoner=reasoner,
        versions=_versions(),
        artefact_sha256=hashlib.sha256(payload).hexdigest(),
    )
    write_artefact(out_dir, payload, manifest)
    return BuildResult(out_dir, manifest, time.perf_counter() - started, tuple(warnings))


SKIPPED = {"status": "skipped", "reasoner": "HermiT", "detail": "--no-reason"}


def _start_hermit(
    sources: list[SourceGraph], warnings: list[str], say: Callable[[str], None]
) -> tuple[ConsistencyCheck | None, dict[str, str]]:
    """Start HermiT on the asserted union, on the second core (None without Java)."""
    say("checking consistency with HermiT (in the background)")
    try:
        return start_consistency_check(union_graph(sources)), SKIPPED
    except ReasonerUnavailable as exc:
        warnings.append(f"consistency NOT checked: {exc}")
        return None, {"status": "unchecked", "reasoner": "HermiT", "detail": str(exc)}


def _hermit_verdict(check: ConsistencyCheck, warnings: list[str]) -> dict[str, str]:
    try:
        return check.result().to_dict()
    except ReasonerUnavailable as exc:
        warnings.append(f"consistency NOT checked: {exc}")
        return {"status": "unchecked", "reasoner": "HermiT", "detail": str(exc)}


def _load(sources: list[SourceGraph]) -> tuple[Store, dict[str, int]]:
    """A store with one named graph per source (blank nodes skolemised), and their sizes."""
    store = new_store()
    counts: dict[str, int] = {}
    for source in sources:
        load_nquads(store, to_nquads(source.graph, source.iri, source.path.stem))
        counts[source.iri] = len(source.graph)
    return store, counts


def to_nquads(graph: Graph, graph_iri: str, stem: str) -> bytes:
    """N-Quads for one graph, blank nodes canonicalised and skolemised to stable IRIs."""
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        canon = Graph()
        for triple in to_canonical_graph(graph):
            s, p, o = (URIRef(genid(stem, str(t))) if isinstance(t, BNode) else t for t in triple)
            canon.add((s, p, o))
        graph = canon
    text = graph.serialize(format="nt", encoding="utf-8")
    suffix = f" <{graph_iri}> .".encode()
    return b"\n".join(line[:-2] + suffix for line in text.splitlines() if line.strip()) + b"\n"


def _versions() -> dict[str, str]:
    result = {}
    for name in ("rdflib", "pyoxigraph", "owlready2"):
        try:
            result[name] = version(name)
        except PackageNotFoundError:
            result[name] = "absent"
    return result
