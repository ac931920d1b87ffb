"""Issue 14: ingest coded on a Dask cluster (a LocalCluster of 2 worker processes on 127.0.0.1):
the same events as a serial run and as --workers 2, and a worker killed mid-run loses and
duplicates nothing."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

pytest.importorskip("distributed")

PAIRS = [("Iran", "Israel"), ("Turkey", "Greece"), ("Egypt", "Qatar"), ("Russia", "Ukraine"), ("India", "Pakistan")]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        a, b = PAIRS[i % len(PAIRS)]
        (folder / f"s{i:02d}.txt").write_text(
            f"Report {i}\n\n{a} condemned {b} on Monday over incident number {i}. {b} rejected the claims and said "
            f"{a} had attacked its border post {i}.\n\nOfficials of {a} met envoys of {b} in Geneva on day {i} to "
            f"discuss a ceasefire, and {b} offered aid to the wounded of post {i}.\n"
        )
    return folder


def _dump(path):
    import duckdb

    con = duckdb.connect(path, read_only=True)
    out = {
        t: con.execute(sql).fetchall()
        for t, sql in (
            ("articles", "SELECT id, coded FROM articles ORDER BY id"),
            ("events", "SELECT event_id, type, date, sentence, record FROM events ORDER BY event_id"),
            ("actors", "SELECT event_id, role, ord, code, sector FROM event_actors ORDER BY event_id, role, ord"),
            ("mentions", "SELECT article_id, start_char, code FROM mentions ORDER BY article_id, start_char, code"),
            ("near-duplicate bands", "SELECT article_id, band_key FROM article_bands ORDER BY article_id, band_key"),
        )
    }
    con.close()
    return out


def _run(tl, folder, path, shard_bytes=4_000_000, **kw):
    from tieline.ingest import ReadOptions
    from tieline.pipeline import ingest
    from tieline.store import open_store

    store = open_store(path)
    rep = ingest(
        store, [str(folder)], tl, ReadOptions(shard_bytes=shard_bytes), link_copies=False, **kw
    )  # the texts share a template
    store.close()
    return rep


def test_dask_gives_the_events_of_a_serial_run_and_of_worker_processes(tl, corpus, tmp_path, monkeypatch):
    import tieline.pipeline as pl

    monkeypatch.setattr(pl, "BATCH", 4)  # several batches, so the cluster is used
    runs = {}
    for name, kw in (("serial", {}), ("workers", {"workers": 2}), ("dask", {"scheduler": "local:2"})):
        rep = _run(tl, corpus, str(tmp_path / f"{name}.duckdb"), **kw)
        assert rep.new == 30 and not rep.problems, (name, rep.problems)
        runs[name] = _dump(str(tmp_path / f"{name}.duckdb"))
    assert runs["serial"]["events"]
    assert runs["dask"] == runs["serial"] == runs["workers"]


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tl, corpus, tmp_path, monkeypatch):
    import tieline.pipeline as pl
    import tieline.scale as sc

    monkeypatch.setattr(pl, "BATCH", 2)
    serial = str(tmp_path / "serial.duckdb")
    _run(tl, corpus, serial)
    killed: list[int] = []
    real_submit = sc.DaskWorkers.submit

    def submit(self, arts, fn=None, **kwargs):
        handle = real_submit(self, arts, fn, **kwargs)
        if not killed:  # after the first batch is out: kill a worker
            pids = self.client.run(os.getpid)
            victim = sorted(pids.values())[0]
            killed.append(victim)

            def kill():
                time.sleep(0.5)
                os.kill(victim, signal.SIGKILL)

            threading.Thread(target=kill, daemon=True).start()
        return handle

    monkeypatch.setattr(sc.DaskWorkers, "submit", submit)
    path = str(tmp_path / "dask.duckdb")
    rep = _run(tl, corpus, path, scheduler="local:2")
    assert killed and rep.new == 30 and not rep.problems
    assert _dump(path) == _dump(serial)


def test_scheduler_specs():
    from tieline.scale import parse_scheduler

    assert parse_scheduler("local") == ("local", None)
    assert parse_scheduler("local:3") == ("local", 3)
    assert parse_scheduler("tcp://10.0.0.5:8786") == ("address", "tcp://10.0.0.5:8786")
    assert parse_scheduler("10.0.0.5:8786") == ("address", "tcp://10.0.0.5:8786")
    for bad in ("local:0", "local:x", "cluster"):
        with pytest.raises(ValueError):
            parse_scheduler(bad)


def _jsonl_corpus(folder, n=40):
    import json

    with open(folder / "dump.jsonl", "w", encoding="utf-8") as f:
        for i in range(n):
            a, b = PAIRS[i % len(PAIRS)]
            f.write(
                json.dumps({"text": f"{a} accused {b} of shelling village {i} on Tuesday.", "date": "2024-05-0" + str(1 + i % 9)})
            )
            f.write("\n")


def _crawl_and_table(folder, n=12):
    """A gzipped WARC crawl (a member per record) and a CSV table, each larger than a shard."""
    import csv
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    rows = []
    for i in range(n):
        a, b = PAIRS[(i + 1) % len(PAIRS)]
        one = f"{a} expelled two diplomats of {b} on Friday after a dispute over port {i}."
        two = f"{b} promised to respond and recalled its ambassador from {a} for talks on port {i}."
        page = f"<html><head><title>Port {i}</title></head><body><article><p>{one}</p><p>{two}</p></article></body></html>"
        hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(f"https://news.example/port-{i}", "response", payload=io.BytesIO(page.encode()), http_headers=hh)
        )
        rows.append({"title": f"Dock {i}", "text": f"{two}\n{one.replace('port', 'dock')}", "date": f"2024-06-{1 + i:02d}"})
    (folder / "crawl.warc.gz").write_bytes(buf.getvalue())
    with open(folder / "table.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, ["title", "text", "date"])
        out.writeheader()
        out.writerows(rows)


def test_workers_read_the_inputs_in_shards_and_store_what_a_serial_run_stores(tl, corpus, tmp_path, monkeypatch):
    """A JSON-lines file and a WARC crawl cut into byte ranges, a CSV table into chunks of rows and
    the small files grouped into tasks are read on the workers; the store is the serial run's."""
    import tieline.pipeline as pl
    import tieline.scale as sc
    from tieline.ingest import ReadOptions
    from tieline.ingest.shards import plan

    _jsonl_corpus(corpus)
    _crawl_and_table(corpus)
    for name in ("dump.jsonl", "crawl.warc.gz", "table.csv"):
        assert len(plan(str(corpus / name), ReadOptions(shard_bytes=1_500))) > 1
    monkeypatch.setattr(pl, "BATCH", 8)
    reads: list[int] = []
    real_read = sc.DaskWorkers.read

    def read(self, task, options):
        reads.append(len(task))
        return real_read(self, task, options)

    monkeypatch.setattr(sc.DaskWorkers, "read", read)
    serial, dask = str(tmp_path / "serial.duckdb"), str(tmp_path / "dask.duckdb")
    assert _run(tl, corpus, serial).new == 94
    rep = _run(tl, corpus, dask, shard_bytes=1_500, scheduler="local:2")
    assert rep.new == 94 and not rep.problems
    assert len(reads) > 3  # the file's ranges and the groups of small files
    assert _dump(dask) == _dump(serial)


