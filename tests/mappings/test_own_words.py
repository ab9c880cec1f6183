"""Catalogue descriptions are our own words, and sources are the owners' pages, not copies.

Two data checks over ``mappings/*/catalog.yaml`` and ``mappings/*/*-usm.sssom.tsv``:

1. No practice or framework ``description`` shares a normalised 5-word shingle with the team's
   private research notes (``../shared/reference/*.md``, ``../shared/seed/*.md``). The notes are
   not in the repository; ``tests/data/reference-notes-5grams.txt`` holds truncated SHA-256 hashes
   of their shingles (regenerate with ``python tests/tools/fingerprint_notes.py``).
2. No catalogue ``source``/``homepage`` and no SSSOM ``source`` or ``see_also`` entry points at
   a host known to carry unauthorised copies of copyrighted works (or the third-party summaries
   the knowledge review named).

Each check also has cases that prove it can fail. Apart from the copy-host list, which is
vocabulary and lives in ``usm_kb.vocab``, only the standard library, ``yaml`` and ``pytest``.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from usm_kb.vocab import COPY_HOSTS, copy_host

REPO = Path(__file__).resolve().parents[2]
MAPPINGS = REPO / "mappings"
FINGERPRINTS = REPO / "tests" / "data" / "reference-notes-5grams.txt"
TOOL = REPO / "tests" / "tools" / "fingerprint_notes.py"
SHARED = REPO.parent / "shared"
SHINGLE = 5

# The copy hosts are the project's vocabulary (usm_kb.vocab.COPY_HOSTS, shared with the SHACL
# shape shape:CopyHostSourceShape); these checks apply them to the hand-edited files directly.
BLOCKED_HOSTS = COPY_HOSTS
blocked_host = copy_host


# --- normalisation: must match tests/tools/fingerprint_notes.py --------------------------------


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def shingles(text: str, size: int = SHINGLE) -> list[str]:
    tokens = words(text)
    return [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]


def fingerprint(shingle: str) -> str:
    return hashlib.sha256(shingle.encode("utf-8")).hexdigest()[:16]


def copied_shingles(text: str, known: set[str]) -> list[str]:
    """The shingles of ``text`` whose fingerprint is in ``known`` (in text order, no repeats)."""
    found: list[str] = []
    for shingle in shingles(text):
        if fingerprint(shingle) in known and shingle not in found:
            found.append(shingle)
    return found


# --- the shipped data ---------------------------------------------------------------------------


def catalogues() -> list[Path]:
    return sorted(MAPPINGS.glob("*/catalog.yaml"))


def mapping_sets() -> list[Path]:
    return sorted(MAPPINGS.glob("*/*-usm.sssom.tsv"))


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def descriptions(path: Path) -> Iterator[tuple[str, str]]:
    """(where, description) for the framework and each practice of one catalogue."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    yield "framework", str(data["framework"]["description"])
    for practice in data["practices"]:
        yield f"practice {practice['id']}", str(practice["description"])


