"""YAML reading that knows the line of every mapping, without touching the user's data.

ruamel.yaml's round-trip loader keeps each mapping's position (``.lc.line``) and its comments,
so errors can say ``file:line`` and a later edit (workspaces) can write the file back with the
user's comments intact. Nothing is added to the data (no magic ``__line__`` key), and no tag
ever constructs a Python object: unknown tags load as plain maps, lists or strings.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from usm_kb.errors import DataError
from usm_kb.files import read_utf8


def _loader() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


def load_yaml_text(text: str, path: Path, *, line_offset: int = 0) -> Any:
    """Parse YAML text; syntax errors become ``DataError`` with the file line."""
    try:
        return _loader().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise DataError(f"YAML syntax error: {problem}", path=path, line=line) from None
    except YAMLError as exc:
        raise DataError(f"YAML error: {exc}", path=path) from None


def dump_yaml_text(data: Any) -> str:
    """Block-style YAML in the data's own key order (the SSSOM header layout)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 1000
    yaml.indent(mapping=2, sequence=2, offset=0)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML file."""
    return load_yaml_text(read_utf8(path), path)


def line_of(node: Any) -> int | None:
    """The 1-based line where a parsed mapping or list starts, if known."""
    position = getattr(node, "lc", None)
    return None if position is None or position.line is None else position.line + 1
