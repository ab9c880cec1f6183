"""Click options defined once: settings-backed options take help and default from the table.

(The output options, ``--format``, ``--columns`` and ``--limit``, live in ``cli.listing``.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
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


def _shared_setting(name: str, flag: str, **extra: Any) -> Decorator:
    """A subcommand's ``--FLAG`` that sets the shared setting *name* (as the global option does)."""
    setting = SETTING_BY_NAME[name]

    def store(ctx: click.Context, _param: click.Parameter, value: object) -> None:
        obj = ctx.find_root().obj
        if value is not None and obj is not None:
            obj.settings = obj.settings.replace(**{name: value})

    return click.option(
        flag,
        default=None,
        expose_value=False,
        callback=store,
        help=f"{setting.help} [env {setting.env}]",
        **extra,
    )


def workspace_option() -> Decorator:
    """``--workspace DIR``: the workspace to read beside the KB (sets the shared settings)."""
    return _shared_setting(
        "workspace", "--workspace", type=click.Path(file_okay=False, path_type=Path)
    )


def store_option() -> Decorator:
    """``--store URL``: the SPARQL server holding the KB (as the global option sets it)."""
    return _shared_setting("store", "--store", metavar="URL")
