"""Tieline's web app: a read-only REST API over the store and a dashboard that uses it.

    from tieline.web.app import create_app
    app = create_app("tieline.duckdb")          # uvicorn.run(app) / TestClient(app)

The store is opened read-only once, on the first request, and every request gets its own cursor
(a DuckDB cursor is a separate connection to the same database, safe to use from the request's
worker thread).  A read-only DuckDB connection takes no write lock.  PostgreSQL URLs are opened
per request instead (psycopg connections are cheap and serialise their own use).

Every route validates its parameters: a bad value answers 4xx with a message, never a 500.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import json
import os
import pathlib
import re
import threading
import time
from typing import TYPE_CHECKING, Any, Iterator

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from ..records import PLOVER_TYPES
from ..store import EventFilter, SQLStore, StoreBusy, open_store, resolve_db

if TYPE_CHECKING:
    from ..actors.kb import KnowledgeBase

STATIC = pathlib.Path(__file__).parent / "static"
BY = ("year", "quarter", "month", "week")
MAX_EVENTS = 1000
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MODALITY = re.compile(r"^[a-z][a-z_-]{0,40}$")
_MAX_NAME = 200

# The dashboard loads only its own files; data is never markup.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class _Cursor(SQLStore):
    """A per-request view of the shared read-only connection."""

    placeholder = "?"

    def __init__(self, conn: Any, url: str) -> None:
        self.conn = conn
        self.url = url


PG_CACHE_SECONDS = 5  # how long a PostgreSQL answer may be served from the cache


class StoreHolder:
    """Opens the database once (lazily, read-only) and hands out per-request stores.

    With ``reopen`` a DuckDB file is opened afresh for every request and closed after it, so that
    between requests another process (``tieline ingest``) can open it for writing; it costs some
    30 ms a request.
    """

    def __init__(self, db: str | None, read_only: bool = True, reopen: bool = False) -> None:
        self.url = resolve_db(db)
        self.read_only = read_only
        self.reopen = reopen
        self.postgres = self.url.startswith(("postgresql://", "postgres://"))
        self.busy_wait = 1.0  # seconds a request waits for a writer before answering 503
        self._base: SQLStore | None = None
        self._lock = threading.Lock()

    def _ensure_exists(self) -> None:
        if self.read_only and not self.postgres and self.url != ":memory:" and not pathlib.Path(self.url).expanduser().exists():
            # nothing stored yet: create an empty database once, then read it
            open_store(self.url, read_only=False).close()

    def _open_base(self) -> SQLStore:
        with self._lock:
            if self._base is None:
                self._ensure_exists()
                self._base = open_store(self.url, read_only=self.read_only)
            return self._base

    @contextlib.contextmanager
    def session(self) -> Iterator[SQLStore]:
        if self.postgres or (self.reopen and self.url != ":memory:"):
            if not self.postgres:
                with self._lock:
                    self._ensure_exists()
            # a writer (tieline ingest) may hold the file: retry briefly, then StoreBusy -> 503
            s = open_store(self.url, read_only=self.read_only, wait=0 if self.postgres else self.busy_wait)
            try:
                yield s
            finally:
                s.close()
            return
        base = self._open_base()
        cur = base.conn.cursor()
        try:
            yield _Cursor(cur, base.url)
        finally:
            cur.close()

    def close(self) -> None:
        with self._lock:
            if self._base is not None:
                self._base.close()
                self._base = None

    def version(self) -> Any:
        """What the stored data answers to, for the response cache: constant while one read-only
        DuckDB connection is held (no other process can write the file meanwhile); the file's
        size and time with ``reopen``; the clock's 5-second slot for PostgreSQL, which others may
        write at any time."""
        if self.postgres:
            return int(time.monotonic() // PG_CACHE_SECONDS)
        if self.reopen or not self.read_only:
            stamps: list[tuple[int, int] | None] = []
            for suffix in ("", ".wal"):
                try:
                    st = os.stat(os.path.expanduser(self.url) + suffix)
                    stamps.append((st.st_size, st.st_mtime_ns))
                except OSError:
                    stamps.append(None)
            return tuple(stamps)
        return 0


class ResponseCache:
    """GET /api answers kept for the data version they were computed on (least recently used
    first out): under load the same few dyads are asked for again and again, and a tie report
    costs tens of milliseconds of SQL where a cached one costs none."""

    def __init__(self, size: int = 512, max_bytes: int = 1_000_000) -> None:
        self.size, self.max_bytes = size, max_bytes
        self._d: "collections.OrderedDict[tuple, tuple[int, bytes, str]]" = collections.OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> tuple[int, bytes, str] | None:
        with self._lock:
            v = self._d.get(key)
            if v is None:
                self.misses += 1
                return None
            self._d.move_to_end(key)
            self.hits += 1
            return v

    def put(self, key: tuple, value: tuple[int, bytes, str]) -> None:
        if len(value[1]) > self.max_bytes:
            return
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)


class _KB:
    """The knowledge base, loaded on first use (it takes a second or two)."""

    def __init__(self) -> None:
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()

    def get(self):
        if self._kb is None:
            with self._lock:
                if self._kb is None:
                    from ..actors.kb import load_kb, norm_key

                    kb = load_kb()
                    # typeahead index: every entry's normalised name and aliases, computed once
                    self._index = [
                        (e, norm_key(e.name), sorted({norm_key(n) for n in e.names} - {""})) for e in kb.entries.values()
                    ]
                    self._kb = kb
        return self._kb

    def search(self, q: str, limit: int) -> list[tuple[int, Any]]:
        """Entries matching ``q``, best first: (rank, entry).  Rank 0 exact name, code or id; 1 exact
        alias; 2 name starts with q; 3 an alias does; 4 a word does; 5 q inside a name or alias."""
        from ..actors.kb import norm_key

        self.get()
        qk = norm_key(q)
        if not qk:
            return []
        out = []
        for e, name, keys in self._index:
            if name == qk or (e.code or "").lower() == qk or e.id.lower() == qk:
                r = 0
            elif qk in keys:
                r = 1
            elif name.startswith(qk):
                r = 2
            elif any(k.startswith(qk) for k in keys):
                r = 3
            elif any((" " + qk) in (" " + k) for k in keys):
                r = 4
            elif any(qk in k for k in keys):
                r = 5
            else:
                continue
            out.append((r, e))
        assert self._kb is not None  # self.get() loaded it
        capital = self._kb.by_capital.get(qk)  # "Tehran" -> Iran
        if capital is not None and all(e is not capital for _, e in out):
            out.append((1, capital))
        out.sort(key=lambda x: (x[0], len(x[1].name), x[1].name))
        return out[:limit]


# -- parameter helpers ------------------------------------------------------------------------
def _bad(msg: str) -> HTTPException:
    return HTTPException(status_code=422, detail=msg)


def _check_date(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    v = value.strip()
    if not _DATE.match(v):
        raise _bad(f"{name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    parts = [int(p) for p in v.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise _bad(f"{name} is not a real date: {value!r}") from None
    return v


def _end_of(v: str | None) -> str | None:
    """Inclusive end of a date of any precision: "2017" -> "2017-12-31", "2017-02" -> "2017-02-28"."""
    if not v:
        return None
    parts = [int(p) for p in v.split("-")]
    if len(parts) == 3:
        return v
    y = parts[0]
    m = parts[1] if len(parts) == 2 else 12
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).isoformat()


def _dyad_reports(store: Any, dyad: list[str] | None, since: str | None, until: str | None) -> dict[str, int] | None:
    """The events /api/ties counts for ``dyad`` (one definition: ties.dyad_events), each with its
    number of reports; None when no dyad is asked for."""
    pair = _split(dyad)
    if dyad is not None and len(pair) != 2:
        raise _bad(f"dyad needs exactly two actors (dyad=A&dyad=B or dyad=A,B), got {len(pair)}")
    if not pair:
        return None
    from ..ties import dyad_events

    return dyad_events(store, pair[0], pair[1], since=since, until=until)


def _split(values: list[str] | None) -> list[str]:
    """Repeated and comma-separated values, trimmed: ["Iran,Hamas"] and ["Iran", "Hamas"] alike."""
    out = []
    for v in values or []:
        for x in str(v).split(","):
            x = x.strip()
            if x:
                if len(x) > _MAX_NAME:
                    raise _bad(f"actor name too long ({len(x)} characters; at most {_MAX_NAME})")
                out.append(x)
    return out


def _default(x: Any) -> Any:
    if isinstance(x, (dt.date, dt.datetime)):
        return x.isoformat()
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return dataclasses.asdict(x)
    return str(x)


def _unknown_actor(u: dict[str, Any]) -> dict[str, Any]:
    """A stored actor the knowledge base lacks, as the actor search and the actor page show it."""
    return {
        "id": u["text"],
        "name": u["text"],
        "kind": "unknown",
        "code": u["code"],
        "sector": u["sector"],
        "known": False,
        "mentions": int(u["mentions"]),
        "articles": int(u["articles"]),
    }


def _json(obj: Any, status: int = 200) -> Response:
    """JSON straight from json.dumps: FastAPI's generic encoder costs ~10 ms per 100 events."""
    body = json.dumps(obj, ensure_ascii=False, default=_default, separators=(",", ":"))
    return Response(body.encode("utf-8"), status_code=status, media_type="application/json")


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (dt.date, dt.datetime)):
        return x.isoformat()
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return _jsonable(dataclasses.asdict(x))
    if x is None or isinstance(x, (str, int, float, bool)):
        return x
    return str(x)


