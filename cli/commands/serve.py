"""`targetwatch serve`: the web app (pages, JSON API, feeds, one-click unsubscribe) under uvicorn."""
from __future__ import annotations

import click

from targetwatch.errors import UserError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 to be reachable from other machines (put a proxy with TLS in front).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each keeps its own cache of comparisons and histories).")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the archive on the web: every region at a glance, histories with charts, each report
    with its comparison, a scoreboard, /compare, Atom feeds, /api/v1 (JSON and CSV) and
    /unsubscribe links for digests.

    \b
    It reads the archive of TARGETWATCH_DATABASE_URL (default: SQLite in TARGETWATCH_HOME)
    and is read-only unless TARGETWATCH_ADMIN_TOKEN is set. Set TARGETWATCH_BASE_URL to the
    public address so digests carry one-click unsubscribe links to it.

    \b
    Example:
      targetwatch serve --port 8000     # then open http://127.0.0.1:8000/
    """
    import socket

    import uvicorn

    from targetwatch.config import load_settings

    settings = load_settings()
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port or --host") from None
    click.echo(f"targetwatch: serving {settings.database_url.split('@')[-1]} on http://{host}:{port}/ "
               f"({'admin actions enabled' if settings.admin_token else 'read-only'})", err=True)
    uvicorn.run("targetwatch.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="info", proxy_headers=True, timeout_keep_alive=5)
