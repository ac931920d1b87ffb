"""Inputs read in shards (issue 14, ``ingest/shards.py``): a JSON-lines file cut into byte ranges
gives, merged, exactly what reading it whole gives; other inputs stay whole."""

from __future__ import annotations

import gzip
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
        ("table.csv", b"text,date\n" + b'"Iran met\nIraq.",2024-01-01\n' * 300),
        ("dump.jsonl.gz", gzip.compress(b'{"text": "Iran met Iraq."}\n' * 300)),
    ],
)
def test_documents_csv_and_compressed_files_stay_whole(tmp_path, name, data):
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
