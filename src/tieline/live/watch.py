"""Following sources: poll feeds and sitemaps, put the article URLs they list in the frontier,
fetch the new ones and ingest them through the normal pipeline.

The frontier (table ``frontier``, one row per canonical URL) is what makes a poll resumable and
keeps anything from being read twice: a URL is fetched while its status is "new" or "retry"
(and its ``next_try`` has come), and becomes "done" once its article is committed; a crash
between the two re-fetches the page and the content hash keeps one copy.  Each source's state
(``sources``: last success and error, articles found, next poll, ETag and Last-Modified for the
next conditional GET) is what ``tieline sources`` shows.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from dataclasses import dataclass, field
from typing import Callable

from ..ingest import IngestError, ReadOptions, read_data
from ..records import Article, Problem
from .fetch import Fetcher, FetchSettings
from .schedule import RETRY_STATUSES, Robots, fetch_politely
from .urls import canonical, discover

PAGE_BATCH = 25  # pages ingested (and committed) together


@dataclass
class PollReport:
    sources: int = 0
    discovered: int = 0  # URLs new to the frontier
    fetched: int = 0  # pages fetched (200)
    not_modified: int = 0  # sources answering 304
    articles: int = 0  # articles newly stored
    events: int = 0
    failed: int = 0
    blocked: int = 0  # URLs robots.txt disallows
    stopped: bool = False
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "problems"} | {"problems": [p.to_dict() for p in self.problems]}


def now_iso(t: dt.datetime | None = None) -> str:
    return (t or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")


def parse_every(text: str) -> float:
    """ "15m", "1h", "90s", "2h30m" -> seconds."""
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd]?)", text.strip().lower())
    if not parts or re.sub(r"[\d.\s smhd]", "", text.lower()):
        raise ValueError(f"not a duration: {text!r} (examples: 90s, 15m, 1h)")
    return sum(float(n) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[u] for n, u in parts)


def read_sources(items: list[str]) -> list[str]:
    """Source URLs from arguments: a URL as it is, a file as one URL per line ("#" comments)."""
    return list(read_source_options(items))


def read_source_options(items: list[str]) -> dict[str, dict]:
    """Sources with their own options: a file line is a URL, then optionally ``every=30m`` (this
    source's polling interval, instead of ``--every``)."""
    out: dict[str, dict] = {}
    for item in items:
        if item.startswith(("http://", "https://")):
            out.setdefault(item, {})
            continue
        p = pathlib.Path(item)
        if not p.is_file():
            raise ValueError(f"{item}: neither an http(s) URL nor a sources file")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if not words[0].startswith(("http://", "https://")):
                raise ValueError(f"{item}:{n}: {words[0]!r} is not an http(s) URL")
            opts: dict = {}
            for w in words[1:]:
                key, _, val = w.partition("=")
                if key != "every" or not val:
                    raise ValueError(f"{item}:{n}: unknown option {w!r} (known: every=DURATION)")
                opts["every"] = parse_every(val)
            out[words[0]] = opts
    return out


# -- the store side ------------------------------------------------------------------------------
def register(store, sources: list[str]) -> None:
    known = {r[0] for r in store.query("SELECT source FROM sources")}
    for s in sources:
        if s not in known:
            store.execute(
                "INSERT INTO sources (source, kind, added, found, failures) VALUES (?, ?, ?, 0, 0)", (s, None, now_iso())
            )


def list_sources(store) -> list[dict]:
    rows = store.query_dicts(
        "SELECT source, kind, added, last_poll, last_success, last_error, found, next_poll, failures FROM sources ORDER BY source"
    )
    for r in rows:
        r["pending"] = store.query(
            "SELECT COUNT(*) FROM frontier WHERE source = ? AND status IN ('new', 'retry', 'fetched')", (r["source"],)
        )[0][0]
    return rows


def _add_urls(store, source: str, urls: list[str]) -> int:
    if not urls:
        return 0
    keys = list(dict.fromkeys(canonical(u) for u in urls))
    have = {r[0] for r in store.query(f"SELECT url FROM frontier WHERE url IN ({', '.join('?' for _ in keys)})", keys)}
    now = now_iso()
    new = [u for u in keys if u not in have]
    with store.transaction():
        if have:
            store.execute(
                f"UPDATE frontier SET last_seen = ? WHERE url IN ({', '.join('?' for _ in have)})", [now, *sorted(have)]
            )
        store.insert_rows("frontier", [(u, source, now, now, "new", 0, None, None, None, None) for u in new])
    return len(new)


def _due_urls(store, limit: int | None = None) -> list[tuple[str, str, int]]:
    # "fetched": read but not stored when the last run stopped (killed): fetched again
    sql = (
        "SELECT url, source, attempts FROM frontier WHERE status IN ('new', 'retry', 'fetched')"
        " AND (next_try IS NULL OR next_try <= ?) ORDER BY first_seen, url"
    )
    rows = store.query(sql + (" LIMIT ?" if limit else ""), [now_iso()] + ([limit] if limit else []))
    return [(r[0], r[1], r[2] or 0) for r in rows]


def _mark(
    store,
    url: str,
    status: str,
    http_status: int | None = None,
    article_id: str | None = None,
    error: str | None = None,
    attempts: int | None = None,
    next_try: str | None = None,
) -> None:
    store.execute(
        "UPDATE frontier SET status = ?, http_status = ?, article_id = COALESCE(?, article_id), error = ?,"
        " attempts = COALESCE(?, attempts), next_try = ? WHERE url = ?",
        (status, http_status, article_id, error, attempts, next_try, url),
    )


def _later(settings: FetchSettings, attempts: int, wait: float | None = None) -> str:
    secs = min(settings.max_retry_after, max(wait or 0.0, settings.backoff * 2 ** max(0, attempts - 1)))
    return now_iso(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=secs))


