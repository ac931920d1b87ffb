"""Storage behind one small interface: DuckDB by default, PostgreSQL by URL."""

from __future__ import annotations

import os
import re

from .base import EventFilter, SQLStore, date_key

DEFAULT_DB = "tieline.duckdb"


def resolve_db(db: str | None = None) -> str:
    """--db wins, then TIELINE_DB, then the config file's ``db``, then ./tieline.duckdb."""
    if db or os.environ.get("TIELINE_DB"):
        return db or os.environ["TIELINE_DB"]
    from ..config import load_config

    return load_config().get("db") or DEFAULT_DB


class StoreError(Exception):
    """A database that cannot be opened as asked; the message says what to do (no password in it)."""


def redact(url: str) -> str:
    """The URL with any password replaced by '***', for messages and logs."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


class StoreBusy(StoreError):
    """The DuckDB file is held by another process's writer (or, for a writer, by a reader) for
    longer than the caller was willing to wait."""


def open_store(db: str | None = None, read_only: bool = False, wait: float = 0.0) -> SQLStore:
    """Open the store; ``read_only`` also means "must exist": a mistyped path is refused with a
    message instead of answering "0 events" from a new empty database.  ``wait``: seconds to keep
    retrying (with back-off) while another process holds the DuckDB file (DuckDB allows one
    writer, and a writer no readers from other processes); after that StoreBusy."""
    url = resolve_db(db)
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", url)
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres_store import PostgresStore

        try:
            return PostgresStore(url, read_only=read_only)
        except Exception as e:
            raise StoreError(f"cannot open {redact(url)}: {redact(str(e)).strip()}") from None
    if scheme:
        raise StoreError(
            f"unknown database URL scheme '{scheme.group(1)}' in {redact(url)}: use a DuckDB file "
            "path (the default) or a postgresql:// URL"
        )
    path = os.path.expanduser(url)
    if read_only and url != ":memory:" and not os.path.exists(path):
        raise StoreError(
            f"no database at {url}: check the path (--db, $TIELINE_DB), or create it with "
            f"`tieline ingest FILES --db {url}` or `tieline demo --db {url}`"
        )
    from .duckdb_store import DuckDBStore
    import time

    deadline, pause = time.monotonic() + wait, 0.02
    while True:
        try:
            return DuckDBStore(url, read_only=read_only)
        except Exception as e:
            msg = str(e)
            if "lock" not in msg.lower():
                raise StoreError(f"cannot open {url}: {msg.splitlines()[0] if msg else type(e).__name__}") from None
            if time.monotonic() + pause > deadline:
                raise StoreBusy(
                    f"{url} is in use by another process (DuckDB allows one writer): stop it, or run "
                    "the server with `tieline serve --reopen` so that ingest and the server can take "
                    f"turns ({msg.splitlines()[0]})"
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


__all__ = ["EventFilter", "SQLStore", "StoreBusy", "StoreError", "open_store", "redact", "resolve_db", "date_key", "DEFAULT_DB"]
