"""Fast reading of clean YAML: libyaml's C scanner, the same data and lines as the reference.

:mod:`usm_kb.sources.yaml_lines` reads YAML with ruamel.yaml's pure-Python round-trip loader
(lines and comments kept, hostile input refused). That is the reference, and it is slow: the
shipped catalogues took ~1.5 s of every build. This module reads a document with PyYAML's C
scanner and composer and builds the same plain data — maps and lists that carry their line
as ``.lc.line`` like ruamel's, scalars resolved by the YAML 1.2 core schema as ruamel
resolves them — for documents that are *clean*: no anchors, aliases or tags, no duplicate
keys, no nesting beyond :data:`~usm_kb.sources.yaml_lines.MAX_DEPTH`, no syntax error.
Anything else returns None, and the caller reads the file with the reference loader, which
gives the established error (or result). Only for reading: the result cannot be written back
with its comments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from usm_kb.files import read_utf8
from usm_kb.sources.yaml_lines import MAX_DEPTH, load_yaml_text


class _Line:
    """ruamel's ``.lc`` shape: the 0-based line where a map or list starts."""

    __slots__ = ("line",)

    def __init__(self, line: int) -> None:
        self.line = line


class LineMap(dict[Any, Any]):
    """A YAML mapping that knows its line."""

    lc: _Line


class LineList(list[Any]):
    """A YAML sequence that knows its line."""

    lc: _Line


class _NotClean(Exception):
    """The document needs the reference loader."""


_LOADER = getattr(yaml, "CSafeLoader", None)  # None: PyYAML built without libyaml
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_WORDS = _NULL | _TRUE | _FALSE
_INT = re.compile(r"[-+]?[0-9]+")
_INT_BASED = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+|0b[01]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Plain scalars the reference resolves beyond the core schema (timestamps, sexagesimal and
# underscore numbers, merge keys): left to the reference loader.
_UNSURE = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?|[-+]?[0-9][0-9_]*(:[0-9_]+)+.*"
    r"|[-+]?[0-9]*_[0-9_.]*|<<|="
)


def read_clean_yaml(text: str) -> Any:
    """The data of *text* as the reference loader gives it, or None if it is not clean.

    Built from libyaml's event stream in one pass, without a node tree (a tree of marked
    nodes took ~35 times the file's size: 450 MiB for a 12 MB catalogue).
    """
    if _LOADER is None:
        return None
    try:
        return _from_events(yaml.parse(text, Loader=_LOADER))
    except (yaml.YAMLError, _NotClean):
        return None


_NO_KEY = object()  # a mapping waiting for its next key


def _from_events(events: Iterator[yaml.Event]) -> Any:
    """One document's data from its events; _NotClean for anything the reference must see."""
    open_: list[LineMap | LineList] = []  # the containers being filled, innermost last
    keys: list[Any] = []  # per open container: the pending key of a map (_NO_KEY: none)
    root: Any = _NO_KEY
    documents = 0
    for event in events:
        if isinstance(event, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if event.anchor is not None or event.tag is not None:
                raise _NotClean
            if isinstance(event, yaml.ScalarEvent):
                value: Any = _scalar(event.value, event.style)
            else:
                if len(open_) >= MAX_DEPTH:
                    raise _NotClean
                value = LineMap() if isinstance(event, yaml.MappingStartEvent) else LineList()
                value.lc = _Line(event.start_mark.line if event.start_mark else 0)
            if not open_:
                root = value
            else:
                _place(open_[-1], keys, value)
            if not isinstance(event, yaml.ScalarEvent):
                open_.append(value)
                keys.append(_NO_KEY)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            open_.pop()
            keys.pop()
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1 or event.version or event.tags:
                raise _NotClean  # several documents or directives: the reference decides
        elif isinstance(event, yaml.AliasEvent):
            raise _NotClean
    return None if root is _NO_KEY else root


def _place(container: LineMap | LineList, keys: list[Any], value: Any) -> None:
    """Put *value* into the innermost container: a list item, a map's key, or its value."""
    if isinstance(container, LineList):
        container.append(value)
        return
    key = keys[-1]
    if key is _NO_KEY:
        if isinstance(value, dict | list) or value in container:
            raise _NotClean  # complex or duplicate key: the reference decides
        keys[-1] = value
    else:
        container[key] = value
        keys[-1] = _NO_KEY


def _scalar(text: str, style: str | None) -> Any:
    if style:  # quoted or block: always a string (plain is None or "")
        return text
    if text[:1].isalpha() and text not in _WORDS:  # no number, date or special starts so
        return text
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _NotClean from None
    if _UNSURE.fullmatch(text):
        raise _NotClean
    if _INT.fullmatch(text):
        return int(text)
    if _INT_BASED.fullmatch(text):
        return int(text, 0)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _SPECIAL_FLOAT.fullmatch(text):
        return float(text.lower().replace(".", ""))
    return text


def read_yaml_file(path: Path) -> Any:
    """Read a YAML file for its data: the fast reader when it can, else the reference."""
    text = read_utf8(path)
    fast = read_clean_yaml(text)
    return load_yaml_text(text, path) if fast is None else fast