# -- one poll ------------------------------------------------------------------------------------
def poll(
    store,
    analyser,
    sources: list[str],
    settings: FetchSettings | None = None,
    every: float | dict[str, float] | None = None,
    options: ReadOptions | None = None,
    fetcher: Fetcher | None = None,
    stop: Callable[[], bool] = lambda: False,
    progress: Callable[[str], None] | None = None,
    force: bool = True,
    workers: int = 1,
) -> PollReport:
    """Poll the ``sources`` that are due (all of them with ``force``), add the article URLs they
    list to the frontier, fetch every due URL and ingest what was fetched.  ``stop()`` true ends
    the poll after the batch being ingested.  ``every``: seconds to the next poll, one for all or
    per source."""
    from ..pipeline import IngestInterrupted, ingest

    settings = settings or (fetcher.settings if fetcher else FetchSettings())
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    robots = Robots(fetcher)
    rep = PollReport(sources=len(sources))
    register(store, sources)
    run_id = store.begin_run("watch", sources)  # one run per poll, whatever its batches
    seen = 0
    try:
        # 1. the sources: feeds and sitemaps, conditional GET
        state = {r["source"]: r for r in store.query_dicts("SELECT * FROM sources")}
        now = now_iso()
        due = [s for s in sources if force or not state[s]["next_poll"] or state[s]["next_poll"] <= now]
        todo = [(s, {"etag": state[s]["etag"], "last_modified": state[s]["last_modified"], "source": s}) for s in due]
        while todo and not stop():
            children: list[tuple[str, dict]] = []
            for out, info in fetch_politely(fetcher, robots, todo, stop):
                src = info["source"]
                if progress:
                    progress(out.url)
                period = every.get(src) if isinstance(every, dict) else every
                _source_answer(store, rep, out, info, src, settings, period, children, is_child=info.get("child", False))
            todo = children  # sitemaps listed by a sitemap index, one level down
        # 2. the frontier: every due URL, in batches that are committed as they are ingested
        due_urls = _due_urls(store)
        attempts = {u: a for u, _, a in due_urls}
        batch: list[tuple[str, Callable[[], list[Article]]]] = []
        batch_urls: list[tuple[str, str]] = []

        def flush() -> None:
            if not batch:
                return
            nonlocal seen
            r = ingest(store, list(batch), analyser, options=options, command="watch", workers=workers, run_id=run_id)
            rep.articles += r.new
            rep.events += r.events
            seen += r.seen
            failed = {p.path for p in r.problems}
            for url, final in batch_urls:
                if final in failed:
                    continue
                with store.transaction():
                    _mark(store, url, "done", 200)
            for p in r.problems:
                rep.problems.append(p)
            batch.clear()
            batch_urls.clear()

        for out, _info in _ahead(fetch_politely(fetcher, robots, [(u, {}) for u, _, _ in due_urls], stop)):
            url = out.url
            if progress:
                progress(url)
            tries = attempts.get(url, 0) + 1
            if out.blocked:
                rep.blocked += 1
                _mark(store, url, "blocked", error="robots.txt disallows it", attempts=tries)
                continue
            r = out.response
            if out.error is not None or (r is not None and r.status in RETRY_STATUSES):
                reason = out.error.reason if out.error else f"http-{r.status}"
                detail = str(out.error) if out.error else f"HTTP {r.status}"
                status = "failed" if tries >= settings.max_attempts else "retry"
                rep.failed += status == "failed"
                _mark(
                    store,
                    url,
                    status,
                    r.status if r is not None else None,
                    error=detail[:500],
                    attempts=tries,
                    next_try=None if status == "failed" else _later(settings, tries, out.wait),
                )
                if status == "failed":
                    rep.problems.append(Problem(path=url, reason=reason, detail=detail[:500]))
                continue
            if r.status != 200:
                rep.failed += 1
                _mark(store, url, "failed", r.status, error=f"HTTP {r.status}", attempts=tries)
                rep.problems.append(Problem(path=url, reason=f"http-{r.status}", detail=url))
                continue
            rep.fetched += 1
            _mark(store, url, "fetched", 200, attempts=tries)
            content, final = r.content, r.url

            def reader(content=content, final=final):
                return read_data(content, final, options)

            batch.append((final, reader))
            batch_urls.append((url, final))
            if len(batch) >= PAGE_BATCH:
                flush()
        flush()  # after stop(): what was fetched is stored, nothing new is requested
    except IngestInterrupted:
        rep.stopped = True
    finally:
        if own:
            fetcher.close()
        rep.stopped = rep.stopped or stop()
        store.finish_run(
            run_id,
            rep.fetched,
            rep.articles,
            seen,
            rep.events,
            len(rep.problems),
            status="interrupted" if rep.stopped else "finished",
        )
    return rep


