"""``usm-kb init`` and reading a workspace's configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from ws_helpers import invoke, make_workspace, snapshot

from usm_kb.errors import DataError, UsageError
from usm_kb.namespaces import local_practice_base
from usm_kb.sources.sssom import COLUMNS
from usm_kb.workspace.config import CONFIG, find_workspace, load_workspace
from usm_kb.workspace.mappings import load_workspace_mappings, read_set


def test_init_writes_the_five_files_and_an_empty_mapping_set(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "ws"), "--name", "Gemeente Proef", "--language", "en")
    assert result.exit_code == 0, result.output
    files = set(snapshot(tmp_path / "ws"))
    assert files == {
        "usm-workspace.toml",
        "practices.yaml",
        "mappings.sssom.tsv",
        "organisation.yaml",
        "README.md",
    }
    workspace = load_workspace(tmp_path / "ws")
    assert (workspace.id, workspace.name, workspace.language) == (
        "gemeente-proef",
        "Gemeente Proef",
        "en",
    )
    mapping_set = load_workspace_mappings(workspace, (), {})
    assert mapping_set is not None and mapping_set.rows == ()
    assert mapping_set.meta["curie_map"]["gemeente-proef"] == local_practice_base("gemeente-proef")
    header, rows = read_set(workspace)
    assert rows == [] and header.startswith("# curie_map:")
    text = (tmp_path / "ws" / "mappings.sssom.tsv").read_text(encoding="utf-8")
    assert text.splitlines()[-1].split("\t") == list(COLUMNS)


def test_init_never_overwrites_a_workspace(tmp_path: Path) -> None:
    make_workspace(tmp_path / "ws")
    before = snapshot(tmp_path / "ws")
    result = invoke("init", str(tmp_path / "ws"))
    assert result.exit_code == 2
    assert "already holds" in result.output
    assert snapshot(tmp_path / "ws") == before


def test_the_current_folder_is_the_default_workspace(tmp_path: Path) -> None:
    made = make_workspace(tmp_path / "ws")
    assert find_workspace(None, cwd=tmp_path / "ws") == made
    assert find_workspace(None, cwd=tmp_path) is None
    with pytest.raises(UsageError, match="not a workspace"):
        find_workspace(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[workspace\n", "TOML syntax error"),
        ('title = "x"\n', "expected a \\[workspace\\] table"),
        ('[workspace]\nid = "Not A Slug"\nname = "x"\nlanguage = "nl"\n', "lower-case slug"),
        ('[workspace]\nid = "x"\nname = "x"\nlanguage = "de"\n', "not one of nl, en"),
    ],
)
def test_a_broken_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / CONFIG).write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        load_workspace(tmp_path)
    assert CONFIG in str(caught.value)
