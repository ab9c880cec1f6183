"""``catalog import``: headers in English and Dutch, encodings, formats, stable ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from ws_helpers import LIMITS, invoke, make_workspace, snapshot

from usm_kb.errors import DataError
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.importer import import_catalogue
from usm_kb.workspace.mappings import read_set, set_text
from usm_kb.workspace.practices import load_practices


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


DUTCH_CSV = (
    "Nr;Naam;Omschrijving;Eigenaar;Afdeling\n"
    "P1;Storingen afhandelen;Meldingen van verstoringen registreren en de dienst herstellen;"
    "Teamleider servicedesk;Servicedesk\n"
    "P2;Monthly patch run;Install the vendor security patches on all servers every month;"
    "Infra lead;Infrastructuur\n"
)


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_dutch_headers_semicolons_and_a_language_per_row(workspace: Workspace, tmp_path: Path):
    report = import_catalogue(workspace, write(tmp_path, "p.csv", DUTCH_CSV), LIMITS)
    assert report.added == ("P1", "P2") and report.written
    assert report.columns["name"] == "B (Naam)" and report.columns["team"] == "E (Afdeling)"
    first, second = load_practices(workspace)
    assert (first.name, first.language, first.owner, first.team) == (
        "Storingen afhandelen",
        "nl",
        "Teamleider servicedesk",
        "Servicedesk",
    )
    assert (second.name, second.language) == ("Monthly patch run", "en")


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")]
)
def test_the_encoding_is_detected(
    workspace: Workspace, tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    text = (
        "naam,omschrijving\n"
        'Coördinatie van releases,"Het coördineren van de uitrol naar productie en de '
        'controle daarna, één keer per week"\n'
        "Privacyverzoeken afhandelen,Verzoeken van inwoners om inzage in hun gegevens "
        "beantwoorden binnen de wettelijke termijn\n"
    )
    path = write(tmp_path, "p.csv", prefix + text.encode(encoding))
    import_catalogue(workspace, path, LIMITS)
    practices = load_practices(workspace)
    assert practices[0].name == "Coördinatie van releases"
    assert practices[0].id == "coordinatie-van-releases"
    assert "één" in practices[0].description


def test_xlsx_with_a_chosen_sheet_and_columns(workspace: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "intro"
    book.active.append(["Dit blad is een toelichting"])
    sheet = book.create_sheet("lijst")
    sheet.append(["Code", "Titel", "Wie"])
    sheet.append([101, "Back-ups controleren", "Beheerder"])
    sheet.append([102, "Onboard new supplier", "Contract manager"])
    path = tmp_path / "p.xlsx"
    book.save(path)
    result = invoke(
        "--workspace",
        str(workspace.root),
        "catalog",
        "import",
        str(path),
        "--sheet",
        "lijst",
        "--columns",
        "name=Titel,owner=C",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["added"] == ["101", "102"]
    assert report["columns"] == {"id": "A (Code)", "name": "B (Titel)", "owner": "C (Wie)"}
    assert [p.owner for p in load_practices(workspace)] == ["Beheerder", "Contract manager"]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_yaml_and_json_lists(workspace: Workspace, tmp_path: Path, suffix: str) -> None:
    records = [
        {"id": "A-1", "name": "Wijzigingen doorvoeren", "language": "Nederlands", "kind": "proces"},
        {"id": "A-2", "name": "Service desk lead", "kind": "rol", "language": "en"},
    ]
    text = json.dumps({"practices": records})  # JSON is YAML too
    import_catalogue(workspace, write(tmp_path, "p" + suffix, text), LIMITS)
    practices = load_practices(workspace)
    assert [(p.id, p.language, p.kind) for p in practices] == [
        ("A-1", "nl", "activity"),
        ("A-2", "en", "role"),
    ]


def test_reimport_updates_in_place_and_reports_the_difference(
    workspace: Workspace, tmp_path: Path
) -> None:
    import_catalogue(workspace, write(tmp_path, "p.csv", DUTCH_CSV), LIMITS)
    changed = (
        "Nr;Naam;Omschrijving;Eigenaar;Afdeling\n"
        "P2;Monthly patch run;Install the vendor security patches on all servers every week;"
        "Infra lead;Infrastructuur\n"
        "P3;Onboard new supplier;Check and register a new supplier before the first order;"
        "Inkoper;Inkoop\n"
    )
    report = import_catalogue(workspace, write(tmp_path, "p.csv", changed), LIMITS)
    assert (report.added, report.changed, report.removed, report.unchanged) == (
        ("P3",),
        ("P2",),
        ("P1",),
        0,
    )
    assert [p.id for p in load_practices(workspace)] == ["P2", "P3"]


def test_without_an_id_column_a_name_keeps_its_id(workspace: Workspace, tmp_path: Path) -> None:
    import_catalogue(
        workspace, write(tmp_path, "p.csv", "naam\nUitwijktest\nDVO opstellen\n"), LIMITS
    )
    again = import_catalogue(
        workspace, write(tmp_path, "p.csv", "naam\nDVO opstellen\nUitwijktest\n"), LIMITS
    )
    assert again.added == again.changed == again.removed == ()
    assert again.unchanged == 2
    assert {p.id for p in load_practices(workspace)} == {"uitwijktest", "dvo-opstellen"}


def test_removing_a_practice_drops_its_mapping_rows(workspace: Workspace, tmp_path: Path) -> None:
    import_catalogue(workspace, write(tmp_path, "p.csv", DUTCH_CSV), LIMITS)
    header, _rows = read_set(workspace)
    row = {
        "subject_id": "proef:P1",
        "subject_label": "Storingen afhandelen",
        "predicate_id": "skos:broadMatch",
        "object_id": "usmp:recover",
        "object_label": "Recover",
        "mapping_justification": "semapv:ManualMappingCuration",
        "confidence": "0.9",
        "author_id": "agent:proef",
        "mapping_date": "2026-11-28",
        "comment": "Restoring agreed service is Recover.",
        "see_also": "https://usmwiki.com/index.php/Recover",
        "relation": "subset",
        "rationale": "functional",
        "share": "100",
        "evidence": "derived",
        "status": "draft",
    }
    workspace.path("mappings.sssom.tsv").write_text(set_text(header, [row]), encoding="utf-8")
    only_p2 = "Nr;Naam\nP2;Monthly patch run\n"
    report = import_catalogue(workspace, write(tmp_path, "p.csv", only_p2), LIMITS)
    assert report.removed == ("P1",) and report.dropped_mappings == 1
    assert read_set(workspace)[1] == []


def test_dry_run_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    before = snapshot(workspace.root)
    report = import_catalogue(workspace, write(tmp_path, "p.csv", DUTCH_CSV), LIMITS, dry_run=True)
    assert report.added == ("P1", "P2") and not report.written
    assert snapshot(workspace.root) == before


def test_two_columns_claiming_the_name_must_be_chosen(workspace: Workspace, tmp_path: Path):
    path = write(tmp_path, "p.csv", "Naam,Titel\nA,B\n")
    with pytest.raises(DataError, match=r"columns A \(Naam\) and B \(Titel\) both look like"):
        import_catalogue(workspace, path, LIMITS)
    import_catalogue(workspace, path, LIMITS, columns={"name": "Titel"})
    assert [p.name for p in load_practices(workspace)] == ["B"]


def test_an_unknown_sheet_lists_the_sheets(workspace: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "lijst"
    book.active.append(["naam"])
    book.save(tmp_path / "p.xlsx")
    result = invoke(
        "--workspace",
        str(workspace.root),
        "catalog",
        "import",
        str(tmp_path / "p.xlsx"),
        "--sheet",
        "blad2",
    )
    assert result.exit_code == 2
    assert "no sheet 'blad2'; the sheets are: lijst" in result.output
