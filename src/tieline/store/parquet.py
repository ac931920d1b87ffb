"""A store's rows as Parquet parts, and parts loaded into a store: how shards coded on several
machines (or by several clients of one cluster) come together.

    tieline ingest news/part-07/ --db local.duckdb --parquet /shared/out   # this run's rows as parts
    tieline load /shared/out --db central.duckdb                           # every part not loaded yet

A folder holds one sub-folder per table (``articles``, ``article_sources``, ``article_bands``,
``events``, ``event_actors``, ``mentions``) and in each a part per run and chunk of articles,
written under a temporary name and renamed when complete (a part being written is never read).
Loading is idempotent: an article or event the store has (the same content-hash key) is skipped
with everything hanging from it, so a part loaded twice, or a shard coded again after a failure,
adds nothing.  The target's tie index and group list are brought up to date after a load.

Both ways go through an in-memory DuckDB (which reads and writes Parquet), so any store --
DuckDB or PostgreSQL -- can be dumped or loaded.
"""

from __future__ import annotations

import glob
import os
import pathlib
import socket
import uuid
from typing import Any

from .base import placeholders

# table -> the column naming its article (every table hangs from an article)
TABLES: dict[str, str] = {
    "articles": "id",
    "article_sources": "article_id",
    "article_bands": "article_id",
    "events": "article_id",
    "mentions": "article_id",
    "event_actors": "",  # hangs from an event: selected through events
}
CHUNK = 2000  # articles per part


def _bridge() -> Any:
    """An empty in-memory DuckDB store with Tieline's tables (their types come from the migrations)."""
    from . import open_store

    return open_store(":memory:")


