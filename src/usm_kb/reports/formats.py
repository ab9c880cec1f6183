"""The report's formats, told from an option or from the output file's suffix."""

from __future__ import annotations

from pathlib import Path

from usm_kb.errors import UsageError
from usm_kb.reports.html import render_html
from usm_kb.reports.markdown import render_markdown
from usm_kb.reports.model import Report
from usm_kb.reports.xlsx import render_xlsx

FORMATS = ("html", "md", "xlsx")
SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".xlsx": "xlsx"}


def format_for(output: Path | None, fmt: str | None) -> str:
    """*fmt* when given; else the one *output*'s suffix names; else html (to stdout)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
        return fmt
    if output is None:
        return "html"
    found = SUFFIXES.get(output.suffix.lower())
    if found is None:
        raise UsageError(
            f"{output}: cannot tell the report's format from the suffix {output.suffix!r}",
            hint=f"name the file .html, .md or .xlsx, or pass --format {'|'.join(FORMATS)}",
        )
    return found


def render(report: Report, fmt: str) -> bytes:
    """*report* as the bytes of a file in *fmt*."""
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "xlsx":
        return render_xlsx(report)
    raise UsageError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
