"""``usm-kb init DIR``: a new workspace folder with its four files and a README."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from usm_kb.errors import UsageError
from usm_kb.files import atomic_write_bytes
from usm_kb.vocab import SLUG
from usm_kb.workspace.config import (
    CONFIG,
    LANGUAGES,
    MAPPINGS,
    ORGANISATION,
    PRACTICES,
    README,
    Workspace,
    config_text,
)
from usm_kb.workspace.mappings import set_header, set_text
from usm_kb.workspace.organisation import organisation_text
from usm_kb.workspace.practices import practices_text
from usm_kb.workspace.slugs import slug

README_TEXT = """# {name}: usm-kb workspace

This folder holds how {name} works, in its own words, and where that work lives in
Unified Service Management (USM). Keep it in version control; every usm-kb command that
changes it checks the input first and writes whole files, so a refused input changes nothing.

| file | what |
|---|---|
| `usm-workspace.toml` | id (used in IRIs: keep it stable), name, default language |
| `practices.yaml` | your local practices: id, name, language, description, owner, team |
| `mappings.sssom.tsv` | where each practice lives in USM (SSSOM, with status and reviewer) |
| `organisation.yaml` | your organisation and its teams |

Typical steps, from this folder (or with `--workspace DIR` from elsewhere):

    usm-kb catalog template --format xlsx -o procedures.xlsx   # an empty sheet to fill in
    usm-kb catalog import procedures.xlsx                      # add or update practices
    usm-kb suggest                                             # where each one may live, and why
    usm-kb validate --workspace .                              # check it all, unmapped ones too
    usm-kb query 'SELECT ?p ?name WHERE {{ ?p a usm:LocalPractice ; rdfs:label ?name }}'
"""


@dataclass(frozen=True)
class InitResult:
    """The workspace created and the files written."""

    workspace: Workspace
    files: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        w = self.workspace
        return {"root": str(w.root), "id": w.id, "name": w.name, "files": list(self.files)}


def init_workspace(
    root: Path, *, name: str | None, ident: str | None, language: str, date: str
) -> InitResult:
    """Create a workspace in *root* (made when missing); refuses to overwrite any file."""
    name = " ".join((name or root.resolve().name).split()) or "workspace"
    ident = ident or slug(name) or "workspace"
    if not SLUG.match(ident):
        raise UsageError(f"workspace id {ident!r} must be a lower-case slug (letters, digits, '-')")
    if language not in LANGUAGES:
        raise UsageError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a folder")
    present = [
        n for n in (CONFIG, PRACTICES, MAPPINGS, ORGANISATION, README) if (root / n).exists()
    ]
    if present:
        raise UsageError(
            f"{root} already holds {', '.join(present)}",
            hint="choose an empty folder; usm-kb never overwrites a workspace",
        )
    workspace = Workspace(root.resolve(), ident, name, language)
    texts = {
        CONFIG: config_text(ident, name, language),
        ORGANISATION: organisation_text(name),
        PRACTICES: practices_text([]),
        MAPPINGS: set_text(set_header(workspace, date), []),
        README: README_TEXT.format(name=name),
    }
    root.mkdir(parents=True, exist_ok=True)
    for file, text in texts.items():
        atomic_write_bytes(root / file, text.encode("utf-8"))
    return InitResult(workspace, tuple(texts))
