"""Tieline on the web: a read-only REST API and a dashboard (``tieline.web.app.create_app``).

from tieline.web import serve
serve("tieline.duckdb", host="127.0.0.1", port=8000)
"""

from __future__ import annotations

from typing import Any


def create_app(
    db: str | None = None, read_only: bool = True, reopen: bool = False, allowed_hosts: list[str] | None = None
) -> Any:
    from .app import create_app as _create

    return _create(db, read_only=read_only, reopen=reopen, allowed_hosts=allowed_hosts)


def serve(
    db: str | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    read_only: bool = True,
    reopen: bool = False,
    log_level: str = "info",
) -> None:
    """Run the API and dashboard with uvicorn until interrupted (loopback by default).

    ``reopen``: open the DuckDB file per request, so that ``tieline ingest`` can write between
    requests (a held read-only connection keeps other processes from opening it for writing).
    """
    import uvicorn

    hosts = _allowed_hosts(host, port)
    uvicorn.run(
        create_app(db, read_only=read_only, reopen=reopen, allowed_hosts=hosts), host=host, port=port, log_level=log_level
    )


def _allowed_hosts(host: str, port: int) -> list[str] | None:
    """The Host header values a server bound to ``host`` answers: its own name and, on loopback,
    the loopback names; a server bound to every interface (0.0.0.0) cannot know its names: None."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    return sorted(names)


__all__ = ["create_app", "serve"]
