"""``/upload``: a catalogue in, the report on it out (form by GET, multipart POST).

The upload is hostile: its size is bounded twice (the request by ``max_request_bytes``, 413
before the view runs; the file by ``max_import_bytes``), at most :data:`IMPORTS` imports run
at once (503 with ``Retry-After`` when busy), the work happens in a temporary folder that is
always removed (``explorer.upload``), a refused file answers the one error shape with the
importer's message, and the report is never cached.
"""

from __future__ import annotations

import threading

from flask import Blueprint, Response, request

from usm_kb.explorer.upload import upload_form, upload_report
from usm_kb.web.errors import error_response
from usm_kb.web.render import render
from usm_kb.web.state import get_kb, get_settings

bp = Blueprint("upload", __name__)
IMPORTS = 2  # imports at once, per process
RETRY_AFTER = 5  # seconds
_running = threading.BoundedSemaphore(IMPORTS)


@bp.route("/upload", methods=["GET", "POST"])
@bp.route("/upload<any('.json'):suffix>", methods=["GET", "POST"])
def upload(suffix: str = "") -> Response:
    """The form; a POSTed catalogue (field ``catalogue``) imported and analysed."""
    fmt = "json" if suffix == ".json" else None
    s = get_settings()
    max_bytes = min(s.max_request_bytes, s.max_import_bytes)
    if request.method == "GET":
        return render(lambda: upload_form(max_bytes), key=(), suffix=fmt)
    file = request.files.get("catalogue")
    if file is None or not file.filename:
        return error_response(400, "choose a catalogue file (field 'catalogue') to upload")
    try:
        data = file.read(max_bytes + 1)
    finally:
        file.close()
    if len(data) > max_bytes:
        return error_response(413, f"the catalogue is larger than {max_bytes} bytes")
    if not _running.acquire(blocking=False):
        return error_response(503, "the server is analysing other uploads; try again", RETRY_AFTER)
    try:
        kb = get_kb()
        name = file.filename
        response = render(lambda: upload_report(kb, data, name, max_bytes=max_bytes), suffix=fmt)
    finally:
        _running.release()
    response.headers["Cache-Control"] = "no-store"
    return response
