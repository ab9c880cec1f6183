"""``usm-kb validate --workspace``: the SHACL shapes over the KB and the workspace together.

The workspace's graphs are validated with the shipped sources (so a mapping's target, a
practice's kind and the ontology's classes are all known); the report keeps the findings
about the workspace's own files, so the shipped data's notes do not bury the team's. An
unmapped local practice is a warning (``shape:PracticeMappedShape``), a missing owner too.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from usm_kb.files import MAX_INPUT_BYTES
from usm_kb.sources.loading import load_sources, usm_targets
from usm_kb.validation.report import ValidationReport
from usm_kb.validation.validate import validate_kb
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.graphs import workspace_sources


def validate_workspace(
    root: Path,
    workspace: Workspace,
    extra_paths: tuple[Path, ...] = (),
    *,
    max_input_bytes: int = MAX_INPUT_BYTES,
    cache_dir: Path | None = None,
) -> ValidationReport:
    """Validate the data root's sources plus *workspace*; keep the workspace's findings."""
    shipped = load_sources(root)
    local = workspace_sources(workspace, usm_targets(shipped))
    report = validate_kb(
        root,
        extra_paths,
        sources=[*shipped, *local],
        max_input_bytes=max_input_bytes,
        cache_dir=cache_dir,
    )
    mine = {report_name(source.path, root) for source in local} | {str(p) for p in extra_paths}
    return replace(report, findings=tuple(f for f in report.findings if f.file in mine))


def report_name(path: Path, root: Path) -> str:
    """A file's name in the validation report: relative to the data root under it, else as given.

    A workspace may be kept inside the data folder; its findings are then named relative.
    """
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
