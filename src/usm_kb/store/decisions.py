"""The policy's verdicts on admitted texts, kept between processes.

Parsing a text costs little, but the first parse in a process pays for building the
grammar's scanner (a few hundred milliseconds) — on every CLI run. A verdict is a pure
function of the text, the parser and the known prefixes, so it can be remembered: this log
keeps, per SHA-256 of an admitted text, what the policy needs (form, decoded text, FROM
graphs), in a JSON-lines file beside the compiled KB. It is bounded (entries and text size),
starts over when the code changes, and only ever holds texts the parser admitted; a refused
text is never remembered. Writing needs nothing but the user's own cache folder.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

MAX_ENTRIES = 4096
MAX_TEXT = 16 * 1024


@dataclass(frozen=True)
class Verdict:
    """What the policy decided about one admitted text."""

    form: str
    text: str  # escapes decoded: what the engine runs
    from_graphs: tuple[str, ...]
    from_named_graphs: tuple[str, ...]


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DecisionLog:
    """Verdicts by text hash, read once and appended to as new texts are admitted."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        self._lock = threading.Lock()
        self._entries: dict[str, Verdict] | None = None

    def get(self, text: str) -> Verdict | None:
        """The remembered verdict on *text*, if any."""
        return self._load().get(_key(text))

    def put(self, text: str, verdict: Verdict) -> None:
        """Remember the verdict on an admitted *text* (bounded; best effort)."""
        entries = self._load()
        key = _key(text)
        if key in entries or len(entries) >= MAX_ENTRIES or len(text) > MAX_TEXT:
            return
        entries[key] = verdict
        line = json.dumps({"key": key, **asdict(verdict)}, ensure_ascii=False) + "\n"
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as out:
                    out.write(line)
            except OSError:
                pass  # a read-only cache: the verdict is still kept in memory

    def _load(self) -> dict[str, Verdict]:
        if self._entries is None:
            self._entries = self._read()
        return self._entries

    def _read(self) -> dict[str, Verdict]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        if not lines or lines[0] != self.version:
            self._start_over()
            return {}
        entries = {}
        for line in lines[1 : MAX_ENTRIES + 1]:
            try:
                item = json.loads(line)
                entries[item["key"]] = Verdict(
                    item["form"],
                    item["text"],
                    tuple(item["from_graphs"]),
                    tuple(item["from_named_graphs"]),
                )
            except (ValueError, KeyError, TypeError):
                continue  # a torn line from a concurrent writer
        return entries

    def _start_over(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(self.version + "\n", encoding="utf-8")
        except OSError:
            pass
