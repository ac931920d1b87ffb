"""The embedded default backend: one DuckDB file, no server."""

from __future__ import annotations

import pathlib
from typing import Any, Sequence

import duckdb

from .base import SQLStore


class DuckDBStore(SQLStore):
    placeholder = "?"

    def __init__(self, path: str, read_only: bool = False) -> None:
        self.url = str(path)
        if read_only and (path == ":memory:" or not pathlib.Path(path).expanduser().exists()):
            read_only = False  # nothing to protect yet: create it
        if path != ":memory:":
            pathlib.Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.conn = duckdb.connect(str(pathlib.Path(path).expanduser()) if path != ":memory:" else path, read_only=read_only)
        if not read_only:
            self.migrate()

    def insert_rows(
        self, table: str, rows: Sequence[Sequence[Any]], columns: Sequence[str] | None = None, chunk: int = 0
    ) -> None:
        """The rows through DuckDB's appender: buffered, each value converted to its column's type
        as a parameter would be, and inserted with one statement (in the open transaction).
        Faster than one INSERT of ``unnest`` list parameters (1.7x on the mentions table), which
        was itself ten times less work than multi-row VALUES."""
        if not rows:
            return
        appender = self.conn.appender(table, columns=list(columns) if columns else None)
        appender.append_rows(rows)  # a bad row raises here, and nothing buffered is applied
        appender.flush()
