"""The store: migrations, idempotent saves, sources, transactions, quarantine, event queries.

Runs on DuckDB always and on PostgreSQL when TIELINE_TEST_PG names a scratch database (the
``store`` fixture in conftest.py drops Tieline's tables there before each test).
"""

from __future__ import annotations

import pytest

from tieline.records import Actor, Article, Event, Problem
from tieline.store import EventFilter, date_key, resolve_db
from tieline.store.schema import MIGRATIONS

IRAN = dict(entity="Iran", code="IRN", sector="GOV", actor_id="IRN")
HAMAS = dict(entity="Hamas", code="PSE", sector="REB", actor_id="hamas")
EGYPT = dict(entity="Egypt", code="EGY", sector="GOV", actor_id="EGY")


def actor(text, start, **kw):
    return Actor(text=text, start=start, end=start + len(text), **kw)


def article(body="Iran cut off aid to Hamas in 2012. Iran resumed aid to Hamas.", path="a.txt", **kw):
    return Article(body=body, title="Iran and Hamas", published="2017-05-30", path=path, format="text", **kw)


def events(art):
    e1 = Event(
        type="SANCTION",
        source=[actor("Iran", 0, **IRAN)],
        target=[actor("Hamas", 20, **HAMAS)],
        sentence="Iran cut off aid to Hamas in 2012.",
        sentence_start=0,
        cameo="162",
        score=-6.0,
        date="2012",
        published=art.published,
        confidence=0.7,
    )
    e2 = Event(
        type="AID",
        source=[actor("Iran", 35, **IRAN)],
        target=[actor("Hamas", 55, **HAMAS)],
        sentence="Iran resumed aid to Hamas.",
        sentence_start=35,
        cameo="070",
        score=10.0,
        date="2017-05-30",
        published=art.published,
        modality=["alleged"],
        attributed_to="Asharq Al-Awsat",
        confidence=0.66,
    )
    e3 = Event(
        type="ACCUSE",
        source=[actor("Egypt", 0, **EGYPT)],
        target=[actor("Hamas", 20, **HAMAS)],
        sentence="Egypt criticized Hamas.",
        sentence_start=62,
        cameo="111",
        score=-2.0,
        date="2017-05",
        published=art.published,
    )
    evs = [e1, e2, e3]
    for i, e in enumerate(evs):
        e.assign_id(art.id, i)
    return evs


def mentions():
    return [
        actor("Iran", 0, **IRAN, how="kb-country"),
        actor("Hamas", 20, **HAMAS, how="kb-org"),
        actor("Yousef al-Haddadi", 70, code="PSE", sector="REB", known=False, how="unknown-person"),
    ]


