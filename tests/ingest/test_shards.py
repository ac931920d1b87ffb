"""Inputs read in shards (issue 14, ``ingest/shards.py``): a JSON-lines file or a WARC crawl cut into
byte ranges, or a CSV file cut into chunks of rows, gives, merged, exactly what reading it whole
gives; other inputs stay whole."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from tieline.ingest import IngestError, ReadOptions, read_source
from tieline.ingest.shards import Shard, group, merge, plan, read_shards

OPTS = ReadOptions()


def _jsonl(path, n=60):
    lines = []
    for i in range(n):
        if i % 17 == 5:
            lines.append("{not json")  # a bad record, quarantined on its own
        elif i % 13 == 7:
            lines.append("")  # a blank line: numbering goes on
        elif i % 11 == 3:
            lines.append(json.dumps({"title": "no text here"}))
        else:
            body = f"Ministers of state {i} met in Genève to sign accord number {i}. " * (1 + i % 4)
            lines.append(
                json.dumps({"id": i, "title": f"Story {i}", "text": body, "date": "2024-03-01"}, ensure_ascii=i % 2 == 0)
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read(path, size):
    shards = plan(str(path), ReadOptions(shard_bytes=size))
    parts = [p for task in group(shards, size=size) for p in read_shards(task, OPTS)]
    return shards, merge(str(path), parts)


def _same(a, b):
    assert [(x.id, x.path, x.title, x.body, x.published) for x in a] == [(x.id, x.path, x.title, x.body, x.published) for x in b]
    assert [(p.path, p.reason, p.detail) for p in a.skipped] == [(p.path, p.reason, p.detail) for p in b.skipped]


@pytest.mark.parametrize("size", [97, 500, 1_000, 4_096])
def test_json_lines_in_byte_ranges_read_as_the_whole_file(tmp_path, size):
    path = _jsonl(tmp_path / "dump.jsonl")
    shards, got = _read(path, size)
    assert len(shards) > 1 and all(s.end is not None for s in shards)
    _same(got, read_source(str(path), OPTS))


def test_workers_give_each_article_its_near_duplicate_fingerprint(tmp_path):
    """Made where the article is read, so the client (serial) only compares."""
    from tieline.ingest.near_duplicates import fingerprint

    path = tmp_path / "dump.jsonl"
    words = "the envoys of both provinces met again on a cold morning to weigh the river accord and its terms".split()
    with open(path, "w", encoding="utf-8") as f:
        for i in range(40):
            body = " ".join(f"{w}{i}{j}" for j in range(2 + i % 3) for w in words) if i % 4 else f"Too short {i}."
            f.write(json.dumps({"text": body}) + "\n")
    _, got = _read(path, 500)
    assert len(got) == 40 and all(a.fingerprint == fingerprint(a.body) for a in got)
    assert sum(bool(a.fingerprint) for a in got) == 30  # [] for a body too short to compare


def test_a_file_without_a_final_line_break_and_with_a_bom(tmp_path):
    path = tmp_path / "dump.jsonl"
    _jsonl(path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().rstrip(b"\n"))
    _, got = _read(path, 300)
    _same(got, read_source(str(path), OPTS))


def test_a_file_of_bad_records_fails_as_the_whole_file_does(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps({"n": i}) + "\n" for i in range(200)))  # no text field anywhere
    with pytest.raises(IngestError) as whole:
        read_source(str(path), OPTS)
    with pytest.raises(IngestError) as sharded:
        _read(path, 500)
    assert sharded.value.reason == whole.value.reason == "no-text"


@pytest.mark.parametrize(
    "name, data",
    [
        ("array.json", json.dumps([{"text": "Iran met Iraq. " * 40}] * 30).encode()),
        ("pretty.jsonl", json.dumps({"text": "Iran met Iraq. " * 400}, indent=2).encode()),
        ("table.csv.gz", gzip.compress(b"text,date\n" + b'"Iran met\nIraq.",2024-01-01\n' * 300)),
        ("dump.jsonl.gz", gzip.compress(b'{"text": "Iran met Iraq."}\n' * 300)),
        ("one-stream.warc.gz", gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n" * 40)),
        ("notes.txt", b"Iran met Iraq.\n" * 300),
    ],
)
def test_documents_compressed_files_and_text_stay_whole(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert plan(str(path), ReadOptions(shard_bytes=100)) == [Shard(str(path))]


def test_small_files_travel_together_and_ranges_alone(tmp_path):
    small = []
    for i in range(5):
        p = tmp_path / f"s{i}.txt"
        p.write_text("x" * 400)
        small.append(Shard(str(p)))
    ranges = [Shard("big.jsonl", 0, 1000), Shard("big.jsonl", 1000, 2000)]
    tasks = group(small[:3] + ranges + small[3:], size=1000)
    assert tasks == [small[:2], small[2:3], ranges[:1], ranges[1:], small[3:]]


def test_an_unreadable_input_keeps_its_error(tmp_path):
    missing = str(tmp_path / "gone.txt")
    parts = read_shards([Shard(missing)], OPTS)
    with pytest.raises(IngestError) as e:
        merge(missing, parts)
    assert e.value.reason == "not-found"


# -- WARC crawls in byte ranges ------------------------------------------------------------------
def _page(i: int) -> bytes:
    paras = "".join(
        f"<p>Delegates of province {i} met their neighbours in Genève for the {j}th round of talks "
        f"on river water, and both sides agreed to publish what they take each month.</p>"
        for j in range(2 + i % 3)
    )
    return f"<html><head><title>Water talks {i}</title></head><body><article><h1>Water talks {i}</h1>{paras}</article></body></html>".encode()


def _crawl(path, gz: bool, n: int = 24):
    """A crawl of ``n`` pages among request records, an image and a 404 (gzip: a member per record)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record("crawl", {"software": "tests"}))
    for i in range(n):
        url = f"https://news.example/story-{i}"
        w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        if i % 7 == 3:  # not a page: skipped, and counted as a record seen
            hh = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            payload = b"\x89PNG\r\n\x1a\n" + b"WARC/1.0\r\n" * 20  # a record's bytes that look like a header
        elif i % 7 == 5:
            hh = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            payload = b"<html><body>gone</body></html>"
        else:
            hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            payload = _page(i)
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=hh))
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("size", [300, 1_000, 5_000])
def test_a_crawl_in_byte_ranges_reads_as_the_whole_file(tmp_path, gz, size):
    path = _crawl(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz)
    shards, got = _read(path, size)
    assert len(shards) > 2 and {s.kind for s in shards} == {"warc"}
    whole = read_source(str(path), OPTS)
    assert len(whole) == 18
    _same(got, whole)


