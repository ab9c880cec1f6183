"""``usm-kb catalog template``: an empty catalogue to fill in, as CSV or XLSX.

The header row uses the words the importer recognises (English or Dutch); the XLSX file has
a second sheet that explains each column. Nothing is filled in, so an unedited template
imports as "no practices" rather than as example data.
"""

from __future__ import annotations

import io

from usm_kb.errors import UsageError
from usm_kb.vocab import KINDS

HEADERS = {
    "en": ("id", "name", "description", "owner", "team", "language", "kind"),
    "nl": ("nr", "naam", "omschrijving", "eigenaar", "team", "taal", "soort"),
}
HELP = {
    "id": "Optional. A short stable code (P-01). Without it the name is the id.",
    "name": "Required. The practice as your team calls it.",
    "description": "What the practice does and for whom, in a sentence or two.",
    "owner": "The person or role that keeps the practice up to date.",
    "team": "The team that carries it out.",
    "language": "nl or en; left empty, usm-kb tells from the words.",
    "kind": "Empty for work (activity); else one of: " + ", ".join(KINDS) + ".",
}
FORMATS = ("csv", "xlsx")


def template_bytes(fmt: str, language: str) -> bytes:
    """The template in *fmt* (csv or xlsx) with headers in *language* (en or nl)."""
    if language not in HEADERS:
        raise UsageError(f"language {language!r} is not one of {', '.join(HEADERS)}")
    headers = HEADERS[language]
    if fmt == "csv":
        return (",".join(headers) + "\n").encode("utf-8")
    if fmt != "xlsx":
        raise UsageError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    from openpyxl import Workbook  # deferred: only the XLSX template needs it
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "practices" if language == "en" else "werkwijzen"
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("help")
    notes.append(["column", "what to write"])
    for header, field in zip(headers, HEADERS["en"], strict=True):
        notes.append([header, HELP[field]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
