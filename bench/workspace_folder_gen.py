"""Synthetic workspace *folders* for the analysis bench (1k / 10k / 100k local practices).

Unlike ``workspace_gen.py`` (one Turtle file for ``validate``), this writes what ``usm-kb
init`` and ``catalog import`` write: ``usm-workspace.toml``, ``practices.yaml``,
``mappings.sssom.tsv`` and ``organisation.yaml``, through the project's own writers, so the
whole ``analyze`` path runs (read, check, compile, query). Per 100 practices: 85 activities,
the rest roles, artefacts and metrics; one team per 50 practices; one in ten practices without a
row, half of the others wholly in one process (subset or equal), the rest split 60/40 over two
(intersects), confidences from 0.5 to 0.95, one row in twenty ``proposed``, one in fifty
``deprecated`` (a withdrawn placement beside the active ones).

    python bench/workspace_folder_gen.py PRACTICES OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from usm_kb.files import atomic_write_bytes
from usm_kb.vocab import PROCESSES
from usm_kb.workspace.config import (
    CONFIG,
    MAPPINGS,
    ORGANISATION,
    PRACTICES,
    Workspace,
    config_text,
)
from usm_kb.workspace.mappings import set_header, set_text
from usm_kb.workspace.organisation import organisation_text
from usm_kb.workspace.practices import LocalPractice, practices_text

DATE = "2026-11-29"
PREDICATE = {"subset": "skos:broadMatch", "equal": "skos:exactMatch"}
KINDS = {85: "role", 90: "artefact", 95: "metric"}  # i % 100 from which the kind changes


def _kind(i: int) -> str:
    kind = "activity"
    for start, name in KINDS.items():
        if i % 100 >= start:
            kind = name
    return kind


def _row(ident: str, i: int, process: str, relation: str, share: int) -> dict[str, str]:
    status = "deprecated" if i % 50 == 7 else "proposed" if i % 20 == 3 else "approved"
    return {
        "subject_id": f"bench:{ident}",
        "subject_label": f"local practice {i}",
        "predicate_id": PREDICATE.get(relation, "skos:relatedMatch"),
        "object_id": f"usmp:{process}",
        "object_label": process.capitalize(),
        "mapping_justification": "semapv:ManualMappingCuration",
        "confidence": f"{0.5 + (i % 10) * 0.05:.2f}",
        "author_id": "agent:bench",
        "reviewer_id": "agent:bench",
        "mapping_date": DATE,
        "comment": "generated",
        "see_also": f"https://w3id.org/usm-kb/id/process/{process}",
        "relation": relation,
        "rationale": "functional",
        "share": str(share),
        "evidence": "derived",
        "status": status,
    }


def write_workspace(practices: int, root: Path) -> Workspace:
    """Write a workspace of *practices* local practices into *root* (created)."""
    root.mkdir(parents=True, exist_ok=True)
    workspace = Workspace(root.resolve(), "bench", f"Bench {practices}", "en")
    items = []
    rows: list[dict[str, str]] = []
    for i in range(practices):
        ident = f"P-{i:06d}"
        kind = _kind(i)
        items.append(
            LocalPractice(
                ident,
                f"local practice {i}",
                "en",
                f"How team {i % max(1, practices // 50)} does thing {i}.",
                team=f"team {i % max(1, practices // 50)}",
                kind=kind,
            )
        )
        if kind != "activity" or i % 10 == 9:
            continue
        first = PROCESSES[i % 5]
        if i % 2 == 0:
            rows.append(_row(ident, i, first, "subset" if i % 4 == 0 else "equal", 100))
        else:
            rows.append(_row(ident, i, first, "intersects", 60))
            rows.append(_row(ident, i, PROCESSES[(i + 1) % 5], "intersects", 40))
    texts = {
        CONFIG: config_text(workspace.id, workspace.name, "en"),
        ORGANISATION: organisation_text(workspace.name),
        PRACTICES: practices_text(items),
        MAPPINGS: set_text(set_header(workspace, DATE), rows),
    }
    for name, text in texts.items():
        atomic_write_bytes(root / name, text.encode("utf-8"))
    return workspace


def main() -> None:
    write_workspace(int(sys.argv[1]), Path(sys.argv[2]))


if __name__ == "__main__":
    main()
