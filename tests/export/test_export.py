"""Exports: parquet/csv round trips, jsonl records, PLOVER/POLECAT records against the schema,
GDELT 2.0 columns."""

from __future__ import annotations

import csv
import json

import datetime

import duckdb
import jsonschema
import pytest

from synthetic import HAMAS, IRAN, ISRAEL, ev
from tieline.export import FLAT_COLUMNS, FORMATS, export
from tieline.export.gdelt import GDELT_COLUMNS, cameo_table, global_event_id
from tieline.export.polecat import polecat_schema
from tieline.records import Article, Event, Place
from tieline.store import EventFilter


@pytest.fixture
def filled(store):
    art = Article(
        body="Iran has allegedly decided to resume financial backing for Hamas.\n\nMore.",
        title="Tehran-Hamas ties warming up",
        published="2017-05-30T09:45",
        publisher="JPost",
        url="https://example.org/iran-hamas",
    )
    aid = ev(
        "AID",
        7,
        "2017-05-30",
        [IRAN],
        [HAMAS],
        modality=["alleged", "intended"],
        attributed_to="Palestinian sources",
        published="2017-05-30T09:45",
        sentence="Iran has allegedly decided to resume financial backing for Hamas.",
    )
    aid.cameo, aid.location, aid.context, aid.mode = "073", "Beirut", "economic", "economic"
    aid.place = Place(
        name="Beirut",
        country="LBN",
        precision="city",
        lat=33.89,
        lon=35.49,
        admin1="04",
        geonameid=276781,
        confidence=0.9,
        how="locative",
    )
    aid.article_id, aid.event_id = art.id, art.id + "-001"
    talks = ev("CONSULT", 1, "2017-05", [IRAN, HAMAS], [], sentence="They held talks\tin Lebanon.")
    talks.article_id, talks.event_id = art.id, art.id + "-002"
    talks.sentence_start = 70
    store.save_article(art, [aid, talks], [], None)
    # the same AID reported by a second article from another publisher
    art2 = Article(body="Other report.", publisher="Reuters", url="https://example.org/2")
    aid2 = ev("AID", 7, "2017-05-30", [IRAN], [HAMAS], published="2017-05-31")
    aid2.cameo = "073"
    aid2.article_id, aid2.event_id = art2.id, art2.id + "-001"
    store.save_article(art2, [aid2], [], None)
    store.save_events([ev("ASSAULT", -9, "2012", [ISRAEL], [HAMAS], article="zz")])
    return store


def test_formats_listed_and_bad_format_rejected(store, tmp_path):
    assert set(FORMATS) == {"parquet", "csv", "jsonl", "polecat", "gdelt"}
    with pytest.raises(ValueError):
        export(store, "xml", tmp_path / "x")


def test_parquet_round_trip(filled, tmp_path):
    p = tmp_path / "ev.parquet"
    assert export(filled, "parquet", p)["events"] == 4
    con = duckdb.connect()
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{p}')").fetchall()]
    assert cols == [c for c, _ in FLAT_COLUMNS]
    rec, ent = con.execute(f"SELECT reciprocal, source_entity FROM read_parquet('{p}') WHERE type = 'CONSULT'").fetchone()
    assert rec is True and ent == "Iran; Hamas"
    got = con.execute(
        f"SELECT type, score, date_key, modality, article_url FROM read_parquet('{p}') "
        "WHERE type = 'AID' AND article_publisher = 'JPost'"
    ).fetchall()
    assert got == [("AID", 7.0, datetime.date(2017, 5, 30), "alleged; intended", "https://example.org/iran-hamas")]
    assert con.execute(f"SELECT COUNT(*) FROM read_parquet('{p}')").fetchone()[0] == 4
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{p}'))").fetchall())
    assert types["score"] == "DOUBLE" and types["date_key"] == "DATE" and types["sentence_start"] == "INTEGER"


def test_parquet_empty_export_is_readable(store, tmp_path):
    p = tmp_path / "none.parquet"
    assert export(store, "parquet", p)["events"] == 0
    assert duckdb.connect().execute(f"SELECT COUNT(*) FROM read_parquet('{p}')").fetchone()[0] == 0