def _ahead(gen, size: int = 2 * PAGE_BATCH):
    """Run a generator in a thread, up to ``size`` items ahead: pages keep being fetched while a
    batch is coded (fetching waits on the network, coding on the CPU)."""
    import queue
    import threading

    q: queue.Queue = queue.Queue(maxsize=size)
    end = object()

    def run() -> None:
        try:
            for item in gen:
                q.put(item)
        except BaseException as e:  # handed to the consumer, raised there
            q.put(e)
        q.put(end)

    threading.Thread(target=run, daemon=True).start()
    while True:
        item = q.get()
        if item is end:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


def _source_answer(
    store,
    rep: PollReport,
    out,
    info: dict,
    src: str,
    settings: FetchSettings,
    every: float | None,
    children: list,
    is_child: bool,
) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    nxt = now_iso(now + dt.timedelta(seconds=every)) if every else None
    r = out.response
    if out.blocked or out.error is not None or r is None or r.status >= 400:
        why = "robots.txt disallows it" if out.blocked else str(out.error) if out.error else f"HTTP {r.status}"
        _source_failed(store, src, now, why, settings, every, out.wait, is_child)
        rep.problems.append(Problem(path=out.url, reason="source", detail=why[:500]))
        return
    if r.not_modified:
        rep.not_modified += 1
        store.execute(
            "UPDATE sources SET last_poll = ?, last_success = ?, failures = 0, next_poll = ? WHERE source = ?",
            (now_iso(now), now_iso(now), nxt, src),
        )
        return
    kind, items = discover(r.content, r.url)
    if kind == "page" and not _looks_like_page(r):
        rep.problems.append(Problem(path=out.url, reason="source", detail="not a feed, a sitemap or a web page"))
        _source_failed(store, src, now, "not a feed, a sitemap or a web page", settings, every, out.wait, is_child)
        return
    if kind == "sitemapindex":
        children.extend((u, {"source": src, "child": True}) for u, _ in items)
        urls: list[str] = []
    elif kind == "page":
        urls = [out.url]  # the source is an article itself
    else:
        urls = [u for u, _ in items]
    new = _add_urls(store, src, urls)
    rep.discovered += new
    if is_child:
        store.execute("UPDATE sources SET found = found + ? WHERE source = ?", (new, src))
        return
    store.execute(
        "UPDATE sources SET kind = ?, last_poll = ?, last_success = ?, last_error = NULL, failures = 0,"
        " found = found + ?, next_poll = ?, etag = ?, last_modified = ? WHERE source = ?",
        (kind, now_iso(now), now_iso(now), new, nxt, r.headers.get("etag"), r.headers.get("last-modified"), src),
    )


