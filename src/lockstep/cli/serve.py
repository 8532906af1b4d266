"""``lockstep serve``: the dashboard and JSON API on loopback."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Attach the ``serve`` command to ``app``."""
    app.command("serve")(serve)


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind; loopback unless told otherwise.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store URL: sqlite:///FILE or postgresql://... (default: SQLite file in the "
            "user data directory).",
        ),
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary/--no-summary", help="Print the status summary first.")
    ] = True,
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI at /openapi.json, reference at /docs)."""
    import uvicorn

    from lockstep.cli._output import console
    from lockstep.web import Settings, create_app

    settings = Settings.from_env(host=host, port=port, db_url=db)
    out = console()
    if summary:
        from lockstep.cli.status import print_status

        print_status(out)
    url = f"http://{settings.host}:{settings.port}/"
    out.print(f"lockstep dashboard: {url}  (API reference: {url}docs; Ctrl-C to stop)")
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        out.print("warning: listening beyond loopback; saving stays disabled without a token")
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
    )
