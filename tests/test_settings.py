"""The one settings table: defaults, environment, explicit values, in that order."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from usm_kb.errors import UsageError
from usm_kb.settings import SETTINGS, Settings


def test_table_and_dataclass_agree() -> None:
    assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS]
    defaults = Settings()
    assert {s.name: s.default for s in SETTINGS} == {
        f.name: getattr(defaults, f.name) for f in fields(Settings)
    }


def test_environment_overrides_defaults_and_explicit_values_override_both() -> None:
    env = {"USM_KB_SPARQL_TIMEOUT": "2.5", "USM_KB_REASON": "no", "USM_KB_DATA": "/x"}
    settings = Settings.resolve(env, sparql_timeout=None, sparql_row_cap=7)
    assert settings.sparql_timeout == 2.5
    assert settings.reason is False
    assert settings.data == Path("/x")
    assert settings.sparql_row_cap == 7
    assert Settings.resolve(env, sparql_timeout=1.0).sparql_timeout == 1.0


@pytest.mark.parametrize(
    ("variable", "value"),
    [("USM_KB_PORT", "eighty"), ("USM_KB_REASON", "maybe"), ("USM_KB_SPARQL_ROW_CAP", "1.5")],
)
def test_malformed_environment_values_name_the_variable(variable: str, value: str) -> None:
    with pytest.raises(UsageError, match=variable):
        Settings.resolve({variable: value})


def test_unknown_explicit_setting_is_refused() -> None:
    with pytest.raises(UsageError, match="unknown setting 'sparql_timout'"):
        Settings.resolve({}, sparql_timout=3)
