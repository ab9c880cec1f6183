"""The XLSX report never stores a formula: texts a spreadsheet would run stay text."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from usm_kb.analysis.sections import Section
from usm_kb.cli import cli
from usm_kb.reports.model import Part, Report
from usm_kb.reports.xlsx import render_xlsx, sheet_name

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
HARMLESS = ["plain text", "a=b", "x-1", "42.5", "-7"]


def one_table(rows: list[tuple[str, ...]], workspace: str = "ws") -> Report:
    section = Section("Practices", ("name", "note"), tuple(rows), "none")
    part = Part("test", "Test", "a summary", (section,), None)
    return Report("Report: " + workspace, workspace, "2026-11-29T00:00Z", (), (part,))


def formulas(data: bytes) -> list[str]:
    """Sheet XML parts that hold a formula element."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]


def test_formula_leaders_are_stored_as_quoted_text() -> None:
    data = render_xlsx(one_table([(text, "note") for text in HOSTILE]))
    assert formulas(data) == []
    sheet = load_workbook(io.BytesIO(data))["Practices"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # exactly as typed (XML reads a carriage return back as a line feed) …
    assert [c.value for c in cells] == [text.replace("\r", "\n") for text in HOSTILE]
    assert {c.data_type for c in cells} == {"s"}  # … as strings …
    assert all(c.quotePrefix for c in cells)  # … shown as text by Excel and LibreOffice


def test_harmless_texts_are_left_alone_and_numbers_become_numbers() -> None:
    data = render_xlsx(one_table([(text, "note") for text in HARMLESS]))
    sheet = load_workbook(io.BytesIO(data))["Practices"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["plain text", "a=b", "x-1", 42.5, -7]
    assert not any(c.quotePrefix for c in cells)


def test_without_the_guard_openpyxl_would_have_stored_a_formula() -> None:
    """The test above means something: openpyxl takes a bare '=' text as a formula."""
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = HOSTILE[0]
    out = io.BytesIO()
    book.save(out)
    assert formulas(out.getvalue()) != []


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_name("Reference practices without a local counterpart", taken)
    second = sheet_name("Reference practices without a local counterpart", taken)
    odd = sheet_name("a/b:c[d]*?\\", taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert second.endswith(" 2")
    assert not set("/:[]*?\\") & set(odd)


@pytest.fixture
def hostile_workspace(analysis_root: Path, tmp_path: Path) -> Path:
    """The mixed workspace named like a formula, with a practice named like one."""
    ws = tmp_path / "ws"
    shutil.copytree(analysis_root / "ws" / "mixed", ws, ignore=shutil.ignore_patterns(".*"))
    config = ws / "usm-workspace.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('name = "Analyse mixed"', 'name = \'=HYPERLINK("http://x","y")\''),
        encoding="utf-8",
    )
    practices = ws / "practices.yaml"
    text = practices.read_text(encoding="utf-8")
    practices.write_text(
        text.replace("name: Incident handling", "name: '@SUM(A1) <b>bold</b>'"), encoding="utf-8"
    )
    return ws


def test_a_workspace_named_like_a_formula_stays_text(
    analysis_root: Path, workspace_kbs: object, hostile_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.xlsx"
    base = ["--data", str(analysis_root / "data"), "--cache", str(analysis_root / "cache")]
    args = [*base, "report", "-o", str(out), "--workspace", str(hostile_workspace)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert formulas(out.read_bytes()) == []
    about = load_workbook(out)["About"]
    cell = next(row[1] for row in about.iter_rows(min_row=2) if row[0].value == "workspace")
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
    assert cell.quotePrefix

    page = tmp_path / "report.html"
    args = [*base, "report", "-o", str(page), "--workspace", str(hostile_workspace)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<b>bold</b>" not in html and "INC-1 @SUM(A1) &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<h1>Report: =HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)</h1>" in html
