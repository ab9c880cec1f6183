"""The geometry of the report's pictures: the coverage heatmap and the workflow diagrams.

Pure layout (numbers, colours and texts), so the HTML template only draws it and a test can
check it. Every cell and step carries its value as text and a tooltip title: the pictures
never say anything by colour alone.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from usm_kb.analysis.model import Coverage, WorkflowCoverage

# heatmap
ROW_LABEL = 120
HEADER = 34
CELL_HEIGHT = 34
MIN_CELL = 84
CHAR = 8  # px per character of a (bold) column label, roughly
LOW = (247, 249, 252)  # the colour of 0
HIGH = (31, 78, 153)  # the colour of the column's top value
SCORE_COLUMN = "coverage score"
# workflow diagrams
BOX_WIDTH = 124
BOX_HEIGHT = 58
GAP = 38
PAD = 12


@dataclass(frozen=True)
class Label:
    """A text at (x, y) with its anchor (start, middle, end)."""

    x: int
    y: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Cell:
    """One process × column cell: its box, fill, the ink that reads on it, its number."""

    x: int
    y: int
    width: int
    height: int
    fill: str
    ink: str
    text: str
    title: str  # "Recover × team:Ops: 0.9 practice-equivalents"


@dataclass(frozen=True)
class Heatmap:
    """The process × (score, team, framework) grid."""

    width: int
    height: int
    labels: tuple[Label, ...]
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class StepBox:
    """One step of a workflow: covered or not, with its process's score."""

    x: int
    y: int
    width: int
    height: int
    index: int
    verb: str
    covered: bool
    mark: str  # the text that says covered or not
    title: str


@dataclass(frozen=True)
class Flow:
    """One workflow: its steps left to right with an arrow between each two."""

    key: str  # the workflow's IRI's last segment
    label: str
    call_type: str
    width: int
    height: int
    boxes: tuple[StepBox, ...]
    arrows: tuple[str, ...]  # SVG path data of each arrow's line
    heads: tuple[str, ...]  # SVG polygon points of each arrow's head


def _luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance."""
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def shade(intensity: float) -> tuple[str, str]:
    """The fill for *intensity* (0-1) and the ink (black or white) with the more contrast."""
    t = min(1.0, max(0.0, intensity))
    rgb = (
        round(LOW[0] + (HIGH[0] - LOW[0]) * t),
        round(LOW[1] + (HIGH[1] - LOW[1]) * t),
        round(LOW[2] + (HIGH[2] - LOW[2]) * t),
    )
    lum = _luminance(rgb)
    ink = "#111111" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"
    return "#{:02x}{:02x}{:02x}".format(*rgb), ink


def _columns(found: Coverage) -> list[tuple[str, list[float], float, str]]:
    """(label, values per process, the value drawn darkest, unit) per column."""
    scores = [p.score for p in found.processes]
    columns = [(SCORE_COLUMN, scores, 100.0, "of 100")]
    for n, name in enumerate(found.columns):
        values = [row.cells[n] for row in found.matrix]
        columns.append((name, values, max([1.0, *values]), "practice-equivalents"))
    return columns


def heatmap(found: Coverage) -> Heatmap:
    """The grid of *found*: a row per process.

    A column for the score (0-100), then one per team and framework of the matrix. A cell's
    colour is its value over the column's top (the score's top is 100; a team's or
    framework's top is the larger of 1 practice-equivalent and its largest value).
    """
    columns = _columns(found)
    widths = [max(MIN_CELL, CHAR * len(name) + 24) for name, *_ in columns]
    lefts = list(itertools.accumulate([ROW_LABEL, *widths]))
    labels = [
        Label(left + width // 2, HEADER - 12, name, "middle")
        for left, width, (name, *_) in zip(lefts, widths, columns, strict=False)
    ]
    cells = []
    for row, process in enumerate(found.processes):
        top = HEADER + row * CELL_HEIGHT
        labels.append(Label(ROW_LABEL - 10, top + CELL_HEIGHT // 2 + 5, process.verb, "end"))
        for left, width, (name, values, scale, unit) in zip(lefts, widths, columns, strict=False):
            value = values[row]
            fill, ink = shade(value / scale)
            text = f"{value:.1f}" if name == SCORE_COLUMN else f"{value:g}"
            title = f"{process.verb} × {name}: {text} {unit}"
            cells.append(Cell(left, top, width, CELL_HEIGHT, fill, ink, text, title))
    return Heatmap(
        lefts[-1] + 2, HEADER + CELL_HEIGHT * len(found.processes) + 2, tuple(labels), tuple(cells)
    )


def flow(workflow: WorkflowCoverage) -> Flow:
    """The diagram of *workflow*: a box per step, covered or not, in order."""
    boxes = []
    for n, step in enumerate(workflow.steps):
        mark = f"✓ covered {step.score:.1f}" if step.covered else "✗ uncovered"
        state = "covered" if step.covered else "not covered: no local practice"
        boxes.append(
            StepBox(
                PAD + n * (BOX_WIDTH + GAP),
                PAD,
                BOX_WIDTH,
                BOX_HEIGHT,
                step.index,
                step.verb,
                step.covered,
                mark,
                f"step {step.index}: {step.verb}, {state} (score {step.score:.1f})",
            )
        )
    arrows, heads = [], []
    for a, b in itertools.pairwise(boxes):
        y = a.y + a.height // 2
        start, end = a.x + a.width, b.x - 1
        arrows.append(f"M{start},{y} H{end - 8}")
        heads.append(f"{end - 9},{y - 5} {end},{y} {end - 9},{y + 5}")
    return Flow(
        workflow.workflow.rsplit("/", 1)[-1],
        workflow.label,
        workflow.call_type.rsplit("/", 1)[-1],
        PAD * 2 + max(1, len(boxes)) * (BOX_WIDTH + GAP) - GAP,
        PAD * 2 + BOX_HEIGHT,
        tuple(boxes),
        tuple(arrows),
        tuple(heads),
    )