def _rows(store: Any, table: str, ids: list[str]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(columns, rows) of one table for these article ids."""
    if table == "event_actors":
        sql = f"SELECT ea.* FROM event_actors ea JOIN events e ON e.event_id = ea.event_id WHERE e.article_id IN ({placeholders(ids)})"
    else:
        sql = f"SELECT * FROM {table} WHERE {TABLES[table]} IN ({placeholders(ids)})"
    return _fetch(store, sql, ids)


def _write_part(con: Any, table: str, folder: pathlib.Path, name: str) -> None:
    """COPY the bridge's table to ``folder/table/name`` (written aside, then renamed)."""
    out = folder / table
    out.mkdir(parents=True, exist_ok=True)
    tmp, final = out / f".{name}.tmp", out / name
    con.execute(f"COPY {table} TO '{str(tmp).replace(chr(39), chr(39) * 2)}' (FORMAT PARQUET, COMPRESSION ZSTD)")
    os.replace(tmp, final)


def dump(store: Any, folder: str | os.PathLike[str], run_id: int | None = None) -> dict[str, int]:
    """Write the rows of one run (``run_id``: the articles it stored first, and the sources it
    saw) or of the whole store as Parquet parts under ``folder``; returns rows written per table."""
    folder = pathlib.Path(folder)
    if run_id is None:
        ids = [r[0] for r in store.query("SELECT id FROM articles ORDER BY id")]
    else:
        ids = [r[0] for r in store.query("SELECT id FROM articles WHERE first_run = ? ORDER BY id", [run_id])]
        # an article read again in this run at a new path: its new source rows travel too
        ids += [
            r[0]
            for r in store.query(
                "SELECT DISTINCT article_id FROM article_sources WHERE run_id = ? AND article_id NOT IN"
                " (SELECT id FROM articles WHERE first_run = ?) ORDER BY article_id",
                [run_id, run_id],
            )
        ]
    counts = {t: 0 for t in TABLES}
    stem = f"run-{run_id if run_id is not None else 'all'}-{socket.gethostname()}-{uuid.uuid4().hex[:8]}"
    for k in range(0, len(ids), CHUNK):
        part = ids[k : k + CHUNK]
        bridge = _bridge()
        try:
            for table in TABLES:
                cols, rows = _rows(store, table, part)
                if table == "article_sources" and run_id is not None:
                    rows = [r for r in rows if r[cols.index("run_id")] == run_id]
                if not rows:
                    continue
                bridge.insert_rows(table, rows, columns=cols)
                _write_part(bridge.conn, table, folder, f"{stem}-{k // CHUNK:05d}.parquet")
                counts[table] += len(rows)
        finally:
            bridge.close()
    return counts


def parts(folder: str | os.PathLike[str], table: str) -> list[str]:
    """The complete parts of one table (not the ones being written)."""
    return sorted(glob.glob(os.path.join(str(folder), table, "*.parquet")))


def load(store: Any, folder: str | os.PathLike[str]) -> dict[str, int]:
    """Add the rows of every part under ``folder`` the store does not have; returns rows added per
    table.  Articles and events are matched by their keys; what hangs from a new article or event
    comes with it, and a known article's sources seen at new paths are added."""
    import duckdb

    from ..ties.indexes import sort_tie_index
    from .schema import GROUPS_FILL, TIE_ACTORS_FILL, TIE_EVENTS_FILL, TIE_KEYS_FILL

    added = {t: 0 for t in TABLES}
    present = [t for t in TABLES if parts(folder, t)]
    if "articles" not in present:
        return added
    con = duckdb.connect()
    try:
        for table in present:
            # the part each row came from: an article coded on two machines is taken, with all
            # that hangs from it, from one part (the first by name), never mixed from both
            con.execute(
                f"CREATE TABLE src_{table} AS SELECT * EXCLUDE (filename), parse_filename(filename) AS part_"
                " FROM read_parquet(?, union_by_name = true, filename = true)",
                [parts(folder, table)],
            )
        con.execute("CREATE TABLE pick AS SELECT id AS article_id, MIN(part_) AS part_ FROM src_articles GROUP BY id")
        picked = {"articles": "id", "article_bands": "article_id", "mentions": "article_id", "events": "article_id"}
        for table in present:
            if table in picked:
                con.execute(
                    f"CREATE TABLE one_{table} AS SELECT s.* EXCLUDE (part_) FROM src_{table} s"
                    f" JOIN pick p ON p.article_id = s.{picked[table]} AND p.part_ = s.part_"
                )
        if "event_actors" in present and "events" in present:
            con.execute(
                "CREATE TABLE one_event_actors AS SELECT a.* EXCLUDE (part_) FROM src_event_actors a"
                " JOIN src_events e ON e.event_id = a.event_id AND e.part_ = a.part_"
                " JOIN pick p ON p.article_id = e.article_id AND p.part_ = a.part_"
            )
        ones = {t for t in TABLES if t in present and (t in picked or "events" in present)}
        ids = [r[0] for r in con.execute("SELECT article_id FROM pick ORDER BY article_id").fetchall()]

        def copy(table: str, key: str, values: list[str]) -> int:
            """Insert the picked rows of ``table`` whose ``key`` is one of ``values``."""
            if not values or table not in ones:
                return 0
            cols, rows = _fetch(con, f"SELECT * FROM one_{table} WHERE {key} IN (SELECT unnest(?))", [values])
            store.insert_rows(table, rows, columns=cols)
            return len(rows)

        with store.transaction():
            for k in range(0, len(ids), CHUNK):
                chunk = ids[k : k + CHUNK]
                have = store.stored_ids(chunk)
                new = [a for a in chunk if a not in have]
                added["articles"] += copy("articles", "id", new)
                added["article_bands"] += copy("article_bands", "article_id", new)
                added["mentions"] += copy("mentions", "article_id", new)
                if "article_sources" in present:
                    added["article_sources"] += _copy_sources(con, store, chunk)
                evs = _new_events(con, store, new) if "events" in present else []
                added["events"] += copy("events", "event_id", evs)
                added["event_actors"] += copy("event_actors", "event_id", evs)
            if added["events"]:
                # the relation queries' index and the groups of the actors just added
                for sql in (TIE_EVENTS_FILL, TIE_ACTORS_FILL, TIE_KEYS_FILL, GROUPS_FILL):
                    store.execute(sql)
        if added["events"]:
            sort_tie_index(store)
        return added
    finally:
        con.close()


def _fetch(con: Any, sql: str, params: list[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(columns, rows) of a query, on a store or on the in-memory DuckDB."""
    cur = con.execute(sql, params)
    return [d[0] for d in cur.description], cur.fetchall()


def _copy_sources(con: Any, store: Any, ids: list[str]) -> int:
    """The source rows (article, path) of these articles the store lacks, each once."""
    cols, rows = _fetch(con, "SELECT * EXCLUDE (part_) FROM src_article_sources WHERE article_id IN (SELECT unnest(?))", [ids])
    seen = set(store.query(f"SELECT article_id, path FROM article_sources WHERE article_id IN ({placeholders(ids)})", ids))
    a, p = cols.index("article_id"), cols.index("path")
    fresh = []
    for r in rows:
        if (r[a], r[p]) not in seen:
            seen.add((r[a], r[p]))
            fresh.append(r)
    store.insert_rows("article_sources", fresh, columns=cols)
    return len(fresh)


def _new_events(con: Any, store: Any, article_ids: list[str]) -> list[str]:
    """Event ids of these (new) articles, in the parts, that the store does not hold."""
    if not article_ids:
        return []
    evs = [
        r[0]
        for r in con.execute("SELECT event_id FROM one_events WHERE article_id IN (SELECT unnest(?))", [article_ids]).fetchall()
    ]
    have = {r[0] for r in store.query_in("SELECT event_id FROM events WHERE event_id IN ({in})", evs, 1000)}
    return [e for e in evs if e not in have]
