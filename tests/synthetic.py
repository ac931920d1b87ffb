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


# -- a fixture shared by tests/ties and tests/export (imported by their conftest.py; the `store`
# fixture is the one of tests/conftest.py) ------------------------------------------------------
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _store_only_resolver(monkeypatch):
    """Unit tests resolve names from the stored actors only, not from the (changing) knowledge base;
    test_kb_resolver checks the knowledge-base path."""
    from tieline.ties import keys

    monkeypatch.setattr(keys, "default_resolver", keys.fallback_resolver)
