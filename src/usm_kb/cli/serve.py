"""``usm-kb serve``: the SPARQL endpoint and named queries over HTTP on the embedded store."""

from __future__ import annotations

import click
from werkzeug.serving import make_server

from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.options import setting_option
from usm_kb.cli.output import stderr
from usm_kb.web import create_app


@click.command()
@setting_option("host", "--host")
@setting_option("port", "--port")
@setting_option("sparql_timeout", "--timeout")
@setting_option("sparql_row_cap", "--row-cap")
@setting_option("sparql_workers", "--workers")
@click.pass_obj
@handles_errors
def serve(
    obj: Context,
    host: str | None,
    port: int | None,
    sparql_timeout: float | None,
    sparql_row_cap: int | None,
    sparql_workers: int | None,
) -> None:
    """Serve the SPARQL endpoint (/sparql) and named queries (/queries) on the embedded store."""
    settings = obj.settings.replace(
        **{
            k: v
            for k, v in {
                "host": host,
                "port": port,
                "sparql_timeout": sparql_timeout,
                "sparql_row_cap": sparql_row_cap,
                "sparql_workers": sparql_workers,
            }.items()
            if v is not None
        }
    )
    obj.settings = settings
    kb = obj.open_kb(workers=settings.sparql_workers)
    app = create_app(settings, kb=kb)
    server = make_server(settings.host, settings.port, app, threaded=True)  # busy port: exit 1
    stderr().print(
        f"usm-kb serving http://{settings.host}:{settings.port}/sparql  (Ctrl+C to stop)"
    )
    try:
        server.serve_forever()  # returns on Ctrl+C: werkzeug handles KeyboardInterrupt
    finally:
        server.server_close()
        kb.close()
    stderr().print("usm-kb stopped")
