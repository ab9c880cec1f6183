"""``usm-kb serve``: the web explorer, the SPARQL endpoint and named queries over HTTP.

The production server is waitress (threads for HTTP, the query worker pool for SPARQL);
``--debug`` runs Flask's development server instead. ``--workspace DIR`` (or the global option,
or ``USM_KB_WORKSPACE``) serves a workspace's graphs beside the KB: its local practices are in
every SPARQL answer; explorer pages of their own are not built yet. ``--store URL`` serves the
KB published to a SPARQL server: the process holds no copy of the data, so any number of
them can serve one store (docs/deploy.md); ``--workers`` then bounds the queries each sends
to the server at once.
"""

from __future__ import annotations

import errno
import logging
import signal
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Any

import click
from flask import Flask
from waitress import wasyncore
from waitress.server import create_server
from waitress.trigger import trigger
from werkzeug.serving import make_server

from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import setting_option, store_option, workspace_option
from usm_kb.cli.output import stderr
from usm_kb.errors import UsmKbError
from usm_kb.isolation import probe_sandbox
from usm_kb.settings import Settings
from usm_kb.store import LANE_WORKERS, TRUSTED_CONCURRENCY
from usm_kb.web import create_app


def http_threads(settings: Settings) -> int:
    """Enough HTTP threads for every query the lanes admit, plus spares for quick answers.

    Requests beyond that would wait in waitress's own queue, where no deadline counts; so the
    lanes' admission limits, not the thread count, must be what refuses an attack.
    """
    waiting = settings.sparql_max_waiting
    lanes = sum(workers + waiting for workers in LANE_WORKERS.values())
    return max(1, settings.sparql_workers) + waiting + lanes + TRUSTED_CONCURRENCY + 4


def _server(
    app: Flask, settings: Settings, debug: bool
) -> tuple[Callable[[], object], Callable[[], object]]:
    """(run, close) of the HTTP server, bound now (a busy port fails here)."""
    try:
        if debug:
            dev = make_server(settings.host, settings.port, app, threaded=True)
            return dev.serve_forever, dev.server_close
        sockets: dict[Any, Any] = {}  # waitress's socket map: ours, so the loop is ours too
        server = create_server(
            app,
            map=sockets,
            host=settings.host,
            port=settings.port,
            threads=http_threads(settings),
            channel_request_lookahead=5,  # lets a query notice that its client hung up
            ident="usm-kb",
        )
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsmKbError(
                f"Port {settings.port} is in use on {settings.host}",
                hint="choose another with --port",
            ) from None
        raise
    logging.getLogger("waitress").setLevel(logging.ERROR)

    def close() -> None:
        server.task_dispatcher.shutdown()  # waits ≤ 5 s for requests in progress
        wasyncore.close_all(sockets)

    return partial(_loop_until_signalled, sockets, server.adj), close


def _loop_until_signalled(sockets: dict[Any, Any], adj: Any) -> None:
    """Serve until SIGINT (Ctrl+C) or SIGTERM (a service manager's stop) arrives.

    The handlers only note the signal and wake the loop: an exception raised wherever the
    main thread happens to be (Python's KeyboardInterrupt, which ``waitress.serve`` relies on)
    can land between a lock's acquire and its ``with`` block and leave the server unable to
    shut down. Here the loop ends between two rounds, in a known state.
    """
    wake = trigger(sockets)
    received: list[int] = []

    def note(signum: int, _frame: object) -> None:
        received.append(signum)
        with suppress(OSError):
            wake.pull_trigger()

    previous = {sig: signal.signal(sig, note) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while sockets and not received:
            wasyncore.loop(adj.asyncore_loop_timeout, adj.asyncore_use_poll, sockets, count=1)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command()
@setting_option("host", "--host")
@setting_option("port", "--port")
@setting_option("sparql_timeout", "--timeout")
@setting_option("sparql_row_cap", "--row-cap")
@setting_option("sparql_workers", "--workers")
@setting_option("cors_origins", "--cors-origins")
@click.option("--debug", is_flag=True, help="Flask's development server (not for production).")
@workspace_option()
@store_option()
@click.pass_obj
@handles_errors
def serve(
    obj: Context,
    host: str | None,
    port: int | None,
    sparql_timeout: float | None,
    sparql_row_cap: int | None,
    sparql_workers: int | None,
    cors_origins: str | None,
    debug: bool,
) -> None:
    """Serve the web explorer (/), the SPARQL endpoint (/sparql) and named queries (/queries).

    Open the printed URL in a browser; SPARQL clients use /sparql.
    """
    given = {
        "host": host,
        "port": port,
        "sparql_timeout": sparql_timeout,
        "sparql_row_cap": sparql_row_cap,
        "sparql_workers": sparql_workers,
        "cors_origins": cors_origins,
    }
    settings = obj.settings.replace(**{k: v for k, v in given.items() if v is not None})
    obj.settings = settings
    kb = obj.open_kb(workers=settings.sparql_workers)
    try:
        run, close = _server(create_app(settings, kb=kb), settings, debug)
        kb.start()
        sandbox = probe_sandbox() if settings.sandbox else "off (USM_KB_SANDBOX=0)"
        url = f"http://{settings.host}:{settings.port}/"
        stderr().print(
            f"usm-kb serving {url}  (explorer; SPARQL endpoint {url}sparql)\n"
            f"Ctrl+C to stop; query sandbox: {sandbox}",
            soft_wrap=True,
        )
        try:
            run()
        except KeyboardInterrupt:  # --debug's server; the production loop ends by itself
            pass
        finally:
            close()
    finally:
        kb.close()
    stderr().print("usm-kb stopped")
