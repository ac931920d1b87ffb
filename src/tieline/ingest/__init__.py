"""Readers: every input format becomes the same Article record.

Public API (used by the CLI and the pipeline):
    expand_inputs(inputs) -> iterator of paths/URLs (folders recursively, globs)
    read_source(path, options=None) -> list[Article]       raises IngestError
    read_data(raw, name, options=None) -> list[Article]    the same for bytes fetched elsewhere
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, Sequence

if TYPE_CHECKING:
    from ..records import Article


class IngestError(Exception):
    """An input that cannot be read; ``reason`` is a short code kept in the quarantine table."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def __reduce__(self):  # rebuilt with its reason when it travels (from a worker that read the input)
        return (type(self), (self.reason, self.detail))


@dataclass
class ReadOptions:
    """Field names for JSONL/CSV dumps and limits; defaults suit most dumps."""

    text_fields: list[str] = field(default_factory=lambda: ["text", "body", "content", "article", "maintext"])
    title_fields: list[str] = field(default_factory=lambda: ["title", "headline"])
    date_fields: list[str] = field(
        default_factory=lambda: ["date", "published", "pubdate", "publish_date", "datetime", "timestamp"]
    )
    url_fields: list[str] = field(default_factory=lambda: ["url", "link", "source_url"])
    max_bytes: int = 50_000_000
    shard_bytes: int = 4_000_000  # a large JSONL, WARC or CSV file read on Dask workers: bytes per task (shards.py)

    @classmethod
    def from_config(cls, cfg: dict | None, **overrides) -> "ReadOptions":
        """From the ``[ingest]`` table of tieline.toml, then command-line ``overrides`` (None: not
        given); an unknown key is an error.  Field lists given by the user come first, the
        defaults still apply after them."""
        cfg = {k: v for k, v in dict(cfg or {}).items()}
        unknown = set(cfg) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"tieline.toml [ingest]: unknown setting(s) {', '.join(sorted(unknown))}")
        cfg.update({k: v for k, v in overrides.items() if v not in (None, [], ())})
        base = cls()
        for k in ("text_fields", "title_fields", "date_fields", "url_fields"):
            if k in cfg:
                mine = [cfg[k]] if isinstance(cfg[k], str) else list(cfg[k])
                cfg[k] = mine + [x for x in getattr(base, k) if x not in mine]
        for k in ("max_bytes", "shard_bytes"):
            if k in cfg and (not isinstance(cfg[k], int) or isinstance(cfg[k], bool) or cfg[k] <= 0):
                raise ValueError(f"{k} must be a positive number of bytes, not {cfg[k]!r}")
        return cls(**cfg)


_URL_PREFIXES = ("http://", "https://")


class Articles(list):
    """The Articles of one input, and the records of it that were skipped (``skipped``: Problems
    with the record's place as path, "dump.jsonl#7"), so each bad record is quarantined on its
    own while the good ones are stored (``records``: how many records a part of a file had)."""

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self.skipped: list = []
        self.records = 0


def expand_inputs(inputs: Sequence[str]) -> Iterator[str]:
    """Yield the files to read: files as given, folders recursively (sorted, hidden entries
    skipped), glob patterns expanded (sorted); http(s) URLs passed through unchanged."""
    import glob
    import os

    for item in map(os.fspath, inputs):
        if item.startswith(_URL_PREFIXES):
            yield item
        elif os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        yield os.path.join(root, f)
        elif os.path.exists(item) or not glob.has_magic(item):
            yield item  # a missing plain path is reported by read_source
        else:
            for p in sorted(glob.glob(item, recursive=True)):
                if os.path.basename(p).startswith("."):
                    continue
                if os.path.isdir(p):
                    yield from expand_inputs([p])
                else:
                    yield p


def read_source(path: str, options: ReadOptions | None = None) -> Articles:
    """Read one input into Articles (a page gives one, a feed/WARC/JSONL/CSV one per record),
    their text fields cleaned of characters no store or parser accepts (see ``_read_source``)."""
    return _cleaned(_read_source(path, options))


