"""The resolver: every kind of named parameter accepts ids, codes, English and Dutch labels in
any case, through the Python API, the CLI and the endpoint alike."""

from __future__ import annotations

import json

import pytest

from usm_kb.errors import AmbiguousName, QueryError, UnknownName
from usm_kb.store import KnowledgeBase
from usm_kb.store.names import key

# (kind, the user's word, the id it must resolve to): for each kind, the id, a code or
# notation, an English and a Dutch label (where the KB has one), in mixed case.
WORDS = [
    ("process", "recover", "recover"),
    ("process", "Recover", "recover"),
    ("process", "INC", "recover"),
    ("process", "inc", "recover"),
    ("process", "herstellen", "recover"),
    ("process", "HERSTELLEN", "recover"),
    ("process", "Incident Management", "recover"),
    ("process", "Afspreken", "agree"),
    ("process", "wijzigen", "change"),
    ("process", "Uitvoeren", "operate"),
    ("process", "rim", "improve"),
    ("process", "IMP", "improve"),  # the disputed code variant names the process too
    ("workflow", "Wish", "wish"),
    ("workflow", "wish workflow", "wish"),
    ("workflow", "Incident-Via-Change", "incident-via-change"),
    ("calltype", "RFC", "request-for-change"),
    ("calltype", "Request for Change", "request-for-change"),
    ("calltype", "wijzigingsverzoek", "request-for-change"),
    ("calltype", "Wens", "wish"),
    ("domain", "Specify", "specify"),
    ("domain", "gebruiksdomein", "use"),
    ("domain", "Realisatiedomein", "realize"),
    ("framework", "itil4", "itil4"),
    ("framework", "ITIL4", "itil4"),
    ("framework", "ITIL 4", "itil4"),
    ("framework", "itil v3", "itil3"),
    ("framework", "COBIT", "cobit2019"),
    ("framework", "Scrum Guide", "scrum"),
    ("practice", "itil4/ITIL4-5.2.5", "itil4/ITIL4-5.2.5"),
    ("practice", "ITIL4/itil4-5.2.5", "itil4/ITIL4-5.2.5"),
    ("practice", "itil4/5.2.14", "itil4/ITIL4-5.2.14"),
    ("practice", "ITIL 4/Incident Management", "itil4/ITIL4-5.2.5"),
    ("practice", "dss02", "cobit2019/DSS02"),
    ("practice", "https://w3id.org/usm-kb/framework/itil4/ITIL4-5.2.5", "itil4/ITIL4-5.2.5"),
    ("evidence", "published", "published"),
    ("evidence", "Published", "published"),
    ("evidence", "gepubliceerd", "published"),
    ("evidence", "Betwist", "disputed"),
    ("evidence", "usm:Reconstructed", "reconstructed"),
    ("evidence", "afgeleid", "derived"),
    ("relation", "subset", "subset"),
    ("relation", "Not Related", "not_related"),
    ("relation", "skos:broadMatch", "subset"),
    ("relation", "overlapt", "intersects"),
    ("relation", "Gelijk", "equal"),
    ("concept", "voc:process", "voc:process"),
    ("concept", "Wijzigingsverzoek", "voc:request-for-change"),
    ("concept", "melding", "voc:call"),
]


@pytest.mark.parametrize(("kind", "word", "expected"), WORDS)
def test_words_resolve(kb: KnowledgeBase, kind: str, word: str, expected: str) -> None:
    assert kb.resolve(kind, word).id == expected


def test_every_kind_is_covered() -> None:
    from usm_kb.queries.named import NAMED_TYPES

    assert {kind for kind, _, _ in WORDS} == set(NAMED_TYPES)


def test_ambiguous_words_list_the_candidates(kb: KnowledgeBase) -> None:
    with pytest.raises(AmbiguousName, match=r"itil3 \(ITIL v3 / ITIL 2011\), itil4"):
        kb.resolve("framework", "ITIL")
    with pytest.raises(AmbiguousName, match=r"itil4/ITIL4-5.2.5 .*give FRAMEWORK/ID"):
        kb.resolve("practice", "incident management")


def test_unknown_words_list_close_matches(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownName, match=r"did you mean herstellen.*known: agree, change"):
        kb.resolve("process", "herstelen")
    with pytest.raises(UnknownName, match=r"no framework 'leen'.*lean-six-sigma"):
        kb.resolve("framework", "leen")
    with pytest.raises(UnknownName, match="SPARQL syntax"):
        kb.resolve("workflow", "wish> } #")


def test_keys_ignore_case_accents_and_punctuation() -> None:
    assert key("ITIL 4") == key("itil4") == "itil4"
    assert key("Lijncoördinator") == "lijncoordinator"
    assert key("not_related") == key("Not related")


def test_the_index_is_built_once_per_kb(kb: KnowledgeBase) -> None:
    assert kb.names() is kb.names()


@pytest.mark.parametrize(
    ("name", "params", "column", "expected"),
    [
        (
            "process-practices",
            {"process": "Herstellen", "framework": "ITIL4"},
            "notation",
            "ITIL4-5.2.5",
        ),
        ("framework-gaps", {"framework": "Scrum Guide"}, "code", "OPS"),
        (
            "mappings-by-evidence",
            {"evidence": "Gepubliceerd", "framework": "itil 4"},
            "notation",
            "ITIL4-5.2.5",
        ),
        (
            "mappings-by-relation",
            {"relation": "Deelverzameling", "framework": "COBIT"},
            "notation",
            "BAI06",
        ),
        ("workflow-steps", {"workflow": "WISH"}, "verb", "Agree"),
        ("practice-placement", {"practice": "itil4/Service Desk"}, "verb", "Recover"),
    ],
)
def test_api_cli_and_endpoint_resolve_alike(
    kb: KnowledgeBase, run, client, name: str, params: dict[str, str], column: str, expected: str
) -> None:
    api = [row[column] for row in kb.run_named(name, **params)]
    assert expected in api
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    cli = json.loads(run("query", name, *args, "--format", "json").stdout)
    assert [row[column] for row in cli] == api
    response = client.get(
        f"/queries/{name}",
        query_string=params,
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.data
    web = [b[column]["value"] for b in json.loads(response.data)["results"]["bindings"]]
    assert web == [str(v) for v in api]


def test_listing_filters_take_the_users_words(run) -> None:
    dutch = json.loads(
        run(
            "mappings",
            "--framework",
            "ITIL 4",
            "--process",
            "herstellen",
            "--evidence",
            "Gepubliceerd",
            "--format",
            "json",
        ).stdout
    )
    english = json.loads(
        run(
            "mappings",
            "--framework",
            "itil4",
            "--process",
            "recover",
            "--evidence",
            "published",
            "--format",
            "json",
        ).stdout
    )
    assert dutch == english and [r["practice"] for r in dutch] == ["Incident management"]
    practices = json.loads(
        run("practices", "--framework", "cobit", "--process", "INC", "--format", "json").stdout
    )
    assert "DSS02" in {p["id"] for p in practices}


def test_an_unknown_id_is_exit_1_on_every_command(run) -> None:
    for args in (
        ("mappings", "--framework", "nope"),
        ("practices", "--process", "nope"),
        ("mappings", "stats", "--framework", "nope"),
        ("export", "--format", "sssom", "--framework", "nope"),
        ("query", "framework-gaps", "--param", "framework=nope"),
    ):
        result = run(*args)
        assert result.exit_code == 1, args
        assert "nope" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_resolver_raises_query_errors(kb: KnowledgeBase) -> None:
    with pytest.raises(QueryError):
        kb.run_named("framework-gaps", framework="nope")
