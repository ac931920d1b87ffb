"""Export stored events: parquet | csv | jsonl | polecat | gdelt.

Events are read from the store in pages (``EventFilter.after`` cursor), so an export of millions
of events never holds them all in memory.  Text formats may go to standard output (``out_path``
``"-"`` or None).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import pathlib
import sys
from dataclasses import replace
from typing import Any, Iterator, Sequence

from ..records import Event
from ..store.base import EventFilter, date_key

FORMATS = ("parquet", "csv", "jsonl", "polecat", "gdelt")
SUFFIX = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl", "polecat": ".jsonl", "gdelt": ".tsv"}
BATCH = 5000


def iter_batches(store: Any, filter: EventFilter | None = None, batch: int = BATCH) -> Iterator[list[Event]]:
    """The filtered events in event_id order, ``batch`` at a time (the filter's limit is kept)."""
    f = filter or EventFilter()
    left = f.limit
    after = f.after
    while True:
        size = batch if left is None else min(batch, left)
        if size <= 0:
            return
        evs = store.events(replace(f, limit=size, after=after))
        if not evs:
            return
        yield evs
        after = evs[-1].event_id
        if left is not None:
            left -= len(evs)
        if len(evs) < size:
            return


def articles_for(store: Any, events: Sequence[Event]) -> dict[str, dict[str, Any]]:
    """url, publisher, title and published of the articles these events come from."""
    ids = sorted({e.article_id for e in events if e.article_id})
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for r in store.query_dicts(
            "SELECT id, url, publisher, title, published FROM articles WHERE id IN (" + ", ".join("?" for _ in chunk) + ")", chunk
        ):
            out[r["id"]] = r
    return out


def date_precision(date: str | None) -> str | None:
    if not date:
        return None
    n = len(str(date).strip())
    return "year" if n <= 4 else "month" if n <= 7 else "day"


# -- flat rows (parquet, csv) --------------------------------------------------------------------
FLAT_COLUMNS: list[tuple[str, str]] = [
    ("event_id", "string"),
    ("article_id", "string"),
    ("type", "string"),
    ("mode", "string"),
    ("context", "string"),
    ("cameo", "string"),
    ("score", "double"),
    ("date", "string"),
    ("date_key", "date"),
    ("date_precision", "string"),
    ("published", "string"),
    ("modality", "string"),
    ("attributed_to", "string"),
    ("location", "string"),
    ("place_country", "string"),
    ("place_lat", "double"),
    ("place_lon", "double"),
    ("place_precision", "string"),
    ("sentence", "string"),
    ("sentence_start", "int"),
    ("confidence", "double"),
    ("trigger", "string"),
    ("reciprocal", "bool"),
    ("source_text", "string"),
    ("source_entity", "string"),
    ("source_code", "string"),
    ("source_sector", "string"),
    ("source_actor_id", "string"),
    ("target_text", "string"),
    ("target_entity", "string"),
    ("target_code", "string"),
    ("target_sector", "string"),
    ("target_actor_id", "string"),
    ("article_url", "string"),
    ("article_publisher", "string"),
    ("article_title", "string"),
    ("cluster_id", "string"),
    ("cluster_reports", "int"),
    ("cluster_articles", "int"),
    ("cluster_sources", "int"),
]
JOIN = "; "


def _join(vals: Sequence[Any]) -> str | None:
    vals = ["" if v is None else str(v) for v in vals]
    return JOIN.join(vals) if any(vals) else None


def _cluster(e: Event, counts: dict | None) -> tuple[str, int, int, int]:
    """The event's cluster (the same happening in every report of it: type, date, first source and
    target, as GDELT counts an event) with its reports, articles and publishers in the store."""
    from .gdelt import cluster_key

    key = cluster_key(e)
    cid = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).hexdigest()
    n = (counts or {}).get(key) or (1, 1, 1)
    return cid, n[0], n[2], n[1]


def flat_row(e: Event, art: dict[str, Any] | None = None, counts: dict | None = None) -> dict[str, Any]:
    art = art or {}
    row: dict[str, Any] = {
        "event_id": e.event_id,
        "article_id": e.article_id,
        "type": e.type,
        "mode": e.mode,
        "context": e.context,
        "cameo": e.cameo,
        "score": e.score,
        "date": e.date,
        "date_key": date_key(e.date),
        "date_precision": date_precision(e.date),
        "published": e.published,
        "modality": JOIN.join(e.modality or []) or None,
        "attributed_to": e.attributed_to,
        "location": e.location,
        "place_country": e.place.country if e.place else None,
        "place_lat": e.place.lat if e.place else None,
        "place_lon": e.place.lon if e.place else None,
        "place_precision": e.place.precision if e.place else None,
        "sentence": e.sentence,
        "sentence_start": e.sentence_start,
        "confidence": e.confidence,
        "trigger": e.trigger,
        "reciprocal": e.reciprocal,
        "article_url": art.get("url"),
        "article_publisher": art.get("publisher"),
        "article_title": art.get("title"),
    }
    for role, actors in (("source", e.source), ("target", e.target)):
        for f in ("text", "entity", "code", "sector", "actor_id"):
            row[f"{role}_{f}"] = _join([getattr(a, f) for a in actors])
    row["cluster_id"], row["cluster_reports"], row["cluster_articles"], row["cluster_sources"] = _cluster(e, counts)
    return row


