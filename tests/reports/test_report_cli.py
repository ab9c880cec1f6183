"""``usm-kb report`` and ``analyze --format html|xlsx``: formats, files, and bad input."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook
from rich.console import Console

from cli_on import CliOn
from usm_kb.cli.report import progress

URL_ATTRIBUTES = ("src", "href", "action", "xlink:href", "srcset", "poster", "data")


pytestmark = pytest.mark.both_backends


def report(on: CliOn, *args: str, workspace: str = "mixed") -> Result:
    return on.run("report", *args, "--workspace", str(on.base / "ws" / workspace))


class Links(HTMLParser):
    """Every URL-bearing attribute, <script> and <style> content, and CSP meta of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.policy: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        self.urls += [v or "" for k, v in attrs if k in URL_ATTRIBUTES]
        if tag == "meta" and (values.get("http-equiv") or "").lower() == (
            "content-security-policy"
        ):
            self.policy.append(values.get("content") or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def test_the_html_report_is_one_self_contained_file(analysis_cli: CliOn, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = report(analysis_cli, "-o", str(out), "--against", "kanban")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}\n"  # not a terminal: no progress bar
    page = out.read_text(encoding="utf-8")
    links = Links()
    links.feed(page)
    assert links.urls  # the contents' anchors and the data: icon are there …
    outside = [u for u in links.urls if u.strip().lower().startswith(("http:", "https:", "//"))]
    assert outside == []  # … and none leaves the file
    assert all(u.startswith(("#", "data:")) for u in links.urls)
    assert "script" not in links.tags and "img" not in links.tags
    assert "url(" not in "".join(links.styles) and "@import" not in "".join(links.styles)
    assert links.policy == [
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'"
    ]
    assert links.tags.count("svg") == 1 + 8  # the heatmap and the eight workflows
    assert "framework:kanban" in page and "Consolidation candidates" in page
    assert "X-KAN-3" in page  # a kanban practice without a local counterpart (gaps)


def test_markdown_has_the_heatmap_workflows_and_every_part(
    analysis_cli: CliOn, tmp_path: Path
) -> None:
    out = tmp_path / "report.md"
    result = report(analysis_cli, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Report: Analyse mixed\n")
    head = "| process | coverage score | team:(no team) | team:Operations | team:Servicedesk |"
    assert head in text
    assert "| Recover | 100.0 | 0 | 0.8 | 0.9 |" in text
    assert "| Improve | 0.0 | 0 | 0 | 0 |" in text
    assert (
        "| risk workflow (improvement via Operate) | risk | "
        "1 Improve ✗ uncovered → 2 Operate ✓ → 3 Improve ✗ uncovered |"
    ) in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Coverage heatmap",
        "## Workflows",
        "## Coverage",
        "## Gaps",
        "## Overlap",
        "## Conflicts",
        "## Domain separation",
        "## Improvement backlog",
    ]
    assert "### Consolidation candidates" in text
    assert "| Agree | 42.0 | 0.42 | SLM-1 Service reviews (intersects 60, 0.7) |" in text


def test_xlsx_has_a_sheet_per_table_with_numbers_and_frozen_headers(
    analysis_cli: CliOn, tmp_path: Path
) -> None:
    out = tmp_path / "report.xlsx"
    result = report(analysis_cli, "-o", str(out), "--against", "kanban")
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[:4] == ["About", "Contents", "Heatmap", "Workflows"]
    assert "Consolidation candidates" in book.sheetnames
    heat = book["Heatmap"]
    assert [c.value for c in heat[1]] == [
        "process",
        "coverage score",
        "team:(no team)",
        "team:Operations",
        "team:Servicedesk",
        "framework:kanban",
    ]
    assert all(c.font.b for c in heat[1])
    assert heat.freeze_panes == "B2"
    recover = next(r for r in heat.iter_rows(min_row=2, values_only=True) if r[0] == "Recover")
    assert recover == ("Recover", 100, 0, 0.8, 0.9, 0)
    assert len(heat.conditional_formatting) == 5  # a colour scale per number column
    contents = book["Contents"]
    assert contents.freeze_panes == "A2"
    sheets = {row[2] for row in contents.iter_rows(min_row=2, values_only=True)}
    assert (
        sheets <= set(book.sheetnames) and len(sheets) == 15
    )  # tables per part: coverage 3, gaps 5, overlap 2, conflicts 2, separation 2, backlog 1
    flows = list(book["Workflows"].iter_rows(min_row=2, values_only=True))
    assert ("risk workflow (improvement via Operate)", "risk", 1, "Improve", "no", 0) in flows
    assert ("risk workflow (improvement via Operate)", "risk", 2, "Operate", "yes", 28) in flows


def test_the_format_follows_the_option_over_the_suffix(analysis_cli: CliOn, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    result = report(analysis_cli, "-o", str(out), "--format", "md")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Report: Analyse mixed")
    shown = report(analysis_cli)  # no -o: HTML on stdout
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("<!DOCTYPE html>")


def test_analyze_renders_one_analysis_as_html_and_xlsx(analysis_cli: CliOn, tmp_path: Path) -> None:
    ws = str(analysis_cli.base / "ws" / "mixed")
    page = analysis_cli.run("analyze", "gaps", "--format", "html", "--workspace", ws)
    assert page.exit_code == 0, page.output
    assert "<h1>Gaps: Analyse mixed</h1>" in page.stdout
    assert "<svg" not in page.stdout  # only coverage draws the heatmap and workflows
    page = analysis_cli.run("analyze", "coverage", "--format", "html", "--workspace", ws)
    assert page.stdout.count("<svg") == 9
    out = tmp_path / "overlap.xlsx"
    book = analysis_cli.run(
        "analyze", "overlap", "--format", "xlsx", "-o", str(out), "--workspace", ws
    )
    assert book.exit_code == 0, book.output
    rows = list(load_workbook(out)["Consolidation candidates"].iter_rows(values_only=True))
    assert rows[0] == ("process", "practices") and rows[1][0] == "Recover"
    refused = analysis_cli.run("analyze", "overlap", "--format", "xlsx", "--workspace", ws)
    assert refused.exit_code == 2
    assert "pass -o FILE.xlsx" in refused.stderr and refused.stdout == ""


def test_bad_input_is_one_line_and_writes_nothing(
    analysis_cli: CliOn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = str(tmp_path / "report.html")
    empty = tmp_path / "not-a-workspace"
    empty.mkdir()
    monkeypatch.chdir(empty)  # not a workspace either
    monkeypatch.delenv("USM_KB_WORKSPACE", raising=False)
    ws = ["--workspace", str(analysis_cli.base / "ws" / "mixed")]
    cases = [
        (["report", "-o", out], 2, "no workspace here"),
        (["report", "-o", out, "--workspace", str(empty)], 2, "is not a workspace"),
        (["report", "-o", str(tmp_path / "r.pdf"), *ws], 2, "cannot tell the report's format"),
        (["report", "--format", "xlsx", *ws], 2, "pass -o FILE.xlsx"),
        (["report", "-o", out, "--against", " , ", *ws], 2, "--against needs"),
        (["report", "-o", out, "--against", "nosuch", *ws], 1, "nosuch"),
    ]
    for args, code, message in cases:
        result = analysis_cli.run(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.output and result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-workspace"]
    assert list(empty.iterdir()) == []


def test_an_unwritable_output_path_is_refused_and_leaves_nothing(
    analysis_cli: CliOn, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = report(analysis_cli, "-o", str(blocker / "report.html"))
    assert result.exit_code == 2, result.output
    assert str(blocker) in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_terminal_sees_a_progress_bar_and_a_pipe_does_not() -> None:
    shown = io.StringIO()
    terminal = Console(file=shown, force_terminal=True, width=80)
    with progress(3, terminal) as step:
        for name in ("coverage", "gaps", "overlap"):
            step(name)
    assert "analysing" in shown.getvalue() and "3/3" in shown.getvalue()
    quiet = io.StringIO()
    with progress(3, Console(file=quiet, force_terminal=False)) as step:
        step("coverage")
    assert quiet.getvalue() == ""
