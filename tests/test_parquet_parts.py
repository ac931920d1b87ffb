"""Shards coming together: a store's rows as Parquet parts, loaded into another store once."""

from __future__ import annotations

import pytest

from synthetic import HAMAS, IRAN, ISRAEL, ev
from tieline.records import Article
from tieline.store import open_store
from tieline.store.parquet import dump, load, parts
from tieline.ties import tie_report


def _article(i: int, text: str) -> Article:
    return Article(
        id=f"art{i}", body=text, title=f"Story {i}", published="2021-03-0%d" % (i + 1), publisher="Wire", path=f"feed#{i}"
    )


def _fill(store, which: range) -> int:
    run = store.begin_run("ingest", ["test"])
    batch = []
    for i in which:
        evs = [
            ev("AID", 7, "2021-03-01", [IRAN], [HAMAS], article=f"art{i}"),
            ev("ASSAULT", -9, "2021-03", [ISRAEL], [HAMAS], article=f"art{i}"),
        ]
        batch.append((_article(i, f"Text of story {i} about Iran and Hamas."), evs, [], True))
    with store.transaction():
        store.save_articles(batch, run)
    return run


def _content(store):
    return (
        sorted(store.query("SELECT id, title, publisher FROM articles")),
        sorted(store.query("SELECT event_id, type, score FROM events")),
        sorted(store.query("SELECT event_id, role, ord, code FROM event_actors")),
        tie_report(store, "IRN", "hamas", n_reasons=0)["periods"],
    )


def test_a_store_dumped_and_loaded_elsewhere_is_the_same(tmp_path, store):
    _fill(store, range(3))
    n = dump(store, tmp_path / "out")
    assert n["articles"] == 3 and n["events"] == 6 and parts(tmp_path / "out", "events")
    other = open_store(str(tmp_path / "other.duckdb"))
    added = load(other, tmp_path / "out")
    assert added["articles"] == 3 and added["events"] == 6 and added["event_actors"] == 12
    assert _content(other) == _content(store)


def test_loading_the_same_parts_twice_adds_nothing(tmp_path, store):
    _fill(store, range(2))
    dump(store, tmp_path / "out")
    target = open_store(str(tmp_path / "target.duckdb"))
    assert load(target, tmp_path / "out")["events"] == 4
    before = _content(target)
    assert load(target, tmp_path / "out") == {
        t: 0 for t in ("articles", "article_sources", "article_bands", "events", "mentions", "event_actors")
    }
    assert _content(target) == before


def test_a_shard_coded_again_overlaps_without_duplicates(tmp_path):
    a = open_store(str(tmp_path / "a.duckdb"))
    b = open_store(str(tmp_path / "b.duckdb"))
    run_a = _fill(a, range(0, 3))
    _fill(b, range(2, 5))  # art2 coded on both machines
    dump(a, tmp_path / "out", run_id=run_a)
    dump(b, tmp_path / "out")
    central = open_store(str(tmp_path / "c.duckdb"))
    n = load(central, tmp_path / "out")
    assert n["articles"] == 5 and n["events"] == 10
    assert central.query("SELECT COUNT(*) FROM tie_events")[0][0] == 10


def test_a_part_being_written_is_not_read(tmp_path, store):
    _fill(store, range(1))
    dump(store, tmp_path / "out")
    (tmp_path / "out" / "events" / ".half.parquet.tmp").write_bytes(b"PAR1 not yet")
    assert all(not p.endswith(".tmp") for p in parts(tmp_path / "out", "events"))
    assert load(open_store(str(tmp_path / "target.duckdb")), tmp_path / "out")["events"] == 2


@pytest.mark.parametrize("cmd", ["ingest", "dump"])
def test_cli_writes_parts_that_load_brings_in(tmp_path, cmd):
    from typer.testing import CliRunner

    from tieline import cli

    src = tmp_path / "news.jsonl"
    src.write_text(
        '{"id": "n1", "text": "Iranian officials said on Monday that Iran would send aid to Hamas in Gaza.", "date": "2021-03-01"}\n'
    )
    db, out, target = str(tmp_path / "a.duckdb"), str(tmp_path / "out"), str(tmp_path / "b.duckdb")
    runner = CliRunner()
    extra = ["--parquet", out] if cmd == "ingest" else []
    r = runner.invoke(cli.app, ["ingest", str(src), "--db", db, "--quiet", "--workers", "1", *extra])
    assert r.exit_code == 0, r.output
    if cmd == "dump":
        assert runner.invoke(cli.app, ["dump", out, "--db", db]).exit_code == 0
    r = runner.invoke(cli.app, ["load", out, "--db", target])
    assert r.exit_code == 0 and "loaded 1 new articles" in r.output, r.output
    a, b = open_store(db, read_only=True), open_store(target, read_only=True)
    assert _content(a) == _content(b)
