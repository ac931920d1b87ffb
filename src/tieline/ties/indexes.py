"""Indexes the tie queries use (idempotent; DuckDB and PostgreSQL)."""

from __future__ import annotations

from typing import Any

INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_ties_event_actors_actor_id ON event_actors (actor_id)",
    "CREATE INDEX IF NOT EXISTS ix_ties_event_actors_entity ON event_actors (entity)",
    "CREATE INDEX IF NOT EXISTS ix_ties_events_date_key ON events (date_key)",
)


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
