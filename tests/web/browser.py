"""The browser tests' helper: Debian's chromium driven by Python Playwright, axe-core, shots.

Playwright's own browser download is never used (no ``playwright install``): Chromium comes
from the system (``apt-get install chromium``, as ``.ci/run`` does) and is launched with
``executable_path``. axe-core is vendored from npm (``tests/web/vendor/axe-core``).

``python tests/web/browser.py`` takes the README's screenshots into ``docs/img/``.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS = ("serious", "critical")
# YASGUI's own markup fails axe (aria-required-children, label, select-name, contrast …);
# it is a vendored component, so the checks cover our markup only (#yasgui is the element
# the console page gives it).
AXE_ARGS = "{exclude: [['#yasgui']]}, {resultTypes: ['violations']}"  # context, options
SHOTS = {  # name -> (path, what to wait for)
    "home": ("/", "h1"),
    "workflow": ("/id/workflow/incident-via-change", ".diagram svg"),
    "heatmap": ("/frameworks", "table.heatmap"),
}


def chromium() -> str | None:
    """The system Chromium's binary, or None."""
    found = next((c for c in CHROMIUM if Path(c).is_file()), None)
    return found or shutil.which("chromium")


@dataclass
class Watched:
    """A page with its console errors and any request that left the machine."""

    page: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def watch(page: Any, base: str) -> Watched:
    """Record console errors and page errors; refuse (and record) requests beyond *base*."""
    watched = Watched(page)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))

    def route(r: Any) -> None:
        if r.request.url.startswith(base) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            watched.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return watched


def with_axe(context: Any) -> Any:
    """Give every page of *context* axe-core (as an init script: the pages' CSP allows no
    inline script, and the check must run under the real CSP)."""
    context.add_init_script(path=str(AXE))
    return context


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page (YASGUI left out)."""
    result = page.evaluate(f"axe.run({AXE_ARGS})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


@contextmanager
def browser() -> Iterator[Any]:
    """A headless system Chromium (one per test session)."""
    from playwright.sync_api import sync_playwright

    binary = chromium()
    if binary is None:
        raise RuntimeError(
            "no system Chromium: install it with `apt-get install chromium` (.ci/run does)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=binary, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def served(app: Any) -> Iterator[str]:
    """*app* on a free loopback port in a thread; yields the base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def shoot(chrome: Any, base: str, out: Path, names: tuple[str, ...] = tuple(SHOTS)) -> list[Path]:
    """Screenshots (PNG) of the pages named in :data:`SHOTS` into *out*."""
    out.mkdir(parents=True, exist_ok=True)
    page = chrome.new_page(viewport={"width": 1200, "height": 820})
    taken = []
    for name in names:
        path, ready = SHOTS[name]
        page.goto(base + path)
        page.wait_for_selector(ready)
        if name == "heatmap":
            page.locator("table.heatmap").scroll_into_view_if_needed()
        target = out / f"{name}.png"
        page.screenshot(path=str(target))
        taken.append(target)
    page.close()
    return taken


def main() -> None:
    """Take the README's screenshots of the shipped KB into docs/img/."""
    sys.path.insert(0, str(HERE.parent.parent / "src"))
    from usm_kb.settings import Settings
    from usm_kb.web import create_app

    os.environ.setdefault("USM_KB_REASON", "0")
    app = create_app(Settings.resolve(sparql_workers=0))
    with browser() as chrome, served(app) as base:
        for path in shoot(chrome, base, HERE.parent.parent / "docs" / "img"):
            print(path)


if __name__ == "__main__":
    main()
