"""The ranked crosswalk: the documented score, the pluggable weight column, and the commands
that show it (`usm-kb compare`, `usm-kb query framework-overlap`)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from usm_kb.catalogue import crosswalk
from usm_kb.catalogue.crosswalk import compare, placement_value, rank_pairs
from usm_kb.errors import UsageError
from usm_kb.vocab import MAPPING_WEIGHT


def row(
    a: str, b: str, verb: str, rel_a: str, w_a: float, rel_b: str, w_b: float, weight="strength"
):
    return {
        "practice_a": f"urn:{a}",
        "notation_a": a,
        "label_a": f"{a} name",
        "practice_b": f"urn:{b}",
        "notation_b": b,
        "label_b": f"{b} name",
        "verb": verb,
        "relation_a": rel_a,
        f"{weight}_a": w_a,
        "relation_b": rel_b,
        f"{weight}_b": w_b,
    }


def test_the_score_is_the_documented_formula() -> None:
    rows = [
        row("A1", "B1", "Recover", "subset", 9, "subset", 8),
        row("A1", "B1", "Operate", "intersects", 4, "intersects", 6),
        row("A2", "B1", "Recover", "intersects", 2, "intersects", 2),
    ]
    best, weak = rank_pairs(rows, "strength")
    # 100 × (0.9·0.8 × 0.8·0.8 + 0.4·0.5 × 0.6·0.5) = 100 × (0.4608 + 0.06) = 52.1
    assert best.id_a == "A1" and best.score == 52.1
    assert [p.contribution for p in best.processes] == [46.1, 6.0]
    assert weak.score == 1.0  # 100 × (0.2·0.5)² — shared weak intersects rank low
    assert placement_value("equal", 10, 10) == 1.0
    assert placement_value("not_related", 10, 10) == 0.0


def test_the_weight_column_is_looked_up_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """A data set that weighs placements with `share` 0–100 only needs the name and scale."""
    monkeypatch.setitem(crosswalk.WEIGHT_SCALES, "share", 100)
    rows = [row("A1", "B1", "Recover", "subset", 90, "subset", 80, weight="share")]
    (pair,) = rank_pairs(rows, "share")
    assert pair.score == 46.1
    with pytest.raises(UsageError, match="unknown weight 'nope'"):
        rank_pairs(rows, "nope")
    assert MAPPING_WEIGHT in crosswalk.WEIGHT_SCALES


def test_itil4_and_cobit_rank_the_strong_pairs_first(kb) -> None:
    result = compare(kb, "ITIL 4", "cobit")
    assert (result.framework_a, result.framework_b) == ("itil4", "cobit2019")
    assert len(result.pairs) == crosswalk.DEFAULT_LIMIT < result.total
    top = {(p.id_a, p.id_b) for p in result.pairs[:10]}
    assert ("ITIL4-5.2.4", "BAI06") in top  # change enablement ~ managed IT changes
    assert ("ITIL4-5.1.10", "APO12") in top  # risk management ~ managed risk
    scores = [p.score for p in result.pairs]
    assert scores == sorted(scores, reverse=True) and scores[0] <= 100
    strong = compare(kb, "itil4", "cobit2019", min_score=40, limit=None)
    assert strong.pairs and all(p.score >= 40 for p in strong.pairs)
    assert len(strong.pairs) == strong.total < result.total
    recover = compare(kb, "itil4", "cobit2019", process="herstellen", limit=None)
    assert {s.process for p in recover.pairs for s in p.processes} == {"Recover"}


def test_a_framework_with_itself_lists_each_pair_once(kb) -> None:
    result = compare(kb, "scrum", "scrum", limit=None)
    pairs = [(p.id_a, p.id_b) for p in result.pairs]
    assert len(pairs) == len({tuple(sorted(p)) for p in pairs})


def test_compare_and_query_framework_overlap_agree(run) -> None:
    def rows(*args: str) -> list[dict[str, str]]:
        result = run(*args, "--format", "csv")
        assert result.exit_code == 0, result.output
        return list(csv.DictReader(io.StringIO(result.stdout)))

    ranked = rows("compare", "itil4", "cobit2019", "--min-score", "40")
    via_query = rows(
        "query",
        "framework-overlap",
        "-p",
        "framework_a=ITIL4",
        "-p",
        "framework_b=COBIT",
        "--min-score",
        "40",
    )
    assert ranked == via_query and ranked and all(float(r["score"]) >= 40 for r in ranked)
    default = json.loads(run("compare", "itil4", "cobit2019", "--format", "json").stdout)
    assert len(default) == 25 and default[0]["processes"][0]["relation_a"]
    raw = json.loads(
        run(
            "query",
            "framework-overlap",
            "-p",
            "framework_a=itil4",
            "-p",
            "framework_b=cobit2019",
            "--format",
            "sparql-json",
        ).stdout
    )
    assert "strength_a" in raw["head"]["vars"]  # the W3C formats give the raw rows


def test_compare_errors(run) -> None:
    unknown = run("compare", "itil4", "nope")
    assert unknown.exit_code == 1 and "no framework 'nope'" in unknown.stderr
    assert run("compare", "itil4").exit_code == 2
    assert run("compare", "itil4", "cobit2019", "--min-score", "101").exit_code == 2
    assert run("query", "processes", "--min-score", "5").exit_code == 2
