"""WARC crawls (warcio, plain or .warc.gz): each HTML response record becomes an Article through the
HTML reader; the record's WARC-Target-URI becomes url and its offset the path ("file#offset").
WARC-Date (the crawl time) stands in for the publication date only when the page has none.

``scan`` reads records from any position of a file, up to a byte offset, so that a large crawl can
be read in byte ranges by several workers (``ingest/shards.py``); ``record_start`` finds where a
record begins at or after an offset."""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

from ..records import Article
from . import IngestError, ReadOptions

MAX_RECORD = 10_000_000  # bytes of one page; a larger response record is skipped
_GZIP_MEMBER = b"\x1f\x8b\x08"  # gzip's magic and deflate: where a member (a record, in a .warc.gz) may begin
_WARC = b"WARC/"
_LENGTH = re.compile(rb"^content-length:\s*(\d+)\s*$", re.I | re.M)
_SCAN = 1 << 20


@dataclass
class Scan:
    """What ``scan`` read: the Articles, the records it skipped ("#offset reason"), how many records
    it saw, the bytes of their pages, the error that stopped it, if one did, and whether the file
    is gzip (set by the caller: the error's reason depends on it)."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seen: int = 0
    size: int = 0
    error: str | None = None
    gz: bool = False


def read_warc(raw: bytes, path: str, options: ReadOptions | None = None) -> list[Article]:
    options = options or ReadOptions()
    got = scan(io.BytesIO(raw), path, options)
    return result(got, path, options, gz=raw.startswith(b"\x1f\x8b"))


def result(got: Scan, path: str, options: ReadOptions, gz: bool) -> list[Article]:
    """The Articles of a crawl, or its error: too many bytes of pages, a damaged file with no page
    read before the damage, or no readable HTML response at all."""
    if got.size > options.max_bytes:
        raise IngestError("too-large", f"{path}: more than {options.max_bytes} bytes of pages")
    if got.error is not None and not got.articles:
        raise IngestError("malformed" if got.seen or not gz else "gzip", f"{path}: {got.error}")
    if not got.articles:
        raise IngestError(
            "no-text",
            f"{path}: no readable HTML response among {got.seen} records"
            + (f" ({'; '.join(got.skipped[:5])})" if got.skipped else ""),
        )
    return got.articles


def scan(fh: BinaryIO, path: str, options: ReadOptions, stop: int | None = None) -> Scan:
    """The records from ``fh``'s position on (a record's start), up to the first record that
    begins at or after byte ``stop``; offsets are the file's.  A damaged record ends the scan, keeping
    what was read before it."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from .html import read_html
    from .metadata import normalize_date

    got = Scan()
    it = ArchiveIterator(fh, arc2warc=True)
    try:
        for rec in it:
            ctype = (
                rec.http_headers.get_header("Content-Type") if rec.http_headers else rec.rec_headers.get_header("Content-Type")
            ) or ""
            page = (
                rec.rec_type in ("response", "resource")
                and "html" in ctype.lower()
                and not (rec.http_headers and not rec.http_headers.get_statuscode().startswith("2"))
            )
            # read before asking warcio for the offset (which reads the record to its end), never
            # more than a page can be: a record that decompresses to gigabytes is skipped
            payload = rec.content_stream().read(MAX_RECORD + 1) if page else b""
            offset = it.get_record_offset()
            if stop is not None and offset >= stop:
                break  # the next range's first record
            got.seen += 1
            if not page:
                continue
            if len(payload) > MAX_RECORD:
                got.skipped.append(f"#{offset} too-large")
                continue
            got.size += len(payload)
            if got.size > options.max_bytes:
                break  # ``result`` says too-large
            url = rec.rec_headers.get_header("WARC-Target-URI")
            try:
                art = read_html(payload, f"{path}#{offset}", url=url)
            except IngestError as e:
                got.skipped.append(f"#{offset} {e.reason}")
                continue
            if not art.published:
                art.published = normalize_date(rec.rec_headers.get_header("WARC-Date"))
            art.format = "warc"
            got.articles.append(art)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as e:
        got.error = str(e)
    return got


def per_record_gzip(head: bytes) -> bool:
    """Whether a .warc.gz compresses each record as a gzip member of its own (the WARC standard's
    advice, and what crawlers write): its first member ends within ``head``, followed by another
    member or nothing.  Only such a file can be read from the middle."""
    d = zlib.decompressobj(31)
    try:
        if not d.decompress(head, 64).startswith(_WARC):
            return False
        while not d.eof and d.unconsumed_tail:
            d.decompress(d.unconsumed_tail, 1 << 16)
    except zlib.error:
        return False
    return d.eof and (not d.unused_data or d.unused_data.startswith(_GZIP_MEMBER))


def record_start(f: BinaryIO, pos: int, size: int, gz: bool) -> int:
    """The offset of the first record that begins at or after ``pos`` (``size`` when none does).

    A candidate is checked, not trusted: in a .warc.gz it must be a gzip member that inflates to a
    WARC header; in a plain WARC, a "WARC/" at a line's start whose header gives a Content-Length
    that ends exactly where another record (or the file) begins."""
    if pos <= 0:
        return 0
    needle = _GZIP_MEMBER if gz else _WARC
    at = pos
    while at < size:
        f.seek(at)
        buf = f.read(_SCAN)
        if not buf:
            break
        i = buf.find(needle)
        while i >= 0:
            if (_member_at if gz else _header_at)(f, at + i, size):
                return at + i
            i = buf.find(needle, i + 1)
        if len(buf) < _SCAN:
            break
        at += len(buf) - len(needle) + 1  # a needle across the edge is found in the next read
    return size


def _member_at(f: BinaryIO, pos: int, size: int) -> bool:
    f.seek(pos)
    try:
        return zlib.decompressobj(31).decompress(f.read(1 << 16), 64).startswith(_WARC)
    except zlib.error:
        return False


def _header_at(f: BinaryIO, pos: int, size: int) -> bool:
    f.seek(pos - 1)
    head = f.read(1 << 16)
    if not head.startswith(b"\n" + _WARC):
        return False
    end = head.find(b"\r\n\r\n")
    m = _LENGTH.search(head, 0, end if end > 0 else 0)
    if end < 0 or m is None:
        return False
    nxt = pos - 1 + end + 4 + int(m.group(1))
    f.seek(nxt)
    after = f.read(64).lstrip(b"\r\n")
    return nxt >= size or not after or after.startswith(_WARC)
