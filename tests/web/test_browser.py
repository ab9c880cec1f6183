"""The explorer in a real headless Chromium (Debian's, through Playwright): the user's path
home → process → workflow diagram → search "incident" → practice → a named query in the
console; no console errors, no request beyond the server, and no serious or critical axe-core
violation on any page type. One browser and one server for the whole file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Watched, axe_violations, browser, served, shoot, watch, with_axe

# Werkzeug's threaded dev server (the test server here; users run waitress) leaves a static
# file open when the browser drops a connection mid-response (a favicon request cut short by
# the next navigation); that one warning, and only for files under web/static, is not ours.
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <_io.(FileIO|BufferedReader) name='[^']*/web/static/"
        ":pytest.PytestUnraisableExceptionWarning"
    ),
    pytest.mark.slow,  # scheduled first (tests/conftest.py)
]

# every page type that the user's path does not open, for axe and console errors
OTHER_PAGES = [
    "/frameworks",
    "/framework/itil4",
    "/framework/siam/X-SIAM-L2",  # a practice that maps onto a party and a profile
    "/vocabulary/usm-glossary?lang=nl",
    "/vocabulary/incident",
    "/compare?a=itil4&b=cobit2019",
    "/id/call-type/incident",
    "/ontology",
    "/queries",
    "/queries/process-practices?process=recover",
    "/-/versions",
    "/-/settings",
    "/-/health",
    "/-/downloads",
    "/graph/ontology/usm-method",
]


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    try:
        with browser() as launched:
            yield launched
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module")
def base(app) -> Iterator[str]:
    with served(app) as url:
        yield url


@pytest.fixture
def tab(chrome: Any, base: str) -> Iterator[Watched]:
    context = with_axe(chrome.new_context(viewport={"width": 1280, "height": 900}))
    watched = watch(context.new_page(), base)
    yield watched
    context.close()
    assert watched.outside == [], "requests beyond the server"
    assert watched.errors == [], "console errors"


def clean(page: Any, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def test_the_users_path_through_the_explorer(tab: Watched, base: str) -> None:
    page = tab.page
    page.goto(base + "/")
    assert page.locator("h1").inner_text().startswith("Unified Service Management")
    assert page.locator("li.card.process").count() == 5
    clean(page, "home")

    page.locator("li.card.process h3 a", has_text="Recover").click()
    page.wait_for_url(re.compile(r"/id/process/recover$"))
    assert "INC" in page.locator("h1").inner_text()
    assert page.locator("ul.placed li").count() > 10
    clean(page, "process")

    page.get_by_role("link", name="incident workflow (recovery via change)").click()
    page.wait_for_url(re.compile(r"/id/workflow/incident-via-change$"))
    diagram = page.locator(".diagram svg")
    assert diagram.is_visible()
    assert page.locator(".diagram a.step").count() == 5
    assert page.locator(".diagram a.step.reconstructed").count() >= 1
    clean(page, "workflow")

    search = page.locator("#site-q")
    search.fill("incident")
    page.wait_for_selector("#site-suggestions li[role=option]")  # suggestions while typing
    assert search.get_attribute("aria-expanded") == "true"
    search.press("Enter")  # no suggestion chosen: the form searches
    page.wait_for_url(re.compile(r"/search\?q=incident"))
    assert page.locator("ol.hits li").count() > 5
    clean(page, "search")

    page.locator("ol.hits a", has_text="Incident management").first.click()
    page.wait_for_url(re.compile(r"/framework/[^/]+/[^/]+$"))
    assert page.locator("#related").is_visible()
    clean(page, "practice")

    page.goto(base + "/sparql")
    page.wait_for_selector(".yasgui .CodeMirror")
    page.locator("button.load-query[data-name=processes]").click()
    page.locator(".yasqe_queryButton").click()
    page.wait_for_selector(".yasr table.dataTable td >> text=CHM")
    clean(page, "console")

    page.goto(base + "/")
    page.locator("a[href$='/upload']").first.click()
    page.wait_for_url(re.compile(r"/upload$"))
    clean(page, "upload form")
    example = Path(__file__).resolve().parents[2] / "examples" / "gemeente.xlsx"
    page.locator("#catalogue").set_input_files(str(example))
    page.locator("button[type=submit]", has_text="Upload and analyse").click()
    page.wait_for_selector("#suggestions")
    assert page.locator("#coverage + .table-wrap table tbody tr").count() == 5  # the five processes
    assert page.locator("#suggestions + .table-wrap table tbody tr").count() == 31  # every practice
    clean(page, "upload report")


def test_every_other_page_type_is_accessible_and_error_free(tab: Watched, base: str) -> None:
    for path in OTHER_PAGES:
        response = tab.page.goto(base + path)
        assert response is not None and response.status == 200, path
        clean(tab.page, path)
    response = tab.page.goto(base + "/id/process/incident-managment")
    assert response is not None and response.status == 404
    assert tab.page.locator("text=Were you looking for").is_visible()
    tab.errors[:] = [e for e in tab.errors if "404" not in e]  # the 404 itself is logged
    clean(tab.page, "404 page")


def test_the_pages_work_without_javascript(chrome: Any, base: str) -> None:
    context = chrome.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/framework/itil4?q=incident&sort=name")
    assert 0 < page.locator("#practice-table tbody tr").count() < 34
    page.goto(base + "/sparql")
    page.locator("textarea#query").fill("SELECT ?code WHERE { ?p usm:code ?code }")
    page.locator("form.console-form button[type=submit]").click()
    page.wait_for_selector("section.console-answer td >> text=RIM")
    context.close()


def test_the_table_sorts_and_filters_in_the_browser(tab: Watched, base: str) -> None:
    page = tab.page
    page.goto(base + "/framework/itil4")
    page.locator("#practice-table th button.sort", has_text="Practice").click()
    names = page.locator("#practice-table tbody tr td:nth-child(2)").all_inner_texts()
    assert names == sorted(names, key=str.lower)
    page.locator("input[data-filter-table=practice-table]").fill("incident")
    visible = page.locator("#practice-table tbody tr:visible").count()
    assert 0 < visible < len(names)


@pytest.mark.parametrize("path", ["/", "/id/process/recover", "/framework/itil4", "/sparql"])
def test_pages_fit_a_phone_screen(chrome: Any, base: str, path: str) -> None:
    context = chrome.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(base + path)
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"


def test_the_screenshot_helper(chrome: Any, base: str, tmp_path: Path) -> None:
    taken = shoot(chrome, base, tmp_path, ("home",))
    assert taken[0].read_bytes().startswith(b"\x89PNG")
