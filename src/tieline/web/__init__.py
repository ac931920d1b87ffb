"""Tieline on the web: a read-only REST API and a dashboard (``tieline.web.app.create_app``).

    from tieline.web import serve
    serve("tieline.duckdb", host="127.0.0.1", port=8000)
"""
from __future__ import annotations

from typing import Any


def create_app(db: str | None = None, read_only: bool = True) -> Any:
    from .app import create_app as _create
    return _create(db, read_only=read_only)


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000, *, read_only: bool = True,
          log_level: str = "info") -> None:
    """Run the API and dashboard with uvicorn until interrupted (loopback by default)."""
    import uvicorn
    uvicorn.run(create_app(db, read_only=read_only), host=host, port=port, log_level=log_level)


__all__ = ["create_app", "serve"]
