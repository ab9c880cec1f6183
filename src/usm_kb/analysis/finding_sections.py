"""Conflicts, separation, compare, backlog and what-if as titled tables (:class:`Section`).

The same shapes as :mod:`usm_kb.analysis.sections`: a summary line and a list of sections,
which the CLI prints and a report renders.
"""

from __future__ import annotations

from usm_kb.analysis.backlog import Backlog
from usm_kb.analysis.conflicts import Conflicts
from usm_kb.analysis.facts import short
from usm_kb.analysis.sections import Section
from usm_kb.analysis.separation import Separation
from usm_kb.analysis.versus import WorkspaceComparison
from usm_kb.analysis.whatif import WhatIf


def conflicts_sections(found: Conflicts) -> tuple[str, list[Section]]:
    """A summary line, the conflicts and the rules checked."""
    shacl = "with" if found.shacl else "without"
    summary = (
        f"workspace {found.workspace}: {len(found.conflicts)} conflicts "
        f"({shacl} the SHACL findings on mapping rows)"
    )
    return summary, [
        Section(
            "Conflicts",
            ("severity", "code", "practices", "processes", "finding"),
            tuple(
                (
                    c.severity,
                    c.code,
                    ", ".join(c.practices),
                    ", ".join(short(p) for p in c.processes),
                    c.message,
                )
                for c in found.conflicts
            ),
            "no conflict found",
        ),
        Section(
            "Rules",
            ("code", "severity", "finds"),
            tuple((r.code, r.severity, r.explanation) for r in found.rules),
            "no rules",
        ),
    ]


def separation_sections(found: Separation) -> tuple[str, list[Section]]:
    """A summary line, the findings and every team's work per sub-domain."""
    summary = f"workspace {found.workspace}: {len(found.findings)} domain-separation findings"
    return summary, [
        Section(
            "Domain-separation findings",
            ("severity", "code", "team", "finding"),
            tuple((f.severity, f.code, f.team, f.message) for f in found.findings),
            "no domain-separation finding",
        ),
        Section(
            "Teams by sub-domain (the KB's interpretation: docs/analysis.md)",
            ("team", "declared", "specifying work", "realizing work", "practices"),
            tuple(
                (
                    t.team,
                    t.domain or "-",
                    ", ".join(t.specify),
                    ", ".join(t.realize),
                    ", ".join(t.practices),
                )
                for t in found.teams
            ),
            "no teams in the organisation model or the catalogue",
        ),
    ]


def compare_sections(found: WorkspaceComparison) -> tuple[str, list[Section]]:
    """A summary line and one ranked table per framework."""
    summary = f"workspace {found.workspace}: " + "; ".join(
        f"{c.total} pairs with {c.framework_b} scoring at least {found.min_score:g}"
        + (f" (the best {len(c.pairs)} shown; --limit)" if len(c.pairs) < c.total else "")
        for c in found.crosswalks
    )
    return summary, [
        Section(
            f"{c.framework_a} ↔ {c.framework_b} through the USM hub",
            (
                "score",
                "local",
                "local name",
                c.framework_b,
                f"{c.framework_b} name",
                "shared processes (relation share)",
            ),
            tuple(
                (
                    f"{p.score:.1f}",
                    p.id_a,
                    p.label_a,
                    p.id_b,
                    p.label_b,
                    "; ".join(f"{s.describe()} → {s.contribution:g}" for s in p.processes),
                )
                for p in c.pairs
            ),
            "no pair reaches the minimum score",
        )
        for c in found.crosswalks
    ]


def backlog_sections(found: Backlog) -> tuple[str, list[Section]]:
    """A summary line and the ranked backlog."""
    summary = f"workspace {found.workspace}: {len(found.items)} backlog items"
    return summary, [
        Section(
            "Improvement backlog (priority = 10 × workflows + shortfall + severity)",
            ("rank", "priority", "kind", "severity", "processes", "finding", "action"),
            tuple(
                (
                    str(i.rank),
                    f"{i.priority:g}",
                    i.kind,
                    i.severity,
                    ", ".join(i.processes),
                    i.finding,
                    i.action,
                )
                for i in found.items
            ),
            "nothing to improve: no gap, overlap or conflict",
        )
    ]


def what_if_sections(found: WhatIf) -> tuple[str, list[Section]]:
    """A summary line, the score deltas and the overlaps and conflicts that come and go."""
    change = ", ".join([f"add {p}" for p in found.added] + [f"retire {p}" for p in found.retired])
    summary = (
        f"workspace {found.workspace} ({change}): coverage {found.score_before:.1f} → "
        f"{found.score_after:.1f}; nothing was written"
    )
    changes = [
        *(("overlap", "added", x) for x in found.overlaps_added),
        *(("overlap", "removed", x) for x in found.overlaps_removed),
        *(("conflict", "added", x) for x in found.conflicts_added),
        *(("conflict", "removed", x) for x in found.conflicts_removed),
    ]
    return summary, [
        Section(
            "Coverage per process",
            ("process", "before", "after", "delta"),
            tuple(
                (p.verb, f"{p.before:.1f}", f"{p.after:.1f}", f"{p.delta:+.1f}")
                for p in found.processes
            ),
            "no processes",
        ),
        Section(
            "Overlaps and conflicts that come or go",
            ("what", "change", "finding"),
            tuple(changes),
            "no overlap or conflict comes or goes",
        ),
    ]