# -- the app ----------------------------------------------------------------------------------
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "what was wrong, in words"},
        "errors": {
            "type": "array",
            "items": {"type": "object"},
            "description": "for invalid parameters: one entry per parameter (loc, msg, type)",
        },
    },
}
ERROR_RESPONSES = {"404": "not found", "422": "invalid parameters", "503": "the database is being written; retry"}


def _openapi_errors(app: FastAPI) -> None:
    """Publish the error bodies the app really sends ({"detail": text, "errors"?}) instead of
    FastAPI's default validation schema, on every API operation."""
    from fastapi.openapi.utils import get_openapi

    def schema() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        comps = spec.setdefault("components", {}).setdefault("schemas", {})
        comps.pop("HTTPValidationError", None)
        comps.pop("ValidationError", None)
        comps["Error"] = ERROR_SCHEMA
        for path, ops in spec.get("paths", {}).items():
            for op in ops.values():
                if not isinstance(op, dict) or not path.startswith("/api"):
                    continue
                resp = op.setdefault("responses", {})
                for code, desc in ERROR_RESPONSES.items():
                    resp[code] = {
                        "description": desc,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    }
        app.openapi_schema = spec
        return spec

    app.openapi = schema  # type: ignore[method-assign]


def _mount_docs(app: FastAPI) -> None:
    """/docs with Swagger UI's own files served from the installed swagger-ui-bundle package, so
    the page works offline (no CDN)."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    try:
        import swagger_ui_bundle

        app.mount("/static-docs", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger-ui")
        js, css = "/static-docs/swagger-ui-bundle.js", "/static-docs/swagger-ui.css"
    except ImportError:  # the package is a dependency; without it the page falls back to the CDN
        js, css = None, None

    @app.get("/docs", include_in_schema=False)
    def docs() -> Any:
        kw: dict[str, Any] = (
            {"swagger_js_url": js, "swagger_css_url": css, "swagger_favicon_url": "/static-docs/favicon-32x32.png"} if js else {}
        )
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="Tieline API", **kw)


def create_app(
    db: str | None = None, read_only: bool = True, reopen: bool = False, allowed_hosts: list[str] | None = None
) -> FastAPI:
    """The FastAPI app: REST API under /api, the dashboard at /, OpenAPI at /openapi.json, docs at /docs.

    ``db`` is a DuckDB path or a PostgreSQL URL (default: $TIELINE_DB, then ./tieline.duckdb).
    ``reopen``: open a DuckDB file per request instead of once (lets a writer in between requests).
    ``allowed_hosts``: Host header values to answer (``tieline serve`` passes the bound host and
    its loopback names), so that a web page cannot reach the API through DNS rebinding.
    """
    from .. import __version__

    holder = StoreHolder(db, read_only=read_only, reopen=reopen)
    kbh = _KB()

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        holder.close()

    app = FastAPI(
        title="Tieline",
        lifespan=lifespan,
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="PLOVER-coded events, the articles they come from, and relation scores between actors over time. Read-only.",
    )
    _mount_docs(app)
    _openapi_errors(app)
    app.state.store = holder
    app.state.kb = kbh

    def store_dep() -> Iterator[SQLStore]:
        with holder.session() as s:
            yield s

    def keys_of(name: str) -> list[str]:
        k = kbh.get().resolve_key(name)
        return k["codes"] + k["actor_ids"] + k["entities"]

    cache = ResponseCache()
    app.state.cache = cache

    @app.middleware("http")
    async def cached(request: Request, call_next):
        if request.method != "GET" or not request.url.path.startswith("/api/"):
            return await call_next(request)
        key = (request.url.path, str(request.url.query), holder.version())
        hit = cache.get(key)
        if hit is not None:
            status, body, ctype = hit
            return Response(content=body, status_code=status, media_type=ctype, headers={"X-Cache": "hit"})
        resp = await call_next(request)
        if resp.status_code != 200:
            return resp
        body = b"".join([chunk async for chunk in resp.body_iterator])
        ctype = resp.headers.get("content-type", "application/json")
        cache.put(key, (resp.status_code, body, ctype))
        headers = {k: v for k, v in resp.headers.items() if k.lower() not in ("content-length", "content-type")}
        return Response(content=body, status_code=resp.status_code, media_type=ctype, headers=headers)

    if allowed_hosts:
        # added last, so it runs first: no answer, cached or not, goes to a foreign Host
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.middleware("http")
    async def headers(request: Request, call_next):
        resp = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        p = request.url.path
        if p == "/" or p.startswith("/static/"):
            resp.headers["Content-Security-Policy"] = CSP
            resp.headers["Referrer-Policy"] = "no-referrer"
        return resp

    @app.exception_handler(StoreBusy)
    async def store_busy(request: Request, exc: StoreBusy):
        # an ingest is writing (DuckDB: one writer, no readers from other processes meanwhile)
        return JSONResponse(
            status_code=503,
            headers={"Retry-After": "2"},
            content={"detail": "the database is being written by another process; retry shortly"},
        )

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError):
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        msgs = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path"))
            msgs.append(f"{loc}: {e.get('msg')}")
        return JSONResponse(
            status_code=422, content={"detail": "; ".join(msgs) or "invalid request", "errors": _jsonable(exc.errors())}
        )

    # -- articles ---------------------------------------------------------------------------
    @app.get("/api/articles", tags=["articles"], summary="List or search stored articles")
    def list_articles(
        q: str | None = Query(None, max_length=200, description="Words in the title or body"),
        limit: int = Query(50, ge=1, le=500),
        offset: int = Query(0, ge=0, le=10_000_000),
        store: SQLStore = Depends(store_dep),
    ) -> Response:
        rows = store.articles(q or None, limit=limit, offset=offset)
        return _json(
            {"articles": rows, "limit": limit, "offset": offset, "next_offset": offset + limit if len(rows) == limit else None}
        )

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        summary="One article: body, actor mentions (character offsets in the body) and events",
    )
    def get_article(article_id: str, store: SQLStore = Depends(store_dep)) -> Response:
        if not re.fullmatch(r"[\w.:\-]{1,200}", article_id) or len(article_id) < 4:
            raise HTTPException(404, f"no article {article_id!r}")
        a = store.article(article_id)
        if not a or (a["id"] != article_id and not a["id"].startswith(article_id)):
            raise HTTPException(404, f"no article {article_id!r}")
        return _json(a)

    # -- events -----------------------------------------------------------------------------
    @app.get("/api/events", tags=["events"], summary="Stored events, filtered, in event_id order")
    def list_events(
        actor: list[str] | None = Query(
            None, description="Actor name, alias or code; repeat or comma-separate for any of several"
        ),
        dyad: list[str] | None = Query(
            None,
            description="Two actors: dyad=Iran&dyad=Hamas or dyad=Iran,Hamas;"
            " the events /api/ties counts for them, each with its reports",
        ),
        type: list[str] | None = Query(None, description="PLOVER type(s), e.g. AID"),
        since: str | None = Query(None, description="Event date on or after (YYYY, YYYY-MM, YYYY-MM-DD)"),
        until: str | None = Query(None, description="Event date on or before; '2017' includes all of 2017"),
        modality: str | None = Query(None, description="asserted, alleged, reported, intended, negated, hypothetical"),
        article: str | None = Query(None, max_length=200, description="Only events of this article id"),
        limit: int = Query(100, ge=1, le=MAX_EVENTS),
        cursor: str | None = Query(None, max_length=300, description="event_id to continue after (next_cursor of the last page)"),
        country: str | None = Query(None, pattern="^[A-Za-z]{3}$", description="Where it happened (ISO alpha-3)"),
        store: SQLStore = Depends(store_dep),
    ) -> Response:
        actors = _split(actor)
        types = [t.upper() for t in _split(type)]
        bad = [t for t in types if t not in PLOVER_TYPES]
        if bad:
            raise _bad(f"unknown event type {bad[0]!r}; one of {', '.join(PLOVER_TYPES)}")
        if modality is not None and not _MODALITY.match(modality):
            raise _bad(f"modality must be a word such as asserted or alleged, not {modality!r}")
        s, u = _check_date("since", since), _check_date("until", until)
        reports = _dyad_reports(store, dyad, s, u)
        f = EventFilter(
            actor=[k for a in actors for k in keys_of(a)] or None,
            event_ids=list(reports) if reports is not None else None,
            types=types or None,
            modality=modality or None,
            since=s,
            until=_end_of(u),
            article_id=article or None,
            limit=limit + 1,
            after=cursor or None,
            place_country=country.upper() if country else None,
        )
        evs = store.events(f)
        more = len(evs) > limit
        evs = evs[:limit]
        out = [e.to_dict() for e in evs]
        if reports is not None:
            for e in out:
                e["reports"] = reports.get(e["event_id"], 1)
        return _json({"events": out, "next_cursor": evs[-1].event_id if more and evs else None, "limit": limit})

    @app.get("/api/places", tags=["events"], summary="Where events happened: placed events grouped by place")
    def list_places(
        actor: list[str] | None = Query(None, description="Actor name, alias or code (either role)"),
        dyad: list[str] | None = Query(None, description="Two actors: the events /api/ties counts for them"),
        since: str | None = Query(None, description="Event date on or after (YYYY, YYYY-MM, YYYY-MM-DD)"),
        until: str | None = Query(None, description="Event date on or before"),
        limit: int = Query(2000, ge=1, le=MAX_EVENTS, description="Events read, at most"),
        store: SQLStore = Depends(store_dep),
    ) -> Response:
        s, u = _check_date("since", since), _check_date("until", until)
        reports = _dyad_reports(store, dyad, s, u)
        f = EventFilter(
            actor=[k for a in _split(actor) for k in keys_of(a)] or None,
            event_ids=list(reports) if reports is not None else None,
            since=s,
            until=_end_of(u),
            limit=limit,
        )
        groups: dict[tuple, dict[str, Any]] = {}
        for e in store.events(f):
            p = e.place
            if p is None or p.lat is None or p.lon is None:
                continue
            key = (round(p.lat, 2), round(p.lon, 2), p.precision)
            g = groups.setdefault(
                key,
                {
                    "name": p.name,
                    "country": p.country,
                    "precision": p.precision,
                    "lat": p.lat,
                    "lon": p.lon,
                    "count": 0,
                    "events": [],
                },
            )
            g["count"] += 1
            if len(g["events"]) < 20:
                g["events"].append(
                    {"event_id": e.event_id, "type": e.type, "date": e.date, "article_id": e.article_id, "sentence": e.sentence}
                )
        places = sorted(groups.values(), key=lambda g: -g["count"])
        return _json({"places": places, "events": sum(g["count"] for g in places)})

    # -- actors -----------------------------------------------------------------------------
    def _entry_dict(e: Any) -> dict[str, Any]:
        return {"id": e.id, "name": e.name, "kind": e.kind, "code": e.code, "sector": e.sector, "known": True}

    @app.get("/api/actors", tags=["actors"], summary="Search the knowledge base and the stored unknown actors")
    def search_actors(
        q: str = Query(..., min_length=1, max_length=100),
        limit: int = Query(20, ge=1, le=100),
        store: SQLStore = Depends(store_dep),
    ) -> Response:
        ranked = kbh.search(q, limit=max(3 * limit, 30))
        hits = [dict(_entry_dict(e), rank=r) for r, e in ranked]
        # how many stored events each hit has, so the suggestions can show what has data
        ids = [h["id"].lower() for h in hits if h["kind"] != "country"]
        codes = [h["code"] for h in hits if h["kind"] == "country" and h["code"]]
        counts: dict[str, int] = {}
        if ids:
            marks = ", ".join("?" for _ in ids)
            counts.update(
                {
                    r[0]: int(r[1])
                    for r in store.query(
                        f"SELECT LOWER(actor_id), COUNT(DISTINCT event_id) FROM event_actors WHERE LOWER(actor_id) IN ({marks}) GROUP BY 1",
                        ids,
                    )
                }
            )
        if codes:
            marks = ", ".join("?" for _ in codes)
            counts.update(
                {
                    r[0]: int(r[1])
                    for r in store.query(
                        f"SELECT code, COUNT(DISTINCT event_id) FROM event_actors WHERE code IN ({marks}) GROUP BY 1", codes
                    )
                }
            )
        for h in hits:
            h["events"] = counts.get(h["code"] if h["kind"] == "country" else h["id"].lower(), 0)
        ql = q.strip().lower()
        unknown = [_unknown_actor(u) for u in store.unknown_actors(limit=5000) if ql in (u["text"] or "").lower()]
        # best match first; among equals, actors with stored events first
        hits.sort(key=lambda h: (h.pop("rank"), h["events"] == 0))
        return _json({"q": q, "actors": hits[:limit] + unknown[:limit]})

    @app.get(
        "/api/actors/{actor_id}",
        tags=["actors"],
        summary="One actor: knowledge-base entry (or stored unknown actor), query keys, events and partners",
    )
    def get_actor(actor_id: str, store: SQLStore = Depends(store_dep)) -> Response:
        if len(actor_id) > _MAX_NAME:
            raise HTTPException(404, "no such actor")
        kb = kbh.get()
        e = kb.entries.get(actor_id) or kb.entries.get(actor_id.upper())
        if e is not None:
            out = _jsonable(dataclasses.asdict(e))
            out["known"] = True
            name = e.name
        else:
            rows = store.query_dicts(
                "SELECT text, code, sector, COUNT(*) AS mentions, COUNT(DISTINCT article_id) AS articles"
                " FROM mentions WHERE NOT known AND LOWER(text) = ? GROUP BY text, code, sector"
                " ORDER BY mentions DESC LIMIT 1",
                (actor_id.lower(),),
            )
            if not rows:
                raise HTTPException(404, f"no actor {actor_id!r} in the knowledge base or the store")
            u = rows[0]
            out = _unknown_actor(u)
            name = u["text"]
        key = kb.resolve_key(name)
        out["key"] = key
        ks = key["codes"] + key["actor_ids"] + key["entities"]
        out["events"] = len(store.events(EventFilter(actor=ks, limit=MAX_EVENTS + 1))) if ks else 0
        try:
            from ..ties import top_partners

            partners = _jsonable(top_partners(store, name, n=5))
            for item in (partners.get("warmest") or []) + (partners.get("coldest") or []):
                pe = kb.entries.get(str(item.get("partner")))
                item["name"] = pe.name if pe is not None else item.get("partner")
            out["partners"] = partners
        except Exception as exc:  # noqa: BLE001 - partners are a bonus; the entry still answers
            out["partners"] = None
            out["partners_error"] = str(exc)
        return _json(out)

    # -- ties -------------------------------------------------------------------------------
    @app.get("/api/ties", tags=["ties"], summary="Relation score of a dyad per period, its trend and reasons (tie_report)")
    def ties(
        a: str = Query(..., min_length=1, max_length=_MAX_NAME),
        b: str = Query(..., min_length=1, max_length=_MAX_NAME),
        by: str = Query("year", description="year, quarter, month or week"),
        since: str | None = None,
        until: str | None = None,
        period: str | None = Query(None, max_length=20, description="Label the trend at this period instead of the last"),
        directed: bool = False,
        by_published: bool = False,
        store: SQLStore = Depends(store_dep),
    ) -> Response:
        if by not in BY:
            raise _bad(f"by must be one of {', '.join(BY)}, not {by!r}")
        s, u = _check_date("since", since), _check_date("until", until)
        from ..ties import tie_report

        rep = tie_report(
            store,
            a.strip(),
            b.strip(),
            by=by,
            directed=directed,
            by_published=by_published,
            period=period or None,
            since=s,
            until=u,
        )
        return _json(rep)

    @app.get(
        "/api/ties/period",
        tags=["ties"],
        summary="The events behind one period of a dyad's series (the ones its score is made of)",
    )
    def tie_period(
        a: str = Query(..., min_length=1, max_length=_MAX_NAME),
        b: str = Query(..., min_length=1, max_length=_MAX_NAME),
        period: str = Query(..., min_length=4, max_length=20, description="2017, 2017-Q2, 2017-05 or 2017-W21"),
        by: str = Query("year"),
        directed: bool = False,
        by_published: bool = False,
        limit: int = Query(200, ge=1, le=MAX_EVENTS),
        store: SQLStore = Depends(store_dep),
    ) -> Response:
        if by not in BY:
            raise _bad(f"by must be one of {', '.join(BY)}, not {by!r}")
        from ..ties import reasons, resolve_actor
        from ..ties.series import parse_period, period_bounds, period_label

        ys = parse_period(by, period)
        try:
            start, end = period_bounds(by, *ys)
        except ValueError as exc:
            raise _bad(f"no such period {period!r}: {exc}") from None
        ka, kb_ = resolve_actor(store, a.strip()), resolve_actor(store, b.strip())
        evs = reasons(store, ka, kb_, by, ys, directed=directed, by_published=by_published, limit=limit)
        evs.sort(key=lambda e: (str(e.get("date") or ""), e["event_id"]))
        return _json(
            {
                "dyad": [ka.label, kb_.label],
                "by": by,
                "period": period_label(by, *ys),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "events": evs,
            }
        )

    @app.get("/api/network", tags=["ties"], summary="Scores among several actors: every pair, as a list and a matrix")
    def network_(
        actors: list[str] = Query(..., description="Two to 20 actors: actors=A,B,C or repeated"),
        since: str | None = None,
        until: str | None = None,
        store: SQLStore = Depends(store_dep),
    ) -> Response:
        names = _split(actors)
        seen: list[str] = []
        for n in names:
            if n.lower() not in [x.lower() for x in seen]:
                seen.append(n)
        if not 2 <= len(seen) <= 20:
            raise _bad(f"network needs 2 to 20 distinct actors, got {len(seen)}")
        s, u = _check_date("since", since), _check_date("until", until)
        from ..ties import network

        return _json(network(store, seen, since=s, until=u))

    @app.get(
        "/api/overview",
        tags=["ties"],
        summary="What is in the database: the most reported dyads (with their counted events) and the latest events",
    )
    def overview(n: int = Query(8, ge=1, le=50), store: SQLStore = Depends(store_dep)) -> Response:
        from ..ties import top_dyads

        latest = store.query(
            "SELECT record FROM events WHERE date_key IS NOT NULL AND score IS NOT NULL ORDER BY date_key DESC, event_id LIMIT ?",
            (n,),
        )
        return _json({"dyads": _jsonable(top_dyads(store, n)), "latest": [json.loads(r[0]) for r in latest]})

    @app.get("/api/stats", tags=["store"], summary="Counts: articles, events by type, mentions, runs")
    def stats(store: SQLStore = Depends(store_dep)) -> Response:
        return _json(store.stats())

    # -- dashboard --------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    return app
