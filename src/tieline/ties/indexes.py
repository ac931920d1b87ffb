"""Indexes the tie queries use (idempotent; DuckDB and PostgreSQL), and the upkeep of the tie index.

Relation queries read the tie index (``tie_events``, ``tie_keys``; store/schema.py), which
``save_events`` fills as events are stored.  On PostgreSQL a B-tree on ``tie_keys(key)`` finds a
key's rows (created with the tables).  DuckDB has no use for such an index at this size: it skips
the row groups whose key range cannot hold the key, which works when the table is sorted by key.
Rows appended since the last sort form an unsorted tail that every query scans;
:func:`sort_tie_index` rewrites the table in key order when the tail has grown past a share of it
(``tieline ingest`` calls it at the end of a run).
"""

from __future__ import annotations

import time
from typing import Any

INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_ties_event_actors_actor_id ON event_actors (actor_id)",
    "CREATE INDEX IF NOT EXISTS ix_ties_event_actors_entity ON event_actors (entity)",
    "CREATE INDEX IF NOT EXISTS ix_ties_events_date_key ON events (date_key)",
)
SORT_SHARE = 0.2  # re-sort when the unsorted tail is more than this share of the rows ...
SORT_MIN_ROWS = 200_000  # ... and at least this many rows (below it a scan costs nothing)


def ensure_indexes(store: Any) -> int:
    """Create the indexes if missing; returns how many statements ran.  Safe to call every time.

    DuckDB mostly scans (its zone maps serve the date filter), so these matter most on PostgreSQL,
    where the key lookups on event_actors become index scans.
    """
    n = 0
    for sql in INDEXES:
        store.execute(sql)
        n += 1
    return n


def tie_index_tail(store: Any) -> tuple[int, int]:
    """(rows in tie_keys, rows appended since the last sort)."""
    total, tail = store.query(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE eid > (SELECT COALESCE(MAX(sorted_upto), 0) FROM tie_index_state)) FROM tie_keys"
    )[0]
    return int(total), int(tail or 0)


def sort_tie_index(store: Any, *, force: bool = False) -> float | None:
    """Rewrite ``tie_keys`` in key order on DuckDB when its unsorted tail is large (or ``force``);
    returns the seconds it took, or None when nothing was done (PostgreSQL reads its index)."""
    if getattr(store, "placeholder", "?") != "?":
        return None
    total, tail = tie_index_tail(store)
    if not force and (tail < SORT_MIN_ROWS or tail <= SORT_SHARE * total):
        return None
    t = time.perf_counter()
    with store.transaction():
        store.execute("CREATE TABLE tie_keys_sorted AS SELECT * FROM tie_keys ORDER BY key, eid")
        store.execute("DROP TABLE tie_keys")
        store.execute("ALTER TABLE tie_keys_sorted RENAME TO tie_keys")
        store.execute("DELETE FROM tie_index_state")
        store.execute("INSERT INTO tie_index_state SELECT COALESCE(MAX(eid), 0) FROM tie_keys")
    return time.perf_counter() - t