def _read_source(path: str, options: ReadOptions | None = None, *, rows: tuple[int, int] | None = None) -> list[Article]:
    """Read one input into Articles (a page gives one, a feed/WARC/JSONL/CSV one per record);
    ``rows`` (k, n): of a CSV file, only the k-th of n equal chunks of its rows (``shards.py``).

    Raises IngestError(reason, detail) with reason one of: not-found, unreadable, unsupported, too-large,
    empty, binary, gzip, encoding, malformed, no-text."""
    import os

    options = options or ReadOptions()
    path = os.fspath(path)
    if path.startswith(_URL_PREFIXES):
        raise IngestError("unsupported", f"{path}: fetching URLs is not supported; save the page and read the file")
    if not os.path.exists(path):
        raise IngestError("not-found", path)
    if os.path.isdir(path):
        raise IngestError("unsupported", f"{path}: is a folder (use expand_inputs)")
    import stat as _stat

    try:
        st = os.stat(path)  # follows links: "/dev/zero" linked as a .txt is a device
    except OSError as e:
        raise IngestError("unreadable", f"{path}: {e.strerror or e}") from None
    if not _stat.S_ISREG(st.st_mode):
        raise IngestError("unsupported", f"{path}: not a regular file (a FIFO, socket or device would block or never end)")
    if st.st_size > options.max_bytes:
        raise IngestError("too-large", f"{path}: {st.st_size} bytes > {options.max_bytes}")
    try:
        with open(path, "rb") as f:
            raw = f.read(options.max_bytes + 1)  # a file that grows while read is still bounded
    except OSError as e:
        raise IngestError("unreadable", f"{path}: {e.strerror or e}") from None
    if len(raw) > options.max_bytes:
        raise IngestError("too-large", f"{path}: more than {options.max_bytes} bytes")
    return _read_data(raw, path, options, rows=rows)


def read_data(raw: bytes, name: str, options: ReadOptions | None = None) -> Articles:
    """Read bytes that came from elsewhere (a fetched page or feed) as ``read_source`` reads a
    file; ``name`` (a URL) stands for the path in records and problems."""
    options = options or ReadOptions()
    if len(raw) > options.max_bytes:
        raise IngestError("too-large", f"{name}: more than {options.max_bytes} bytes")
    return _cleaned(_read_data(raw, name, options))


def _cleaned(arts: list[Article]) -> Articles:
    """The Articles with their text fields cleaned of characters no store or parser accepts."""
    from .encoding import clean_chars

    if not isinstance(arts, Articles):
        arts = Articles(arts)
    for a in arts:
        a.body = clean_chars(a.body)
        a.title = clean_chars(a.title) if a.title else a.title
        a.path = clean_chars(a.path) if a.path else a.path
    return arts


def _read_data(raw: bytes, path: str, options: ReadOptions, *, rows: tuple[int, int] | None = None) -> list[Article]:
    from .detect import detect, ext_format
    from .encoding import gunzip, gzip_head, is_gzip, looks_binary

    if not raw.strip():
        raise IngestError("empty", path)
    data = raw
    if ext_format(path) == "warc" or (is_gzip(raw) and gzip_head(raw).startswith(b"WARC/")):
        from .warc import read_warc  # warcio reads (and resumes) gzip members itself

        return read_warc(raw, path, options)
    if is_gzip(raw):
        data = gunzip(raw, path, limit=options.max_bytes)
        if not data.strip():
            raise IngestError("empty", f"{path}: empty after decompression")
    elif path.lower().endswith((".gz", ".gzip")):
        raise IngestError("gzip", f"{path}: not gzip data")
    fmt = detect(path, data[:4096])
    if fmt == "warc":
        from .warc import read_warc

        return read_warc(raw, path, options)
    if looks_binary(data):
        raise IngestError("binary", path)
    if fmt == "html":
        from .html import read_html

        return [read_html(data, path, url=path if path.startswith(_URL_PREFIXES) else None)]
    from .encoding import decode

    text = decode(data, path)
    if fmt == "feed":
        from .feed import read_feed

        return read_feed(text, path, options)
    if fmt == "jsonl":
        from .tabular import read_jsonl

        return read_jsonl(text, path, options)
    if fmt == "csv":
        from .tabular import read_csv

        return read_csv(text, path, options, rows=rows)
    from .text import read_text

    return [read_text(text, path)]
