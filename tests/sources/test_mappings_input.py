"""Bad catalogue / SSSOM input is refused with file:row, and the last good KB stays."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from usm_kb.build.artefact import ARTEFACT
from usm_kb.build.pipeline import compile_kb
from usm_kb.errors import DataError

Edit = Callable[[str], str]


def cell(column: int, value: str, row: int = 1) -> Edit:
    """Replace one cell of the n-th data row of a TSV text."""

    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        start = next(i for i, line in enumerate(lines) if not line.startswith("#")) + row
        cells = lines[start].rstrip("\n").split("\t")
        cells[column] = value
        lines[start] = "\t".join(cells) + "\n"
        return "".join(lines)

    return edit


def duplicate_first_row(text: str) -> str:
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if not line.startswith("#")) + 1
    return "".join([*lines[: start + 1], lines[start], *lines[start + 1 :]])


def _truncate_first_row(text: str) -> str:
    """Cut the first data row after its fourth cell."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if not line.startswith("#")) + 1
    lines[start] = "\t".join(lines[start].split("\t")[:4]) + "\n"
    return "".join(lines)


def drop_column(name: str) -> Edit:
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        index = lines[start].rstrip("\n").split("\t").index(name)
        body = [
            "\t".join(c for i, c in enumerate(line.rstrip("\n").split("\t")) if i != index) + "\n"
            for line in lines[start:]
        ]
        return "".join(lines[:start] + body)

    return edit


# column indexes: 0 subject_id, 4 object_id, 7 confidence, 12 see_also, 13 relation, 14 rationale,
# 15 share, 16 evidence, 17 source
TSV_CASES = [
    ("unknown-practice", cell(0, "kanban:X-KAN-99"), r":\d+: unknown practice 'kanban:X-KAN-99'"),
    ("unknown-target", cell(4, "usmp:deliver"), r":\d+: unknown USM target 'usmp:deliver'"),
    ("relation-outside-vocabulary", cell(13, "overlaps"), r":\d+: relation 'overlaps' is not"),
    ("share-above-100", cell(15, "101"), r":\d+: share '101' must be an integer from 0 to 100"),
    ("share-negative", cell(15, "-1"), r":\d+: share '-1'"),
    (
        "subset-without-whole-share",
        lambda t: cell(13, "subset")(cell(2, "skos:broadMatch")(t)),
        r":\d+: a subset row says the whole practice lies in its target: share must be 100",
    ),
    (
        "not-related-with-share",
        lambda t: cell(13, "not_related")(cell(3, "Not")(t)),
        r":\d+: a not_related row places nothing, so its share must be 0",
    ),
    ("shares-do-not-add-up", cell(15, "50"), r":\d+: the shares of X-KAN-1 add up to \d+, not 100"),
    ("confidence-above-1", cell(7, "1.5"), r":\d+: confidence '1.5' must be a number"),
    ("source-not-url", cell(17, "see the book"), r":\d+: source 'see the book' is not"),
    (
        "derived-cites-usm-page",
        cell(17, "https://usmwiki.com/index.php/The_managed_infrastructure"),
        r":\d+: a derived row may not cite the USM page https://usmwiki\.com/\S+ as its source",
    ),
    (
        "published-on-partner-site",
        lambda t: cell(17, "https://usm.gr/knowledge-base")(cell(16, "published")(t)),
        r":\d+: a published row needs a source on a USM-owned site",
    ),
    (
        "see-also-on-copy-host",
        cell(12, "https://www.scribd.com/document/1/x|https://usmwiki.com/index.php/Failure"),
        r":\d+: https://www\.scribd\.com/document/1/x is a copy on scribd\.com",
    ),
    ("no-provenance", cell(12, ""), r":\d+: a row without a source must list what it was derived"),
    (
        "activity-onto-a-profile",
        cell(4, "profile:operator"),
        r":\d+: kanban:X-KAN-1: an activity maps onto a usm:Process, and \S+/profile/operator is",
    ),
    ("duplicate-row", duplicate_first_row, r":\d+: duplicate row for \(kanban:X-KAN-1, "),
    ("missing-column", drop_column("relation"), r":\d+: missing required column\(s\): relation"),
    (
        "broken-yaml-header",
        lambda t: t.replace("# curie_map:", "# curie_map: [", 1),
        r":\d+: YAML syntax error",
    ),
    (
        "header-without-license",
        lambda t: re.sub(r"(?m)^# license: .*\n", "", t),
        r":1: metadata header lacks: license",
    ),
    (
        "cell-beyond-the-csv-field-limit",
        cell(14, "x" * 200_000),
        r":\d+: a cell is larger than 128 KiB",
    ),
    (
        "row-with-too-few-cells",
        _truncate_first_row,
        r":\d+: the row has \d+ cells, the header names \d+",
    ),
    (
        "row-with-too-many-cells",
        cell(17, "https://kanban.university/\textra"),
        r":\d+: the row has \d+ cells, the header names \d+",
    ),
    (
        "nul-byte-in-a-cell",
        cell(14, "before\x00after"),
        r":\d+: rationale contains a control character",
    ),
    (
        "extension-definitions-not-a-list",
        lambda t: re.sub(
            r"(?ms)^# extension_definitions:\n(?:#  .*?\n)+", "# extension_definitions: 5\n", t
        ),
        r":1: extension_definitions must be a list of slot definitions",
    ),
    (
        "curie-map-nested-too-deep",
        lambda t: t.replace(
            "# curie_map:", "# deep: " + "[" * 100 + "]" * 100 + "\n# curie_map:", 1
        ),
        r":1: YAML nested more than 64 levels deep",
    ),
    (
        "predicate-contradicts-relation",
        cell(2, "skos:exactMatch"),
        r":\d+: predicate skos:exactMatch\s+does not match relation",
    ),
]


