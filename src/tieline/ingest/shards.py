"""Inputs cut into shards that workers read on their own (``tieline ingest --dask``).

A plain JSON-lines file larger than ``ReadOptions.shard_bytes`` becomes byte ranges; every other input is one
shard, and small files travel several to a task.  A worker finds its own line boundaries, as
Hadoop's line reader does: its shard starts after the first line break at or after its nominal
start and ends with the line under way at its nominal end, so the shards' records are the file's
records, each read once, and the client never reads the file.  Lines are counted from the file's
start, so a record is named as a whole-file read names it ("dump.jsonl#12"), and ``merge`` gives a
file's shards the whole-file read's result: the same Articles in the same order, the same skipped
records, the same error when no record can be read.

Compressed files, JSON documents (an array, a pretty-printed object), CSV (a quoted field may hold
a line break, so a line break is no record boundary), WARC, HTML, feeds and text are read whole.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from ..records import Article, Problem
from . import Articles, IngestError, ReadOptions

_HEAD = 65_536
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Shard:
    """Bytes [start, end) of ``path``, line-aligned by the reader; ``end`` None: the whole input."""

    path: str
    start: int = 0
    end: int | None = None


@dataclass
class Part:
    """What a worker read of one shard: the Articles (or the input's error, for a whole input),
    and for a range the records it saw and how many of them were bad (``merge`` needs them)."""

    shard: Shard
    articles: list[Article] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    records: int = 0
    bad: int = 0
    error: IngestError | None = None


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
    if not _json_lines(path, head):
        return [Shard(path)]
    return [Shard(path, s, min(s + size, st.st_size)) for s in range(0, st.st_size, size)]


def _json_lines(path: str, head: bytes) -> bool:
    """Whether the file is plain JSON lines: its first line a JSON object on its own."""
    from .detect import detect
    from .encoding import is_gzip

    if is_gzip(head) or detect(path, head) != "jsonl":
        return False
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
    """Read a task's shards (runs on a worker)."""
    return [read_shard(sh, options) for sh in shards]


def read_shard(shard: Shard, options: ReadOptions) -> Part:
    from . import _cleaned, read_source

    if shard.end is None:
        try:
            arts = read_source(shard.path, options)
        except IngestError as e:
            return Part(shard, error=e)
        return Part(shard, list(arts), list(getattr(arts, "skipped", [])))
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


def merge(path: str, parts: list[Part]) -> Articles:
    """One input's Articles from its shards' parts, as ``read_source`` gives them (or raises)."""
    from .tabular import finish

    failed = next((p.error for p in parts if p.error is not None), None)
    if failed is not None:
        raise failed
    arts = Articles([a for p in parts for a in p.articles])
    arts.skipped = [s for p in parts for s in p.skipped]
    if any(p.shard.end is not None for p in parts):  # ranges: the file fails when none read a record
        finish(arts, sum(p.bad for p in parts), sum(p.records for p in parts), path)
    return arts