def _looks_like_page(r) -> bool:
    ctype = r.headers.get("content-type", "").lower()
    head = r.content[:4096].lower()
    return "html" in ctype or b"<html" in head or b"<!doctype html" in head or b"<article" in head


def _source_failed(
    store, src: str, now: dt.datetime, why: str, settings: FetchSettings, every: float | None, wait: float | None, is_child: bool
) -> None:
    """Record a failed poll: the error, one more failure in a row, the next poll backed off."""
    if is_child:
        return
    fails = (store.query("SELECT failures FROM sources WHERE source = ?", (src,))[0][0] or 0) + 1
    backoff = min(settings.max_retry_after, max(wait or 0, settings.backoff * 2 ** (fails - 1)))
    store.execute(
        "UPDATE sources SET last_poll = ?, last_error = ?, failures = ?, next_poll = ? WHERE source = ?",
        (now_iso(now), f"{now_iso(now)} {why}"[:500], fails, now_iso(now + dt.timedelta(seconds=max(backoff, every or 0))), src),
    )


def fetch_inputs(urls: list[str], settings: FetchSettings, options: ReadOptions | None = None):
    """``tieline ingest URL...``: (url, reader) inputs for the pipeline; each reader fetches its
    URL (robots.txt obeyed) and reads the answer as a file of the same kind would be read."""
    fetcher = Fetcher(settings)
    robots = Robots(fetcher)
    results = {out.url: out for out, _ in fetch_politely(fetcher, robots, [(u, {}) for u in urls])}
    fetcher.close()

    def reader(url: str):
        out = results[url]
        if out.blocked:
            raise IngestError("robots", f"{url}: robots.txt disallows fetching it")
        if out.error is not None:
            raise out.error
        assert out.response is not None  # neither blocked nor failed: the server answered
        if out.response.status != 200:
            raise IngestError(f"http-{out.response.status}", url)
        kind, _ = discover(out.response.content, out.response.url)
        if kind in ("sitemap", "sitemapindex"):
            raise IngestError("unsupported", f"{url}: a sitemap lists pages; fetch them with `tieline watch {url} --once`")
        return read_data(out.response.content, out.response.url, options)

    return [(u, (lambda u=u: reader(u))) for u in urls]
