"""Typed access to the members of a WIF JSON object, each problem a finding with its path."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from usm_kb.wif.model import Finding

MAX_LISTED = 10  # ignored members named in the one info finding


def join(prefix: str, key: str) -> str:
    """The JSON path of member *key* under *prefix* (``""`` is the document)."""
    return f"{prefix}.{key}" if prefix else key


class FieldReader:
    """Collects findings while a document is read; the unknown members it met, too."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.ignored: list[str] = []

    @staticmethod
    def kind(value: Any) -> str:
        """The JSON type of a parsed value, as the spec names them."""
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "a boolean"
        if isinstance(value, int | float):
            return "a number"
        if isinstance(value, str):
            return "a string"
        return "a list" if isinstance(value, list) else "an object"

    def error(self, code: str, path: str, message: str) -> None:
        """Add an error."""
        self.findings.append(Finding(code, "error", path or "$", message))

    def warning(self, code: str, path: str, message: str) -> None:
        """Add a warning."""
        self.findings.append(Finding(code, "warning", path or "$", message))

    def info(self, code: str, path: str, message: str) -> None:
        """Add a note."""
        self.findings.append(Finding(code, "info", path or "$", message))

    def ignore_unknown(self, obj: dict[str, Any], known: tuple[str, ...], prefix: str) -> None:
        """Remember the members of *obj* this reader does not know (must-ignore)."""
        self.ignored.extend(join(prefix, key) for key in obj if key not in known)

    def report_ignored(self) -> None:
        """One info finding naming the ignored members."""
        if not self.ignored:
            return
        shown = ", ".join(self.ignored[:MAX_LISTED])
        more = len(self.ignored) - MAX_LISTED
        tail = f" and {more} more" if more > 0 else ""
        self.info(
            "WIF-IGNORED",
            "$",
            f"ignored unknown fields (the spec's must-ignore policy): {shown}{tail}",
        )

    def text(self, obj: dict[str, Any], key: str, prefix: str) -> str | None:
        """A string member, or None when absent (a wrong type is an error)."""
        if key not in obj:
            return None
        value = obj[key]
        if not isinstance(value, str):
            self.error("WIF-TYPE", join(prefix, key), f"must be a string, not {self.kind(value)}")
            return None
        return value

    def choice(
        self,
        obj: dict[str, Any],
        key: str,
        prefix: str,
        allowed: tuple[str, ...],
        code: str = "WIF-VALUE",
    ) -> str | None:
        """A string member that must be one of *allowed*."""
        value = self.text(obj, key, prefix)
        if value is None or value in allowed:
            return value
        what = "a USM process" if code == "WIF-PROCESS" else f"a {key} value"
        self.error(code, join(prefix, key), f"{value!r} is not {what}; use {', '.join(allowed)}")
        return None

    def timestamp(self, obj: dict[str, Any], key: str, prefix: str) -> str | None:
        """An ISO 8601 date and time, kept as written."""
        value = self.text(obj, key, prefix)
        if value is None:
            return None
        try:
            datetime.fromisoformat(value)
        except ValueError:
            self.error(
                "WIF-DATETIME",
                join(prefix, key),
                f"{value!r} is not an ISO 8601 date and time, e.g. 2021-03-22T07:38:22.800+00:00",
            )
            return None
        return value

    def obj(self, obj: dict[str, Any], key: str, prefix: str) -> dict[str, Any] | None:
        """An object member, or None when absent."""
        if key not in obj:
            return None
        value = obj[key]
        if not isinstance(value, dict):
            self.error("WIF-TYPE", join(prefix, key), f"must be an object, not {self.kind(value)}")
            return None
        return value

    def objects(
        self, obj: dict[str, Any], key: str, prefix: str
    ) -> list[tuple[int, dict[str, Any]]] | None:
        """A list of objects with their positions; other items are errors and left out."""
        if key not in obj:
            return None
        value = obj[key]
        if not isinstance(value, list):
            self.error("WIF-TYPE", join(prefix, key), f"must be a list, not {self.kind(value)}")
            return None
        found = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                found.append((i, item))
            else:
                path = f"{join(prefix, key)}[{i}]"
                self.error("WIF-TYPE", path, f"must be an object, not {self.kind(item)}")
        return found

    def sort_index(self, obj: dict[str, Any], prefix: str) -> int | None:
        """``sort-index``: a non-negative integer (a string of digits is read, with a warning)."""
        if "sort-index" not in obj:
            return None
        value = obj["sort-index"]
        path = join(prefix, "sort-index")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 10:
            self.warning(
                "WIF-SORT-INDEX",
                path,
                f"the string {value!r} was read as the number {int(value)}; "
                "the spec asks for a JSON integer (its own examples use strings)",
            )
            return int(value)
        self.error("WIF-SORT-INDEX", path, f"must be a non-negative integer, not {value!r}")
        return None
