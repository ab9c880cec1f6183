"""Safe YAML reading that remembers the line of every mapping (for file:line errors)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from usm_kb.errors import DataError

LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that stores the 1-based start line of each mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = loader.construct_mapping(node, deep=True)  # type: ignore[assignment]
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_text(text: str, path: Path, *, line_offset: int = 0) -> Any:
    """Parse YAML text; syntax errors become ``DataError`` with the file line."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 + line_offset if mark else None
        raise DataError(f"YAML syntax error: {exc.problem}", path=path, line=line) from exc
    except yaml.YAMLError as exc:
        raise DataError(f"YAML error: {exc}", path=path) from exc


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text at byte {exc.start}", path=path) from exc
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror}", path=path) from exc
    return load_yaml_text(text, path)


def line_of(mapping: Any) -> int | None:
    """The recorded line of a parsed mapping, if any."""
    return mapping.get(LINE_KEY) if isinstance(mapping, dict) else None
