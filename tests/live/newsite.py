"""A news site on 127.0.0.1 for the live-ingestion tests: feeds, sitemaps, pages, robots.txt,
ETag/Last-Modified with 304s, 429 with Retry-After, slow and broken answers.  Every request is
logged with its time and headers, so tests assert what the server saw.  The texts are written
for the project."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler


STORIES = [
    (
        "Egypt and Sudan agree on Nile water talks",
        "Egypt and Sudan agreed on Monday to resume talks on sharing the "
        "waters of the Nile, officials in Cairo said. The two governments will meet again next month in Khartoum.",
    ),
    (
        "Turkey condemns attack on its embassy",
        "Turkey condemned an attack on its embassy in Baghdad on Tuesday and "
        "demanded that Iraq find those responsible. Ankara summoned the Iraqi ambassador.",
    ),
    (
        "Japan sends aid to the Philippines",
        "Japan sent emergency aid to the Philippines after the typhoon, the "
        "foreign ministry in Tokyo said on Wednesday. Manila thanked Tokyo for the help.",
    ),
    (
        "Chile and Peru sign a trade accord",
        "Chile and Peru signed a trade accord in Lima on Thursday, ending two "
        "years of talks. The presidents of both countries praised the agreement.",
    ),
    (
        "Kenya protests over border shooting",
        "Kenya protested to Somalia on Friday over a shooting at the border "
        "that killed two Kenyan police officers. Nairobi recalled its envoy for consultations.",
    ),
    (
        "Norway mediates between Colombia and rebels",
        "Norway offered on Saturday to host new talks between Colombia and the ELN rebels. Bogota welcomed the offer from Oslo.",
    ),
]


def page(i: int) -> bytes:
    title, text = STORIES[i % len(STORIES)]
    extra = " ".join(f"Paragraph {k} of story {i} adds detail that only this story has: item {i * 100 + k}." for k in range(3))
    return (
        f"<html><head><title>{title}</title><meta property='article:published_time' content='2024-03-0{1 + i % 8}'>"
        f"</head><body><article><h1>{title}</h1><p>{text}</p><p>{extra}</p></article></body></html>"
    ).encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {p}</title><link>{base}{p}</link><pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item>"
        for p in paths
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Test wire</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def sitemap(base: str, paths: list[str], news: bool = False) -> bytes:
    ns = " xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'" if news else ""
    body = "".join(
        f"<url><loc>{base}{p}</loc>"
        + ("<news:news><news:publication_date>2024-03-04</news:publication_date></news:news>" if news else "")
        + "</url>"
        for p in paths
    )
    return (
        f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'{ns}>{body}</urlset>"
    ).encode()


@dataclass
class Site:
    """Routes: path -> (status, headers, body) or a callable(handler) -> (status, headers, body)."""

    routes: dict = field(default_factory=dict)
    log: list = field(default_factory=list)  # (time, path, headers)
    inflight: int = 0
    max_inflight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def hits(self, path: str) -> list:
        return [r for r in self.log if r[1] == path]


def _handler(site: Site):
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            with site.lock:
                site.log.append((time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
                site.inflight += 1
                site.max_inflight = max(site.max_inflight, site.inflight)
            try:
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    status, headers, body = 404, {}, b"not found"
                else:
                    status, headers, body = route(self) if callable(route) else route
                    if status == 200 and headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
                        status, body = 304, b""
                    elif (
                        status == 200
                        and headers.get("Last-Modified")
                        and self.headers.get("If-Modified-Since") == headers["Last-Modified"]
                    ):
                        status, body = 304, b""
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            finally:
                with site.lock:
                    site.inflight -= 1

    return H


def html(body: bytes, **headers) -> tuple:
    return 200, {"Content-Type": "text/html; charset=utf-8", **headers}, body


def xml(body: bytes, **headers) -> tuple:
    return 200, {"Content-Type": "application/xml", **headers}, body
