"""The `tieline` command: extract, ingest, events, stats, quarantine, articles, ties, actors; --db and TIELINE_DB."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from tieline import cli

BEIRUT = """\
Iran and Hamas hold talks in Beirut

Iran and Hamas held talks in Beirut on Sunday, according to Palestinian sources. The Islamic Republic cut off its aid to the Gaza-based movement in 2012 after Hamas refused to support Syrian President Bashar Assad.

Iran resumed aid to Hamas last month, the sources added. Egypt criticized the meeting on Monday.
"""

ANKARA = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Turkey and Russia sign gas deal | The Bosphorus Courier</title>
<meta property="og:site_name" content="The Bosphorus Courier">
<meta property="article:published_time" content="2019-01-08T10:00:00+03:00">
<meta name="author" content="Selin Kaya"></head>
<body><nav><a href="/">Home</a></nav><main><article><h1>Turkey and Russia sign gas deal</h1>
<p>Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Moscow on Tuesday.</p>
<p>Erdogan praised Russia for its cooperation on Syria. The United States criticized the deal.</p>
</article></main><footer>Copyright 2019 The Bosphorus Courier</footer></body></html>
"""


@pytest.fixture
def runner(tl, monkeypatch):
    from tieline.api import Tieline

    monkeypatch.setattr(cli, "_tieline", lambda kb=None: tl if kb is None else Tieline(kb_files=[kb], nlp=tl.nlp))
    monkeypatch.delenv("TIELINE_DB", raising=False)
    monkeypatch.delenv("TIELINE_KB", raising=False)
    return CliRunner()


@pytest.fixture
def news(tmp_path):
    d = tmp_path / "news"
    d.mkdir()
    (d / "beirut.txt").write_text(BEIRUT, encoding="utf-8")
    (d / "ankara.html").write_text(ANKARA, encoding="utf-8")
    return d


@pytest.fixture
def db(runner, news, tmp_path):
    path = str(tmp_path / "cli.duckdb")
    res = runner.invoke(cli.app, ["ingest", str(news), "--db", path, "--quiet"])
    assert res.exit_code == 0, res.output
    return path


def jsonl(text):
    return [json.loads(x) for x in text.splitlines() if x.strip()]


# -- extract -----------------------------------------------------------------------------------------
def test_extract_one_object_per_input_in_order(runner, news):
    res = runner.invoke(cli.app, ["extract", str(news / "ankara.html"), str(news / "beirut.txt")])
    assert res.exit_code == 0, res.output
    out = jsonl(res.stdout)
    assert [o["path"] for o in out] == [str(news / "ankara.html"), str(news / "beirut.txt")]
    for o in out:
        assert {"path", "title", "published", "publisher", "authors", "credit", "url", "language", "body"} <= set(o)
    html = out[0]
    assert html["title"] == "Turkey and Russia sign gas deal"
    assert html["published"].startswith("2019-01-08") and html["publisher"] == "The Bosphorus Courier"
    assert html["authors"] == ["Selin Kaya"] and html["language"] == "en"
    assert "Erdogan met Russian President" in html["body"] and "Copyright" not in html["body"]
    assert "Iran and Hamas held talks in Beirut" in out[1]["body"]


