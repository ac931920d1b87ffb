"""WARC crawls (warcio, plain or .warc.gz): each HTML response record becomes an Article through the
HTML reader; the record's WARC-Target-URI becomes url and its offset the path ("file#offset").
WARC-Date (the crawl time) stands in for the publication date only when the page has none."""

from __future__ import annotations

import io

from ..records import Article
from . import IngestError, ReadOptions

MAX_RECORD = 10_000_000  # bytes of one page; a larger response record is skipped


def read_warc(raw: bytes, path: str, options: ReadOptions | None = None) -> list[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from .html import read_html
    from .metadata import normalize_date

    options = options or ReadOptions()
    out: list[Article] = []
    skipped: list[str] = []
    seen = total = 0
    it = ArchiveIterator(io.BytesIO(raw), arc2warc=True)
    try:
        for rec in it:
            seen += 1
            if rec.rec_type not in ("response", "resource"):
                continue
            ctype = (
                rec.http_headers.get_header("Content-Type") if rec.http_headers else rec.rec_headers.get_header("Content-Type")
            ) or ""
            if "html" not in ctype.lower():
                continue
            if rec.http_headers and not rec.http_headers.get_statuscode().startswith("2"):
                continue
            # read before asking warcio for the offset, never more than a page can be: a
            # record that decompresses to gigabytes is skipped, not held in memory
            payload = rec.content_stream().read(MAX_RECORD + 1)
            offset = it.get_record_offset()
            if len(payload) > MAX_RECORD:
                skipped.append(f"#{offset} too-large")
                continue
            total += len(payload)
            if total > options.max_bytes:
                raise IngestError("too-large", f"{path}: more than {options.max_bytes} bytes of pages")
            url = rec.rec_headers.get_header("WARC-Target-URI")
            try:
                art = read_html(payload, f"{path}#{offset}", url=url)
            except IngestError as e:
                skipped.append(f"#{offset} {e.reason}")
                continue
            if not art.published:
                art.published = normalize_date(rec.rec_headers.get_header("WARC-Date"))
            art.format = "warc"
            out.append(art)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as e:
        if not out:
            raise IngestError("malformed" if seen or not raw.startswith(b"\x1f\x8b") else "gzip", f"{path}: {e}") from None
    if not out:
        raise IngestError(
            "no-text",
            f"{path}: no readable HTML response among {seen} records" + (f" ({'; '.join(skipped[:5])})" if skipped else ""),
        )
    return out
