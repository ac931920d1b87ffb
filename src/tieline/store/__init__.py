"""Storage behind one small interface: DuckDB by default, PostgreSQL by URL."""
from __future__ import annotations

import os

from .base import EventFilter, SQLStore, date_key

DEFAULT_DB = "tieline.duckdb"


def resolve_db(db: str | None = None) -> str:
    """--db wins, then TIELINE_DB, then the config file's ``db``, then ./tieline.duckdb."""
    if db or os.environ.get("TIELINE_DB"):
        return db or os.environ["TIELINE_DB"]
    from ..config import load_config
    return load_config().get("db") or DEFAULT_DB


def open_store(db: str | None = None, read_only: bool = False) -> SQLStore:
    url = resolve_db(db)
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres_store import PostgresStore
        return PostgresStore(url, read_only=read_only)
    from .duckdb_store import DuckDBStore
    return DuckDBStore(url, read_only=read_only)


__all__ = ["EventFilter", "SQLStore", "open_store", "resolve_db", "date_key", "DEFAULT_DB"]
