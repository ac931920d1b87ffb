"""PostgreSQL backend, selected by a ``postgresql://`` URL.  Needs ``pip install tieline[postgres]``."""
from __future__ import annotations

import contextlib
from typing import Iterator

from .base import SQLStore


class PostgresStore(SQLStore):
    placeholder = "%s"

    def __init__(self, url: str, read_only: bool = False) -> None:
        try:
            import psycopg
        except ImportError as e:  # pragma: no cover - depends on the install
            raise RuntimeError("PostgreSQL needs psycopg: pip install 'tieline[postgres]'") from e
        self.url = url.split("@")[-1]  # never echo a password
        self.conn = psycopg.connect(url, autocommit=True)
        if not read_only:
            self.migrate()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield
