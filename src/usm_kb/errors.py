"""Errors that reach the user as one clear line (never a traceback).

Each class carries its CLI exit code and its HTTP status, so no caller decides by the
message text.
"""

from __future__ import annotations

from pathlib import Path


class UsmKbError(Exception):
    """Base class: a user-facing error with an optional file and line."""

    exit_code = 1
    http_status = 400
    retry_after: int | None = None  # seconds, for HTTP 503 answers

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


class QueryRefused(QueryError):
    """The query breaks the read-only policy (update, SERVICE, LOAD, foreign graphs)."""


class QueryTooLarge(QueryError):
    """The query text is longer than the configured limit."""

    http_status = 413


class UnknownNamedQuery(QueryError):
    """No named query has this name."""

    http_status = 404


class NotAcceptable(QueryError):
    """None of the client's accepted formats fits the query's kind of result."""

    http_status = 406


class QueryUnavailable(QueryError):
    """The query could not run now: time limit, a lost worker, or too many waiting queries."""

    http_status = 503
    retry_after = 2


class UnknownName(QueryError):
    """A word names no element of the asked kind (the message lists close matches)."""


class AmbiguousName(QueryError):
    """A word names several elements of the asked kind (the message lists them)."""


class ReasonerUnavailable(UsmKbError):
    """The OWL reasoner (HermiT, needs Java) cannot run on this machine."""


class UsageError(UsmKbError):
    """The command line asks for something impossible (exit code 2)."""

    exit_code = 2
