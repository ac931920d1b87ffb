"""PostgreSQL backend, selected by a ``postgresql://`` URL.  Needs ``pip install tieline[postgres]``."""

from __future__ import annotations

import contextlib
from typing import Any, Iterator, Sequence

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

    def migrate(self) -> int:
        """The shared migrations, then the B-tree indexes the tie index is read through here."""
        from .schema import PG_TIE_INDEXES

        n = super().migrate()
        for sql in PG_TIE_INDEXES:
            self.execute(sql)
        return n

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def insert_rows(
        self, table: str, rows: Sequence[Sequence[Any]], columns: Sequence[str] | None = None, chunk: int = 0
    ) -> None:
        """Bulk rows through ``COPY ... FROM STDIN`` (PostgreSQL's fast path), in the open transaction."""
        if not rows:
            return
        from psycopg import sql

        target = (
            sql.Identifier(table)
            if not columns
            else sql.SQL("{} ({})").format(sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns))
        )
        with self.conn.cursor() as cur, cur.copy(sql.SQL("COPY {} FROM STDIN").format(target)) as cp:
            for r in rows:
                cp.write_row(r)
