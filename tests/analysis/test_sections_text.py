"""The plain-text tables of ``usm-kb analyze``: aligned, and not padded to a giant cell."""

from __future__ import annotations

from usm_kb.analysis.sections import PAD_CAP, Section, as_text


def test_columns_are_aligned() -> None:
    section = Section("Gaps", ("process", "note"), (("Agree", "none"), ("Recover", "x")), "-")
    lines = as_text("summary", [section]).splitlines()
    assert lines[3:] == ["  process  note", "  Agree    none", "  Recover  x"]


def test_one_giant_cell_does_not_pad_every_row() -> None:
    """At 100k practices an overlap row lists thousands of ids; padding each of the other
    rows to it made ``analyze backlog`` need 3 GiB."""
    giant = "P-1, " * 20_000
    rows = (("overlap", giant), *(("gap", f"P-{n}") for n in range(2_000)))
    text = as_text("summary", [Section("Backlog", ("kind", "subject"), rows, "-")])
    assert giant.rstrip() in text
    assert len(text) < len(giant) + 2_000 * (PAD_CAP + 20)  # not 2,000 × the giant cell
