"""Inputs cut into shards that workers read on their own (``tieline ingest --dask``).

A large input (over ``ReadOptions.shard_bytes``) of a kind that can be cut becomes several shards;
every other input is one shard, and small files travel several to a task.  ``merge`` gives a file's
shards the whole-file read's result: the same Articles in the same order, named as a whole read
names them, the same skipped records, the same error when no record can be read.

- **JSON lines**: byte ranges.  A worker finds its own line boundaries, as Hadoop's line reader
  does: its shard starts after the first line break at or after its nominal start and ends with
  the line under way at its nominal end, so each record is read once.  Lines are counted from the
  file's start, so a record is named "dump.jsonl#12" as in a whole read.
- **WARC** (plain, or gzip with a member per record, as crawlers write it): byte ranges.  A worker
  reads the records that begin in its range, finding the first by checking candidates (a gzip
  member that inflates to a WARC header; a header whose length ends where a record begins,
  ``warc.record_start``).  A damaged record ends its range's reading only.
- **CSV/TSV**: chunks of rows.  A quoted field may hold a line break, so no byte offset is known
  to start a row without reading from the file's start: each worker parses the whole text (cheap)
  and builds the Articles of its own chunk of rows (the costly part: cleaning, HTML extraction).

Compressed JSON lines and CSV, JSON documents (an array, a pretty-printed object), HTML, feeds,
text and WARC files compressed as one gzip stream are read whole.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from ..records import Article, Problem
from . import Articles, IngestError, ReadOptions
from .warc import Scan

_HEAD = 65_536
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Shard:
    """Part of an input: ``end`` None, the whole input; else by ``kind``, bytes [start, end) of a
    "jsonl" or "warc" file, or of a "csv" file the ``start``-th of ``end`` equal chunks of rows."""

    path: str
    start: int = 0
    end: int | None = None
    kind: str = "jsonl"


@dataclass
class Part:
    """What a worker read of one shard: the Articles (or the input's error, for a whole input),
    and for a range the records it saw and how many of them were bad (``merge`` needs them); of a
    WARC range, ``warc`` holds what ``merge`` needs to give the whole read's error."""

    shard: Shard
    articles: list[Article] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    records: int = 0
    bad: int = 0
    error: IngestError | None = None
    warc: Scan | None = None


def plan(path: str, options: ReadOptions) -> list[Shard]:
    """The shards of one input (a path, not a URL)."""
    size = options.shard_bytes
    try:
        st = os.stat(path)
        if not os.path.isfile(path) or st.st_size <= size or st.st_size > options.max_bytes:
            return [Shard(path)]  # small, or an error the whole-file reader reports
        with open(path, "rb") as f:
            head = f.read(_HEAD)
    except OSError:
        return [Shard(path)]
    kind = _kind(path, head)
    if kind is None:
        return [Shard(path)]
    if kind == "csv":
        n = -(-st.st_size // size)
        return [Shard(path, k, n, kind) for k in range(n)]
    return [Shard(path, s, min(s + size, st.st_size), kind) for s in range(0, st.st_size, size)]


def _kind(path: str, head: bytes) -> str | None:
    """How a large input can be cut: "jsonl", "warc", "csv", or None (read whole)."""
    from .detect import detect, ext_format
    from .encoding import gzip_head, is_gzip
    from .warc import per_record_gzip

    if is_gzip(head):
        return "warc" if gzip_head(head).startswith(b"WARC/") and per_record_gzip(head) else None
    if head.startswith(b"WARC/"):
        return "warc"
    if ext_format(path) == "warc":
        return None  # an ARC file, or a WARC with something before its first record
    fmt = detect(path, head)
    if fmt == "csv":
        return "csv"
    return "jsonl" if fmt == "jsonl" and _json_lines(head) else None


def _json_lines(head: bytes) -> bool:
    """Whether a JSON file is JSON lines: its first line a JSON object on its own."""
    first = next((ln for ln in head.split(b"\n") if ln.strip()), b"")
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:  # a pretty-printed document, or a first line cut by the head's end
        return False


def group(shards: list[Shard], size: int) -> list[list[Shard]]:
    """Shards in tasks: a range alone, consecutive whole inputs together up to ``size`` bytes (one
    task per small file would cost the scheduler more than the reading)."""
    tasks: list[list[Shard]] = []
    cur: list[Shard] = []
    cur_bytes = 0
    for sh in shards:
        n = _size(sh)
        if sh.end is not None or (cur and cur_bytes + n > size):
            if cur:
                tasks.append(cur)
            cur, cur_bytes = [], 0
        if sh.end is not None:
            tasks.append([sh])
            continue
        cur.append(sh)
        cur_bytes += n
    if cur:
        tasks.append(cur)
    return tasks


def _size(sh: Shard) -> int:
    if sh.end is not None:
        return sh.end - sh.start
    try:
        return os.path.getsize(sh.path)
    except OSError:
        return 0


def read_shards(shards: list[Shard], options: ReadOptions) -> list[Part]:
    """Read a task's shards (runs on a worker), each article with its near-duplicate fingerprint
    (the client, whose work is serial, then only compares it)."""
    from .near_duplicates import fingerprint

    parts = [read_shard(sh, options) for sh in shards]
    for p in parts:
        for a in p.articles:
            a.fingerprint = fingerprint(a.body)
    return parts


def read_shard(shard: Shard, options: ReadOptions) -> Part:
    from . import _cleaned, _read_source

    if shard.end is None or shard.kind == "csv":
        rows = None if shard.end is None else (shard.start, shard.end)
        try:
            arts = _cleaned(_read_source(shard.path, options, rows=rows))
        except IngestError as e:
            return Part(shard, error=e)
        return Part(shard, list(arts), list(arts.skipped), records=arts.records)
    if shard.kind == "warc":
        return _read_warc(shard, options)
    from .encoding import decode
    from .tabular import jsonl_lines

    try:
        with open(shard.path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            begin, stop = _after_break(f, shard.start, size), _after_break(f, shard.end, size)
            first_line = 1 + _count_breaks(f, begin)
            f.seek(begin)
            data = f.read(stop - begin)
        text = decode(data, shard.path) if data.strip() else ""
    except IngestError as err:
        return Part(shard, error=err)
    except OSError as err:
        return Part(shard, error=IngestError("unreadable", f"{shard.path}: {err.strerror or err}"))
    out, skipped, records, bad = jsonl_lines(text, shard.path, options, first_line)
    return Part(shard, list(_cleaned(out)), skipped, records, bad)


def _read_warc(shard: Shard, options: ReadOptions) -> Part:
    """The records that begin in a WARC range."""
    from . import _cleaned
    from .warc import record_start, scan

    assert shard.end is not None  # a range
    try:
        with open(shard.path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            gz = f.read(2) == b"\x1f\x8b"
            begin = record_start(f, shard.start, size, gz)
            if begin >= shard.end:  # no record begins here: a long one crosses the range
                return Part(shard, warc=Scan(gz=gz))
            f.seek(begin)
            got = scan(f, shard.path, options, stop=shard.end)
            got.gz = gz
    except OSError as err:
        return Part(shard, error=IngestError("unreadable", f"{shard.path}: {err.strerror or err}"))
    arts, got.articles = list(_cleaned(got.articles)), []  # the Part carries them, once
    return Part(shard, arts, records=got.seen, warc=got)


def _after_break(f, pos: int, size: int) -> int:
    """The first offset after a line break at or after ``pos - 1`` (0 at the start, size at the end)."""
    if pos <= 0:
        return 0
    if pos >= size:
        return size
    f.seek(pos - 1)
    at = pos - 1
    while True:
        chunk = f.read(_CHUNK)
        if not chunk:
            return size
        i = chunk.find(b"\n")
        if i >= 0:
            return at + i + 1
        at += len(chunk)


def _count_breaks(f, end: int) -> int:
    """Line breaks in the file's first ``end`` bytes."""
    f.seek(0)
    n, left = 0, end
    while left > 0:
        chunk = f.read(min(_CHUNK, left))
        if not chunk:
            break
        n += chunk.count(b"\n")
        left -= len(chunk)
    return n


def merge(path: str, parts: list[Part], options: ReadOptions | None = None) -> Articles:
    """One input's Articles from its shards' parts, as ``read_source`` gives them (or raises);
    ``options``: those the parts were read with (a crawl's byte limit)."""
    from .tabular import finish

    failed = next((p.error for p in parts if p.error is not None), None)
    if failed is not None:
        raise failed
    arts = Articles([a for p in parts for a in p.articles])
    arts.skipped = [s for p in parts for s in p.skipped]
    scans = [p.warc for p in parts if p.warc is not None]
    if scans:  # a crawl's ranges: the whole read's errors, from what they saw together
        from .warc import result

        whole = Scan(
            list(arts),
            [x for s in scans for x in s.skipped],
            sum(s.seen for s in scans),
            sum(s.size for s in scans),
            next((s.error for s in scans if s.error is not None), None),
        )
        result(whole, path, options or ReadOptions(), gz=any(s.gz for s in scans))
    elif any(p.shard.end is not None for p in parts):  # ranges: the file fails when none read a record
        finish(arts, sum(p.bad for p in parts), sum(p.records for p in parts), path)
    return arts
