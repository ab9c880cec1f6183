"""Click options defined once.

Settings-backed options take their help and default from the settings table; the format
option takes its choices from the writers that exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import click

from usm_kb.settings import SETTING_BY_NAME

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def setting_option(name: str, *flags: str, **extra: Any) -> Decorator:
    """A click option for setting *name*: unset means "the environment or the default"."""
    setting = SETTING_BY_NAME[name]
    help_text = f"{setting.help} [default: {setting.default}; env {setting.env}]"
    kind = extra.pop("type", None) or type(setting.default)
    return click.option(*flags, name, default=None, type=kind, help=help_text, **extra)


def format_option(choices: Sequence[str], default: str | None = None) -> Decorator:
    """``--format`` with the given choices (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )
