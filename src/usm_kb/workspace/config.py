"""A workspace on disk: ``usm-workspace.toml`` and the files beside it (no rdflib here).

A workspace is a plain folder an improvement team keeps in git (docs/workspaces.md):

- ``usm-workspace.toml`` — id (a slug used in IRIs), name, default language;
- ``practices.yaml`` — the team's catalogue of local practices (``catalog import`` writes it);
- ``mappings.sssom.tsv`` — the team's mappings onto USM (SSSOM, the shipped sets' columns);
- ``organisation.yaml`` — the organisation's name and its teams;
- ``workflows/*.workflow.json`` — USM-WIF workflows (``wif import`` writes them; docs/wif.md).

This module only finds and reads the configuration and hashes the files: the KB's open path
calls it to decide whether the compiled workspace is fresh, so it imports no RDF library.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from usm_kb.errors import DataError, UsageError
from usm_kb.vocab import SLUG
from usm_kb.wif.model import TEMPLATE_SUFFIX, WORKFLOW_SUFFIX, WORKFLOWS_DIR

CONFIG = "usm-workspace.toml"
PRACTICES = "practices.yaml"
MAPPINGS = "mappings.sssom.tsv"
ORGANISATION = "organisation.yaml"
README = "README.md"
# The files a workspace compiles from, in a stable order (their bytes key its cache).
SOURCES = (CONFIG, PRACTICES, MAPPINGS, ORGANISATION)
LANGUAGES = ("nl", "en")  # languages of the stemmers, the glossary and language detection
MAX_CONFIG_BYTES = 64 * 1024


@dataclass(frozen=True)
class Workspace:
    """A workspace folder and its configuration."""

    root: Path
    id: str
    name: str
    language: str

    def path(self, name: str) -> Path:
        """A file of the workspace."""
        return self.root / name

    def content_key(self) -> str:
        """SHA-256 over the workspace's source files (names and bytes; absent files count)."""
        digest = hashlib.sha256()
        for name in SOURCES:
            path = self.path(name)
            digest.update(name.encode() + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"\0absent\0")
        for path in self.workflow_files():
            digest.update(f"{WORKFLOWS_DIR}/{path.name}".encode() + b"\0")
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def workflow_files(self) -> list[Path]:
        """The stored USM-WIF documents, sorted by name."""
        folder = self.path(WORKFLOWS_DIR)
        if not folder.is_dir():
            return []
        return sorted(
            p
            for p in folder.iterdir()
            if p.is_file() and p.name.endswith((WORKFLOW_SUFFIX, TEMPLATE_SUFFIX))
        )


def find_workspace(given: Path | None, cwd: Path | None = None) -> Workspace | None:
    """The workspace named by *given* (``--workspace``), else the current folder's, else None.

    The current folder is a workspace when it holds a ``usm-workspace.toml``.
    """
    if given is not None:
        if not (given / CONFIG).is_file():
            raise UsageError(
                f"{given} is not a workspace (no {CONFIG})",
                hint=f"create one with 'usm-kb init {given}'",
            )
        return load_workspace(given)
    here = cwd or Path.cwd()
    return load_workspace(here) if (here / CONFIG).is_file() else None


def load_workspace(root: Path) -> Workspace:
    """Read and check ``usm-workspace.toml`` in *root*."""
    path = root / CONFIG
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise DataError(f"larger than {MAX_CONFIG_BYTES // 1024} KiB", path=path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text at byte {exc.start}", path=path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"TOML syntax error: {exc}", path=path) from exc
    table = doc.get("workspace")
    if not isinstance(table, dict):
        raise DataError("expected a [workspace] table", path=path, hint="see docs/workspaces.md")
    ident, name, language = (table.get(k) for k in ("id", "name", "language"))
    if not isinstance(ident, str) or not SLUG.match(ident):
        raise DataError(
            f"[workspace] id {ident!r} must be a lower-case slug (letters, digits, '-')",
            path=path,
        )
    if not isinstance(name, str) or not name.strip():
        raise DataError("[workspace] needs a name", path=path)
    if language not in LANGUAGES:
        raise DataError(
            f"[workspace] language {language!r} is not one of {', '.join(LANGUAGES)}", path=path
        )
    return Workspace(root.resolve(), ident, " ".join(name.split()), language)


def config_text(ident: str, name: str, language: str) -> str:
    """The text of a new ``usm-workspace.toml``."""
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "# usm-kb workspace (docs/workspaces.md). The id is used in IRIs: keep it stable.\n"
        "[workspace]\n"
        f'id = "{ident}"\n'
        f'name = "{quoted}"\n'
        f'language = "{language}"  # default language of names: nl or en\n'
    )
