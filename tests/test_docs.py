"""Every command, option group, setting and named query is documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from usm_kb.cli import cli
from usm_kb.settings import SETTINGS

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "usm-kb") -> list[str]:
    """Every command path, through click's listing API (the top group loads lazily)."""
    ctx = click.Context(group)
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        paths.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            paths += command_paths(command, f"{prefix} {name}")
    return paths


def test_the_command_listing_is_complete() -> None:
    """The lazy group lists every command module's commands (none is left out)."""
    paths = command_paths(cli)
    assert len(paths) >= 13 and "usm-kb mappings stats" in paths and "usm-kb serve" in paths


@pytest.mark.parametrize("command", command_paths(cli))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}" in README


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.env for s in SETTINGS])
def test_every_setting_is_documented_with_its_default(setting) -> None:
    default = "—" if setting.default is None else f"`{setting.default}`"
    assert f"| `{setting.env}` | {default} | {setting.help} |" in README


def test_quick_start_is_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = [b.strip() for b in section.split("```sh")[1:]]
    commands = [b.split("```", 1)[0].strip() for b in blocks]
    assert len(commands) == 2
    assert commands[0].endswith("usm-kb info") or commands[0].endswith("usm-kb serve")
    assert commands[1].endswith("pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_named_queries_catalogue_is_up_to_date(kb) -> None:
    from usm_kb.queries import to_markdown

    expected = to_markdown(list(kb.named_queries().values()))
    assert (REPO / "docs" / "queries.md").read_text(encoding="utf-8") == expected


def readme_python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_readme_python_api_example_runs(kb, tmp_path: Path) -> None:
    (block,) = [b for b in readme_python_blocks() if "KnowledgeBase.open()" in b]
    script = tmp_path / "example.py"
    script.write_text(block, encoding="utf-8")
    env = {**os.environ, "USM_KB_DATA": str(kb.root), "USM_KB_CACHE": str(kb.cache_dir)}
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert len(rows) == len(kb.run_named("framework-practices-by-process", framework="itil4"))
    assert all(row.startswith("{") for row in rows)


def test_readme_sparqlwrapper_example_runs(
    endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (block,) = [b for b in readme_python_blocks() if "SPARQLWrapper(" in b]
    exec(block.replace("http://127.0.0.1:8000/sparql", endpoint), {})
    printed = capsys.readouterr().out
    assert all(f"'value': '{code}'" in printed for code in ("CTM", "CHM", "OPS", "INC", "RIM"))
