"""Every bad catalogue of the issue: one clear line naming file, row and column; exit 1; no
traceback; the workspace byte-for-byte as it was."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from ws_helpers import make_workspace, snapshot

from usm_kb.cli import cli

GOOD = "naam,omschrijving\nStoringen afhandelen,Verstoringen verhelpen\n"


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb(unpacked: int) -> bytes:
    """A valid-looking workbook whose one sheet unpacks to *unpacked* bytes of zeros."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes([["naam"], ["x"]]))) as real,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in real.infolist():
            data = real.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data + b" " * unpacked
            bomb.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


YAML_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
practices: [*c,*c,*c,*c,*c,*c,*c,*c,*c]
"""

# name -> (file name, its bytes (made lazily), extra env, words the message must hold)
CASES: dict[str, tuple[str, Callable[[], bytes], dict[str, str], tuple[str, ...]]] = {
    "empty file": ("p.csv", lambda: b"", {}, ("the file is empty",)),
    "blank lines only": ("p.csv", lambda: b"\n \n", {}, ("the file is empty",)),
    "header only": ("p.csv", lambda: b"naam\n", {}, ("no practices",)),
    "wrong encoding (UTF-16 without BOM)": (
        "p.csv",
        lambda: GOOD.encode("utf-16-le"),
        {},
        ("not a text file", "UTF-8"),
    ),
    "duplicate ids": (
        "p.csv",
        lambda: b"id,naam\nP1,Storingen\nP2,Wijzigingen\nP1,Uitwijktest\n",
        {},
        ("row 4, column A 'id'", "'P1' is used again", "row 2"),
    ),
    "duplicate names without ids": (
        "p.csv",
        lambda: b"naam\nUitwijktest\nuitwijktest\n",
        {},
        ("row 3", "is used again"),
    ),
    "no name column": (
        "p.csv",
        lambda: b"Nummer,Bla\n1,x\n",
        {},
        ("no name column", "'Nummer', 'Bla'", "--columns name="),
    ),
    "empty name": ("p.csv", lambda: b"id,naam\nP1,\n", {}, ("row 2, column B 'naam'", "empty")),
    "formula-looking cell": (
        "p.csv",
        lambda: b'naam,omschrijving\nStoringen,"=HYPERLINK(""http://x"",""klik"")"\n',
        {},
        ("row 2, column B", "formula"),
    ),
    "formula in a workbook": (
        "p.xlsx",
        lambda: xlsx_bytes([["naam", "aantal"], ["Storingen", "=SUM(1,2)"]]),
        {},
        ("row 2, column B", "formula"),
    ),
    "100,000 rows": (
        "p.csv",
        lambda: ("naam\n" + "".join(f"Werkwijze {i}\n" for i in range(100_000))).encode(),
        {},
        ("more than 5000 practices", "USM_KB_MAX_IMPORT_ROWS"),
    ),
    "file larger than the limit": (
        "p.csv",
        lambda: GOOD.encode() + b"x" * 5000,
        {"USM_KB_MAX_IMPORT_BYTES": "4096"},
        ("the limit is",),
    ),
    "oversized cell": (
        "p.csv",
        lambda: b"naam\n" + b"a" * 5000 + b"\n",
        {},
        ("row 2, column A", "5000 characters"),
    ),
    "a value without a header": (
        "p.csv",
        lambda: b"naam\nStoringen,extra\n",
        {},
        ("row 2: column B has a value but no header",),
    ),
    "control character": ("p.csv", lambda: b"naam\nStor\x07ingen\n", {}, ("U+0007",)),
    "corrupt XLSX": ("p.xlsx", lambda: b"PK\x03\x04 this is no workbook", {}, ("XLSX",)),
    "truncated XLSX": (
        "p.xlsx",
        lambda: xlsx_bytes([["naam"], ["Storingen"]])[:900],
        {},
        ("not a readable XLSX workbook",),
    ),
    "zip bomb (unpacked size)": (
        "p.xlsx",
        lambda: zip_bomb(3 * 2**20),
        {"USM_KB_MAX_UNPACKED_BYTES": str(2**20)},
        ("unpacks to", "zip bomb"),
    ),
    "zip bomb (compression ratio)": (
        "p.xlsx",
        lambda: zip_bomb(20 * 2**20),
        {},
        ("to 1", "zip bomb"),
    ),
    "YAML bomb": ("p.yaml", lambda: YAML_BOMB.encode(), {}, ("anchors and aliases",)),
    "YAML syntax error": ("p.yaml", lambda: b"practices: [\n  {naam: x\n", {}, ("YAML",)),
    "JSON that is no list": ("p.json", lambda: b'{"naam": "x"}', {}, ("expected a list",)),
    "JSON nesting": (
        "p.json",
        lambda: b'[{"naam": {"nl": "x"}}]',
        {},
        ("entry 1, field 'naam'", "must be text"),
    ),
    "unknown language": (
        "p.csv",
        lambda: b"naam,taal\nStoringen,Duits\n",
        {},
        ("row 2, column B 'taal'", "'Duits'"),
    ),
    "unknown kind": (
        "p.csv",
        lambda: b"naam,soort\nStoringen,vergadering\n",
        {},
        ("row 2, column B 'soort'", "'vergadering'"),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_catalogue_is_refused_and_changes_nothing(tmp_path: Path, case: str) -> None:
    name, make, env, words = CASES[case]
    workspace = make_workspace(tmp_path / "ws")
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(cli, ["--workspace", str(workspace.root), "catalog", "import", str(good)])
    assert first.exit_code == 0, first.output
    before = snapshot(workspace.root)
    path = tmp_path / name
    path.write_bytes(make())
    result = runner.invoke(
        cli, ["--workspace", str(workspace.root), "catalog", "import", str(path)], env=env
    )
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    message = " ".join(result.output.split())
    assert message.startswith("error:") and str(path) in message
    for word in words:
        assert word in message, message
    assert snapshot(workspace.root) == before