def test_extract_bad_input_exit_3_and_keeps_order(runner, news, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    res = runner.invoke(cli.app, ["extract", str(empty), str(news / "beirut.txt")])
    assert res.exit_code == 3
    out = jsonl(res.stdout)
    assert len(out) == 2 and out[0]["body"] == "" and out[0]["error"] == "empty"
    assert out[1]["body"]
    assert "empty.txt" in res.stderr


# -- ingest and queries --------------------------------------------------------------------------------
def test_ingest_creates_the_database(db):
    import pathlib

    assert pathlib.Path(db).exists()


def test_stats_json(runner, db):
    res = runner.invoke(cli.app, ["stats", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    st = json.loads(res.stdout)
    assert st["articles"] == 2 and st["events"] > 0 and st["quarantined"] == 0 and st["runs"] == 1


def test_ingest_twice_changes_nothing(runner, db, news):
    before = json.loads(runner.invoke(cli.app, ["stats", "--db", db, "--format", "json"]).stdout)
    res = runner.invoke(cli.app, ["ingest", str(news), "--db", db])
    assert res.exit_code == 0
    assert "0 new articles" in res.stderr and "2 already stored" in res.stderr
    after = json.loads(runner.invoke(cli.app, ["stats", "--db", db, "--format", "json"]).stdout)
    for k in ("articles", "events", "mentions", "sources"):
        assert after[k] == before[k]


def test_events_formats(runner, db):
    as_json = json.loads(runner.invoke(cli.app, ["events", "--db", db, "--format", "json"]).stdout)
    as_jsonl = jsonl(runner.invoke(cli.app, ["events", "--db", db, "--format", "jsonl"]).stdout)
    as_csv = list(csv.DictReader(io.StringIO(runner.invoke(cli.app, ["events", "--db", db, "--format", "csv"]).stdout)))
    assert as_json and as_json == as_jsonl
    assert [r["event_id"] for r in as_csv] == [e["event_id"] for e in as_json]
    assert {"CONSULT", "SANCTION", "AID"} <= {e["type"] for e in as_json}
    table = runner.invoke(cli.app, ["events", "--db", db])
    assert table.exit_code == 0 and "CONSULT" in table.stdout


def test_events_filters(runner, db):
    def types(*args):
        res = runner.invoke(cli.app, ["events", "--db", db, "--format", "json", *args])
        assert res.exit_code == 0, res.output
        return [e["type"] for e in json.loads(res.stdout)]

    # --dyad lists what `tieline ties` counts: the undated talks and aid of the story are not in a series
    dyad = types("--dyad", "Iran", "--dyad", "Hamas")
    assert dyad == ["SANCTION"]
    ties = json.loads(runner.invoke(cli.app, ["ties", "Iran", "Hamas", "--db", db, "--format", "json"]).stdout)
    assert ties["n"] == len(dyad)
    assert {"SANCTION", "AID"} <= set(types("--actor", "Hamas"))
    assert set(types("--actor", "Turkey")) >= {"CONSULT"}
    assert "SANCTION" not in types("--actor", "TUR")
    assert types("--dyad", "IRN", "--dyad", "Hamas", "--until", "2012-12-31") == ["SANCTION"]
    assert all(t == "AID" for t in types("--type", "AID")) and types("--type", "AID")
    res = runner.invoke(cli.app, ["events", "--db", db, "--dyad", "Iran"])
    assert res.exit_code == 2


def test_articles_list_search_show(runner, db):
    rows = json.loads(runner.invoke(cli.app, ["articles", "--db", db, "--format", "json"]).stdout)
    assert len(rows) == 2
    hits = json.loads(runner.invoke(cli.app, ["articles", "gas", "--db", db, "--format", "json"]).stdout)
    assert [h["title"] for h in hits] == ["Turkey and Russia sign gas deal"]
    shown = runner.invoke(cli.app, ["articles", "--db", db, "--show", hits[0]["id"][:8], "--format", "json"])
    art = json.loads(shown.stdout)
    assert art["id"] == hits[0]["id"] and art["events"] and art["mentions"]
    missing = runner.invoke(cli.app, ["articles", "--db", db, "--show", "zzzzzz"])
    assert missing.exit_code == 1


def test_ties_json(runner, db):
    res = runner.invoke(cli.app, ["ties", "Iran", "Hamas", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    assert rep["dyad"] == ["Iran", "Hamas"]
    periods = {p["period"]: p for p in rep["periods"]}
    assert "2012" in periods and periods["2012"]["score"] < 0
    assert rep["trend"]["label"] in ("warming", "cooling", "stable")
    assert runner.invoke(cli.app, ["ties", "Iran", "Hamas", "--db", db, "--by", "decade"]).exit_code == 2


# -- quarantine and exit codes -----------------------------------------------------------------------------
def test_ingest_exit_3_when_inputs_are_quarantined(runner, news, tmp_path):
    (news / "empty.txt").write_text("")
    (news / "blob.txt").write_bytes(b"\x00\xff\x00\xfe" * 300)
    path = str(tmp_path / "q.duckdb")
    res = runner.invoke(cli.app, ["ingest", str(news), "--db", path])
    assert res.exit_code == 3
    assert "empty.txt" in res.stderr and "blob.txt" in res.stderr
    q = json.loads(runner.invoke(cli.app, ["quarantine", "--db", path, "--format", "json"]).stdout)
    assert sorted((p["path"].rsplit("/", 1)[-1], p["reason"]) for p in q) == [("blob.txt", "binary"), ("empty.txt", "empty")]
    st = json.loads(runner.invoke(cli.app, ["stats", "--db", path, "--format", "json"]).stdout)
    assert st["articles"] == 2 and st["quarantined"] == 2


def test_tieline_db_environment_variable(runner, news, tmp_path, monkeypatch):
    path = tmp_path / "env" / "from-env.duckdb"
    monkeypatch.setenv("TIELINE_DB", str(path))
    res = runner.invoke(cli.app, ["ingest", str(news / "beirut.txt"), "--quiet"])
    assert res.exit_code == 0, res.output
    assert path.exists()
    st = json.loads(runner.invoke(cli.app, ["stats", "--format", "json"]).stdout)
    assert st["articles"] == 1 and st["database"].endswith("from-env.duckdb")
    other = tmp_path / "opt.duckdb"
    missing = runner.invoke(cli.app, ["stats", "--db", str(other), "--format", "json"])
    assert missing.exit_code == 2 and "no database at" in missing.stderr  # --db wins over TIELINE_DB
    assert not other.exists()  # a read command never creates a database


@pytest.mark.parametrize(
    "url, words",
    [
        ("mysql://user:hunter2@db.example/x", "unknown database URL scheme"),
        ("sqlite:///tmp/x.db", "unknown database URL scheme"),
    ],
)
def test_unknown_database_url_is_refused_without_echoing_the_password(runner, url, words):
    res = runner.invoke(cli.app, ["events", "--db", url])
    assert res.exit_code == 2 and words in res.stderr
    assert "hunter2" not in res.stderr + res.stdout


# -- actors --------------------------------------------------------------------------------------------
def test_actors_add_then_tag_with_kb(runner, tmp_path):
    f = tmp_path / "my-actors.yaml"
    res = runner.invoke(
        cli.app,
        [
            "actors",
            "add",
            "Tulkarm Battalion",
            "--code",
            "PSE",
            "--sector",
            "REB",
            "--alias",
            "Katibat Tulkarm",
            "--file",
            str(f),
        ],
    )
    assert res.exit_code == 0, res.output
    assert f.exists()
    found = runner.invoke(cli.app, ["actors", "search", "Tulkarm", "--kb", str(f), "--format", "json"])
    rows = json.loads(found.stdout)
    assert rows and rows[0]["id"] == "tulkarm-battalion" and rows[0]["code"] == "PSE"
    line = json.dumps({"id": 1, "text": "Katibat Tulkarm fighters attacked an Israeli checkpoint."}) + "\n"
    tagged = json.loads(runner.invoke(cli.app, ["tag", "--kb", str(f)], input=line).stdout)
    assert any(a["entity"] == "Tulkarm Battalion" for a in tagged["actors"]), tagged


def test_actors_add_bad_sector_fails(runner, tmp_path):
    f = tmp_path / "my-actors.yaml"
    res = runner.invoke(cli.app, ["actors", "add", "Tulkarm Battalion", "--code", "PSE", "--sector", "ARMY", "--file", str(f)])
    assert res.exit_code != 0
    assert not f.exists()


def test_actors_show(runner):
    res = runner.invoke(cli.app, ["actors", "show", "hamas"])
    assert res.exit_code == 0
    d = json.loads(res.stdout)
    assert d["code"] == "PSE" and d["sector"] == "REB"
    assert runner.invoke(cli.app, ["actors", "show", "no-such-actor-anywhere"]).exit_code == 1


# -- options are checked up front (issue 11, item 10) -------------------------------------------------
def test_version_and_short_help(runner):
    res = runner.invoke(cli.app, ["--version"])
    assert res.exit_code == 0 and res.stdout.startswith("tieline ")
    assert runner.invoke(cli.app, ["events", "-h"]).exit_code == 0


@pytest.mark.parametrize(
    "args, words",
    [
        (["events", "--format", "xml"], "--format"),
        (["events", "--type", "ASSULT"], "not a PLOVER type"),
        (["events", "--modality", "maybe"], "--modality"),
        (["events", "--since", "2019-13"], "not a date"),
        (["events", "--limit", "0"], "--limit"),
        (["ties", "Iran", "Hamas", "--by", "decade"], "--by"),
        (["ties", "Iran", "Hamas", "--plot", "chart.pdf"], "--plot"),
    ],
)
def test_bad_option_values_get_a_message_not_a_traceback(runner, db, args, words):
    res = runner.invoke(cli.app, args + ["--db", db])
    assert res.exit_code == 2, res.output
    assert words in res.output and "Traceback" not in res.output


def test_unknown_actor_name_is_said_with_the_nearest_names(runner, db):
    res = runner.invoke(cli.app, ["events", "--actor", "Irann", "--db", db, "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout) == []
    assert "not in the knowledge base" in res.stderr and "'Iran'" in res.stderr


def test_export_format_from_the_file_suffix(runner, db, tmp_path):
    out = tmp_path / "events.csv"
    res = runner.invoke(cli.app, ["export", str(out), "--db", db])
    assert res.exit_code == 0, res.output
    assert out.read_text().splitlines()[0].count(",") > 3


def test_quarantine_shows_all_rows_unless_limited(runner, tmp_path):
    path = str(tmp_path / "q.duckdb")
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"e{i}.txt").write_text("")
    runner.invoke(cli.app, ["ingest", str(tmp_path / "in"), "--db", path, "--no-code"])
    rows = json.loads(runner.invoke(cli.app, ["quarantine", "--db", path, "--format", "json"]).stdout)
    assert len(rows) == 3
    rows = json.loads(runner.invoke(cli.app, ["quarantine", "--db", path, "--format", "json", "--limit", "2"]).stdout)
    assert len(rows) == 2


# -- read options from the command line and tieline.toml (issue 11, item 8) -------------------------
def test_ingest_field_names_and_size_limit_from_the_command_line(runner, tmp_path):
    f = tmp_path / "s.jsonl"
    f.write_text(json.dumps({"story": "Iran condemned Israel on Monday.", "when": "2019-01-01"}) + "\n")
    db = str(tmp_path / "a.duckdb")
    res = runner.invoke(cli.app, ["ingest", str(f), "--db", db, "--text-field", "story", "--date-field", "when", "-q"])
    assert res.exit_code == 0, res.output
    rows = json.loads(runner.invoke(cli.app, ["articles", "--db", db, "--format", "json"]).stdout)
    assert len(rows) == 1 and rows[0]["published"].startswith("2019-01-01")
    res = runner.invoke(cli.app, ["ingest", str(f), "--db", str(tmp_path / "b.duckdb"), "--max-bytes", "10", "-q"])
    assert res.exit_code == 3 and "too-large" in res.stderr


def test_ingest_settings_from_tieline_toml(runner, tmp_path, monkeypatch):
    f = tmp_path / "s.jsonl"
    f.write_text(json.dumps({"story": "Iran condemned Israel on Monday."}) + "\n")
    cfg = tmp_path / "tieline.toml"
    cfg.write_text('[ingest]\ntext_fields = ["story"]\n')
    monkeypatch.setenv("TIELINE_CONFIG", str(cfg))
    res = runner.invoke(cli.app, ["ingest", str(f), "--db", str(tmp_path / "a.duckdb"), "-q"])
    assert res.exit_code == 0, res.output
    cfg.write_text("[ingest]\nmax_byte = 5\n")
    res = runner.invoke(cli.app, ["ingest", str(f), "--db", str(tmp_path / "b.duckdb"), "-q"])
    assert res.exit_code == 2 and "unknown setting" in res.stderr


def test_help_keeps_bracketed_config_tables_and_extras():
    """Help names tieline.toml tables and pip extras in brackets; no markup may swallow them."""
    out = CliRunner().invoke(cli.app, ["ingest", "-h"], env={"COLUMNS": "200"}).output
    assert "[scale]" in out and '"tieline[dask]"' in out and "[ingest]" in out


def test_ingest_of_a_large_input_starts_the_workers_model_loading_before_it_opens_the_store(runner, tmp_path, monkeypatch):
    """With several workers and more than two batches of input, the fork server that loads the
    workers' model starts before the store opens (it loads while this process goes on); a small
    input, one worker or --no-code starts nothing."""
    import tieline.pipeline as pl

    seen: list[str] = []
    monkeypatch.setattr(pl, "start_fork_server", lambda model: seen.append(f"server {model}") or True)
    store = cli._store
    monkeypatch.setattr(cli, "_store", lambda db: (seen.append("store"), store(db))[1])
    monkeypatch.setattr(pl, "ingest", lambda *a, **k: pl.IngestReport())
    big = tmp_path / "big.txt"
    big.write_text("Iran condemned Israel on Monday.\n\n" * 4000)
    small = tmp_path / "small.txt"
    small.write_text("Iran condemned Israel on Monday.\n")
    from tieline.nlp.pipeline import MODEL

    for args, expect in (
        ([str(big), "--workers", "2"], [f"server {MODEL}", "store"]),
        ([str(big), "--workers", "1"], ["store"]),
        ([str(big), "--workers", "2", "--no-code"], ["store"]),
        ([str(small), "--workers", "2"], ["store"]),
    ):
        seen.clear()
        res = runner.invoke(cli.app, ["ingest", *args, "--db", str(tmp_path / "w.duckdb"), "--quiet"])
        assert res.exit_code == 0, res.output
        assert seen == expect, args
