"""The report's pictures as numbers (heatmap cells, workflow boxes), and a report without
coverage: no pictures, only the tables."""

from __future__ import annotations

from usm_kb.analysis.model import Coverage, MatrixRow, ProcessCoverage, Step, WorkflowCoverage
from usm_kb.analysis.sections import Section
from usm_kb.reports.html import render_html
from usm_kb.reports.markdown import render_markdown
from usm_kb.reports.model import Part, Report
from usm_kb.reports.svg import _luminance, flow, heatmap, shade

P = "https://w3id.org/usm-kb/id/process/"


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def two_processes() -> Coverage:
    processes = (
        ProcessCoverage(P + "agree", "Agree", (), 0.0, 0.0),
        ProcessCoverage(P + "recover", "Recover", (), 1.7, 100.0),
    )
    steps = (
        Step(1, P + "recover", "Recover", 100.0, True),
        Step(2, P + "agree", "Agree", 0, False),
    )
    flows = (WorkflowCoverage(P + "w/incident", "incident", P + "ct/incident", steps, 1, 50.0),)
    matrix = (
        MatrixRow(P + "agree", "Agree", (0.0, 3.0)),
        MatrixRow(P + "recover", "Recover", (1.7, 1.5)),
    )
    return Coverage("w", 2, 2, 50.0, processes, flows, ("team:Ops", "framework:x"), matrix)


def test_every_shade_keeps_its_number_readable() -> None:
    for step in range(11):
        fill, ink = shade(step / 10)
        assert contrast(rgb(fill), rgb(ink)) >= 4.5, (step, fill, ink)
    assert shade(0)[1] == "#111111" and shade(1)[1] == "#ffffff"
    assert shade(-1) == shade(0) and shade(2) == shade(1)


def test_the_heatmap_has_a_cell_per_process_and_column_scaled_per_column() -> None:
    grid = heatmap(two_processes())
    assert len(grid.cells) == 2 * 3
    texts = [c.text for c in grid.cells]
    assert texts == ["0.0", "0", "3", "100.0", "1.7", "1.5"]
    by_text = {c.title: c for c in grid.cells}
    # the score column tops at 100, a team's at its largest value, a framework's at 3
    assert by_text["Recover × coverage score: 100.0 of 100"].fill == shade(1)[0]
    assert by_text["Recover × team:Ops: 1.7 practice-equivalents"].fill == shade(1)[0]
    assert by_text["Recover × framework:x: 1.5 practice-equivalents"].fill == shade(0.5)[0]
    assert by_text["Agree × coverage score: 0.0 of 100"].fill == shade(0)[0]
    assert {c.y for c in grid.cells if c.title.startswith("Recover")} == {grid.cells[3].y}
    assert all(c.x + c.width <= grid.width and c.y + c.height <= grid.height for c in grid.cells)
    assert [label.text for label in grid.labels][:3] == [
        "coverage score",
        "team:Ops",
        "framework:x",
    ]


def test_a_workflow_is_boxes_in_order_with_an_arrow_between_each_two() -> None:
    diagram = flow(two_processes().workflows[0])
    assert [(b.index, b.verb, b.covered) for b in diagram.boxes] == [
        (1, "Recover", True),
        (2, "Agree", False),
    ]
    assert [b.mark for b in diagram.boxes] == ["✓ covered 100.0", "✗ uncovered"]
    assert diagram.boxes[0].x + diagram.boxes[0].width < diagram.boxes[1].x
    assert len(diagram.arrows) == len(diagram.heads) == 1
    assert diagram.width >= diagram.boxes[-1].x + diagram.boxes[-1].width
    assert diagram.key == "incident" and diagram.call_type == "incident"


def test_a_report_without_coverage_has_tables_but_no_pictures() -> None:
    table = Section("Consolidation candidates", ("process", "practices"), (("Recover", "a"),), "-")
    empty = Section("Nothing here", ("x",), (), "nothing was found")
    part = Part("overlap", "Overlap", "one process", (table, empty), None)
    report = Report("Overlap: w", "w", "2026-11-29T00:00Z", (), (part,))
    page = render_html(report)
    assert "<svg" not in page and "Coverage heatmap" not in page
    assert "<td>Recover</td>" in page and '<p class="empty">nothing was found</p>' in page
    text = render_markdown(report)
    assert "heatmap" not in text.lower()
    assert "## Overlap" in text and "### Nothing here" in text and "_nothing was found_" in text