def counts(store):
    one = lambda table: store.query(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: E731
    return one("articles"), one("events"), one("article_sources"), one("mentions")


def test_stats(store):
    save(store, article())
    st = store.stats()
    assert (st["articles"], st["events"], st["sources"], st["mentions"], st["unknown_mentions"]) == (1, 3, 1, 3, 1)
    assert st["events_by_type"] == {"SANCTION": 1, "AID": 1, "ACCUSE": 1}
    assert st["articles_by_format"] == {"text": 1}
    assert (st["first_event"], st["last_event"]) == ("2012", "2017-05-30")
    assert st["schema_version"] == max(v for v, _, _ in MIGRATIONS)


def save(store, art, run=None):
    run = run or store.begin_run("test", [art.path])
    with store.transaction():
        return store.save_article(art, events(art), mentions(), run)


def test_schema_version_is_latest_migration(store):
    assert store.schema_version() == max(v for v, _, _ in MIGRATIONS)
    assert store.migrate() == 0  # migrating again applies nothing
    assert store.schema_version() == max(v for v, _, _ in MIGRATIONS)


def test_empty_store(store):
    assert counts(store) == (0, 0, 0, 0)
    assert store.problems() == [] and store.runs() == [] and store.events() == []


def test_save_article_with_events_and_mentions(store):
    art = article()
    assert save(store, art) is True
    assert counts(store) == (1, 3, 1, 3)
    got = store.article(art.id)
    assert got["title"] == "Iran and Hamas" and got["sources"] == ["a.txt"]
    assert [e["type"] for e in got["events"]] == ["SANCTION", "AID", "ACCUSE"]
    assert got["events"][1]["modality"] == ["alleged"] and got["events"][1]["attributed_to"] == "Asharq Al-Awsat"
    assert store.article(art.id[:6])["id"] == art.id  # id prefix
    assert store.unknown_actors()[0]["text"] == "Yousef al-Haddadi"


def test_saving_twice_changes_nothing(store):
    art = article()
    save(store, art)
    before = counts(store)
    assert save(store, article()) is False
    assert counts(store) == before


def test_same_article_from_two_files_stored_once_with_two_sources(store):
    save(store, article(path="feeds/one.txt"))
    assert save(store, article(path="dumps/two.txt")) is False
    a, e, s, _ = counts(store)
    assert (a, e, s) == (1, 3, 2)
    assert store.article(article().id)["sources"] == ["dumps/two.txt", "feeds/one.txt"]


def test_transaction_rollback_leaves_counts_unchanged(store):
    save(store, article())
    before = counts(store)
    other = article(body="Egypt criticized Hamas over the border closure.", path="b.txt")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.save_article(other, events(other), mentions(), None)
            assert store.has_article(other.id)
            raise RuntimeError("crash in the middle of a batch")
    assert counts(store) == before
    assert not store.has_article(other.id)


def test_quarantine_add_replace_clear(store):
    run = store.begin_run("ingest", ["x"])
    store.add_problem(Problem(path="bad.bin", reason="binary", detail="NUL bytes"), run)
    store.add_problem(Problem(path="bad.bin", reason="binary", detail="NUL bytes again"), run)
    store.add_problem(Problem(path="empty.txt", reason="empty"), run)
    probs = store.problems()
    assert sorted(p["path"] for p in probs) == ["bad.bin", "empty.txt"]
    store.clear_problem("bad.bin")
    assert [p["path"] for p in store.problems()] == ["empty.txt"]


def test_runs_recorded(store):
    r1 = store.begin_run("ingest", ["a.txt"])
    store.finish_run(r1, 1, 1, 0, 3, 0)
    r2 = store.begin_run("ingest", ["a.txt"])
    assert r2 == r1 + 1
    last = store.runs()[1]
    assert (last["run_id"], last["n_new"], last["n_events"]) == (r1, 1, 3) and last["finished"]


@pytest.mark.parametrize(
    "flt, expected",
    [
        (EventFilter(), ["SANCTION", "AID", "ACCUSE"]),
        (EventFilter(actor=["IRN"]), ["SANCTION", "AID"]),
        (EventFilter(actor=["hamas"]), ["SANCTION", "AID", "ACCUSE"]),
        (EventFilter(actor=["Egypt"]), ["ACCUSE"]),
        (EventFilter(dyad=(["IRN"], ["PSE"])), ["SANCTION", "AID"]),
        (EventFilter(dyad=(["EGY"], ["IRN"])), []),
        (EventFilter(types=["aid"]), ["AID"]),
        (EventFilter(modality="alleged"), ["AID"]),
        (EventFilter(since="2017"), ["AID", "ACCUSE"]),
        (EventFilter(until="2016-12-31"), ["SANCTION"]),
        (EventFilter(limit=1), ["SANCTION"]),
    ],
)
def test_event_queries(store, flt, expected):
    save(store, article())
    assert [e.type for e in store.events(flt)] == expected


def test_event_round_trip(store):
    art = article()
    save(store, art)
    original = events(art)[1].to_dict()
    back = store.events(EventFilter(types=["AID"]))[0].to_dict()
    assert back == original


def test_articles_search(store):
    save(store, article())
    save(store, article(body="Egypt criticized Hamas over the border closure.", path="b.txt"))
    assert len(store.articles()) == 2
    rows = store.articles("resumed")
    assert len(rows) == 1 and rows[0]["events"] == 3


@pytest.mark.parametrize(
    "value, expected",
    [("2012", "2012-01-01"), ("2017-05", "2017-05-01"), ("2017-05-30", "2017-05-30"), (None, None), ("soon", None)],
)
def test_date_key(value, expected):
    d = date_key(value)
    assert (d.isoformat() if d else None) == expected


def test_resolve_db_order(monkeypatch):
    monkeypatch.delenv("TIELINE_DB", raising=False)
    assert resolve_db() == "tieline.duckdb"
    monkeypatch.setenv("TIELINE_DB", "/data/env.duckdb")
    assert resolve_db() == "/data/env.duckdb"
    assert resolve_db("/data/opt.duckdb") == "/data/opt.duckdb"
