"""A report as one self-contained HTML file: inline CSS and SVG, no script, no outside URL.

Jinja2 (Flask's template engine) renders ``templates/report.html`` with autoescaping on, so
every name, label and cell from a workspace is escaped. The page's Content-Security-Policy
allows nothing but its own inline styles and ``data:`` images.
"""

from __future__ import annotations

from pathlib import Path

from usm_kb import __version__
from usm_kb.reports.model import Report
from usm_kb.reports.svg import flow, heatmap

TEMPLATES = Path(__file__).parent / "templates"
POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def render_html(report: Report) -> str:
    """The whole page."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined  # deferred: html only

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    found = report.coverage
    return env.get_template("report.html").render(
        report=report,
        policy=POLICY,
        version=__version__,
        heatmap=heatmap(found) if found is not None else None,
        flows=[flow(w) for w in found.workflows] if found is not None else [],
    )
