import os

import pytest

from export_helpers import new_store

PG = os.environ.get("TIELINE_TEST_PG")   # e.g. postgresql://postgres@127.0.0.1:54329/postgres
TABLES = ("schema_migrations", "runs", "articles", "article_sources", "events", "event_actors", "mentions", "quarantine")


@pytest.fixture(autouse=True)
def _store_only_resolver(monkeypatch):
    """Unit tests resolve names from the stored actors only, not from the (changing) knowledge base;
    test_kb_resolver checks the knowledge-base path."""
    from tieline.ties import keys
    monkeypatch.setattr(keys, "default_resolver", keys.fallback_resolver)


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "postgres":
        if not PG:
            pytest.skip("set TIELINE_TEST_PG to a scratch PostgreSQL database to run the tests there too")
        import psycopg
        with psycopg.connect(PG, autocommit=True) as c:
            for t in TABLES:
                c.execute(f"DROP TABLE IF EXISTS {t} CASCADE")
        s = new_store(PG)
    else:
        s = new_store(str(tmp_path / "t.duckdb"))
    yield s
    s.close()
