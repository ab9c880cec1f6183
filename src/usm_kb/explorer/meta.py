"""The meta pages under ``/-/``: versions, settings and health (Datasette's ``/-/`` pages)."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

from usm_kb import __version__
from usm_kb.build.artefact import ARTEFACT
from usm_kb.explorer.base import Page
from usm_kb.settings import SETTINGS, Settings
from usm_kb.store import Formats, KnowledgeBase

PACKAGES = ("flask", "jinja2", "werkzeug", "waitress", "pyoxigraph", "pebble", "rank-bm25")
SECRET_WORDS = ("token", "secret", "password")


@dataclass(frozen=True)
class VersionsPage(Page):
    """What runs: usm-kb, Python, the web and store packages, and what built the KB."""

    kind: ClassVar[str] = "versions"
    usm_kb: str
    python: str
    packages: dict[str, str]
    built_with: dict[str, str]  # versions the compiled KB's manifest records
    artefact_sha256: str


@dataclass(frozen=True)
class SettingRow:
    """One setting: its value, default, environment variable and meaning."""

    name: str
    value: Any
    default: Any
    env: str
    help: str


@dataclass(frozen=True)
class SettingsPage(Page):
    """The settings the server runs with (secrets never shown)."""

    kind: ClassVar[str] = "settings"
    settings: tuple[SettingRow, ...]


@dataclass(frozen=True)
class HealthPage(Page):
    """Whether the KB answers a query, and what it holds."""

    kind: ClassVar[str] = "health"
    ok: bool
    triples: int
    graphs: int
    reasoner: str


def versions_page(kb: KnowledgeBase) -> VersionsPage:
    """Versions of what runs and of what built the KB."""
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "not installed"
    return VersionsPage(
        "Versions",
        (),
        __version__,
        platform.python_version(),
        packages,
        dict(kb.manifest.versions),
        kb.manifest.artefact_sha256,
    )


def settings_page(settings: Settings) -> SettingsPage:
    """The resolved settings next to their defaults (values of secret-like names hidden)."""
    values = settings.to_dict()
    rows = tuple(
        SettingRow(
            s.name,
            "(hidden)" if any(w in s.name for w in SECRET_WORDS) else values[s.name],
            s.default,
            s.env,
            s.help,
        )
        for s in SETTINGS
    )
    return SettingsPage("Settings", (), rows)


def health_page(kb: KnowledgeBase) -> HealthPage:
    """Ask the KB one question; ``ok`` when it answers."""
    answered = kb.query("ASK { ?s a usm:Process }").boolean is True
    return HealthPage(
        "Health",
        (),
        answered,
        kb.manifest.triples,
        len(kb.manifest.graphs),
        kb.manifest.reasoner.get("status", "unknown"),
    )


@dataclass(frozen=True)
class Download:
    """One file to download."""

    name: str
    path: str  # the local path to fetch it from
    media_type: str
    description: str


@dataclass(frozen=True)
class DownloadsPage(Page):
    """The whole KB and each mapping set as files."""

    kind: ClassVar[str] = "downloads"
    files: tuple[Download, ...]


KB_FORMATS = {
    "kb.nq": ("application/n-quads", "the compiled KB: every named graph, as built (N-Quads)"),
    "kb.ttl": ("text/turtle", "every graph merged (Turtle)"),
    "kb.nt": ("application/n-triples", "every graph merged (N-Triples)"),
}
SSSOM = "text/tab-separated-values"


def downloads_page(kb: KnowledgeBase) -> DownloadsPage:
    """The downloads: the whole KB in three formats, then one SSSOM file per framework."""
    files = [Download(n, f"/-/downloads/{n}", t, d) for n, (t, d) in KB_FORMATS.items()]
    for entry in sorted(kb.names().choices("framework"), key=lambda e: e.id):
        name = f"{entry.id}-usm.sssom.tsv"
        if sssom_file(kb, entry.id) is not None:
            files.append(
                Download(name, f"/-/downloads/{name}", SSSOM, f"{entry.label}: its mapping set")
            )
    return DownloadsPage("Downloads", (), tuple(files))


def sssom_file(kb: KnowledgeBase, framework: str) -> Path | None:
    """The SSSOM source file of a framework the KB knows (None for any other name)."""
    known = {e.id for e in kb.names().choices("framework")}
    if framework not in known:
        return None
    path = kb.root / "mappings" / framework / f"{framework}-usm.sssom.tsv"
    return path if path.is_file() else None


def kb_file(kb: KnowledgeBase, name: str) -> bytes | Path | None:
    """The whole KB as *name* (``kb.nq`` is the artefact file itself), or None."""
    if name == "kb.nq":
        return kb.cache_dir / ARTEFACT
    fmt = {"kb.ttl": "ttl", "kb.nt": "nt"}.get(name)
    if fmt is None:
        return None

    def serialise() -> bytes:
        return kb.run_serialized(EVERYTHING, Formats(results=None, graph=fmt)).body

    return kb.cached("explorer:download:" + name, serialise)


EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
