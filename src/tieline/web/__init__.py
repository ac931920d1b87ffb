"""Tieline on the web: a read-only REST API and a dashboard (``tieline.web.app.create_app``).

    from tieline.web import serve
    serve("tieline.duckdb", host="127.0.0.1", port=8000)
"""
from __future__ import annotations

from typing import Any


def create_app(db: str | None = None, read_only: bool = True, reopen: bool = False) -> Any:
    from .app import create_app as _create
    return _create(db, read_only=read_only, reopen=reopen)


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000, *, read_only: bool = True,
          reopen: bool = False, log_level: str = "info") -> None:
    """Run the API and dashboard with uvicorn until interrupted (loopback by default).

    ``reopen``: open the DuckDB file per request, so that ``tieline ingest`` can write between
    requests (a held read-only connection keeps other processes from opening it for writing).
    """
    import uvicorn
    uvicorn.run(create_app(db, read_only=read_only, reopen=reopen), host=host, port=port, log_level=log_level)


__all__ = ["create_app", "serve"]
