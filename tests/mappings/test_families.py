"""The same kind of practice sits in the same USM process across frameworks.

Practice families (problem, incident, change, release and deployment, availability, capacity,
asset and configuration, security, access, service level, supplier, continual improvement,
continuity, service request) across ITIL 4, ITIL v3, COBIT 2019, ISO/IEC 20000 and FitSM: every
member of a family has the family's process as its *primary* placement (the row with the
largest share). A member that differs on purpose is listed in DEVIATIONS with the reason, and
its own row comments must say so too (the listed phrase).

SIAM contributes no member: its elements are ecosystem layers, structural elements (bodies),
roadmap stages and a bundle of process guides spanning all five processes, not practices of
these families.

Read straight from the SSSOM files (no KB), like the other data checks.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]

# family -> (its primary process, members as "framework:practice id")
FAMILIES: dict[str, tuple[str, list[str]]] = {
    "problem": (
        "improve",
        [
            "itil4:ITIL4-5.2.8",
            "itil3:X-V3-SO4",
            "cobit2019:DSS03",
            "iso20000:8.6.3",
            "fitsm:PR10",
        ],
    ),
    "incident": (
        "recover",
        ["itil4:ITIL4-5.2.5", "itil3:X-V3-SO2", "cobit2019:DSS02", "iso20000:8.6.1", "fitsm:PR9"],
    ),
    "service request": (
        "operate",
        [
            "itil4:ITIL4-5.2.16",
            "itil3:X-V3-SO3",
            "cobit2019:DSS02",
            "iso20000:8.6.2",
            "fitsm:PR9",
        ],
    ),
    "change": (
        "change",
        ["itil4:ITIL4-5.2.4", "itil3:X-V3-ST2", "cobit2019:BAI06", "iso20000:8.5.1", "fitsm:PR12"],
    ),
    "release and deployment": (
        "change",
        [
            "itil4:ITIL4-5.2.9",
            "itil4:ITIL4-5.3.1",
            "itil3:X-V3-ST4",
            "cobit2019:BAI07",
            "iso20000:8.5.3",
            "fitsm:PR13",
            "dora:X-DORA-C03",
            "devops:X-DEV-PROG",
        ],
    ),
    "availability": (
        "improve",
        ["itil4:ITIL4-5.2.1", "itil3:X-V3-SD4", "cobit2019:BAI04", "iso20000:8.7.1", "fitsm:PR4"],
    ),
    "capacity": (
        "improve",
        ["itil4:ITIL4-5.2.3", "itil3:X-V3-SD5", "cobit2019:BAI04", "iso20000:8.4.3", "fitsm:PR5"],
    ),
    "continuity": (
        "improve",
        ["itil4:ITIL4-5.2.12", "itil3:X-V3-SD6", "cobit2019:DSS04", "iso20000:8.7.2", "fitsm:PR4"],
    ),
    "asset and configuration": (
        "change",
        [
            "itil4:ITIL4-5.2.6",
            "itil4:ITIL4-5.2.11",
            "itil3:X-V3-ST3",
            "cobit2019:BAI09",
            "cobit2019:BAI10",
            "iso20000:8.2.5",
            "iso20000:8.2.6",
            "fitsm:PR11",
        ],
    ),
    "security management": (
        "improve",
        ["itil4:ITIL4-5.1.3", "itil3:X-V3-SD7", "cobit2019:APO13", "iso20000:8.7.3", "fitsm:PR6"],
    ),
    # granting and withdrawing access and running security services day to day; ITIL 4 and
    # FitSM fold access into their security practices (above), ISO/IEC 20000 into 8.7.3
    "access and security operations": ("operate", ["itil3:X-V3-SO5", "cobit2019:DSS05"]),
    "service level": (
        "agree",
        ["itil4:ITIL4-5.2.15", "itil3:X-V3-SD3", "cobit2019:APO09", "iso20000:8.3.3", "fitsm:PR2"],
    ),
    "supplier": (
        "agree",
        ["itil4:ITIL4-5.1.13", "itil3:X-V3-SD8", "cobit2019:APO10", "iso20000:8.3.4", "fitsm:PR8"],
    ),
    "continual improvement": (
        "improve",
        [
            "itil4:ITIL4-5.1.2",
            "itil3:X-V3-CSI1",
            "cobit2019:APO11",  # COBIT keeps continuous improvement under managed quality
            "iso20000:10.2",
            "fitsm:PR14",
            "fitsm:GR7",
        ],
    ),
}

# (family, member) -> (the member's primary processes, why, a phrase of its row comments)
DEVIATIONS: dict[tuple[str, str], tuple[set[str], str, str]] = {
    ("service request", "cobit2019:DSS02"): (
        {"recover"},
        "one objective for requests and incidents; incidents are the larger part",
        "also covers service requests",
    ),
    ("service request", "fitsm:PR9"): (
        {"recover"},
        "one process for incidents and requests; incidents are the larger part",
        "also covers service requests",
    ),
    ("release and deployment", "itil4:ITIL4-5.3.1"): (
        {"change", "operate"},
        "the USM book lists deployment management under both CHM and OPS (disputed), so the "
        "two placements have equal shares",
        "sources disagree",
    ),
}


def read_rows() -> dict[str, list[dict[str, str]]]:
    """Placing rows per practice ("framework:id")."""
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path in sorted(REPO.glob("mappings/*/*-usm.sssom.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        table = "".join(line for line in lines if not line.startswith("#"))
        for row in csv.DictReader(io.StringIO(table), delimiter="\t"):
            if row["relation"] != "not_related" and row["status"] != "deprecated":
                rows[f"{path.parent.name}:{row['subject_id'].split(':', 1)[1]}"].append(row)
    return rows


ROWS = read_rows()


def primary(practice: str) -> set[str]:
    """The process(es) with the largest share of *practice*."""
    placed = ROWS[practice]
    top = max(int(r["share"]) for r in placed)
    return {r["object_id"].split(":", 1)[1] for r in placed if int(r["share"]) == top}


MEMBERS = [(family, member) for family, (_, members) in FAMILIES.items() for member in members]


@pytest.mark.parametrize(("family", "member"), MEMBERS, ids=[f"{f}-{m}" for f, m in MEMBERS])
def test_family_member_has_the_family_primary(family: str, member: str) -> None:
    assert member in ROWS, f"{member} has no placing row"
    expected, _ = FAMILIES[family]
    deviation = DEVIATIONS.get((family, member))
    if deviation is None:
        assert primary(member) == {expected}, f"{member}: primary {primary(member)}"
        return
    processes, _why, phrase = deviation
    assert primary(member) == processes
    comments = " ".join(r["comment"] for r in ROWS[member])
    assert phrase in comments, f"{member}: say in a row comment why it differs ({phrase!r})"


def test_deviations_are_real() -> None:
    """A listed deviation that no longer deviates is stale: drop it from the list."""
    for (family, member), (processes, _, _) in DEVIATIONS.items():
        assert processes != {FAMILIES[family][0]}, (family, member)


def test_every_family_spans_the_five_frameworks() -> None:
    for family, (_, members) in FAMILIES.items():
        frameworks = {m.split(":", 1)[0] for m in members}
        if family != "access and security operations":
            assert {"itil4", "itil3", "cobit2019", "iso20000", "fitsm"} <= frameworks, family


def kinds() -> dict[str, str]:
    """The kind of every catalogue entry ("framework:id" -> kind)."""
    found = {}
    for path in sorted(REPO.glob("mappings/*/catalog.yaml")):
        for practice in yaml.safe_load(path.read_text(encoding="utf-8"))["practices"]:
            found[f"{path.parent.name}:{practice['id']}"] = practice["kind"]
    return found


def test_family_members_are_activities() -> None:
    kind = kinds()
    assert {m: kind[m] for _, m in MEMBERS if kind[m] != "activity"} == {}


def test_one_placing_row_means_the_whole_activity() -> None:
    """An activity with a single placing row lies wholly in that process (share 100; USM's
    process model is integral), so its relation says so (subset, equal or superset);
    intersects would leave a part of the work in no process."""
    kind = kinds()
    single = {p: rows[0] for p, rows in ROWS.items() if len(rows) == 1 and kind[p] == "activity"}
    assert single
    wrong = [p for p, row in single.items() if row["relation"] == "intersects"]
    assert wrong == []
