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


def _set_workspace(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    obj = ctx.find_root().obj
    if value is not None and obj is not None:
        obj.settings = obj.settings.replace(workspace=value)


def workspace_option() -> Decorator:
    """``--workspace DIR``: the workspace to read beside the KB (sets the shared settings)."""
    setting = SETTING_BY_NAME["workspace"]
    return click.option(
        "--workspace",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        expose_value=False,
        callback=_set_workspace,
        help=f"{setting.help} [env {setting.env}]",
    )


def _set_store(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    obj = ctx.find_root().obj
    if value is not None and obj is not None:
        obj.settings = obj.settings.replace(store=value)


def store_option() -> Decorator:
    """``--store URL``: the SPARQL server holding the KB (as the global option sets it)."""
    setting = SETTING_BY_NAME["store"]
    return click.option(
        "--store",
        metavar="URL",
        default=None,
        expose_value=False,
        callback=_set_store,
        help=f"{setting.help} [env {setting.env}]",
    )
