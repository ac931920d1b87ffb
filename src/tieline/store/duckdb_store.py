"""The embedded default backend: one DuckDB file, no server."""

from __future__ import annotations

import pathlib
from typing import Any, Sequence

import duckdb

from .base import SQLStore, _column_list


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
        """One INSERT per table and batch: each column a list parameter, zipped by ``unnest``
        (about ten times less work than multi-row VALUES)."""
        if not rows:
            return
        cols = [list(c) for c in zip(*rows)]
        self.execute(f"INSERT INTO {table}{_column_list(columns)} SELECT " + ", ".join("unnest(?)" for _ in cols), cols)
