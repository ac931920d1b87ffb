"""Polite fetching of many URLs: robots.txt and Crawl-delay obeyed, one request at a time per
host spaced by the host's delay, a global cap on requests in flight, and a server's Retry-After
(on 429 and 503) honoured before that host is asked again."""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Callable, Iterator

from .fetch import Fetcher, FetchError, Response, retry_after
from .urls import host_of

RETRY_STATUSES = (408, 425, 429, 500, 502, 503, 504)  # worth asking again later
WAIT_IN_POLL = 30.0  # a Retry-After up to this is waited out within the poll; longer: next poll


@dataclass
class Outcome:
    """What became of one URL: a response, an error, or "blocked" by robots.txt."""

    url: str
    response: Response | None = None
    error: FetchError | None = None
    blocked: bool = False
    wait: float | None = None  # seconds the server asked to wait (429/503 Retry-After)


class Robots:
    """Each host's rules for a run: its robots.txt (read once, through the same polite queue) and
    when it may next be asked (kept across the polls of a run)."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.rules: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.ready_at: dict[str, float] = {}  # per host: no request before this (monotonic) time
        self.lock = threading.Lock()

    def load(self, url: str) -> None:
        host = host_of(url)
        scheme = url.split("://", 1)[0]
        rp: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
        try:
            r = self.fetcher.get(f"{scheme}://{host}/robots.txt")
        except FetchError:
            rp = None  # unreachable robots.txt: allowed, as crawlers do
        else:
            assert rp is not None  # only a failed fetch clears it
            # typeshed's RobotFileParser lacks the disallow_all and allow_all flags its can_fetch reads
            if r.status >= 500:
                rp.disallow_all = True  # type: ignore[attr-defined]  # the server is failing: do not crawl it now
            elif r.status >= 400:
                rp.allow_all = True  # type: ignore[attr-defined]
            else:
                rp.parse(r.content.decode("utf-8", "replace").splitlines())
        with self.lock:
            self.rules[host] = rp

    def known(self, url: str) -> bool:
        return host_of(url) in self.rules

    def allowed(self, url: str) -> bool:
        rp = self.rules.get(host_of(url))
        return rp is None or rp.can_fetch(self.fetcher.settings.user_agent, url)

    def delay(self, url: str) -> float:
        rp = self.rules.get(host_of(url))
        d = rp.crawl_delay(self.fetcher.settings.user_agent) if rp is not None else None
        return max(float(d or 0), self.fetcher.settings.min_interval)


def fetch_politely(
    fetcher: Fetcher, robots: Robots, urls: list[tuple[str, dict]], stop: Callable[[], bool] = lambda: False
) -> Iterator[tuple[Outcome, dict]]:
    """Fetch ``urls`` ((url, request info: etag, last_modified)) and yield each outcome as it
    arrives.  Per host: robots.txt first, then one request at a time, the next one no sooner
    than the host's delay after the last answer (longer when the server sent Retry-After).
    ``stop()`` true: no new request is started; those in flight still answer."""
    s = fetcher.settings
    queues: dict[str, deque] = {}
    for url, info in urls:
        queues.setdefault(host_of(url), deque()).append((url, info, 0))
    ready_at = robots.ready_at
    for h in queues:
        ready_at.setdefault(h, 0.0)
    busy: set[str] = set()
    inflight: dict[Future, tuple[str, str, dict, int]] = {}

    def run(url: str, info: dict, kind: str) -> Outcome:
        if kind == "robots":
            robots.load(url)
            return Outcome(url)
        if not robots.allowed(url):
            return Outcome(url, blocked=True)
        try:
            r = fetcher.get(url, etag=info.get("etag"), last_modified=info.get("last_modified"))
        except FetchError as e:
            return Outcome(url, error=e)
        w = retry_after(r.headers) if r.status in (429, 503) else None
        return Outcome(url, response=r, wait=w)

    with ThreadPoolExecutor(max_workers=max(1, s.concurrency)) as pool:
        while inflight or (any(queues.values()) and not stop()):
            now = time.monotonic()
            for host, q in queues.items():
                if not q or host in busy or ready_at[host] > now or len(inflight) >= s.concurrency or stop():
                    continue
                url, info, tries = q[0]
                kind = "page"
                if not robots.known(url):
                    kind = "robots"  # robots.txt is the host's first request
                else:
                    q.popleft()
                busy.add(host)
                inflight[pool.submit(run, url, info, kind)] = (host, kind, info, tries)
            if not inflight:
                pending = [ready_at[h] for h, q in queues.items() if q]
                time.sleep(max(0.0, min(pending) - time.monotonic()) if pending else 0)
                continue
            nxt = [ready_at[h] - now for h, q in queues.items() if q and h not in busy and ready_at[h] > now]
            done, _ = wait(list(inflight), timeout=min(nxt) if nxt else None, return_when=FIRST_COMPLETED)
            for f in done:
                host, kind, info, tries = inflight.pop(f)
                busy.discard(host)
                out = f.result()
                delay = robots.delay(out.url)
                if out.wait is not None:
                    delay = max(delay, min(out.wait, s.max_retry_after))
                ready_at[host] = time.monotonic() + delay
                if kind == "robots":
                    continue
                if out.wait is not None and out.wait <= WAIT_IN_POLL and tries + 1 < s.max_attempts:
                    queues[host].appendleft((out.url, info, tries + 1))
                    continue  # asked again once the server's wait is over
                yield out, info