_SQL_TYPES = {"string": "VARCHAR", "double": "DOUBLE", "date": "DATE", "int": "INTEGER", "bool": "BOOLEAN"}


def _write_parquet(store: Any, batches: Iterator[list[Event]], path: pathlib.Path) -> int:
    """Parquet written by DuckDB (already a dependency): the rows go into an in-memory table with
    the flat columns' types, then ``COPY ... (FORMAT PARQUET, COMPRESSION ZSTD)``."""
    import duckdb

    con = duckdb.connect()
    cols = ", ".join(f'"{n}" {_SQL_TYPES[k]}' for n, k in FLAT_COLUMNS)
    con.execute(f"CREATE TABLE t ({cols})")
    names = [n for n, _ in FLAT_COLUMNS]
    one = "(" + ", ".join("?" for _ in names) + ")"
    n = 0
    from .gdelt import mention_counts

    counts = mention_counts(store)
    for evs in batches:
        arts = articles_for(store, evs)
        rows = [flat_row(e, arts.get(e.article_id or ""), counts) for e in evs]
        for i in range(0, len(rows), 200):
            part = rows[i : i + 200]
            con.execute("INSERT INTO t VALUES " + ", ".join(one for _ in part), [r[c] for r in part for c in names])
        n += len(rows)
    target = str(path).replace("'", "''")
    con.execute(f"COPY t TO '{target}' (FORMAT PARQUET, COMPRESSION ZSTD)")
    con.close()
    return n


def _cell(v: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1", "@SUM") gets a
    leading apostrophe (OWASP's CSV-injection advice); numbers stay numbers."""
    return "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


def _write_csv(store: Any, batches: Iterator[list[Event]], out: io.TextIOBase, header: bool = True) -> int:
    cols = [c for c, _ in FLAT_COLUMNS]
    w = csv.DictWriter(out, fieldnames=cols, lineterminator="\n")
    if header:
        w.writeheader()
    n = 0
    from .gdelt import mention_counts

    counts = mention_counts(store)
    for evs in batches:
        arts = articles_for(store, evs)
        for e in evs:
            r = flat_row(e, arts.get(e.article_id or ""), counts)
            r["reciprocal"] = "true" if r["reciprocal"] else "false"
            w.writerow({k: _cell(v) for k, v in r.items()})
            n += 1
    return n


def _write_jsonl(batches: Iterator[list[Event]], out: io.TextIOBase) -> int:
    n = 0
    for evs in batches:
        for e in evs:
            out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


@contextlib.contextmanager
def _text_out(out_path: str | pathlib.Path | None):
    if out_path in (None, "-"):
        yield sys.stdout
        return
    p = pathlib.Path(out_path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "w", encoding="utf-8", newline="") as fh:
        yield fh


def export(
    store: Any,
    fmt: str,
    out_path: str | pathlib.Path | None,
    filter: EventFilter | None = None,
    *,
    header: bool = True,
    batch: int = BATCH,
) -> dict[str, Any]:
    """Write the events that match ``filter`` to ``out_path`` in ``fmt``.

    ``fmt``: parquet | csv | jsonl | polecat | gdelt (see docs/export.md).  ``out_path`` "-" or None
    writes text formats to standard output.  ``header`` applies to csv and gdelt (GDELT's own files
    have none).  Returns ``{"format", "path", "events"}``.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    batches = iter_batches(store, filter, batch)
    if fmt == "parquet":
        if out_path in (None, "-"):
            raise ValueError("parquet needs a file path")
        p = pathlib.Path(out_path)
        p.parent.mkdir(parents=True, exist_ok=True)
        n = _write_parquet(store, batches, p)
    else:
        with _text_out(out_path) as out:
            if fmt == "csv":
                n = _write_csv(store, batches, out, header)
            elif fmt == "jsonl":
                n = _write_jsonl(batches, out)
            elif fmt == "polecat":
                from .polecat import write_polecat

                n = write_polecat(store, batches, out)
            else:
                from .gdelt import write_gdelt

                n = write_gdelt(store, batches, out, header)
    return {"format": fmt, "path": None if out_path in (None, "-") else str(out_path), "events": n}