def test_a_crawl_without_pages_fails_as_the_whole_file_does(tmp_path):
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for i in range(60):
        w.write_record(w.create_warc_record(f"https://x.example/{i}", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    path = tmp_path / "requests.warc.gz"
    path.write_bytes(buf.getvalue())
    with pytest.raises(IngestError) as whole:
        read_source(str(path), OPTS)
    with pytest.raises(IngestError) as sharded:
        _read(path, 500)
    assert sharded.value.reason == whole.value.reason == "no-text"
    assert str(sharded.value) == str(whole.value)


def test_a_record_start_is_checked_not_guessed(tmp_path):
    """Bytes inside a record that look like a record's start are passed over."""
    from tieline.ingest.warc import record_start

    path = _crawl(tmp_path / "crawl.warc", gz=False)
    data = path.read_bytes()
    fake = data.index(b"\x89PNG") + 10  # the image's payload holds "WARC/1.0" lines
    with open(path, "rb") as f:
        start = record_start(f, fake, len(data), gz=False)
    assert start > fake and data[start - 1 : start + 5] == b"\nWARC/"
    assert data[start:].startswith(b"WARC/1.") and b"WARC-Type:" in data[start : start + 200]


# -- CSV in chunks of rows -----------------------------------------------------------------------
@pytest.mark.parametrize("size", [200, 1_000, 3_000])
def test_csv_in_chunks_of_rows_reads_as_the_whole_file(tmp_path, size):
    rows = ["title,text,date"]
    for i in range(50):
        body = f"Ministers of state {i} met in Genève.\nThey signed accord {i}, as planned, on the day." if i % 3 else ""
        rows.append(f'Story {i},"{body}",2024-03-{1 + i % 28:02d}')
        if i % 9 == 4:
            rows.append("")  # a blank line is no row
    path = tmp_path / "table.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    shards, got = _read(path, size)
    assert len(shards) > 1 and {s.kind for s in shards} == {"csv"}
    _same(got, read_source(str(path), OPTS))
