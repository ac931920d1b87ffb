"""Ingest: a small folder of real-looking inputs -> articles, events and quarantine in a store."""

from __future__ import annotations

import gzip

import pytest

from tieline.pipeline import ingest

TEXT_DUMP = """\
Skip to main content
Home
World
Middle East
Iran and Hamas hold talks in Beirut

Officials from both sides met in the Lebanese capital, Palestinian sources said.

May 30, 2017

Iran and Hamas held talks in Beirut on Sunday, according to Palestinian sources. The Islamic Republic cut off its aid to the Gaza-based movement in 2012 after Hamas refused to support Syrian President Bashar Assad.

Hamas leader Ismail Haniyeh is expected to visit Tehran in the coming weeks, the sources added. Egypt criticized the meeting on Monday.

Related Content
Subscribe to our newsletter
"""

HTML_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Turkey and Russia sign gas deal | The Bosphorus Courier</title>
<meta property="og:site_name" content="The Bosphorus Courier">
<meta property="article:published_time" content="2019-01-08T10:00:00+03:00">
<meta name="author" content="Selin Kaya"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>Turkey and Russia sign gas deal</h1>
<p>Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Moscow on Tuesday, and the two
leaders signed an agreement on a new gas pipeline.</p>
<p>Erdogan praised Russia for its cooperation on Syria. The United States criticized the deal, a State Department
spokesman said.</p>
<p>Russia and Turkey also agreed to expand trade, officials from both countries said in a joint statement released
after the meeting.</p>
</article></main><footer>Copyright 2019 The Bosphorus Courier</footer></body></html>
"""


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "news"
    d.mkdir()
    (d / "beirut-talks.txt").write_text(TEXT_DUMP, encoding="utf-8")
    (d / "gas-deal.html").write_text(HTML_PAGE, encoding="utf-8")
    return d


def table_counts(store):
    one = lambda t: store.query(f"SELECT COUNT(*) FROM {t}")[0][0]  # noqa: E731
    return {t: one(t) for t in ("articles", "article_sources", "events", "event_actors", "mentions", "quarantine")}


def test_ingest_folder(store, tl, corpus):
    rep = ingest(store, [str(corpus)], tl)
    assert rep.inputs == 2 and rep.new == 2 and rep.seen == 0 and rep.problems == []
    c = table_counts(store)
    assert c["articles"] == 2 and c["events"] == rep.events > 0 and c["mentions"] > 0
    arts = {a["format"]: a for a in store.articles()}
    assert set(arts) == {"text", "html"}
    html = store.article(arts["html"]["id"])
    assert html["title"] == "Turkey and Russia sign gas deal" and html["publisher"] == "The Bosphorus Courier"
    assert "Copyright" not in html["body"] and "Home" not in html["body"].split("\n")[0]
    text = store.article(arts["text"]["id"])
    assert "Subscribe to our newsletter" not in text["body"]
    types = {e["type"] for e in text["events"]}
    assert {"CONSULT", "SANCTION"} <= types
    for a in (html, text):
        for e in a["events"]:
            assert a["body"][e["sentence_start"] :].startswith(e["sentence"])


def test_ingest_events_have_their_own_dates(store, tl, corpus):
    ingest(store, [str(corpus / "beirut-talks.txt")], tl)
    evs = store.events()
    cut = [e for e in evs if e.type == "SANCTION" and any(a.code == "IRN" for a in e.source)]
    assert cut and cut[0].date == "2012"


def test_ingest_twice_changes_nothing(store, tl, corpus):
    ingest(store, [str(corpus)], tl)
    before = table_counts(store)
    rep = ingest(store, [str(corpus)], tl)
    assert rep.new == 0 and rep.seen == 2 and rep.events == 0
    assert table_counts(store) == before


def test_same_article_in_two_files_stored_once(store, tl, corpus, tmp_path):
    copy = tmp_path / "mirror" / "beirut-talks-copy.txt"
    copy.parent.mkdir()
    copy.write_text(TEXT_DUMP, encoding="utf-8")
    rep = ingest(store, [str(corpus / "beirut-talks.txt"), str(copy)], tl)
    assert rep.new == 1 and rep.seen == 1
    c = table_counts(store)
    assert c["articles"] == 1 and c["article_sources"] == 2
    art = store.articles()[0]
    assert sorted(store.article(art["id"])["sources"]) == sorted([str(corpus / "beirut-talks.txt"), str(copy)])


def test_same_article_in_two_runs_keeps_both_sources(store, tl, corpus, tmp_path):
    copy = tmp_path / "mirror" / "beirut-talks-copy.txt"
    copy.parent.mkdir()
    copy.write_text(TEXT_DUMP, encoding="utf-8")
    ingest(store, [str(corpus / "beirut-talks.txt")], tl)
    rep = ingest(store, [str(copy)], tl)
    assert rep.new == 0 and rep.seen == 1
    c = table_counts(store)
    assert c["articles"] == 1 and c["article_sources"] == 2


def test_an_article_seen_again_after_its_batch_was_written_keeps_both_sources(store, tmp_path, monkeypatch):
    """The store is asked once per chunk of articles; an article written while the chunk is checked
    is still known, and its second source is stored even when nothing is left to code after it."""
    import json

    import tieline.pipeline as pl

    monkeypatch.setattr(pl, "BATCH", 3)
    texts = [f"Envoys of river province {i} met on Monday and agreed to share the water of the dam number {i}." for i in range(3)]
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts + texts[:1]), encoding="utf-8")
    rep = ingest(store, [str(path)], None)
    assert rep.new == 3 and rep.seen == 1
    c = table_counts(store)
    assert c["articles"] == 3 and c["article_sources"] == 4


def test_an_article_written_in_an_earlier_chunk_is_not_coded_again(store, tmp_path, monkeypatch):
    """Articles are checked against the store a chunk at a time; one written while an earlier chunk
    was checked is found stored, not coded a second time."""
    import json

    import tieline.pipeline as pl
    from tieline.api import Analysis

    monkeypatch.setattr(pl, "BATCH", 2)
    monkeypatch.setattr(pl, "LOOKUP", 2)
    coded: list[str] = []

    class Recorder:
        def analyse_articles(self, arts):
            coded.extend(a.id for a in arts)
            return [Analysis([], []) for _ in arts]

    texts = [f"Delegates of valley {i} met on Tuesday and signed the grazing accord number {i} in the hills." for i in range(3)]
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts + texts[:1]), encoding="utf-8")
    rep = pl.ingest(store, [str(path)], Recorder())
    assert rep.new == 3 and rep.seen == 1
    assert len(coded) == 3 and len(set(coded)) == 3
    assert table_counts(store)["article_sources"] == 4


def test_gzipped_copy_is_the_same_article(store, tl, corpus, tmp_path):
    gz = tmp_path / "beirut-talks.txt.gz"
    gz.write_bytes(gzip.compress(TEXT_DUMP.encode("utf-8")))
    ingest(store, [str(corpus / "beirut-talks.txt")], tl)
    rep = ingest(store, [str(gz)], tl)
    assert rep.problems == [] and rep.new == 0 and rep.seen == 1
    assert table_counts(store)["article_sources"] == 2


def test_bad_files_quarantined_and_run_continues(store, tl, corpus):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "garbage.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00binary\x00" * 50)
    (corpus / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08not really gzip")
    rep = ingest(store, [str(corpus)], tl)
    assert rep.new == 2  # the good files still went in
    bad = {p.path.rsplit("/", 1)[-1]: p.reason for p in rep.problems}
    assert set(bad) == {"empty.txt", "garbage.txt", "broken.txt.gz"}
    assert bad["empty.txt"] == "empty" and bad["garbage.txt"] == "binary"
    q = {p["path"].rsplit("/", 1)[-1] for p in store.problems()}
    assert q == set(bad)
    run = store.runs()[0]
    assert run["n_problems"] == 3 and run["n_new"] == 2


def test_fixed_file_leaves_quarantine(store, tl, corpus):
    f = corpus / "late.txt"
    f.write_text("", encoding="utf-8")
    ingest(store, [str(f)], tl)
    assert len(store.problems()) == 1
    f.write_text(TEXT_DUMP.replace("Beirut on Sunday", "Beirut on Saturday"), encoding="utf-8")
    rep = ingest(store, [str(f)], tl)
    assert rep.problems == [] and store.problems() == []


def test_missing_input_is_a_problem(store, tl, tmp_path):
    rep = ingest(store, [str(tmp_path / "no-such-file.txt")], tl)
    assert len(rep.problems) == 1 and rep.new == 0


def test_ingest_without_coding(store, corpus):
    rep = ingest(store, [str(corpus)], None)
    assert rep.new == 2 and rep.events == 0
    c = table_counts(store)
    assert c["articles"] == 2 and c["events"] == 0
    assert all(row[0] is False for row in store.query("SELECT coded FROM articles"))


def test_failed_batch_rolls_back(store, tl, corpus, monkeypatch):
    """A crash while writing a batch leaves the database as it was before that batch."""
    ingest(store, [str(corpus / "gas-deal.html")], tl)
    before = table_counts(store)
    real = store.save_events

    def boom(events):
        real(events)
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "save_events", boom)
    with pytest.raises(RuntimeError):
        ingest(store, [str(corpus / "beirut-talks.txt")], tl)
    after = table_counts(store)
    assert {k: after[k] for k in ("articles", "article_sources", "events", "mentions")} == {
        k: before[k] for k in ("articles", "article_sources", "events", "mentions")
    }


def test_workers_give_the_same_result_as_one_process(tmp_path, tl, monkeypatch):
    """Issue 12: batches coded in worker processes, written in order: the same articles, events,
    actors and mentions as a serial run."""
    import duckdb
    import tieline.pipeline as pl
    from tieline.store import open_store

    monkeypatch.setattr(pl, "BATCH", 3)  # small batches, so that 12 articles use the pool
    folder = tmp_path / "in"
    folder.mkdir()
    pairs = [("Iran", "Israel"), ("Turkey", "Greece"), ("Egypt", "Qatar"), ("Russia", "Ukraine")]
    for i in range(12):
        a, b = pairs[i % 4]
        (folder / f"s{i:02d}.txt").write_text(
            f"Report {i}\n\n{a} condemned {b} on Monday. {b} rejected the claims "
            f"and said {a} had attacked its border post number {i}.\n"
        )
    dbs = []
    for n in (1, 2):
        path = str(tmp_path / f"w{n}.duckdb")
        store = open_store(path)
        rep = pl.ingest(store, [str(folder)], tl, workers=n)
        store.close()
        assert rep.new == 12 and not rep.problems
        dbs.append(path)

    def rows(p):
        c = duckdb.connect(p, read_only=True)
        out = [
            c.execute(q).fetchall()
            for q in (
                "SELECT event_id, type, date, sentence, confidence FROM events ORDER BY event_id",
                "SELECT event_id, role, ord, code, sector, entity FROM event_actors ORDER BY event_id, role, ord",
                "SELECT article_id, start_char, end_char, code FROM mentions ORDER BY 1, 2",
            )
        ]
        c.close()
        return out

    one, two = rows(dbs[0]), rows(dbs[1])
    assert one[0] and one == two


def test_workers_start_loading_before_the_input_is_read_when_it_is_more_than_a_batch(tmp_path, tl, monkeypatch):
    """The workers load their models (seconds) while this process reads the first articles: an
    input larger than two batches starts them before anything is read; a small one never does."""
    import tieline.pipeline as pl
    from tieline.store import open_store

    monkeypatch.setattr(pl, "BATCH_CHARS", 100)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"s{i}.txt").write_text(f"Report {i}\n\nIran condemned Israel on Monday over border post {i}.\n")
    seen: list[str] = []
    start, read = pl._Workers.start, pl.read_source
    monkeypatch.setattr(pl._Workers, "start", lambda self: (seen.append("start"), start(self))[1])
    monkeypatch.setattr(pl, "read_source", lambda *a, **k: (seen.append("read"), read(*a, **k))[1])
    store = open_store(str(tmp_path / "w.duckdb"))
    rep = pl.ingest(store, [str(folder)], tl, workers=2)
    assert rep.new == 4 and rep.events >= 4
    assert seen[0] == "start" and seen.count("read") == 4
    seen.clear()
    monkeypatch.setattr(pl, "BATCH_CHARS", 60_000)
    (folder / "s4.txt").write_text("Report 4\n\nTurkey condemned Greece on Monday.\n")
    rep = pl.ingest(store, [str(folder / "s4.txt")], tl, workers=2)
    store.close()
    assert rep.new == 1 and "start" not in seen  # one small batch: coded here, no workers


def test_workers_read_their_spec_from_one_file_and_starting_them_does_not_wait_for_them(tl, monkeypatch):
    """The knowledge base and lexicon (megabytes) reach the workers through one temporary file,
    pickled once: the pool starts without writing them down each new process's pipe (this
    process used to wait there while each worker started), and the file goes with the pool."""
    import os
    import pickle

    import tieline.pipeline as pl

    dumps: list[int] = []
    real = pickle.dump
    monkeypatch.setattr(pickle, "dump", lambda obj, *a, **k: (dumps.append(1), real(obj, *a, **k))[1])
    pool = pl._Workers(tl, 2)
    pool.start()
    try:
        assert pool._spec_file is not None
        path = pool._spec_file.path
        assert len(dumps) == 1 and os.path.getsize(path) > 100_000
        with open(path, "rb") as src:
            assert pickle.load(src)[3] == tl.model_name
        out = pool.submit([]).get(timeout=120)
        assert out == []
    finally:
        pool.close()
    assert not os.path.exists(path)


def test_workers_are_forked_from_a_server_that_imported_spacy_and_count_as_this_processs_children(tl):
    """Where the platform has a fork server, the workers fork from one that imported spaCy and
    Tieline and loaded the model once (each worker used to import and load them again); it is
    stopped when the pool closes, so the workers' CPU time is this process's children's, as with
    spawned workers.  (A model the server cannot load is left to the workers, which say why:
    ``test_workers_that_cannot_load_the_model_stop_the_run_with_the_reason``.)"""
    import multiprocessing as mp
    import multiprocessing.forkserver as fs
    import resource

    import tieline.pipeline as pl

    if "forkserver" not in mp.get_all_start_methods():
        pytest.skip("no fork server on this platform: workers are spawned")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    pool = pl._Workers(tl, 2)
    try:
        pool.start()  # returns at once: the pool is made while the server loads the model
        assert pool.started and pool.method == "forkserver"
        assert pool.submit([]).get(timeout=120) == []
    finally:
        pool.close()
    assert fs._forkserver._forkserver_pid is None
    # spaCy's import, once, and two models loaded: seconds of CPU, counted here
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before > 0.5


def test_workers_that_cannot_load_the_model_stop_the_run_with_the_reason(tmp_path, tl, monkeypatch):
    """A worker whose model fails to load used to be replaced by the pool for ever (the run hung):
    the run now stops with the reason, and the CLI says it."""
    import tieline.pipeline as pl
    from tieline.api import Tieline
    from tieline.store import open_store

    monkeypatch.setattr(pl, "BATCH", 2)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"s{i}.txt").write_text(f"Report {i}\n\nIran condemned Israel on Monday over post {i}.\n")
    broken = Tieline(kb=tl.kb)
    broken.model_name = "no_such_model_for_tieline"
    store = open_store(str(tmp_path / "w.duckdb"))
    with pytest.raises(pl.WorkerStartError, match="could not load the model.*no_such_model_for_tieline"):
        pl.ingest(store, [str(folder)], broken, workers=2)
    store.close()


def test_long_articles_are_batched_by_length_not_only_by_count(store, tmp_path, monkeypatch):
    """Coding time follows text length: a batch closes at BATCH articles or BATCH_CHARS characters,
    so workers get batches of even cost and none is left alone with a long one at the end."""
    import json

    import tieline.pipeline as pl
    from tieline.api import Analysis

    monkeypatch.setattr(pl, "BATCH_CHARS", 250)
    batches: list[int] = []

    class Recorder:
        def analyse_articles(self, arts):
            batches.append(len(arts))
            return [Analysis([], []) for _ in arts]

    short = [f"Mayors of town {i} met." for i in range(4)]
    long = [f"Ministers of coastal state {i} met on Friday and agreed to patrol the strait together. " * 2 for i in range(4)]
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in short + long), encoding="utf-8")
    rep = pl.ingest(store, [str(path)], Recorder(), link_copies=False)
    assert rep.new == 8
    assert sum(batches) == 8 and batches[0] >= 4 and max(batches[1:]) <= 2
