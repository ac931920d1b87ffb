"""The main job: `tieline demo` ingests the bundled corpus and tells the stories it was written for."""

import json

import pytest
from typer.testing import CliRunner

from tieline.cli import app
from tieline.demo import CORPUS, corpus_inputs


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    res = CliRunner().invoke(app, ["demo", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    return db, json.loads(res.stdout.strip().splitlines()[-1])


def _years(db, a, b):
    res = CliRunner().invoke(app, ["ties", a, b, "--by", "year", "--format", "json", "--db", db])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    assert rep["dyad"] == [a, b]
    return {p["period"]: p["score"] for p in rep["periods"]}, rep


def test_demo_corpus_has_every_format():
    assert len(corpus_inputs()) == 4
    assert sum(1 for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".txt", ".html", ".rss", ".jsonl")) >= 80


def test_demo_ingests_everything_without_problems(demo_db):
    _, res = demo_db
    assert res["ingest"]["problems"] == []
    assert res["stats"]["articles"] >= 100
    assert res["stats"]["events"] >= 300


def test_demo_is_idempotent(demo_db):
    db, first = demo_db
    again = json.loads(CliRunner().invoke(app, ["demo", "--db", db, "--format", "json"]).stdout.strip().splitlines()[-1])
    assert again["ingest"]["articles_new"] == 0
    assert again["stats"]["events"] == first["stats"]["events"]


def test_demo_iran_hamas_break_and_rapprochement(demo_db):
    years, _ = _years(demo_db[0], "Iran", "Hamas")
    around_break = [years[y] for y in ("2012", "2013") if years.get(y) is not None]
    assert around_break and min(around_break) < 0, years
    assert years.get("2017", 0) > 0, years


def test_demo_iran_saudi_break_and_restoration(demo_db):
    years, _ = _years(demo_db[0], "Iran", "Saudi Arabia")
    assert years.get("2016", 0) < 0, years
    assert years.get("2023", 0) > 0, years


def test_demo_trend_has_reasons_with_evidence(demo_db):
    _, rep = _years(demo_db[0], "Iran", "Saudi Arabia")
    assert rep["trend"]["label"] in ("warming", "cooling", "stable")
    reasons = rep["trend"].get("reasons") or []
    assert reasons and all(r.get("sentence") for r in reasons)