@pytest.mark.parametrize(("name", "edit", "pattern"), TSV_CASES, ids=[c[0] for c in TSV_CASES])
def test_bad_mapping_set_is_refused_with_row(
    compiled_copy: tuple[Path, Path], name: str, edit: Edit, pattern: str
) -> None:
    root, cache = compiled_copy
    before = (cache / ARTEFACT).read_bytes()
    tsv = root / "mappings" / "kanban" / "kanban-usm.sssom.tsv"
    tsv.write_text(edit(tsv.read_text()))
    with pytest.raises(DataError, match=pattern) as info:
        compile_kb(root, cache, reason=False)
    assert str(info.value).startswith(str(tsv))
    assert (cache / ARTEFACT).read_bytes() == before


def test_error_row_number_points_at_the_bad_line(small_root: Path, tmp_path: Path) -> None:
    tsv = small_root / "mappings" / "kanban" / "kanban-usm.sssom.tsv"
    tsv.write_text(cell(13, "overlaps", row=3)(tsv.read_text()))
    with pytest.raises(DataError) as info:
        compile_kb(small_root, tmp_path, reason=False)
    line = info.value.line
    assert line is not None
    assert "overlaps" in tsv.read_text().splitlines()[line - 1]


CATALOG_CASES = [
    (
        "missing-name",
        lambda t: t.replace("name: Limit WIP", "name: ''", 1),
        r"catalog\.yaml:\d+: practice: missing required field 'name'",
    ),
    (
        "duplicate-id",
        lambda t: t.replace("id: X-KAN-2", "id: X-KAN-1", 1),
        r"catalog\.yaml:\d+: practice 'X-KAN-1': duplicate id",
    ),
    (
        "bad-url",
        lambda t: t.replace("source: https://", "source: ftp://", 1),
        r"catalog\.yaml:\d+: .*not an http\(s\) URL",
    ),
    (
        "unknown-kind",
        lambda t: t.replace("kind: activity", "kind: team", 1),
        r"catalog\.yaml:\d+: practice 'X-KAN-1': kind 'team' is not one of activity, role, body",
    ),
    (
        "broken-yaml",
        lambda t: t.replace("practices:", "practices: [", 1),
        r"catalog\.yaml:\d+: YAML syntax error",
    ),
    (
        "misspelt-field",  # only possible since line numbers no longer live in the data
        lambda t: t.replace("    name: Limit WIP", "    name: Limit WIP\n    descripton: typo", 1),
        r"catalog\.yaml:\d+: practice: unknown field 'descripton' \(allowed: id, name, group",
    ),
    (
        "duplicate-key",
        lambda t: t.replace("    name: Limit WIP", "    name: Limit WIP\n    name: Other", 1),
        r"catalog\.yaml:\d+: YAML syntax error",
    ),
    (
        "unmapped-practice",
        lambda t: (
            t
            + (
                "  - id: X-KAN-7\n    name: New practice\n    group: Kanban core practice\n"
                "    kind: activity\n"
                "    description: A practice that no mapping row mentions.\n"
                "    source: https://example.org/kanban\n"
            )
        ),
        r"kanban-usm\.sssom\.tsv: practices without any mapping row: X-KAN-7",
    ),
]


@pytest.mark.parametrize(
    ("name", "edit", "pattern"), CATALOG_CASES, ids=[c[0] for c in CATALOG_CASES]
)
def test_bad_catalogue_is_refused(
    small_root: Path, tmp_path: Path, name: str, edit: Edit, pattern: str
) -> None:
    catalog = small_root / "mappings" / "kanban" / "catalog.yaml"
    catalog.write_text(edit(catalog.read_text()))
    with pytest.raises(DataError, match=pattern):
        compile_kb(small_root, tmp_path, reason=False)


def test_long_description_of_proprietary_framework_is_refused(
    shipped_root: Path, tmp_path: Path
) -> None:
    from conftest import copy_root

    root = copy_root(shipped_root, tmp_path / "data", frameworks=("verism",))
    catalog = root / "mappings" / "verism" / "catalog.yaml"
    text = catalog.read_text()
    first = re.search(r"(?m)^    description: (.*)$", text)
    assert first is not None
    catalog.write_text(text.replace(first.group(0), "    description: " + "x" * 201, 1))
    with pytest.raises(DataError, match=r"has 201 characters; proprietary frameworks allow"):
        compile_kb(root, tmp_path / "out", reason=False)
