"""``usm-kb build``: sources -> named graphs -> inferences -> HermiT -> deterministic artefact.

The artefact is ``kb.nq`` (sorted N-Quads, blank nodes skolemised to stable IRIs) plus
``manifest.json`` (input hashes, code fingerprint, counts per graph, versions, reasoner
outcome, artefact hash). No timestamps: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from usm_kb import __version__
from usm_kb.errors import ReasonerUnavailable
from usm_kb.inference import GENID, materialize
from usm_kb.namespaces import INFERRED_GRAPH
from usm_kb.oxtools import dump_bytes
from usm_kb.resources import code_fingerprint, input_hashes

ARTEFACT = "kb.nq"
MANIFEST = "manifest.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Manifest:
    """What a compiled KB was made from and what it holds."""

    format: int
    usm_kb_version: str
    code: str
    inputs: dict[str, str]
    graphs: dict[str, int]
    triples: int
    inferred: int
    reasoner: dict[str, str]
    versions: dict[str, str]
    artefact_sha256: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        """Rebuild from ``to_dict`` output."""
        return cls(**data)


@dataclass(frozen=True)
class BuildResult:
    """Outcome of a build."""

    out_dir: Path
    manifest: Manifest
    seconds: float
    warnings: tuple[str, ...] = field(default_factory=tuple)


def read_manifest(out_dir: Path) -> Manifest | None:
    """The manifest in *out_dir*, or None if absent or unreadable."""
    try:
        return Manifest.from_dict(json.loads((out_dir / MANIFEST).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def is_fresh(root: Path, out_dir: Path) -> bool:
    """True when *out_dir* holds an artefact compiled from the current inputs and code."""
    manifest = read_manifest(out_dir)
    return (
        manifest is not None
        and manifest.format == FORMAT_VERSION
        and manifest.code == code_fingerprint()
        and manifest.inputs == input_hashes(root)
        and (out_dir / ARTEFACT).is_file()
    )


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
    from usm_kb.sources import load_sources, union_graph  # deferred: imports rdflib

    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    hashes = input_hashes(root)
    say("parsing sources")
    sources = load_sources(root)
    store = ox.Store()
    counts: dict[str, int] = {}
    for source in sources:
        data = _to_nquads(source.graph, source.iri, source.path.stem)
        store.load(input=data, format=ox.RdfFormat.N_QUADS)
        counts[source.iri] = len(source.graph)
    say("materialising inferences")
    inferred = materialize(store)
    counts[INFERRED_GRAPH] = inferred
    warnings: list[str] = []
    reasoner = {"status": "skipped", "reasoner": "HermiT", "detail": "--no-reason"}
    if reason:
        say("checking consistency with HermiT")
        from usm_kb.reasoning import check_consistency

        try:
            reasoner = check_consistency(union_graph(sources)).to_dict()
        except ReasonerUnavailable as exc:
            warnings.append(f"consistency NOT checked: {exc}")
            reasoner = {"status": "unchecked", "reasoner": "HermiT", "detail": str(exc)}
    if validate:
        say("checking SHACL shapes")
        from usm_kb.validation import require_no_violations, validate_kb

        report = validate_kb(root, sources=sources)
        require_no_violations(report)
        if report.counts["warning"]:
            warnings.append(
                f"{report.counts['warning']} SHACL warning(s); "
                "see 'usm-kb validate --severity warning'"
            )
    payload = _sorted_dump(store)
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


def _to_nquads(graph: Any, graph_iri: str, stem: str) -> bytes:
    """N-Quads for one graph, blank nodes canonicalised and skolemised to stable IRIs."""
    from rdflib import BNode, Graph, URIRef
    from rdflib.compare import to_canonical_graph

    if any(isinstance(t, BNode) for triple in graph for t in triple):
        canon = Graph()
        for triple in to_canonical_graph(graph):
            s, p, o = (URIRef(f"{GENID}{stem}/{t}") if isinstance(t, BNode) else t for t in triple)
            canon.add((s, p, o))
        graph = canon
    text = graph.serialize(format="nt", encoding="utf-8")
    suffix = f" <{graph_iri}> .".encode()
    return b"\n".join(line[:-2] + suffix for line in text.splitlines() if line.strip()) + b"\n"


def _sorted_dump(store: ox.Store) -> bytes:
    lines = dump_bytes(store, ox.RdfFormat.N_QUADS).splitlines()
    return b"\n".join(sorted(set(lines))) + b"\n"


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    result = {}
    for name in ("rdflib", "pyoxigraph", "owlready2"):
        try:
            result[name] = version(name)
        except PackageNotFoundError:
            result[name] = "absent"
    return result


def write_artefact(out_dir: Path, payload: bytes, manifest: Manifest) -> None:
    """Write artefact then manifest, each via a temp file and an atomic rename."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(out_dir / ARTEFACT, payload)
    text = json.dumps(manifest.to_dict(), indent=2, sort_keys=True) + "\n"
    write_bytes_atomic(out_dir / MANIFEST, text.encode())


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write *data* to a temp file next to *path*, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
