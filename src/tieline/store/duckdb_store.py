"""The embedded default backend: one DuckDB file, no server."""
from __future__ import annotations

import pathlib

import duckdb

from .base import SQLStore


class DuckDBStore(SQLStore):
    placeholder = "?"

    def __init__(self, path: str, read_only: bool = False) -> None:
        self.url = str(path)
        if read_only and (path == ":memory:" or not pathlib.Path(path).expanduser().exists()):
            read_only = False        # nothing to protect yet: create it
        if path != ":memory:":
            pathlib.Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.conn = duckdb.connect(str(pathlib.Path(path).expanduser()) if path != ":memory:" else path,
                                   read_only=read_only)
        if not read_only:
            self.migrate()
