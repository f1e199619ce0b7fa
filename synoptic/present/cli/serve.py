"""`synoptic serve`: the web app and JSON API over one database, under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from synoptic.present.cli.common import ConfigOption, DbOption, err, settings_from


def serve_command(
    db: DbOption = None,
    config: ConfigOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the stories, synopses, articles, outlets, speakers and search as web pages and a JSON API
    (/api/v1, described at /openapi.json and /docs). Read-only, unless SYNOPTIC_API_TOKEN is set: then
    POST /api/v1/articles ingests for requests bearing that token."""
    import uvicorn

    from synoptic.present.web.app import create_app

    settings = settings_from(config, db=db)
    app = create_app(settings)
    mode = "ingest enabled for requests with the API token" if settings.api_token else "read-only"
    err.print(f"serving {settings.db} at http://{host}:{port} ({mode}); Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")
