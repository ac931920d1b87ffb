"""Synthetic actors and events for the tests."""

from __future__ import annotations

import itertools


from tieline.records import Actor, Event
from tieline.store import open_store

_n = itertools.count(1)

IRAN = dict(text="Iran", entity="Iran", code="IRN", sector=None, actor_id="iran")
IRGC = dict(text="Revolutionary Guards", entity="Islamic Revolutionary Guard Corps", code="IRN", sector="MIL", actor_id="irgc")
HAMAS = dict(text="Hamas", entity="Hamas", code="PSE", sector="REB", actor_id="hamas")
PALESTINE = dict(text="the Palestinian Authority", entity="Palestinian Authority", code="PSE", sector="GOV", actor_id="pa")
ISRAEL = dict(text="Israel", entity="Israel", code="ISR", sector=None, actor_id="israel")
HEZBOLLAH = dict(text="Hezbollah", entity="Hezbollah", code="LBN", sector="REB", actor_id="hezbollah")
SYRIA = dict(text="Assad", entity="Bashar al-Assad", code="SYR", sector="GOV", actor_id="assad")


def actor(d: dict) -> Actor:
    return Actor(start=0, end=len(d["text"]), **d)


def ev(
    type_: str,
    score: float,
    date: str,
    source: list[dict],
    target: list[dict] | None = None,
    *,
    article: str | None = None,
    modality: list[str] | None = None,
    confidence: float = 1.0,
    sentence: str | None = None,
    attributed_to: str | None = None,
    published: str | None = None,
) -> Event:
    i = next(_n)
    e = Event(
        type=type_,
        source=[actor(a) for a in source],
        target=[actor(a) for a in (target or [])],
        sentence=sentence or f"{type_} sentence {i}.",
        sentence_start=0,
        score=score,
        date=date,
        modality=modality or ["asserted"],
        confidence=confidence,
        attributed_to=attributed_to,
        published=published,
    )
    e.assign_id(article or f"art{i:05d}", i)
    return e


def new_store(path: str):
    return open_store(path)


# -- fixtures shared by tests/ties and tests/export (imported by their conftest.py) --------------
import os  # noqa: E402

import pytest  # noqa: E402

PG = os.environ.get("TIELINE_TEST_PG")  # e.g. postgresql://postgres@127.0.0.1:54329/postgres
TABLES = (
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
)


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
