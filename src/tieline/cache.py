"""Compiled forms of Tieline's data files (knowledge base, lexicon, gazetteer), kept between runs.

Parsing the YAML and TSV sources is most of a cold start; the compiled object, pickled under a key
made from the sources' contents (and the code that compiles them), loads in hundredths of a
second.  A read-only home or an unreadable or stale file only means compiling again.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import pickle
import tempfile
from typing import Callable, TypeVar

T = TypeVar("T")
KEEP = 8  # compiled files kept per kind (the newest)


def cache_dir() -> pathlib.Path:
    """Where compiled files are kept: $TIELINE_CACHE_DIR, else ~/.cache/tieline."""
    return pathlib.Path(os.environ.get("TIELINE_CACHE_DIR") or "~/.cache/tieline").expanduser()


def content_key(kind: str, *parts: str | bytes | os.PathLike) -> str:
    """A key for ``kind`` from Tieline's version and each part: a path counts by its name and
    contents (a missing file by its name), a string or bytes as it is."""
    from . import __version__

    h = hashlib.sha256(f"tieline {__version__} {kind}".encode())
    for p in parts:
        if isinstance(p, os.PathLike):
            h.update(os.fsencode(p))
            try:
                h.update(pathlib.Path(p).read_bytes())
            except OSError:
                h.update(b"<missing>")
        else:
            h.update(p if isinstance(p, bytes) else p.encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()[:32]


def load_or_build(kind: str, key: str, build: Callable[[], T], expect: type[T]) -> T:
    """The object compiled under ``key``, else ``build()`` (then kept for the next run)."""
    path = cache_dir() / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as src:
            found = pickle.load(src)
        if isinstance(found, expect):
            return found
    except Exception:  # no file yet, or one from another version: compile again
        pass
    obj = build()
    try:
        d = path.parent
        d.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=d, delete=False, suffix=".tmp") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
        for old in sorted(d.glob(f"{kind}-*.pickle"), key=lambda x: x.stat().st_mtime)[:-KEEP]:
            old.unlink(missing_ok=True)
    except Exception:  # a read-only home: work without the cache
        pass
    return obj
