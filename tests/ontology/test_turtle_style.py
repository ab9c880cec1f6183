"""Hand-edited Turtle follows one canonical layout, so diffs stay readable.

Rules: @prefix lines first, sorted, each prefix used; one block per subject (a subject is
never described in two places); 4-space indentation; no tabs or trailing spaces; a final
newline.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from usm_kb.data_root import default_data_root

ROOT = default_data_root()
FILES = sorted((ROOT / "ontology").rglob("*.ttl"))
SUBJECT = re.compile(r"^([A-Za-z][\w-]*:[\w.-]*|<[^>]+>)\s")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_turtle_layout(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n\n")
    lines = text.splitlines()
    assert not [n for n, line in enumerate(lines, 1) if line != line.rstrip()], "trailing space"
    assert "\t" not in text
    prefixes = [line for line in lines if line.startswith("@prefix")]
    names = [line.split()[1] for line in prefixes]
    assert names == sorted(names), "sort the @prefix lines"
    body = "\n".join(line for line in lines if not line.startswith(("@prefix", "#")))
    unused = [n for n in names if not re.search(rf"(?<![\w-]){re.escape(n)}", body)]
    assert unused == [], f"unused prefixes {unused}"
    subjects = [m.group(1) for line in lines if (m := SUBJECT.match(line))]
    repeated = sorted({s for s in subjects if subjects.count(s) > 1})
    assert repeated == [], f"subjects described in more than one block: {repeated[:5]}"
    indents = {len(line) - len(line.lstrip(" ")) for line in lines if line.startswith(" ")}
    assert all(i % 4 == 0 for i in indents), f"indentation must be multiples of 4: {indents}"
