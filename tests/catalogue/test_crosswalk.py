"""The ranked crosswalk: the documented score, the pluggable weight column, and the commands
that show it (`usm-kb compare`, `usm-kb query framework-overlap`)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

import pytest

from usm_kb.catalogue import crosswalk
from usm_kb.catalogue.crosswalk import common_part, compare, name_overlap, rank_pairs
from usm_kb.errors import UsageError
from usm_kb.vocab import MAPPING_WEIGHT

# The store's services answer alike on both backends (conftest: both_backends).
pytestmark = pytest.mark.both_backends


def row(a: str, b: str, verb: str, rel_a: str, w_a: float, rel_b: str, w_b: float, weight="share"):
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
        row("A1", "B1", "Recover", "intersects", 60, "intersects", 70),
        row("A1", "B1", "Operate", "intersects", 40, "intersects", 30),
        row("A2", "B1", "Recover", "subset", 100, "intersects", 70),
        row("A3", "B1", "Operate", "intersects", 10, "intersects", 30),
    ]
    best, middle, weak = rank_pairs(rows, "share")
    # 100 × (min(.6, .7) + min(.4, .3)) = 90: both split about the same way
    assert best.id_a == "A1" and best.score == 90.0
    assert [p.contribution for p in best.processes] == [60.0, 30.0]
    assert (middle.id_a, middle.score) == ("A2", 70.0)  # wholly Recover vs 70 % Recover
    assert (weak.id_a, weak.score) == ("A3", 10.0)  # only a sliver in common
    assert common_part(100, 100, 100) == 100.0
    assert common_part(0, 100, 100) == 0.0


def test_the_weight_column_is_looked_up_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """A data set that weighs placements another way (here `strength` 0–10) only needs the
    column's name and scale."""
    monkeypatch.setitem(crosswalk.WEIGHT_SCALES, "strength", 10)
    rows = [row("A1", "B1", "Recover", "subset", 9, "subset", 8, weight="strength")]
    (pair,) = rank_pairs(rows, "strength")
    assert pair.score == 80.0
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
    assert "share_a" in raw["head"]["vars"]  # the W3C formats give the raw rows


def test_compare_errors(run) -> None:
    unknown = run("compare", "itil4", "nope")
    assert unknown.exit_code == 1 and "no framework 'nope'" in unknown.stderr
    assert run("compare", "itil4").exit_code == 2
    assert run("compare", "itil4", "cobit2019", "--min-score", "101").exit_code == 2
    assert run("query", "processes", "--min-score", "5").exit_code == 2


def test_a_pair_as_json_is_every_field(kb) -> None:
    """``to_dict`` is written out for speed: it must stay what ``asdict`` gives."""
    pairs = compare(kb, "itil4", "cobit2019").pairs
    assert pairs and all(p.to_dict() == asdict(p) for p in pairs)


def test_name_overlap_is_the_jaccard_of_stemmed_words_without_noise() -> None:
    # each word counts with its English and its Dutch stem: {incid, incident} and
    # {incid, incidents} share one of three; 'management' is noise, so it shares nothing
    assert name_overlap("Incident management", "Incidents") == 0.33
    assert name_overlap("Incident management", "Incident") == 1.0
    assert name_overlap("Incident management", "Problem management") == 0.0
    assert name_overlap("management", "the management") == 0.0  # nothing left to share
