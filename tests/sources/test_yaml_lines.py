"""YAML reading: positions for errors, nothing added to the data, comments kept for editing."""

from __future__ import annotations

from pathlib import Path

import pytest

from usm_kb.errors import DataError
from usm_kb.sources.yaml_lines import dump_yaml_text, line_of, load_yaml_text

TEXT = """# a team's own comment
framework:
  id: x   # trailing comment
practices:
  - id: A
    name: First
  - id: B
    name: Second
"""


def test_lines_are_known_and_the_data_is_untouched() -> None:
    doc = load_yaml_text(TEXT, Path("c.yaml"))
    assert line_of(doc["framework"]) == 3
    assert [line_of(p) for p in doc["practices"]] == [5, 7]
    assert dict(doc["practices"][0]) == {"id": "A", "name": "First"}  # no __line__ key


def test_comments_survive_a_round_trip() -> None:
    doc = load_yaml_text(TEXT, Path("c.yaml"))
    doc["practices"][1]["name"] = "Renamed"
    text = dump_yaml_text(doc)
    assert "# a team's own comment" in text and "# trailing comment" in text
    assert "Renamed" in text


def test_python_tags_construct_nothing() -> None:
    doc = load_yaml_text("x: !!python/object/apply:os.system ['true']\n", Path("c.yaml"))
    assert list(doc["x"]) == ["true"]


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(DataError, match="YAML syntax error") as info:
        load_yaml_text("a: 1\nb: [\n", Path("c.yaml"), line_offset=10)
    assert info.value.line is not None and info.value.line > 10
