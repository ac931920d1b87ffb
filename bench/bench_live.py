"""Benchmark: `tieline watch` against news sites on 127.0.0.1 — pages fetched, and fetched and
coded, per second with N sources.

    python bench/bench_live.py [--sources 1,4,8] [--pages 40] [--latency 0.05] [--interval 0.05]

Each source is its own loopback server (its own host:port, so the per-host politeness applies to
each) serving a feed of ``--pages`` article pages written for the benchmark, every answer delayed by
``--latency`` seconds (a real site's response time).  The poll obeys the per-host spacing
``--interval`` and a global cap of 4 requests in flight, as `tieline watch` does.  Two runs per
source count: fetch and store only (no coding), then fetch, code and store (one process).
Prints a table and one JSON line.  Needs nothing outside the repository.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

COUNTRIES = [
    "Egypt",
    "Sudan",
    "Turkey",
    "Iraq",
    "Japan",
    "Chile",
    "Peru",
    "Kenya",
    "Norway",
    "Colombia",
    "Ghana",
    "Nigeria",
    "Poland",
    "Germany",
    "India",
    "Nepal",
]
VERBS = ["criticized", "praised", "signed an accord with", "sent aid to", "accused", "met", "threatened", "agreed to talks with"]


def article(src: int, i: int) -> bytes:
    a = COUNTRIES[(src * 7 + i) % len(COUNTRIES)]
    b = COUNTRIES[(src * 3 + i * 5 + 1) % len(COUNTRIES)]
    b = b if b != a else COUNTRIES[(COUNTRIES.index(a) + 1) % len(COUNTRIES)]
    v = VERBS[(src + i) % len(VERBS)]
    paras = [
        f"{a} {v} {b} on Monday, officials said in a statement issued from the capital.",
        f"The foreign ministry of {b} said it would study the matter; report {src}-{i}.",
        " ".join(
            f"Detail {k} of report {src}-{i} that no other page repeats, number {src * 1000 + i * 10 + k}." for k in range(4)
        ),
    ]
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f"<html><head><title>{a} and {b}: report {src}-{i}</title></head><body><article><h1>{a} and {b}"
        f"</h1>{body}</article></body></html>"
    ).encode()


def serve(src: int, pages: int, latency: float):
    routes: dict[str, bytes] = {}

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            time.sleep(latency)
            body = routes.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    items = "".join(f"<item><title>r{i}</title><link>{base}/a/{i}.html</link></item>" for i in range(pages))
    routes["/feed.xml"] = (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>s{src}</title>{items}</channel></rss>".encode()
    )
    routes["/robots.txt"] = b"User-agent: *\nAllow: /\n"
    for i in range(pages):
        routes[f"/a/{i}.html"] = article(src, i)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, base + "/feed.xml"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default="1,4,8")
    ap.add_argument("--pages", type=int, default=40, help="article pages per source")
    ap.add_argument("--latency", type=float, default=0.05, help="seconds each answer is delayed")
    ap.add_argument("--interval", type=float, default=0.05, help="seconds between two requests to one host")
    a = ap.parse_args(argv)
    from tieline.api import Tieline
    from tieline.live import FetchSettings, poll
    from tieline.store import open_store

    tl = Tieline()
    rows = []
    for n in [int(x) for x in a.sources.split(",")]:
        for coded in (False, True):
            servers = [serve(s, a.pages, a.latency) for s in range(n)]
            with tempfile.TemporaryDirectory(prefix="tieline-bench-live-") as tmp:
                store = open_store(str(pathlib.Path(tmp) / "live.duckdb"))
                settings = FetchSettings(allow_private=True, min_interval=a.interval, concurrency=4, timeout=10)
                t = time.perf_counter()
                rep = poll(store, tl if coded else None, [u for _, u in servers], settings)
                dt = time.perf_counter() - t
                store.close()
            for srv, _ in servers:
                srv.shutdown()
                srv.server_close()
            rows.append(
                {
                    "sources": n,
                    "coded": coded,
                    "pages": rep.fetched,
                    "articles": rep.articles,
                    "events": rep.events,
                    "seconds": round(dt, 2),
                    "pages_per_s": round(rep.fetched / dt, 1),
                }
            )
    print(f"{'sources':>7} {'coded':>6} {'pages':>6} {'events':>7} {'seconds':>8} {'pages/s':>8}")
    for r in rows:
        print(f"{r['sources']:>7} {str(r['coded']):>6} {r['pages']:>6} {r['events']:>7} {r['seconds']:>8} {r['pages_per_s']:>8}")
    print(
        json.dumps({"bench": "live", "pages_per_source": a.pages, "latency_s": a.latency, "interval_s": a.interval, "rows": rows})
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
