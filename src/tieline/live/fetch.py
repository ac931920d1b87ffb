"""Fetching over HTTP(S), politely and safely: an identifying user agent, timeouts, bounded
redirects (each hop checked), a size limit read as the body streams, conditional GET, and no
private or loopback address unless the caller allows it (a feed must not make Tieline read the
intranet it runs in).
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..ingest import IngestError

USER_AGENT = f"Tieline/{__version__} (+https://github.com/tieline/tieline; news event coding; obeys robots.txt)"


class FetchError(IngestError):
    """A URL that could not be fetched; ``reason`` is a short code (kept per source and URL, and
    in the quarantine when `tieline ingest URL` meets it)."""


@dataclass
class FetchSettings:
    """How Tieline fetches; one object, passed down (``[live]`` in tieline.toml)."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0  # seconds to connect, and between bytes read
    max_redirects: int = 5
    max_bytes: int = 10_000_000  # a page or feed larger than this is refused
    allow_private: bool = False  # fetch loopback and private addresses (tests, an intranet)
    min_interval: float = 1.0  # seconds between two requests to the same host, at least
    concurrency: int = 4  # requests in flight at once, all hosts together
    max_attempts: int = 5  # a URL that fails this often is given up
    backoff: float = 60.0  # first wait after a failure (doubles each time), seconds
    max_retry_after: float = 3600.0  # a longer Retry-After is capped to this

    @classmethod
    def from_config(cls, cfg: dict | None, **overrides) -> "FetchSettings":
        """From the ``[live]`` table of tieline.toml, then command-line ``overrides`` (None: not
        given); an unknown key is an error."""
        cfg = dict(cfg or {})
        unknown = set(cfg) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"tieline.toml [live]: unknown setting(s) {', '.join(sorted(unknown))}")
        cfg.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**cfg)


@dataclass
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_address(url: str, allow_private: bool) -> None:
    """Refuse a URL whose host resolves to a loopback, private, link-local or reserved address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("unsupported", f"{url}: only http(s) URLs are fetched")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as e:
        raise FetchError("dns", f"{parts.hostname}: {e}") from None
    for info in infos:
        # an IPv4/IPv6 answer's address is a str; typeshed also allows the (int, bytes) of a
        # Python built without IPv6 support
        ip = ipaddress.ip_address(info[4][0].split("%")[0])  # type: ignore[union-attr]
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
            raise FetchError("private-address", f"{url}: {parts.hostname} is {ip} (use --allow-private to fetch it)")


def retry_after(headers: dict[str, str], now: float | None = None) -> float | None:
    """Seconds a server asked to wait (Retry-After as seconds or as an HTTP date)."""
    v = (headers.get("retry-after") or "").strip()
    if not v:
        return None
    if v.isdigit():
        return float(v)
    try:
        when = email.utils.parsedate_to_datetime(v).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (now if now is not None else time.time()))


class Fetcher:
    """One HTTP client for a run (connections reused), thread-safe for concurrent GETs."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        import httpx

        self.settings = settings or FetchSettings()
        self.client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=False,
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET with redirects followed by hand (each hop's address checked), the body read up
        to ``max_bytes``; conditional when ``etag``/``last_modified`` are given (a 304 comes back
        as it is).  Raises FetchError for what is not an HTTP answer (DNS, timeout, loop, size)."""
        import httpx

        s = self.settings
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        for _ in range(s.max_redirects + 1):
            check_address(url, s.allow_private)
            try:
                with self.client.stream("GET", url, headers=headers) as r:
                    if r.is_redirect and r.headers.get("location"):
                        url = urljoin(url, r.headers["location"])
                        if url in seen:
                            raise FetchError("redirect-loop", " -> ".join(seen + [url]))
                        seen.append(url)
                        continue
                    size = int(r.headers.get("content-length") or 0)
                    if size > s.max_bytes:
                        raise FetchError("too-large", f"{url}: {size} bytes > {s.max_bytes}")
                    body = bytearray()
                    for chunk in r.iter_bytes():
                        body += chunk
                        if len(body) > s.max_bytes:
                            raise FetchError("too-large", f"{url}: more than {s.max_bytes} bytes")
                    return Response(
                        url=str(r.url),
                        status=r.status_code,
                        headers={k.lower(): v for k, v in r.headers.items()},
                        content=bytes(body),
                    )
            except httpx.TimeoutException as e:
                raise FetchError("timeout", f"{url}: {type(e).__name__}") from None
            except httpx.HTTPError as e:
                raise FetchError("http", f"{url}: {type(e).__name__}: {e}") from None
        raise FetchError("too-many-redirects", " -> ".join(seen))