def test_an_input_the_workers_cannot_see_or_failed_to_read_is_read_here(tmp_path):
    """A cluster without this machine's file system, or a read task lost with its retries: the
    input is read here, nothing is lost."""
    from tieline.ingest import IngestError
    from tieline.ingest.shards import Part
    from tieline.pipeline import _sources

    files = []
    for i in range(3):
        p = tmp_path / f"a{i}.txt"
        p.write_text(f"Story {i}\n\nIran met Iraq on day {i}. " + "More words here. " * 200)
        files.append(str(p))

    class Blind:
        started, n = True, 1

        def read(self, task, options):
            class Done:
                def get(self):
                    return [Part(sh, error=IngestError("not-found", sh.path)) for sh in task]

            return Done()

    from tieline.ingest import ReadOptions

    opts = ReadOptions(shard_bytes=100)  # every file a task of its own
    got = [(path, [a.path for a in reader()]) for path, reader in _sources(files, opts, Blind())]
    assert got == [(f, [f]) for f in files]

    class Failing(Blind):  # a task lost on the cluster, its retries spent
        def read(self, task, options):
            class Lost:
                def get(self):
                    raise RuntimeError("KilledWorker")

            return Lost()

    got = [(path, [a.path for a in reader()]) for path, reader in _sources(files, opts, Failing())]
    assert got == [(f, [f]) for f in files]
