"""Shared fixtures: one loaded Tieline for the whole session (spaCy takes seconds to load)."""

from __future__ import annotations

import os

import pytest

PG = os.environ.get("TIELINE_TEST_PG")  # e.g. postgresql://postgres@127.0.0.1:54329/postgres
STORE_TABLES = (
    "schema_migrations",
    "runs",
    "articles",
    "article_sources",
    "article_bands",
    "actor_groups",
    "events",
    "event_actors",
    "mentions",
    "quarantine",
    "sources",
    "frontier",
    "tie_events",
    "tie_keys",
    "tie_actors",
    "tie_index_state",
)


@pytest.fixture(scope="session")
def tl():
    """The built-in knowledge base and lexicon, loaded once."""
    from tieline.api import Tieline

    return Tieline(kb_files=[])


def _fresh_store(kind: str, tmp_path):
    from tieline.store import open_store

    if kind == "postgres":
        if not PG:
            pytest.skip("PostgreSQL store tests need TIELINE_TEST_PG=postgresql://... (a scratch database)")
        try:
            import psycopg
        except ImportError:
            pytest.skip("PostgreSQL store tests need psycopg: pip install 'tieline[postgres]'")
        with psycopg.connect(PG, autocommit=True) as c:
            for t in STORE_TABLES:
                c.execute(f"DROP TABLE IF EXISTS {t} CASCADE")
            c.execute("DROP SEQUENCE IF EXISTS tie_eid")
        return open_store(PG)
    return open_store(str(tmp_path / "t.duckdb"))


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """A fresh, migrated store: a DuckDB file in tmp_path, or the TIELINE_TEST_PG database emptied."""
    s = _fresh_store(request.param, tmp_path)
    yield s
    s.close()
