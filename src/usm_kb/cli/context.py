"""What every command shares: the resolved settings, opening the KB, one-line errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

import click

from usm_kb.cli.output import print_error, stderr
from usm_kb.data_root import default_data_root
from usm_kb.errors import UsageError, UsmKbError
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.store.cache import default_cache_dir
from usm_kb.workspace.config import Workspace, find_workspace


@dataclass
class Context:
    """Options shared by all commands."""

    settings: Settings

    @property
    def root(self) -> Path:
        """The data root (``--data``, ``USM_KB_DATA`` or the shipped data)."""
        return (self.settings.data or default_data_root()).resolve()

    @property
    def cache_dir(self) -> Path:
        """Where the compiled KB lives (``--cache``, ``USM_KB_CACHE`` or the user cache)."""
        return self.settings.cache or default_cache_dir(self.root)

    @property
    def workspace(self) -> Workspace | None:
        """The workspace (``--workspace``, ``USM_KB_WORKSPACE`` or the current folder's)."""
        return find_workspace(self.settings.workspace)

    def require_workspace(self) -> Workspace:
        """The workspace, or a usage error saying how to name or create one."""
        workspace = self.workspace
        if workspace is None:
            raise UsageError(
                "no workspace here",
                hint="pass --workspace DIR, or create one with 'usm-kb init DIR'",
            )
        return workspace

    def open_kb(self, *, workers: int = 0, with_workspace: bool = True) -> KnowledgeBase:
        """Open (and if needed rebuild) the knowledge base, reporting progress on stderr.

        One-shot commands use no worker pool (*workers* 0): a timed query runs in a child
        forked for it. ``serve`` asks for its configured workers.
        """
        kb = KnowledgeBase.open(
            self.root,
            self.cache_dir,
            settings=self.settings.replace(sparql_workers=workers),
            workspace=self.workspace if with_workspace else None,
            progress=lambda m: stderr().print(f"[dim]building: {m}[/dim]"),
        )
        command = click.get_current_context(silent=True)
        if command is not None:  # closed when the command ends (workers, workspace lease)
            command.call_on_close(kb.close)
        return kb


def handles_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn user-facing errors into one line on stderr and the right exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UsmKbError as exc:
            print_error(str(exc))
            sys.exit(exc.exit_code)
        except OSError as exc:  # a path the user chose cannot be read or written
            reason = exc.strerror or str(exc)
            if exc.filename:
                message = f"{exc.filename}: {reason} (check the path and its permissions)"
            else:
                message = reason
            print_error(message)
            sys.exit(2)

    return wrapper


def read_query_text(query: str | None, file: str | None) -> str:
    """The query from the argument, a file, or stdin (``-`` as argument or as FILE)."""
    if (query is None) == (file is None):
        raise UsageError("give a query as argument or with -f FILE (or - for stdin)")
    if file is None and query == "-":
        file = "-"
    if file is None:
        return query or ""
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read query file {file}: {exc}") from exc
