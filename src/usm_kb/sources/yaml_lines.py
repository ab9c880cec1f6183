"""YAML reading that knows the line of every mapping, without touching the user's data.

ruamel.yaml's round-trip loader keeps each mapping's position (``.lc.line``) and its comments,
so errors can say ``file:line`` and a later edit (workspaces) can write the file back with the
user's comments intact. Nothing is added to the data (no magic ``__line__`` key), and no tag
ever constructs a Python object: unknown tags load as plain maps, lists or strings.

Input may be hostile: anchors and aliases (the "YAML bomb") are refused, and so is nesting
deeper than :data:`MAX_DEPTH`, both decided on the token stream before anything is built.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import tokens as yaml_tokens
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from usm_kb.errors import DataError
from usm_kb.files import read_utf8


def _loader() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


MAX_DEPTH = 64
_OPEN = (
    yaml_tokens.BlockMappingStartToken,
    yaml_tokens.BlockSequenceStartToken,
    yaml_tokens.FlowMappingStartToken,
    yaml_tokens.FlowSequenceStartToken,
)
_CLOSE = (
    yaml_tokens.BlockEndToken,
    yaml_tokens.FlowMappingEndToken,
    yaml_tokens.FlowSequenceEndToken,
)


def _check_tokens(yaml: YAML, text: str, path: Path, line_offset: int) -> None:
    depth = 0
    for token in yaml.scan(text):
        line = token.start_mark.line + 1 + line_offset
        if isinstance(token, yaml_tokens.AnchorToken | yaml_tokens.AliasToken):
            raise DataError(
                "YAML anchors and aliases (&name, *name) are not accepted",
                path=path,
                line=line,
                hint="write the repeated value out",
            )
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise DataError(
                    f"YAML nested more than {MAX_DEPTH} levels deep", path=path, line=line
                )
        elif isinstance(token, _CLOSE):
            depth -= 1


def load_yaml_text(text: str, path: Path, *, line_offset: int = 0) -> Any:
    """Parse YAML text; syntax errors become ``DataError`` with the file line."""
    yaml = _loader()
    try:
        _check_tokens(yaml, text, path, line_offset)
        return yaml.load(text)
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
