"""One meaning of "placed": a ``not_related`` or ``deprecated`` record never places a practice.

Review B3: the CLI listings and "share mapped" counted any record while the named queries did
not; review B4: mapping statistics dropped incomplete records before measuring them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from usm_kb.build.pipeline import compile_kb
from usm_kb.catalogue.frameworks import list_frameworks, list_practices, mapping_stats
from usm_kb.store import KnowledgeBase

pytestmark = pytest.mark.both_backends

NOT_PLACING = [
    # Visualize (X-KAN-1) said NOT to relate to Recover, and Limit WIP (X-KAN-2) withdrawn from
    # Recover: neither places the practice there. Kanban has no other row into Recover.
    "kanban:X-KAN-1\tVisualize\tskos:relatedMatch\tNot\tusmp:recover\tRecover\t"
    "semapv:ManualMappingCuration\t0.9\tagent:usm-kb-curators\t\t2026-11-28\t"
    "A board restores nothing.\thttps://usmwiki.com/index.php/The_managed_infrastructure\t"
    "not_related\tfunctional\t0\tderived\t\tproposed",
    "kanban:X-KAN-2\tLimit WIP\tskos:relatedMatch\t\tusmp:recover\tRecover\t"
    "semapv:ManualMappingCuration\t0.5\tagent:usm-kb-curators\t\t2026-11-28\t"
    "Withdrawn: WIP limits are not a recovery practice.\t"
    "https://usmwiki.com/index.php/The_managed_infrastructure\t"
    "intersects\tfunctional\t3\tderived\t\tdeprecated",
]


@pytest.fixture
def kb_with_non_placements(compiled_copy: tuple[Path, Path]) -> KnowledgeBase:
    root, cache = compiled_copy
    tsv = root / "mappings" / "kanban" / "kanban-usm.sssom.tsv"
    tsv.write_text(tsv.read_text(encoding="utf-8") + "\n".join(NOT_PLACING) + "\n", "utf-8")
    return KnowledgeBase.open(root, cache, reason=False)


def test_the_records_are_in_the_kb(kb_with_non_placements: KnowledgeBase) -> None:
    rows = kb_with_non_placements.select(
        "SELECT ?relation ?status { ?m usm:mappingObject process:recover ; "
        "usm:relation ?relation ; usm:status ?status ; usm:inMappingSet ?s . "
        "?s usm:framework fw:kanban } ORDER BY ?relation"
    )
    assert [(r["relation"], r["status"]) for r in rows] == [
        ("intersects", "deprecated"),
        ("not_related", "proposed"),
    ]


def test_practice_listing_by_process_ignores_them(kb_with_non_placements: KnowledgeBase) -> None:
    assert list_practices(kb_with_non_placements, framework="kanban", process="recover") == []
    operate = list_practices(kb_with_non_placements, framework="kanban", process="operate")
    assert "X-KAN-1" in {p["id"] for p in operate}


def test_named_queries_agree(kb_with_non_placements: KnowledgeBase) -> None:
    kb = kb_with_non_placements
    assert len(kb.run_named("process-practices", process="recover", framework="kanban")) == 0
    gaps = {r["verb"] for r in kb.run_named("framework-gaps", framework="kanban")}
    assert "recover" in {g.lower() for g in gaps}


@pytest.mark.parametrize("practice", ["X-KAN-1", "X-KAN-2"])
def test_no_skos_projection_for_them(kb_with_non_placements: KnowledgeBase, practice: str) -> None:
    iri = f"https://w3id.org/usm-kb/framework/kanban/{practice}"
    assert not kb_with_non_placements.query(f"ASK {{ <{iri}> ?p process:recover }}").boolean
    assert kb_with_non_placements.query(f"ASK {{ <{iri}> ?p process:change }}").boolean


def test_share_mapped_counts_only_placements(
    compiled_copy: tuple[Path, Path],
) -> None:
    root, cache = compiled_copy
    tsv = root / "mappings" / "kanban" / "kanban-usm.sssom.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines(keepends=True)
    # Every row of X-KAN-3 becomes not_related: the practice is no longer placed anywhere.
    header = next(line for line in lines if not line.startswith("#")).rstrip("\n").split("\t")
    modifier, relation, weight = (
        header.index(c) for c in ("predicate_modifier", "relation", "share")
    )
    edited = []
    for line in lines:
        if line.startswith("kanban:X-KAN-3\t"):
            cells = line.rstrip("\n").split("\t")
            cells[modifier], cells[relation], cells[weight] = "Not", "not_related", "0"
            line = "\t".join(cells) + "\n"
        edited.append(line)
    tsv.write_text("".join(edited), encoding="utf-8")
    compile_kb(root, cache, reason=False, validate=False)
    kb = KnowledgeBase.open(root, cache, reason=False)
    kanban = next(f for f in list_frameworks(kb) if f.id == "kanban")
    assert kanban.mapped == kanban.practices - 1


def test_statistics_count_incomplete_records_as_incomplete(
    compiled_copy: tuple[Path, Path],
) -> None:
    root, cache = compiled_copy
    # A record without rationale, share and provenance (SSSOM input cannot say that, but a
    # workspace or a remote store can): it must lower the shares, not vanish.
    (root / "ontology" / "zz-incomplete.ttl").write_text(
        "@prefix usm: <https://w3id.org/usm-kb/ontology#> .\n"
        "<https://w3id.org/usm-kb/mapping/incomplete> a usm:Mapping ;\n"
        "  usm:inMappingSet <https://w3id.org/usm-kb/mappings/kanban-usm.sssom.tsv> ;\n"
        "  usm:mappingSubject <https://w3id.org/usm-kb/framework/kanban/X-KAN-1> ;\n"
        "  usm:mappingObject <https://w3id.org/usm-kb/id/process/improve> ;\n"
        '  usm:relation "intersects" ; usm:evidence usm:Derived .\n',
        encoding="utf-8",
    )
    compile_kb(root, cache, reason=False, validate=False)
    kb = KnowledgeBase.open(root, cache, reason=False)
    (stats,) = mapping_stats(kb, "kanban")
    complete = stats.rows - 1
    assert stats.with_share == round(100.0 * complete / stats.rows, 1) < 100.0
    assert stats.with_rationale == stats.with_share == stats.with_see_also
    assert stats.with_source == 0.0  # kanban's rows are all the curators' own derivations
