"""One table of settings, read the same way by the CLI, ``create_app`` and the Python API.

Each setting has a name, a default, an environment variable and a help text. Values resolve
in this order: the table's default, then ``USM_KB_*`` environment variables, then explicit
values (CLI options, ``create_app(settings)``, ``Settings.resolve(name=value)``).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from usm_kb.errors import UsageError


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"not a yes/no value: {text!r}")


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any]

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return "USM_KB_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("data", None, "Folder with ontology/ and mappings/ (default: the shipped data).", Path),
    Setting("cache", None, "Folder of the compiled KB (default: a per-user cache folder).", Path),
    Setting(
        "workspace",
        None,
        "Workspace folder (default: the current folder when it holds usm-workspace.toml).",
        Path,
    ),
    Setting(
        "store",
        "embedded",
        "Where the KB's triples live: embedded, or a SPARQL server (sparql+http://HOST:PORT).",
        str,
    ),
    Setting("store_timeout", 30.0, "Seconds to wait for the SPARQL server (--store).", float),
    Setting("reason", True, "Check OWL consistency with HermiT when (re)building.", _bool),
    Setting("host", "127.0.0.1", "Interface `serve` binds to (loopback by default).", str),
    Setting("port", 8000, "Port `serve` listens on.", int),
    Setting("public_url", None, "Public base URL of the server (default: http://HOST:PORT/).", str),
    Setting("sparql_timeout", 10.0, "Seconds one SPARQL query may run (0 = no limit).", float),
    Setting("sparql_row_cap", 10_000, "Most rows or triples in one SPARQL response.", int),
    Setting(
        "sparql_workers", 2, "SPARQL worker processes (0 = in the server, no time limit).", int
    ),
    Setting(
        "sparql_max_waiting", 4, "Queries per lane that may wait for a worker; more get 503.", int
    ),
    Setting("sparql_max_query_bytes", 64 * 1024, "Largest accepted SPARQL text, in bytes.", int),
    Setting("max_request_bytes", 1024 * 1024, "Largest accepted HTTP request body, in bytes.", int),
    Setting("max_input_bytes", 256 * 2**20, "Largest file usm-kb reads from users, in bytes.", int),
    Setting(
        "max_memory_mb", 4096, "Memory ceiling (MiB) while checking users' files; 0 = none.", int
    ),
    Setting("sandbox", True, "Run outside queries in an empty network namespace (Linux).", _bool),
    Setting(
        "cors_origins",
        "*",
        "Origins other sites' SPARQL tools may call the server from (space-separated; * = any).",
        str,
    ),
    Setting("max_import_bytes", 16 * 2**20, "Largest catalogue file `catalog import` reads.", int),
    Setting("max_import_rows", 5_000, "Most practices one imported catalogue may hold.", int),
    Setting("max_cell_chars", 4_000, "Most characters in one cell of an imported catalogue.", int),
    Setting(
        "max_unpacked_bytes",
        64 * 2**20,
        "Most bytes an XLSX file may unpack to (a zip bomb is refused).",
        int,
    ),
)
SETTING_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings (see :data:`SETTINGS` for meaning, default and variable)."""

    data: Path | None = None
    cache: Path | None = None
    workspace: Path | None = None
    store: str = "embedded"
    store_timeout: float = 30.0
    reason: bool = True
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    sparql_timeout: float = 10.0
    sparql_row_cap: int = 10_000
    sparql_workers: int = 2
    sparql_max_waiting: int = 4
    sparql_max_query_bytes: int = 64 * 1024
    max_request_bytes: int = 1024 * 1024
    max_input_bytes: int = 256 * 2**20
    max_memory_mb: int = 4096
    sandbox: bool = True
    cors_origins: str = "*"
    max_import_bytes: int = 16 * 2**20
    max_import_rows: int = 5_000
    max_cell_chars: int = 4_000
    max_unpacked_bytes: int = 64 * 2**20

    @classmethod
    def resolve(cls, environ: Mapping[str, str] | None = None, **given: Any) -> Settings:
        """Resolve the settings: defaults, then environment, then *given*.

        *environ* defaults to ``os.environ``; *given* values that are None are ignored. A
        malformed environment value is a ``UsageError`` naming the variable.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env)
            if raw is not None and raw != "":
                try:
                    values[setting.name] = setting.parse(raw)
                except ValueError as exc:
                    raise UsageError(f"{setting.env}={raw!r}: {exc}") from exc
        unknown = sorted(set(given) - set(SETTING_BY_NAME))
        if unknown:
            raise UsageError(f"unknown setting {unknown[0]!r}")
        values.update({k: v for k, v in given.items() if v is not None})
        return cls(**values)

    @property
    def base_url(self) -> str:
        """The server's public base URL, ending in ``/``."""
        url = self.public_url or f"http://{self.host}:{self.port}/"
        return url if url.endswith("/") else url + "/"

    def replace(self, **changes: Any) -> Settings:
        """A copy with *changes*."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (paths as strings)."""
        return {
            f.name: str(v) if isinstance(v := getattr(self, f.name), Path) else v
            for f in fields(self)
        }
