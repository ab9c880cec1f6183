"""Text files of unknown encoding: UTF-8 (with or without BOM), else what charset-normalizer finds.

Spreadsheet programs save CSV as UTF-8, UTF-8 with a BOM, or the Windows code page (cp1252
in Western Europe); charset-normalizer tells these apart from the bytes. Bytes that decode as
nothing plausible, or hold NUL bytes (a binary file renamed to .csv), are refused.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from usm_kb.errors import DataError

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings a catalogue plausibly uses; a guess outside them is no answer.
PLAUSIBLE = frozenset({"utf_8", "ascii", "cp1252", "latin_1", "iso8859_15", "utf_16"})


def decode_text(data: bytes, path: Path) -> str:
    """The text of *data*; ``DataError`` saying what to do when it is not text."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, path)
    if b"\x00" in data:
        raise DataError(
            "this is not a text file (it holds NUL bytes)",
            path=path,
            hint="save the sheet as CSV UTF-8, or import the .xlsx itself",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=sorted(PLAUSIBLE)).best()
    if best is None or best.encoding not in PLAUSIBLE:
        raise DataError(
            "cannot tell the text encoding (not UTF-8 nor a Windows code page)",
            path=path,
            hint="save the file as CSV UTF-8",
        )
    return _decode(data, best.encoding, path)


def _decode(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"not valid {encoding} text at byte {exc.start}",
            path=path,
            hint="save the file as CSV UTF-8",
        ) from exc
