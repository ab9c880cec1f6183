"""The upload page: a team's catalogue imported into a temporary workspace and analysed.

The uploaded bytes are written into a fresh temporary folder (never elsewhere), a workspace
is created there (``init``), the catalogue imported (``catalog import``: the importer's
limits and checks), the workspace compiled into that same folder and opened beside the KB,
and the report is the analyses' (coverage, gaps, overlap) plus the best suggestion per
practice. The folder is removed when the report is built, also when the import fails; a
refused file raises the importer's ``DataError``/``UsageError`` with the upload's name in
place of the temporary path.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from usm_kb.analysis.service import coverage, gaps, overlap
from usm_kb.catalogue.targets import target_classes
from usm_kb.errors import UsageError, UsmKbError
from usm_kb.explorer.base import Page, Ref
from usm_kb.store import KnowledgeBase
from usm_kb.store.remote.location import parse_store
from usm_kb.workspace.config import Workspace

# the suffixes workspace.tables reads (not imported: it imports rdflib)
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".yaml", ".yml", ".json")
ACCEPT = ",".join(SUFFIXES)


@dataclass(frozen=True)
class ProcessRow:
    """One process: the local practices placed there and its coverage score."""

    process: Ref
    practices: int
    score: float
    covered: bool


@dataclass(frozen=True)
class WorkflowGapRow:
    """A workflow with steps whose process has no local practice."""

    workflow: Ref
    missing: tuple[str, ...]  # the verbs of the uncovered steps
    steps: int


@dataclass(frozen=True)
class OverlapRow:
    """A process where two or more local practices claim the same work."""

    process: Ref
    practices: tuple[str, ...]  # names


@dataclass(frozen=True)
class SuggestionRow:
    """A practice and the best place the suggester found for it."""

    practice: str  # id
    name: str
    target: Ref | None
    confidence: float


@dataclass(frozen=True)
class UploadPage(Page):
    """The upload form, and after an upload the report on the catalogue."""

    kind: ClassVar[str] = "upload"
    accept: str  # the file types the form takes
    max_bytes: int
    file: str  # the uploaded file's name ("" for the empty form)
    columns: dict[str, str]  # field -> the column it was read from
    practices: int
    placed: int
    score: float  # the mean of the five process scores
    processes: tuple[ProcessRow, ...]
    gap_processes: tuple[Ref, ...]
    gap_workflows: tuple[WorkflowGapRow, ...]
    unplaced: tuple[str, ...]
    overlaps: tuple[OverlapRow, ...]
    suggestions: tuple[SuggestionRow, ...]


class UploadUnavailable(UsmKbError):
    """Uploads need the KB in the process: a server on a SPARQL store has none."""

    http_status = 501


def upload_form(max_bytes: int) -> UploadPage:
    """The empty form."""
    return UploadPage(
        "Analyse your catalogue", (), ACCEPT, max_bytes, "", {}, 0, 0, 0.0, (), (), (), (), (), ()
    )


def upload_report(kb: KnowledgeBase, data: bytes, filename: str, *, max_bytes: int) -> UploadPage:
    """Import *data* (a catalogue called *filename*) into a temporary workspace; the report."""
    if parse_store(kb.settings.store) is not None:
        raise UploadUnavailable(
            "uploads are not available on this server: it answers from a SPARQL store "
            "(--store), and analysing a catalogue needs the KB in the process",
            hint="run 'usm-kb analyze' with a workspace, or a server without --store",
        )
    name = Path(filename.replace("\\", "/")).name[:200] or "catalogue"
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{name}: unknown file type {suffix or '(none)'!r}; use {ACCEPT}")
    with tempfile.TemporaryDirectory(prefix="usm-kb-upload-") as tmp:
        root = Path(tmp)
        file = root / ("catalogue" + suffix)
        try:
            return _report(kb, root, file, data, name, max_bytes)
        except UsmKbError as exc:
            exc.message = exc.message.replace(str(file), name).replace(tmp, "")
            if exc.path is not None:
                exc.path = Path(name)
            raise


def _report(
    kb: KnowledgeBase, root: Path, file: Path, data: bytes, name: str, max_bytes: int
) -> UploadPage:
    # deferred: writing a workspace imports rdflib, which opening the KB must not
    from usm_kb.suggest.service import suggest
    from usm_kb.workspace.create import init_workspace
    from usm_kb.workspace.importer import import_catalogue
    from usm_kb.workspace.tables import Limits

    s = kb.settings
    limits = Limits(max_bytes, s.max_import_rows, s.max_cell_chars, s.max_unpacked_bytes)
    file.write_bytes(data)
    today = dt.date.today().isoformat()
    created = init_workspace(
        root / "workspace", name="Upload", ident="upload", language="nl", date=today
    )
    workspace: Workspace = created.workspace
    imported = import_catalogue(workspace, file, limits, targets=lambda: target_classes(kb))
    local = KnowledgeBase.open(
        kb.root,
        kb.cache_dir,
        settings=kb.settings,
        workspace=workspace,
        workspace_cache=root / "cache",
    )
    try:
        found, missing, overlapping = coverage(local), gaps(local), overlap(local)
    finally:
        local.close()
    suggested = suggest(kb, workspace, top=1) if imported.practices else []
    return UploadPage(
        f"Your catalogue: {name}",
        (),
        ACCEPT,
        max_bytes,
        name,
        dict(imported.columns),
        found.practices,
        found.placed,
        found.score,
        tuple(
            ProcessRow(Ref(p.process, p.verb), len(p.practices), p.score, p.covered)
            for p in found.processes
        ),
        tuple(Ref(p.process, p.verb) for p in missing.processes),
        tuple(
            WorkflowGapRow(Ref(w.workflow, w.label), tuple(s.verb for s in w.missing), w.steps)
            for w in missing.workflows
        ),
        missing.unplaced,
        tuple(
            OverlapRow(Ref(g.process, g.verb), tuple(dict.fromkeys(p.name for p in g.practices)))
            for g in overlapping.groups
        ),
        tuple(
            SuggestionRow(
                s.practice,
                s.name,
                Ref(s.candidates[0].target, s.candidates[0].label) if s.candidates else None,
                s.candidates[0].confidence if s.candidates else 0.0,
            )
            for s in suggested
        ),
    )
