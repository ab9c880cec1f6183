"""Which analyses a report holds, in order, and running them into a :class:`Report`.

Adding an analysis to the report is one builder function and one line in :data:`PARTS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from usm_kb.analysis.backlog import backlog
from usm_kb.analysis.conflicts import conflicts
from usm_kb.analysis.finding_sections import (
    backlog_sections,
    conflicts_sections,
    separation_sections,
)
from usm_kb.analysis.sections import coverage_sections, gaps_sections, overlap_sections
from usm_kb.analysis.separation import separation
from usm_kb.analysis.service import coverage, gaps, overlap
from usm_kb.reports.model import Part, Report
from usm_kb.store import KnowledgeBase

# A part builder runs one analysis on the KB (with the workspace compiled beside it) for the
# frameworks compared with, and returns it as a titled part.
PartBuilder = Callable[[KnowledgeBase, tuple[str, ...]], Part]


def coverage_part(kb: KnowledgeBase, against: tuple[str, ...]) -> Part:
    """``analyze coverage``: also the heatmap and the workflow diagrams."""
    found = coverage(kb, against)
    summary, sections = coverage_sections(found)
    return Part("coverage", "Coverage", summary, tuple(sections), found)


def gaps_part(kb: KnowledgeBase, against: tuple[str, ...]) -> Part:
    """``analyze gaps``."""
    found = gaps(kb, against)
    summary, sections = gaps_sections(found)
    return Part("gaps", "Gaps", summary, tuple(sections), found)


def overlap_part(kb: KnowledgeBase, against: tuple[str, ...]) -> Part:
    """``analyze overlap``: with frameworks, also the processes they over-determine."""
    found = overlap(kb, against)
    summary, sections = overlap_sections(found)
    return Part("overlap", "Overlap", summary, tuple(sections), found)


def conflicts_part(kb: KnowledgeBase, against: tuple[str, ...]) -> Part:
    """``analyze conflicts`` (the modelling rules; the SHACL findings need ``--shacl``)."""
    found = conflicts(kb)
    summary, sections = conflicts_sections(found)
    return Part("conflicts", "Conflicts", summary, tuple(sections), found)


def separation_part(kb: KnowledgeBase, against: tuple[str, ...]) -> Part:
    """``analyze separation``."""
    found = separation(kb)
    summary, sections = separation_sections(found)
    return Part("separation", "Domain separation", summary, tuple(sections), found)


def backlog_part(kb: KnowledgeBase, against: tuple[str, ...]) -> Part:
    """``analyze backlog``: gaps, overlaps and conflicts ranked into improvement items."""
    found = backlog(kb)
    summary, sections = backlog_sections(found)
    return Part("backlog", "Improvement backlog", summary, tuple(sections), found)


# The report's parts, in order: (title shown while it runs, builder).
PARTS: tuple[tuple[str, PartBuilder], ...] = (
    ("coverage", coverage_part),
    ("gaps", gaps_part),
    ("overlap", overlap_part),
    ("conflicts", conflicts_part),
    ("separation", separation_part),
    ("backlog", backlog_part),
)


def now() -> str:
    """The current time as ISO 8601 UTC text to the minute."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


def compose(
    kb: KnowledgeBase,
    workspace: str,
    against: Sequence[str] = (),
    *,
    step: Callable[[str], None] | None = None,
    parts: Sequence[tuple[str, PartBuilder]] = PARTS,
) -> Report:
    """Run every part of *parts* on *kb* into a report on *workspace* (its name).

    *step* is called with a part's name before it runs (a progress bar's hook).
    """
    chosen = tuple(dict.fromkeys(against))
    built = []
    for name, build in parts:
        if step is not None:
            step(name)
        built.append(build(kb, chosen))
    return Report(f"Report: {workspace}", workspace, now(), chosen, tuple(built))


def single(part: Part, workspace: str, against: Sequence[str] = ()) -> Report:
    """A report of one analysis (``analyze KIND --format html|xlsx``)."""
    title = f"{part.title}: {workspace}"
    return Report(title, workspace, now(), tuple(dict.fromkeys(against)), (part,))
