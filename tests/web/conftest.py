"""A DuckDB file with synthetic articles (tieline.web.demo_data) and one hostile article."""

from __future__ import annotations

import pytest

from tieline.records import Actor, Article, Event, Place
from tieline.store import open_store
from tieline.web.demo_data import fill_store

HOSTILE_BODY = (
    'Iran <script>window.__pwned = 1; alert("x")</script> sent aid to Hamas.\n\n'
    'Officials said <img src=x onerror="window.__pwned=2"> nothing more & "quoted" \'text\'.'
)
HOSTILE_TITLE = '<b onmouseover="window.__pwned=3">Bold</b> claims'
HOSTILE_PLACE = 'Gaza <img src=z onerror="window.__pwned=6">'
UNKNOWN_HOSTILE = '<img src=y onerror="window.__pwned=4">'


def hostile_article() -> tuple[Article, list[Event], list[Actor]]:
    body = HOSTILE_BODY
    iran = Actor(text="Iran", start=0, end=4, entity="Iran", code="IRN", actor_id="IRN")
    h0 = body.index("Hamas")
    hamas = Actor(text="Hamas", start=h0, end=h0 + 5, entity="Hamas", code="PSE", sector="REB", actor_id="hamas")
    u0 = body.index("<img")
    unk = Actor(
        text=UNKNOWN_HOSTILE,
        start=u0,
        end=u0 + len('<img src=x onerror="window.__pwned=2">'),
        code="PSE",
        sector="REB",
        known=False,
        how="ner",
    )
    art = Article(
        body=body,
        title=HOSTILE_TITLE,
        published="2019-03-01T10:00:00+00:00",
        publisher="<i>Evil</i> Post",
        url="javascript:alert(1)",
        language="en",
        format="html",
        path="hostile.html",
    )
    sent = body.split("\n\n")[0]
    ev = Event(
        type="AID",
        cameo="070",
        score=7.0,
        sentence=sent,
        sentence_start=0,
        source=[iran],
        target=[hamas],
        date="2019-02",
        published=art.published,
        modality=["alleged"],
        attributed_to="<script>window.__pwned=5</script>",
        confidence=0.9,
    )
    ev.place = Place(name=HOSTILE_PLACE, country="PSE", precision="city", lat=31.5, lon=34.47, confidence=0.9, how="locative")
    ev.assign_id(art.id, 1)
    return art, [ev], [iran, hamas, unk]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("web") / "web.duckdb")
    store = open_store(path)
    fill_store(store, articles=160, seed=3)
    art, evs, ments = hostile_article()
    store.save_article(art, evs, ments, run_id=None)
    store.close()
    return {"path": path, "hostile_id": art.id, "hostile_event": evs[0].event_id}
