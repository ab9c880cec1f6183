"""The fast YAML reader gives exactly what the reference loader gives, or steps aside.

Differential: on every shipped catalogue and on generated documents full of the scalars YAML
versions disagree on (``yes``, ``0o17``, ``2024-1-5``, ``1_000``, ``12:30`` …), whenever the
fast reader answers, the reference (ruamel, round-trip) answers the same data with the same
lines; when the reference refuses a document, the fast reader does not answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from usm_kb.data_root import default_data_root
from usm_kb.errors import DataError
from usm_kb.sources.loading import framework_dirs
from usm_kb.sources.yaml_fast import read_clean_yaml
from usm_kb.sources.yaml_lines import load_yaml_text

TRICKY = [
    *("yes", "no", "on", "off", "y", "true", "False", "NULL", "~", ""),
    *("1", "-3", "+1", "010", "0o17", "0x1F", "0b101", "1_000", "1.", ".5", "-.5e-3", "1e3"),
    *(".inf", "-.Inf", ".NaN", "12:30", "1:2:3", "2024-01-05", "2024-1-5", "2024-13-45"),
    *("2024-01-05T10:00:00", "<<", "=", "a: b", "R&D", "hi!", "#x", "'q'", '"d"', "- x"),
    *("&a", "*a", "!!str 1", "!tag x", "[1, 2", "{a: 1}", "[a, b]", "|", ">", "%YAML 1.1"),
]
SCALARS = st.one_of(st.sampled_from(TRICKY), st.text("ab c:#&!-'\"0123456789.", max_size=8))
KEYS = st.one_of(st.sampled_from(["a", "b", "id", "1", "yes", "a b", "x: y"]), SCALARS)


def render(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return pad + "{}\n"
        out = ""
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                out += f"{pad}{key}:\n{render(item, indent + 2)}"
            else:
                out += f"{pad}{key}: {render(item).strip()}\n"
        return out
    if isinstance(value, list):
        if not value:
            return pad + "[]\n"
        return "".join(f"{pad}- {render(item, indent + 2).strip()}\n" for item in value)
    return f"{pad}{value}\n"


DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=8,
).map(render)


def plain(value: Any) -> Any:
    """Data and lines, without the loaders' own types."""
    if isinstance(value, dict):
        return ("map", value.lc.line, [(plain(k), plain(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", value.lc.line, [plain(v) for v in value])
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return ("str", str(value))
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", repr(float(value)))
    return (type(value).__name__, value)


def reference(text: str) -> Any:
    return load_yaml_text(text, Path("doc.yaml"))


@pytest.mark.parametrize("folder", framework_dirs(default_data_root()), ids=lambda p: p.name)
def test_every_shipped_catalogue_reads_the_same(folder: Path) -> None:
    text = (folder / "catalog.yaml").read_text(encoding="utf-8")
    fast = read_clean_yaml(text)
    assert fast is not None, "a shipped catalogue should take the fast path"
    assert plain(fast) == plain(reference(text))


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_the_fast_reader_agrees_or_steps_aside(text: str) -> None:
    fast = read_clean_yaml(text)
    if fast is None:
        return
    try:
        expected = reference(text)
    except DataError as exc:
        pytest.fail(f"the reference refuses what the fast reader read: {exc}")
    assert plain(fast) == plain(expected)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x",
        "a: 1\na: 2",
        "k: !!str 1",
        "a: 1_000",
        "a: 12:30",
        "a: [1, 2",
        "a:" + "\n  - [" * 70,
    ],
)
def test_what_only_the_reference_may_decide_is_left_to_it(text: str) -> None:
    assert read_clean_yaml(text) is None
