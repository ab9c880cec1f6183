"""The geometry of a workflow diagram: one lane per process, one box per step, arrows between.

Pure layout (numbers and labels), so the template only draws it and a test can check it. A
step whose evidence is ``reconstructed`` is drawn dashed, and the legend says why.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

LABEL_WIDTH = 120
COLUMN = 150
BOX_WIDTH = 118
BOX_HEIGHT = 40
LANE = 60
TOP = 10
MARGIN = 20


@dataclass(frozen=True)
class Lane:
    """One process lane."""

    iri: str
    label: str
    y: int
    height: int


@dataclass(frozen=True)
class Box:
    """One step."""

    iri: str
    index: int
    label: str
    x: int
    y: int
    width: int
    height: int
    reconstructed: bool


@dataclass(frozen=True)
class Arrow:
    """From one step to the next, as an SVG path (elbow when the lane changes)."""

    path: str


@dataclass(frozen=True)
class Diagram:
    """The whole picture."""

    width: int
    height: int
    lanes: tuple[Lane, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]


@dataclass(frozen=True)
class StepPlace:
    """What the layout needs of a step: which lane it runs in."""

    iri: str
    index: int
    lane: str  # the process IRI
    label: str
    reconstructed: bool


def layout(lanes: list[tuple[str, str]], steps: list[StepPlace]) -> Diagram:
    """Lay out *steps* (in order) over *lanes* ((process IRI, label), top to bottom)."""
    lane_y = {iri: TOP + n * LANE for n, (iri, _) in enumerate(lanes)}
    boxes = []
    for n, step in enumerate(steps):
        x = LABEL_WIDTH + MARGIN + n * COLUMN
        y = lane_y[step.lane] + (LANE - BOX_HEIGHT) // 2
        boxes.append(
            Box(step.iri, step.index, step.label, x, y, BOX_WIDTH, BOX_HEIGHT, step.reconstructed)
        )
    arrows = []
    for a, b in itertools.pairwise(boxes):
        x1, y1 = a.x + a.width, a.y + a.height // 2
        x2, y2 = b.x, b.y + b.height // 2
        if y1 == y2:
            arrows.append(Arrow(f"M{x1},{y1} H{x2 - 2}"))
        else:
            mid = (x1 + x2) // 2
            arrows.append(Arrow(f"M{x1},{y1} H{mid} V{y2} H{x2 - 2}"))
    width = LABEL_WIDTH + MARGIN + max(1, len(steps)) * COLUMN
    height = TOP * 2 + LANE * len(lanes)
    return Diagram(
        width,
        height,
        tuple(Lane(iri, label, lane_y[iri], LANE) for iri, label in lanes),
        tuple(boxes),
        tuple(arrows),
    )