def test_csv_round_trip_and_filter(filled, tmp_path):
    p = tmp_path / "ev.csv"
    assert export(filled, "csv", p, EventFilter(actor=["ISR"]))["events"] == 1
    rows = list(csv.DictReader(open(p, encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["type"] == "ASSAULT" and rows[0]["date_precision"] == "year"
    export(filled, "csv", p)
    rows = duckdb.connect().execute(f"SELECT type FROM read_csv_auto('{p}')").fetchall()
    assert len(rows) == 4 and {r[0] for r in rows} == {"AID", "CONSULT", "ASSAULT"}


def test_jsonl_is_event_contract(filled, tmp_path):
    p = tmp_path / "ev.jsonl"
    export(filled, "jsonl", p)
    recs = [json.loads(line) for line in open(p, encoding="utf-8")]
    assert len(recs) == 4
    assert Event.from_dict(recs[0]).to_dict() == recs[0]


def test_batching_and_limit(filled, tmp_path):
    p = tmp_path / "ev.jsonl"
    assert export(filled, "jsonl", p, batch=1)["events"] == 4
    assert export(filled, "jsonl", p, EventFilter(limit=3), batch=2)["events"] == 3
    assert len(open(p).readlines()) == 3


def test_polecat_records_validate_against_schema(filled, tmp_path):
    p = tmp_path / "ev.polecat.jsonl"
    export(filled, "polecat", p)
    schema = polecat_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    recs = [json.loads(line) for line in open(p, encoding="utf-8")]
    for r in recs:
        jsonschema.validate(r, schema)
    aid = next(r for r in recs if r["event_type"] == "AID" and r["publisher"] == "JPost")
    assert aid["date"] == "2017-05-30" and aid["quad_code"] == "Material Cooperation"
    assert aid["source"]["name"] == "Iran" and aid["source"]["country"] == "IRN"
    assert aid["target"]["name"] == "Hamas" and aid["target"]["sector"] == "REB"
    assert aid["modality"] == ["alleged", "intended"] and aid["attributed_to"] == "Palestinian sources"
    assert aid["context"] == ["economic"] and aid["location"]["name"] == "Beirut"
    assert aid["location"]["country"] == "LBN" and aid["location"]["precision"] == "city"
    assert (aid["location"]["lat"], aid["location"]["lon"], aid["location"]["geonameid"]) == (33.89, 35.49, 276781)
    assert aid["text"].startswith("Iran has allegedly") and aid["url"] == "https://example.org/iran-hamas"
    talks = next(r for r in recs if r["event_type"] == "CONSULT")
    assert talks["reciprocal"] and talks["target"]["name"] == "Hamas" and len(talks["actors"]) == 2
    old = next(r for r in recs if r["event_type"] == "ASSAULT")
    assert old["date"] == "2012-01-01" and old["date_precision"] == "year"


def test_polecat_schema_rejects_bad_records(filled, tmp_path):
    p = tmp_path / "ev.jsonl"
    export(filled, "polecat", p)
    rec = json.loads(open(p).readline())
    schema = polecat_schema()
    for bad in (
        {**rec, "event_type": "HUG"},
        {**rec, "intensity": 12},
        {k: v for k, v in rec.items() if k != "id"},
        {**rec, "source": {**rec["source"], "country": "Iran"}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def _gdelt(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    return lines[0].split("\t"), [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in lines[1:]]


def test_gdelt_columns(filled, tmp_path):
    p = tmp_path / "ev.tsv"
    assert export(filled, "gdelt", p)["events"] == 4
    header, rows = _gdelt(p)
    assert header == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    assert all(len(open(p).read().splitlines()[i].split("\t")) == 61 for i in range(5))
    aid = next(r for r in rows if r["SOURCEURL"] == "https://example.org/iran-hamas")
    assert aid["Day"] == "20170530" and aid["MonthYear"] == "201705" and aid["Year"] == "2017"
    assert aid["FractionDate"] == "2017.4082"
    assert aid["Actor1Code"] == "IRN" and aid["Actor1Name"] == "IRAN" and aid["Actor1CountryCode"] == "IRN"
    assert aid["Actor2Code"] == "PSEREB" and aid["Actor2CountryCode"] == "PSE" and aid["Actor2Type1Code"] == "REB"
    assert (aid["EventCode"], aid["EventBaseCode"], aid["EventRootCode"]) == ("073", "073", "07")
    assert aid["QuadClass"] == "2" and aid["GoldsteinScale"] == "7.4"
    # reported by two articles of two publishers
    assert (aid["NumMentions"], aid["NumSources"], aid["NumArticles"]) == ("2", "2", "2")
    assert aid["IsRootEvent"] == "1" and aid["AvgTone"] == ""
    # GDELT places in FIPS 10-4 codes: Lebanon is LE
    assert (aid["ActionGeo_Type"], aid["ActionGeo_FullName"], aid["ActionGeo_CountryCode"]) == ("4", "Beirut", "LE")
    assert (aid["ActionGeo_ADM1Code"], aid["ActionGeo_Lat"], aid["ActionGeo_Long"]) == ("LE04", "33.8900", "35.4900")
    assert aid["ActionGeo_FeatureID"] == "276781" and aid["DATEADDED"] == "20170530094500"
    assert aid["GlobalEventID"] == str(
        global_event_id(aid_id := next(e.event_id for e in filled.events() if e.type == "AID" and e.location == "Beirut"))
    )
    assert int(aid["GlobalEventID"]) < 2**53 and aid_id
    talks = next(r for r in rows if r["EventRootCode"] == "04")
    assert talks["Actor2Name"] == "HAMAS" and talks["IsRootEvent"] == "0" and talks["QuadClass"] == "1"
    headerless = tmp_path / "raw.tsv"
    export(filled, "gdelt", headerless, header=False)
    assert len(open(headerless).read().splitlines()) == 4


def test_cameo_goldstein_table_is_shipped():
    t = cameo_table()
    assert len(t) >= 280
    assert t["190"] == (-10.0, 4) and t["04"][1] == 1 and t["16"][1] == 4 and t["073"][1] == 2


def test_stdout(filled, capsys):
    export(filled, "jsonl", "-")
    assert len(capsys.readouterr().out.splitlines()) == 4
    with pytest.raises(ValueError):
        export(filled, "parquet", "-")


# -- exports are safe to open (issue 11, item 13) ------------------------------------------------------
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(store, tmp_path):
    e = ev("ACCUSE", -2, "2020-01-01", [IRAN], [ISRAEL], sentence='=HYPERLINK("http://x.example","click")')
    store.save_events([e])
    p = tmp_path / "ev.csv"
    export(store, "csv", p)
    row = next(csv.DictReader(open(p, encoding="utf-8")))
    assert row["sentence"].startswith("'=")
    assert float(row["score"]) == -2  # numbers stay numbers


def test_polecat_implied_actor_has_a_name(store, tmp_path):
    from tieline.records import Actor

    e = ev("COERCE", -7, "2020-01-01", [IRAN], [ISRAEL])
    e.source = [Actor(text="", start=None, end=None, entity=None, code="ISR", sector="COP", known=False, how="implied-authority")]
    store.save_events([e])
    p = tmp_path / "ev.jsonl"
    export(store, "polecat", p)
    rec = json.loads(open(p).readline())
    jsonschema.validate(rec, polecat_schema())
    assert rec["source"]["name"]


def test_exports_carry_the_event_cluster_and_its_reports_articles_and_sources(store, tmp_path):
    from tieline.records import Article

    for i, pub in enumerate(["Wire A", "Wire B", "Wire B"]):
        art = Article(body=f"Story {i}: Iran sent aid to Hamas.", title=f"story {i}", publisher=pub, id=f"art{i}")
        store.save_article(art, [ev("AID", 7, "2017-05-30", [IRAN], [HAMAS], article=f"art{i}")], [], None)
    store.save_article(
        Article(body="Israel struck.", publisher="Wire A", id="art9"),
        [ev("ASSAULT", -9, "2014", [ISRAEL], [HAMAS], article="art9")],
        [],
        None,
    )
    p = tmp_path / "c.csv"
    export(store, "csv", p)
    rows = list(csv.DictReader(open(p, encoding="utf-8")))
    aid = [r for r in rows if r["type"] == "AID"]
    assert len({r["cluster_id"] for r in aid}) == 1
    assert {(r["cluster_reports"], r["cluster_articles"], r["cluster_sources"]) for r in aid} == {("3", "3", "2")}
    other = next(r for r in rows if r["type"] == "ASSAULT")
    assert other["cluster_id"] != aid[0]["cluster_id"] and other["cluster_reports"] == "1"
