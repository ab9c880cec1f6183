"""Fixtures of the SPARQL parser tests: the W3C syntax suites, fetched once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
import w3c_sparql


@pytest.fixture(scope="session")
def w3c_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unpacked suites/w3c/ directory; a test that needs it fails (never skips) without."""
    try:
        return w3c_sparql.fetch(tmp_path_factory.mktemp("w3c-sparql"))
    except Exception as error:
        pytest.fail(
            f"the W3C SPARQL test suites could not be obtained from {w3c_sparql.SDIST}'s "
            f"source distribution on PyPI: {error}",
            pytrace=False,
        )
