"""Errors that reach the user as one clear line (never a traceback)."""

from __future__ import annotations

from pathlib import Path


class UsmKbError(Exception):
    """Base class: a user-facing error with an optional file and line."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class DataError(UsmKbError):
    """A source file (Turtle, YAML, SSSOM) is malformed or inconsistent."""


class QueryError(UsmKbError):
    """A SPARQL query cannot be parsed or evaluated, or a parameter is wrong."""


class ReasonerUnavailable(UsmKbError):
    """The OWL reasoner (HermiT, needs Java) cannot run on this machine."""


class UsageError(UsmKbError):
    """The command line asks for something impossible (exit code 2)."""

    exit_code = 2
