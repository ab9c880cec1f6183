"""Files from anyone cannot exhaust memory or produce a traceback (issue 12, items 3 and 8)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from usm_kb.build.pipeline import compile_kb
from usm_kb.errors import DataError

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY a "lollollollollollollollollollollollollollollollollollollollollol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/">
  <rdf:Description rdf:about="http://ex.org/a"><ex:p>&f;</ex:p></rdf:Description>
</rdf:RDF>
"""


def usm_kb(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "usm_kb", "--data", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.fixture
def small(small_compiled: tuple[Path, Path]) -> Path:
    return small_compiled[0]


def one_line(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    return line


def test_xml_entity_bombs_are_refused_before_parsing(small: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(LAUGHS, encoding="utf-8")
    started = time.perf_counter()
    line = one_line(usm_kb(small, "validate", str(bomb), USM_KB_MAX_MEMORY_MB="600"), 2)
    assert "bomb.rdf: XML entity declarations are not accepted" in line
    assert time.perf_counter() - started < 30


def test_a_literal_beyond_the_parser_buffer_is_a_clear_error(small: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.ttl"
    big.write_text('<urn:a> <urn:b> "' + "x" * (16 * 2**20 + 10) + '" .\n', encoding="utf-8")
    line = one_line(usm_kb(small, "validate", str(big)), 2)
    assert "big.ttl: a single literal or IRI is too large to parse" in line


def test_files_beyond_the_size_limit_are_not_read(small: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n" * 100_000, encoding="utf-8")
    line = one_line(usm_kb(small, "validate", str(data), USM_KB_MAX_INPUT_BYTES="1000000"), 2)
    assert "data.ttl: the file has 2 MiB; the limit is 1 MiB" in line


def test_the_memory_ceiling_ends_in_one_line(small: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    line = one_line(usm_kb(small, "validate", str(data), USM_KB_MAX_MEMORY_MB="60"), 2)
    assert "validating these files" in line and "60 MiB" in line  # out of memory, or a crash


YAML_ATTACKS = [
    ("alias", "  - &bomb [lol, lol, lol]\n  - *bomb\n", "anchors and aliases"),
    ("deep", "extra: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 64 levels"),
]


@pytest.mark.parametrize(
    ("name", "tail", "message"), YAML_ATTACKS, ids=[a[0] for a in YAML_ATTACKS]
)
def test_hostile_yaml_in_a_catalogue_is_refused(
    compiled_copy: tuple[Path, Path], name: str, tail: str, message: str
) -> None:
    root, cache = compiled_copy
    catalog = root / "mappings" / "kanban" / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + tail, encoding="utf-8")
    with pytest.raises(DataError, match=message) as info:
        compile_kb(root, cache, reason=False)
    assert info.value.path == catalog and info.value.line
