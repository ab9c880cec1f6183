"""Fixtures of the SPARQL parser tests: the W3C syntax suites, fetched once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import w3c_sparql


@pytest.fixture(scope="session", autouse=True)
def w3c_download(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[w3c_sparql.Download | None]:
    """Start fetching the suites with the first test here, to download while other tests run."""
    items = request.session.items
    if not any("w3c_root" in getattr(item, "fixturenames", ()) for item in items):
        yield None
        return
    download = w3c_sparql.Download(tmp_path_factory.mktemp("w3c-sparql"))
    yield download
    download.cancel()


@pytest.fixture(scope="session")
def w3c_root(w3c_download: w3c_sparql.Download | None) -> Path:
    """The unpacked suites/w3c/ directory; a test that needs it fails (never skips) without."""
    try:
        assert w3c_download is not None
        return w3c_download.result()
    except Exception as error:
        pytest.fail(
            f"the W3C SPARQL test suites could not be obtained from {w3c_sparql.SDIST}'s "
            f"source distribution on PyPI: {error}",
            pytrace=False,
        )
