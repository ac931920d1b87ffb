"""The store interface: what every backend (DuckDB, PostgreSQL) offers the rest of Tieline.

One SQL implementation serves both backends: they differ only in how they connect, the
placeholder style and a few types, which the backend classes supply.  All SQL is parameterised.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from ..records import Actor, Article, Event, Problem
from .schema import MIGRATIONS


@dataclass
class EventFilter:
    """Which events to read.  Actor keys match an actor's code, entity or knowledge-base id."""

    actor: list[str] | None = None  # any of these keys, either role
    dyad: tuple[list[str], list[str]] | None = None  # events with both sides among the keys
    types: list[str] | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    event_ids: list[str] | None = None  # only these (the events a tie counts: ties.dyad_events)
    limit: int | None = None
    after: str | None = None  # cursor: event_id to start after
    place_country: str | None = None  # where it happened (ISO alpha-3)
    near: tuple[float, float, float] | None = None  # (lat, lon, km): placed within km of the point


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def date_key(date: str | None) -> dt.date | None:
    """First day of an event date of any precision ("2012" -> 2012-01-01)."""
    if not date:
        return None
    parts = str(date)[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(y, m, d)
    except (ValueError, IndexError):
        return None


def _published_day(published: str | None) -> dt.date | None:
    """The day of a publication timestamp ("2017-05-03T12:00:00" -> 2017-05-03), as tie queries
    date by publication (the same rule as schema.TIE_EVENTS_FILL)."""
    if not published or len(published) < 10 or published[4] != "-" or published[7] != "-":
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def placeholders(xs: Sequence[Any]) -> str:
    """One ``?`` per value, comma-separated: the inside of ``IN (...)``."""
    return ", ".join("?" for _ in xs)


def _actor_rows(e: Event) -> list[tuple[str, int, Actor]]:
    """(role, position, actor) of each actor of an event, sources first: how actor rows are keyed."""
    return [(role, i, a) for role, actors in (("source", e.source), ("target", e.target)) for i, a in enumerate(actors)]


def tie_atoms(code: str | None, actor_id: str | None, entity: str | None) -> list[str]:
    """The match values of one actor row in the tie index: its code ("c:"), its id ("a:") and its
    name ("e:"), lower-cased like the keys that look them up (ties/keys.py); an id equal to the
    name is one value ("n:"), which both an id and a name key look up."""
    out = []
    if code:
        out.append("c:" + code)
    aid, ent = (actor_id or "").lower(), (entity or "").lower()
    if aid and aid == ent:
        out.append("n:" + aid)  # an id that is also the name ("hamas", "Hamas"): one row, not two
    else:
        if aid:
            out.append("a:" + aid)
        if ent:
            out.append("e:" + ent)
    return out


_EVENT_COLUMNS = (
    "event_id",
    "article_id",
    "type",
    "mode",
    "context",
    "cameo",
    "score",
    "date",
    "date_key",
    "published",
    "modality",
    "attributed_to",
    "location",
    "sentence",
    "sentence_start",
    "confidence",
    "trigger",
    "record",
    "place_country",
    "place_lat",
    "place_lon",
    "place_precision",
)
_ARTICLE_COLUMNS = (
    "id",
    "title",
    "published",
    "publisher",
    "authors",
    "credit",
    "url",
    "language",
    "body",
    "format",
    "first_run",
    "coded",
    "copy_of",
    "similarity",
)


def _column_list(columns: Sequence[str] | None) -> str:
    return f" ({', '.join(columns)})" if columns else ""


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class SQLStore:
    """Backend-independent store.  Subclasses set ``conn`` and ``placeholder``."""

    placeholder = "?"
    url: str = ""
    conn: Any  # the backend's DB-API connection (duckdb or psycopg)

    # -- plumbing ---------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one parameterised statement (``?`` placeholders on every backend)."""
        cur = self.conn.cursor() if hasattr(self.conn, "cursor") and self.placeholder != "?" else self.conn
        cur.execute(self._sql(sql), list(params))
        return cur

    def insert_rows(
        self, table: str, rows: Sequence[Sequence[Any]], columns: Sequence[str] | None = None, chunk: int = 400
    ) -> None:
        """Many rows in few statements (one INSERT per ``chunk`` rows), still parameterised;
        ``columns``: the table's columns the rows fill (default: all, in order).  Backends with
        a faster bulk path override this."""
        if not rows:
            return
        width = len(rows[0])
        one = "(" + ", ".join("?" for _ in range(width)) + ")"
        for i in range(0, len(rows), chunk):
            part = rows[i : i + chunk]
            self.execute(
                f"INSERT INTO {table}{_column_list(columns)} VALUES " + ", ".join(one for _ in part), [v for r in part for v in r]
            )

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a parameterised query, as tuples."""
        rows: list[tuple[Any, ...]] = self.execute(sql, params).fetchall()
        return rows

    def query_dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a parameterised query, as dicts keyed by column name."""
        cur = self.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: on any exception the batch is rolled back."""
        self.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK")
            raise
        else:
            self.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (DuckDB releases its lock on the file)."""
        self.conn.close()

    # -- schema -----------------------------------------------------------------------------
    def migrate(self) -> int:
        """Apply the schema migrations not applied yet, each in its own transaction; returns how many."""
        self.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied VARCHAR)")
        done = {r[0] for r in self.query("SELECT version FROM schema_migrations")}
        applied = 0
        for version, name, statements in MIGRATIONS:
            if version in done:
                continue
            with self.transaction():
                for s in statements:
                    self.execute(s)
                self.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now_iso()))
            applied += 1
        return applied

    def schema_version(self) -> int:
        """The highest migration applied."""
        version: int = self.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0]
        return version

    # -- runs and quarantine ------------------------------------------------------------------
    def begin_run(self, command: str, inputs: list[str]) -> int:
        """Open a run (one `ingest`, or one `watch` poll) and return its id; ``finish_run`` closes it."""
        run_id = (self.query("SELECT COALESCE(MAX(run_id), 0) FROM runs")[0][0] or 0) + 1
        self.execute(
            "INSERT INTO runs (run_id, started, command, inputs, n_inputs, n_new, n_seen, n_events, n_problems)"
            " VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0)",
            (run_id, now_iso(), command, json.dumps(inputs[:1000])),
        )
        return run_id

    def finish_run(
        self, run_id: int, n_inputs: int, n_new: int, n_seen: int, n_events: int, n_problems: int, status: str = "finished"
    ) -> None:
        """Close a run with its counts; ``status`` is "finished" or "interrupted" (a run killed
        outright keeps no finish time and a NULL status)."""
        self.execute(
            "UPDATE runs SET finished = ?, n_inputs = ?, n_new = ?, n_seen = ?, n_events = ?, n_problems = ?,"
            " status = ? WHERE run_id = ?",
            (now_iso(), n_inputs, n_new, n_seen, n_events, n_problems, status, run_id),
        )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest runs, newest first."""
        return self.query_dicts("SELECT * FROM runs ORDER BY run_id DESC LIMIT ?", (limit,))

    def add_problem(self, problem: Problem, run_id: int | None) -> None:
        """Quarantine an input (the latest problem per path and reason is kept)."""
        self.execute("DELETE FROM quarantine WHERE path = ? AND reason = ?", (problem.path, problem.reason))
        self.execute(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?)",
            (problem.path, problem.reason, problem.detail[:2000], run_id, now_iso()),
        )

    def clear_problem(self, path: str) -> None:
        """Forget the problems of an input that has now been read."""
        self.execute("DELETE FROM quarantine WHERE path = ?", (path,))

    def problems(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Quarantined inputs, latest first; all of them unless ``limit`` says otherwise."""
        sql = "SELECT path, reason, detail, run_id, noted_at FROM quarantine ORDER BY noted_at DESC, path"
        return self.query_dicts(sql + " LIMIT ?", (limit,)) if limit else self.query_dicts(sql)

    # -- articles -----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        """Whether an article with this content id is stored."""
        return article_id in self.stored_ids([article_id])

    def add_source(self, article_id: str, path: str | None, run_id: int | None) -> None:
        """Record one more place an article was read from (once per path)."""
        if path and not self.query("SELECT 1 FROM article_sources WHERE article_id = ? AND path = ?", (article_id, path)):
            self.execute("INSERT INTO article_sources VALUES (?, ?, ?)", (article_id, path, run_id))

    def save_article(
        self,
        article: Article,
        events: Sequence[Event],
        mentions: Sequence[Actor],
        run_id: int | None,
        coded: bool = True,
        copy_of: tuple[str, float] | None = None,
    ) -> bool:
        """Store an article with its events and mentions; returns False when it was already stored.
        ``copy_of``: (id, similarity) of the stored story this one is a near copy of (not coded)."""
        return self.save_articles([(article, events, mentions, coded)], run_id, copy_of=copy_of)[0]

    def save_articles(
        self,
        batch: Sequence[tuple[Article, Sequence[Event], Sequence[Actor], bool]],
        run_id: int | None,
        copy_of: tuple[str, float] | None = None,
    ) -> list[bool]:
        """Store a batch of (article, events, mentions, coded) with one statement per table (the
        per-article statements cost more than the coding of short articles).  Returns, per item,
        whether it was new; an article already stored only gains its path as a source."""
        stored = self.stored_ids([a.id for a, _, _, _ in batch])
        new: list[tuple[Article, Sequence[Event], Sequence[Actor], bool]] = []
        flags: list[bool] = []
        for item in batch:
            art = item[0]
            if art.id in stored:
                self.add_source(art.id, art.path, run_id)
                flags.append(False)
                continue
            stored.add(art.id)
            new.append(item)
            flags.append(True)
        cp = (copy_of[0], round(copy_of[1], 4)) if copy_of else (None, None)
        self.insert_rows(
            "articles",
            [
                (
                    a.id,
                    a.title,
                    a.published,
                    a.publisher,
                    json.dumps(a.authors),
                    json.dumps(a.credit),
                    a.url,
                    a.language,
                    a.body,
                    a.format,
                    run_id,
                    coded,
                    *cp,
                )
                for a, _, _, coded in new
            ],
            columns=_ARTICLE_COLUMNS,
        )
        self.insert_rows("article_sources", [(a.id, a.path, run_id) for a, _, _, _ in new if a.path])
        if not copy_of:
            self.insert_rows("article_bands", [(a.id, k) for a, _, _, _ in new for k in (a.fingerprint or ())])
        self.insert_rows(
            "mentions",
            [
                (a.id, m.start, m.end, m.text, m.entity, m.code, m.sector, m.actor_id, m.known, m.how)
                for a, _, ments, _ in new
                for m in ments
            ],
        )
        self.save_events([e for _, evs, _, _ in new for e in evs])
        return flags

    def save_events(self, events: Sequence[Event]) -> None:
        """Store events with their actors (one statement per table), and note the non-state groups among them."""
        self.insert_rows(
            "events",
            [
                (
                    e.event_id,
                    e.article_id,
                    e.type,
                    e.mode,
                    e.context,
                    e.cameo,
                    e.score,
                    e.date,
                    date_key(e.date),
                    e.published,
                    json.dumps(e.modality),
                    e.attributed_to,
                    e.location,
                    e.sentence,
                    e.sentence_start,
                    e.confidence,
                    e.trigger,
                    json.dumps(e.to_dict()),
                    *((e.place.country, e.place.lat, e.place.lon, e.place.precision) if e.place else (None,) * 4),
                )
                for e in events
            ],
            columns=_EVENT_COLUMNS,
        )
        self.insert_rows(
            "event_actors",
            [
                (e.event_id, role, i, a.text, a.entity, a.code, a.sector, a.actor_id, a.known)
                for e in events
                for role, i, a in _actor_rows(e)
            ],
        )
        self._index_ties(events)
        # a group (Hamas, a party, an armed group) is an id seen with a non-state sector: its
        # leaders count for it even where they act as a government (ties/keys.py)
        from ..ties.keys import STATE_SECTORS

        groups = sorted(
            {
                a.actor_id.lower()
                for e in events
                for a in e.source + e.target
                if a.actor_id and a.sector and a.sector not in STATE_SECTORS and a.actor_id.upper() != (a.code or "").upper()
            }
        )  # not a country's own id
        if groups:
            known = {
                r[0] for r in self.query(f"SELECT actor_id FROM actor_groups WHERE actor_id IN ({placeholders(groups)})", groups)
            }
            self.insert_rows("actor_groups", [(g,) for g in groups if g not in known])

    def _index_ties(self, events: Sequence[Event]) -> None:
        """The tie index rows of new events (schema.py: tie_events, tie_keys): what relation
        queries read, so that their cost follows the pair asked about, not the store."""
        if not events:
            return
        eids = [r[0] for r in self.query("SELECT nextval('tie_eid') FROM generate_series(1, ?)", [len(events)])]
        arts = sorted({e.article_id for e in events if e.article_id})
        pubs: dict[str, str] = dict(
            self.query_in("SELECT id, publisher FROM articles WHERE publisher IS NOT NULL AND id IN ({in})", arts)
        )
        self.insert_rows(
            "tie_events",
            [
                (
                    eid,
                    e.event_id,
                    e.type,
                    e.date,
                    date_key(e.date),
                    _published_day(e.published),
                    e.score,
                    json.dumps(e.modality),
                    e.confidence,
                    pubs.get(e.article_id or "") or e.article_id or e.event_id,
                    bool(e.target),
                )
                for eid, e in zip(eids, events)
            ],
            columns=(
                "eid",
                "event_id",
                "type",
                "date",
                "date_key",
                "pub_day",
                "score",
                "modality",
                "confidence",
                "pub",
                "has_target",
            ),
        )
        rows = [
            (eid, role, i, a, (a.actor_id or "").lower() or None) for eid, e in zip(eids, events) for role, i, a in _actor_rows(e)
        ]
        self.insert_rows(
            "tie_actors",
            [(eid, role, i, a.code, a.sector, aid, a.entity or a.text) for eid, role, i, a, aid in rows if a.code],
            columns=("eid", "role", "ord", "code", "sector", "actor_id", "entity"),
        )
        self.insert_rows(
            "tie_keys",
            [
                (key, eid, role, i, a.sector, aid)
                for eid, role, i, a, aid in rows
                for key in tie_atoms(a.code, a.actor_id, a.entity)
            ],
            columns=("key", "eid", "role", "ord", "sector", "aid"),
        )

    def query_in(self, sql: str, values: Sequence[Any], size: int = 500) -> list[tuple[Any, ...]]:
        """The rows of ``sql`` for ``values`` (distinct, in order), its ``{in}`` the placeholders of
        up to ``size`` of them per query."""
        values = list(dict.fromkeys(values))
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(values), size):
            part = values[i : i + size]
            rows += self.query(sql.format(**{"in": placeholders(part)}), part)
        return rows

    def stored_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these article ids are stored (an ingest asks for a chunk of articles at once:
        each query costs milliseconds however small)."""
        return {r[0] for r in self.query_in("SELECT id FROM articles WHERE id IN ({in})", ids)}

    def near_originals(self, keys: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        """Band key -> (id, body) of the stored originals with that near-duplicate band key
        (``ingest/near_duplicates.py`` decides which, if any, is a copy's original).

        Two lookups, the keys' article ids and then those articles: written as one join, DuckDB
        may probe it by scanning every article (0.7 s a lookup at a million); this way the cost
        follows the keys, and an ingest's pace does not fall as its store grows."""
        hits = self.query_in("SELECT DISTINCT band_key, article_id FROM article_bands WHERE band_key IN ({in})", keys, 2000)
        bodies = dict(
            self.query_in("SELECT id, body FROM articles WHERE id IN ({in}) AND copy_of IS NULL", [aid for _, aid in hits])
        )
        out: dict[int, list[tuple[str, str]]] = {}
        for key, aid in hits:
            if aid in bodies:
                out.setdefault(int(key), []).append((aid, bodies[aid]))
        return out

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its sources, near copies, mentions and events (an id prefix is enough)."""
        rows = self.query_dicts(
            "SELECT * FROM articles WHERE id = ? OR id LIKE ? ORDER BY id LIMIT 1", (article_id, article_id + "%")
        )
        if not rows:
            return None
        a = rows[0]
        a["authors"] = json.loads(a["authors"] or "[]")
        a["credit"] = json.loads(a["credit"] or "[]")
        a["sources"] = [
            r[0] for r in self.query("SELECT path FROM article_sources WHERE article_id = ? ORDER BY path", (a["id"],))
        ]
        # near copies of this story (and, for a copy, the story it copies): each with where it came from
        a["copies"] = self.query_dicts(
            "SELECT id, title, publisher, published, url, similarity FROM articles WHERE copy_of = ? ORDER BY id", (a["id"],)
        )
        for c in a["copies"]:
            c["sources"] = [
                r[0] for r in self.query("SELECT path FROM article_sources WHERE article_id = ? ORDER BY path", (c["id"],))
            ]
        a["mentions"] = self.query_dicts(
            'SELECT start_char AS start, end_char AS "end", text, entity, code, sector, actor_id, known, how'
            " FROM mentions WHERE article_id = ? ORDER BY start_char",
            (a["id"],),
        )
        a["events"] = [e.to_dict() for e in self.events(EventFilter(article_id=a["id"]))]
        return a

    def articles(self, search: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Articles, newest first; with ``search``, those whose title or body holds the words (literally)."""
        # the page first, then its event counts: counted for every article and then cut to a page,
        # the list took half a second at a million articles
        sql = "SELECT a.id, a.title, a.published, a.publisher, a.url, a.format FROM articles a"
        params: list[Any] = []
        if search:
            # the user's words are literal: "%" and "_" match themselves, not anything
            sql += " WHERE LOWER(a.title) LIKE ? ESCAPE '\\' OR LOWER(a.body) LIKE ? ESCAPE '\\'"
            words = search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [f"%{words}%"] * 2
        sql += " ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?"
        page = self.query_dicts(sql, params + [limit, offset])
        counts = dict(
            self.query_in(
                "SELECT article_id, COUNT(*) FROM events WHERE article_id IN ({in}) GROUP BY article_id", [r["id"] for r in page]
            )
        )
        for r in page:
            r["events"] = int(counts.get(r["id"], 0))
        return page

    # -- events -------------------------------------------------------------------------------
    def _actor_clause(self, keys: Sequence[str], role: str | None = None) -> tuple[str, list[Any]]:
        ks = [k.upper() for k in keys]
        marks = placeholders(ks)
        sql = (
            f"SELECT event_id FROM event_actors WHERE (UPPER(code) IN ({marks}) OR UPPER(entity) IN ({marks})"
            f" OR UPPER(actor_id) IN ({marks}))"
        )
        params: list[Any] = ks * 3
        if role:
            sql += " AND role = ?"
            params.append(role)
        return sql, params

    def events(self, f: EventFilter | None = None) -> list[Event]:
        """Stored events matching the filter, as ``Event`` records."""
        f = f or EventFilter()
        where: list[str] = []
        params: list[Any] = []
        if f.article_id:
            where.append("e.article_id = ?")
            params.append(f.article_id)
        if f.event_ids is not None:
            if not f.event_ids:
                return []
            where.append(f"e.event_id IN ({placeholders(f.event_ids)})")
            params += list(f.event_ids)
        if f.actor:
            s, p = self._actor_clause(f.actor)
            where.append(f"e.event_id IN ({s})")
            params += p
        if f.dyad:
            for side in f.dyad:
                s, p = self._actor_clause(side)
                where.append(f"e.event_id IN ({s})")
                params += p
        if f.types:
            where.append(f"e.type IN ({placeholders(f.types)})")
            params += [t.upper() for t in f.types]
        if f.modality:
            where.append("e.modality LIKE ?")
            params.append(f'%"{f.modality}"%')
        if f.since:
            where.append("e.date_key >= ?")
            params.append(date_key(f.since))
        if f.until:
            where.append("e.date_key <= ?")
            params.append(date_key(f.until))
        if f.after:
            where.append("e.event_id > ?")
            params.append(f.after)
        if f.place_country:
            where.append("e.place_country = ?")
            params.append(f.place_country.upper())
        if f.near:
            # a bounding box in SQL, the great-circle distance below
            lat, lon, km = f.near
            dlat = km / 111.0
            dlon = km / max(1e-6, 111.0 * math.cos(math.radians(lat)))
            where.append("e.place_lat BETWEEN ? AND ? AND e.place_lon BETWEEN ? AND ?")
            params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
        sql = "SELECT e.record FROM events e" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY e.event_id"
        if f.limit:
            sql += " LIMIT ?"
            params.append(f.limit)
        evs = [Event.from_dict(json.loads(r[0])) for r in self.query(sql, params)]
        if f.near:
            evs = [
                e
                for e in evs
                if e.place
                and e.place.lat is not None
                and e.place.lon is not None
                and km_between(f.near[0], f.near[1], e.place.lat, e.place.lon) <= f.near[2]
            ]
        return evs

    def unknown_actors(self, limit: int = 50) -> list[dict[str, Any]]:
        """Names seen as actors that the knowledge base lacks, most mentioned first."""
        return self.query_dicts(
            "SELECT text, code, sector, COUNT(*) AS mentions, COUNT(DISTINCT article_id) AS articles"
            " FROM mentions WHERE NOT known GROUP BY text, code, sector ORDER BY mentions DESC, text LIMIT ?",
            (limit,),
        )

    def unknown_mention_rows(self) -> list[tuple[Any, ...]]:
        """(text, code, sector, how, article_id) of every mention the base did not know."""
        return self.query("SELECT text, code, sector, how, article_id FROM mentions WHERE NOT known")

    def stats(self) -> dict[str, Any]:
        """Counts: articles, sources, events by type, mentions, quarantine, runs."""
        one: Callable[[str], Any] = lambda sql: self.query(sql)[0][0]  # noqa: E731
        return {
            "database": self.url,
            "schema_version": self.schema_version(),
            "articles": one("SELECT COUNT(*) FROM articles"),
            "sources": one("SELECT COUNT(*) FROM article_sources"),
            "events": one("SELECT COUNT(*) FROM events"),
            "mentions": one("SELECT COUNT(*) FROM mentions"),
            "unknown_mentions": one("SELECT COUNT(*) FROM mentions WHERE NOT known"),
            "quarantined": one("SELECT COUNT(*) FROM quarantine"),
            "runs": one("SELECT COUNT(*) FROM runs"),
            "events_by_type": dict(self.query("SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY 2 DESC")),
            "articles_by_format": dict(
                self.query("SELECT COALESCE(format, 'unknown'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC")
            ),
            "first_event": one("SELECT MIN(date) FROM events"),
            "last_event": one("SELECT MAX(date) FROM events"),
        }
