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
    warm: Annotated[
        bool,
        typer.Option(
            "--warm/--no-warm",
            help="Compute every day's state and compliance in the background, so that any "
            "date is answered from memory.",
        ),
    ] = True,
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI at /openapi.json, reference at /docs)."""
    import uvicorn

    from lockstep.cli._output import console
    from lockstep.errors import DomainError
    from lockstep.store import Store
    from lockstep.web import Settings, create_app

    if not host.strip():
        raise DomainError(
            "--host", "an interface address such as 127.0.0.1 (an empty one means every interface)"
        )
    settings = Settings.from_env(host=host, port=port, db_url=db, warm=warm)
    _check_free(settings.host, settings.port)
    # Open (and migrate) the store now, so that a bad --db is one line at start rather
    # than an error on every page.
    Store(settings.db_url)
    out = console()
    if summary:
        from lockstep.cli.status import print_status

        print_status(out)
    url = f"http://{settings.host}:{settings.port}/"
    out.print(f"lockstep dashboard: {url}  (API reference: {url}docs; Ctrl-C to stop)")
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        out.print(
            "warning: listening beyond loopback; saving stays disabled without a token; "
            "requests are answered for the host names in LOCKSTEP_ALLOWED_HOSTS "
            f"({', '.join(settings.trusted_hosts())})"
        )
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
    )


def _check_free(host: str, port: int) -> None:
    """Fail early, in one line, when the address cannot be bound."""
    import socket

    from lockstep.errors import DomainError

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise DomainError(
            "--host/--port",
            f"an address to listen on; {host}:{port} cannot be bound ({exc.strerror or exc})",
        ) from None
