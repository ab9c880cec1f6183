"""The shipped example, examples/gemeente.xlsx: what its script writes, and that it imports."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook
from ws_helpers import LIMITS, make_workspace

from usm_kb.workspace.importer import import_catalogue
from usm_kb.workspace.practices import load_practices

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def cells(path: Path) -> list[tuple[object, ...]]:
    book = load_workbook(path, read_only=True)
    try:
        return list(book.active.iter_rows(values_only=True))
    finally:
        book.close()  # read-only workbooks keep their file open until closed


def test_the_script_writes_the_shipped_workbook(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_gemeente", EXAMPLES / "make_gemeente.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_workbook(tmp_path / "again.xlsx")
    assert cells(tmp_path / "again.xlsx") == cells(EXAMPLES / "gemeente.xlsx")


def test_the_example_imports_in_both_languages_and_several_kinds(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    report = import_catalogue(workspace, EXAMPLES / "gemeente.xlsx", LIMITS)
    practices = load_practices(workspace)
    assert len(report.added) == len(practices) == len(cells(EXAMPLES / "gemeente.xlsx")) - 1
    assert 25 <= len(practices) <= 40
    languages = Counter(p.language for p in practices)
    assert languages["nl"] >= 10 and languages["en"] >= 5
    assert {"activity", "role", "body", "artefact"} <= {p.kind for p in practices}
    assert all(p.owner and p.team and p.description for p in practices)