def catalogue_urls(path: Path) -> Iterator[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("homepage", "source"):
        if data["framework"].get(key):
            yield f"framework {key}", str(data["framework"][key])
    for practice in data["practices"]:
        yield f"practice {practice['id']} source", str(practice["source"])


def sssom_sources(path: Path) -> Iterator[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    table = csv.DictReader(io.StringIO("".join(lines[start:])), delimiter="\t")
    for offset, row in enumerate(table, start=start + 2):  # +1 header, +1 one-based
        where = f"line {offset} ({row['subject_id']} -> {row['object_id']})"
        for url in [row["source"], *row.get("see_also", "").split("|")]:
            if url:
                yield where, url


@pytest.fixture(scope="module")
def note_fingerprints() -> set[str]:
    return set(FINGERPRINTS.read_text(encoding="ascii").split())


def live_notes() -> list[Path]:
    return sorted([*SHARED.glob("reference/*.md"), *SHARED.glob("seed/*.md")])


# --- check 1: own words -------------------------------------------------------------------------


def test_fingerprint_file_is_sorted_unique_truncated_sha256() -> None:
    lines = FINGERPRINTS.read_text(encoding="ascii").splitlines()
    assert len(lines) > 10_000, "fingerprint file looks empty; regenerate it"
    assert lines == sorted(set(lines))
    assert all(re.fullmatch(r"[0-9a-f]{16}", line) for line in lines)


def test_the_generator_normalises_like_this_test() -> None:
    spec = importlib.util.spec_from_file_location("fingerprint_notes", TOOL)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    sample = "Service-level (SLA) targets: Agree/Change, 5 processes; ÉÉN  call\ntype!"
    assert list(tool.shingles(sample)) == shingles(sample)
    assert [tool.fingerprint(s) for s in shingles(sample)] == [
        fingerprint(s) for s in shingles(sample)
    ]


def test_no_description_shares_a_5_word_shingle_with_the_notes(
    note_fingerprints: set[str],
) -> None:
    problems = [
        f"{rel(path)}: {where}: {shingle!r}"
        for path in catalogues()
        for where, text in descriptions(path)
        for shingle in copied_shingles(text, note_fingerprints)
    ]
    assert problems == [], (
        "descriptions share 5-word runs with the research notes; rewrite them in own words:\n"
        + "\n".join(problems)
    )


def test_every_catalogue_is_checked() -> None:
    found = {path.parent.name for path in catalogues()}
    assert len(found) == 14, found
    assert sum(1 for path in catalogues() for _ in descriptions(path)) >= 14 + 264


# Sentences copied from the notes: one from the seed text, and three research-note one-liners
# that used to be catalogue descriptions. The checker must flag each one, also when it is
# embedded in otherwise own words or written in another case and punctuation.
COPIED = [
    ("seed", "USM is a generic management method for all service organizations."),
    ("note-itil3-f1", "Single point of contact for users."),
    ("note-lss-5why", 'Ask "why" repeatedly to move from symptom to cause.'),
    ("note-kan-1", "Make work items and their states visible on a board."),
    ("embedded", "In USM terms this practice helps: make WORK items and their states visible."),
]


@pytest.mark.parametrize(("name", "text"), COPIED, ids=[c[0] for c in COPIED])
def test_checker_flags_text_copied_from_the_notes(
    note_fingerprints: set[str], name: str, text: str
) -> None:
    assert copied_shingles(text, note_fingerprints), name


OWN = [
    "Paints the lobby walls a fresh colour every spring, whatever the budget says.",
    "Four words only here.",
]


@pytest.mark.parametrize("text", OWN)
def test_checker_passes_own_words(note_fingerprints: set[str], text: str) -> None:
    assert copied_shingles(text, note_fingerprints) == []


@pytest.mark.skipif(not live_notes(), reason="../shared notes are not present (clean clone)")
def test_descriptions_are_clean_against_the_live_notes_too() -> None:
    """When the notes are at hand, check against them directly (catches a stale hash file)."""
    live = {fingerprint(s) for path in live_notes() for s in shingles(path.read_text("utf-8"))}
    problems = [
        f"{rel(path)}: {where}: {shingle!r}"
        for path in catalogues()
        for where, text in descriptions(path)
        for shingle in copied_shingles(text, live)
    ]
    assert problems == [], "\n".join(problems)
    # and the checker still bites on real note text: a long line of every note file is flagged
    for note in live_notes():
        line = max(note.read_text("utf-8").splitlines(), key=lambda s: len(words(s)))
        assert copied_shingles(line, live), note.name


# --- check 2: sources are the owners' pages -----------------------------------------------------


def test_no_catalogue_url_is_on_a_copy_host() -> None:
    problems = [
        f"{rel(path)}: {where}: {url} ({BLOCKED_HOSTS[host]})"
        for path in catalogues()
        for where, url in catalogue_urls(path)
        if (host := blocked_host(url))
    ]
    assert problems == [], "\n".join(problems)


def test_no_sssom_source_is_on_a_copy_host() -> None:
    assert len(mapping_sets()) == 14
    problems = [
        f"{rel(path)}: {where}: {url} ({BLOCKED_HOSTS[host]})"
        for path in mapping_sets()
        for where, url in sssom_sources(path)
        if (host := blocked_host(url))
    ]
    assert problems == [], "\n".join(problems)


BLOCKED_URLS = [
    "https://www.scribd.com/document/570161754/Operational-planning-and-control",
    "https://de.scribd.com/document/1/x",
    "https://fdocuments.nl/document/usm-methode.html",
    "http://taitailieu.edu.vn/threads/x.1",
    "https://ebookreading.net/view/book/EB9781787783126_16.html",
    "https://docslib.org/doc/1/x",
    "https://stuvia.com/doc/1063757/x",
    "https://WWW.SlideShare.net/slideshow/x/1",
    "https://foxprism.com/general-management-practices/",
]


@pytest.mark.parametrize("url", BLOCKED_URLS)
def test_blocklist_flags_copy_hosts(url: str) -> None:
    assert blocked_host(url) is not None


OWNER_URLS = [
    "https://www.iso.org/standard/70636.html",
    "https://www.isaca.org/resources/cobit",
    "https://scrumguides.org/scrum-guide.html",
    "https://usm-portal.com/usm-library/?lang=en",
    "https://scribd.com.example.org/",  # a look-alike is not the blocked host
    "https://notscribd.com/",
]


@pytest.mark.parametrize("url", OWNER_URLS)
def test_blocklist_passes_owner_pages(url: str) -> None:
    assert blocked_host(url) is None


def test_the_checks_catch_a_planted_copy(tmp_path: Path, note_fingerprints: set[str]) -> None:
    """End to end on a catalogue file: a copied description and a copy-host source are reported."""
    bad = tmp_path / "catalog.yaml"
    bad.write_text(
        "framework:\n"
        "  description: Own words about a framework.\n"
        "  homepage: https://www.scribd.com/document/1/x\n"
        "practices:\n"
        "  - id: X-1\n"
        "    description: Single point of contact for users.\n"
        "    source: https://example.org/\n",
        encoding="utf-8",
    )
    copied = [w for w, t in descriptions(bad) if copied_shingles(t, note_fingerprints)]
    assert copied == ["practice X-1"]
    assert [w for w, u in catalogue_urls(bad) if blocked_host(u)] == ["framework homepage"]
