"""``usm-kb wif``: check WIF files, import them into a workspace, export them from the KB.

The KB is passed in as anything with ``run_named`` and ``select`` (:class:`KbReader`), so
this package sits below the workspace layer, whose compile turns stored files into RDF.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from usm_kb.errors import DataError, UsageError
from usm_kb.files import atomic_write_bytes
from usm_kb.namespaces import USM
from usm_kb.wif.conformance import StandardWorkflow, check_conformance
from usm_kb.wif.model import WORKFLOWS_DIR, Finding, Workflow
from usm_kb.wif.rdf import EXPORT_QUERY, workflows_from_rows
from usm_kb.wif.schema import parse_file, refusal

RECONSTRUCTED = USM + "Reconstructed"


class Rows(Protocol):
    """A query answer with rows (``usm_kb.store.results.QueryResult``)."""

    @property
    def rows(self) -> Sequence[Mapping[str, Any]]:
        """The answer's rows."""
        ...


class KbReader(Protocol):
    """What this package needs of ``usm_kb.store.KnowledgeBase``."""

    def run_named(self, name: str, **params: Any) -> Rows:
        """Run a named query."""
        ...

    def select(self, sparql: str, **bindings: Any) -> list[dict[str, Any]]:
        """Run a SELECT query."""
        ...


@dataclass(frozen=True)
class FileReport:
    """The findings of one checked file."""

    source: str
    slug: str | None
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "file": self.source,
            "slug": self.slug,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class CheckReport:
    """``wif check``: every file's findings."""

    files: tuple[FileReport, ...]

    def count(self, severity: str) -> int:
        """How many findings of one severity."""
        return sum(1 for r in self.files for f in r.findings if f.severity == severity)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "files": [r.to_dict() for r in self.files],
            "errors": self.count("error"),
            "warnings": self.count("warning"),
        }


@dataclass(frozen=True)
class ImportReport:
    """``wif import``: the files written into the workspace."""

    written: tuple[tuple[str, str], ...]  # (source, stored path)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"written": [{"file": s, "stored": d} for s, d in self.written]}


def standard_workflows(kb: KbReader) -> tuple[StandardWorkflow, ...]:
    """The KB's standard workflows with their process sequences and evidence."""
    labels: dict[str, str] = {}
    marked: set[str] = set()
    for row in kb.run_named("workflows").rows:
        iri = str(row["workflow"])
        labels[iri] = str(row.get("label") or iri.rsplit("/", 1)[-1])
        if str(row.get("evidence")) == RECONSTRUCTED:
            marked.add(iri)
    steps: dict[str, list[tuple[int, str]]] = {}
    for row in kb.run_named("workflow-steps").rows:
        iri = str(row["workflow"])
        process = str(row["process"]).rsplit("/", 1)[-1]
        steps.setdefault(iri, []).append((int(row["index"]), process))
        if str(row.get("evidence")) == RECONSTRUCTED:
            marked.add(iri)
    return tuple(
        StandardWorkflow(
            iri, labels.get(iri, iri), tuple(p for _, p in sorted(items)), iri in marked
        )
        for iri, items in sorted(steps.items())
    )


def check_files(paths: Sequence[Path], kb: KbReader | None) -> CheckReport:
    """Schema findings of every file, and conformance findings (with a KB) of the valid ones."""
    standards = standard_workflows(kb) if kb is not None else ()
    reports = []
    for path in paths:
        parsed = parse_file(path)
        findings = parsed.findings
        if parsed.workflow is not None and kb is not None:
            findings += check_conformance(parsed.workflow, standards)
        slug = parsed.workflow.slug if parsed.workflow else None
        reports.append(FileReport(parsed.source, slug, findings))
    return CheckReport(tuple(reports))


def load_checked(paths: Sequence[Path]) -> list[tuple[Path, Workflow]]:
    """Every file parsed; any error in any file is a ``DataError`` naming all refused files."""
    refused: list[str] = []
    found: list[tuple[Path, Workflow]] = []
    slugs: dict[str, Path] = {}
    for path in paths:
        parsed = parse_file(path)
        if parsed.workflow is None:
            refused.append(refusal(parsed))
            continue
        slug = parsed.workflow.slug
        if slug is None:
            refused.append(f"{path}: slug: a workflow template needs a slug to be stored")
        elif slug in slugs:
            refused.append(f"{path}: slug: {slug!r} is also the slug of {slugs[slug]}")
        else:
            slugs[slug] = path
            found.append((path, parsed.workflow))
    if refused:
        raise DataError(
            "; ".join(refused),
            hint="nothing was written; fix the file(s) and import again",
        )
    return found


def import_files(paths: Sequence[Path], workspace_root: Path) -> ImportReport:
    """Check every file, then store each as ``workflows/<slug><suffix>`` (all or nothing).

    A stored workflow with the same slug is replaced (also when its type changed).
    """
    checked = load_checked(paths)
    folder = workspace_root / WORKFLOWS_DIR
    written = []
    for path, workflow in checked:
        target = folder / f"{workflow.slug}{workflow.suffix}"
        for old in stored_files(workspace_root):
            if old.name.startswith(f"{workflow.slug}.") and old != target:
                old.unlink()
        atomic_write_bytes(target, path.read_bytes())
        written.append((str(path), str(target.relative_to(workspace_root))))
    return ImportReport(tuple(written))


def stored_files(workspace_root: Path) -> list[Path]:
    """The WIF files stored in a workspace, sorted by name."""
    folder = workspace_root / WORKFLOWS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name.endswith((".workflow.json", ".workflow-template.json"))
    )


def export_workflows(kb: KbReader, slug: str | None = None) -> tuple[Workflow, ...]:
    """The workspace's workflows read back from the KB's RDF (one, with *slug*)."""
    found = tuple(workflows_from_rows(kb.select(EXPORT_QUERY)).values())
    if slug is None:
        if not found:
            raise DataError(
                "the workspace holds no workflow",
                hint="import one with 'usm-kb wif import FILE --workspace DIR'",
            )
        return found
    chosen = tuple(w for w in found if w.slug == slug)
    if not chosen:
        known = ", ".join(sorted(w.slug or "" for w in found)) or "none"
        raise UsageError(f"no workflow with slug {slug!r}; known: {known}")
    return chosen


def to_text(workflow: Workflow) -> str:
    """A workflow as WIF JSON text."""
    return json.dumps(workflow.to_json(), indent=2, ensure_ascii=False) + "\n"
