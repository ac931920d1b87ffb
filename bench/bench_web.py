"""Load test of the web API on loopback: N concurrent clients for T seconds on /api/ties and /api/events.

    python bench/bench_web.py [--db PATH] [--clients 20] [--duration 30] [--articles 1000] [--in-process]

Without --db a temporary DuckDB is filled with synthetic articles (tieline.web.demo_data).  The
server is uvicorn on 127.0.0.1 and a free port: a subprocess by default (so that the load
generator does not share the server's interpreter), or a thread with --in-process.  The clients
are asyncio tasks on one httpx.AsyncClient, half of the requests on /api/ties (four dyads,
year/quarter/month) and half on /api/events (dyad, actor and type filters, following next_cursor).
Reports requests/s, p50/p95/p99 latency and errors, overall and per route, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))

import httpx  # noqa: E402

DYADS = [("Iran", "Hamas"), ("Iran", "Saudi Arabia"), ("Saudi Arabia", "Hamas"), ("Israel", "Hamas")]
BYS = ["year", "year", "quarter", "month"]
HOST = "127.0.0.1"  # loopback only


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


class Server:
    """The app on 127.0.0.1: a uvicorn subprocess, or a thread in this process."""

    def __init__(self, db: str, in_process: bool) -> None:
        self.db, self.in_process = db, in_process
        self.proc = None
        self.thread = None

    def __enter__(self) -> str:
        if self.in_process:
            from tieline.web.app import create_app
            from tieline.web.server import ServerThread

            self.thread = ServerThread(create_app(self.db))
            url = self.thread.start()
        else:
            port = free_port()
            env = dict(os.environ, TIELINE_DB=self.db)
            src = str(pathlib.Path(__file__).resolve().parents[1] / "src")
            env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "tieline.web.app:create_app",
                    "--factory",
                    "--host",
                    HOST,
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ],
                env=env,
            )
            url = f"http://{HOST}:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the web server did not start")
                time.sleep(0.2)
        return url

    def __exit__(self, *exc) -> None:
        if self.thread:
            self.thread.stop()
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


async def client(c: httpx.AsyncClient, rng: random.Random, stop_at: float, out: dict[str, list]) -> None:
    cursor = None
    while time.monotonic() < stop_at:
        a, b = rng.choice(DYADS)
        if rng.random() < 0.5:
            route, url, params = "ties", "/api/ties", {"a": a, "b": b, "by": rng.choice(BYS)}
        else:
            route, url = "events", "/api/events"
            r = rng.random()
            params = {"dyad": f"{a},{b}"} if r < 0.5 else {"actor": a} if r < 0.8 else {"type": "AID", "since": "2014"}
            params["limit"] = 100
            if cursor and rng.random() < 0.5:
                params["cursor"] = cursor
        t0 = time.perf_counter()
        try:
            resp = await c.get(url, params=params)
            dt = time.perf_counter() - t0
            if resp.status_code != 200:
                out["errors"].append((route, resp.status_code))
            else:
                out[route].append(dt)
                if route == "events":
                    cursor = resp.json().get("next_cursor")
        except httpx.HTTPError as e:
            out["errors"].append((route, type(e).__name__))


async def load(url: str, clients: int, duration: float, seed: int) -> dict:
    out: dict[str, list] = {"ties": [], "events": [], "errors": []}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as c:
        stop_at = time.monotonic() + duration
        t0 = time.monotonic()
        await asyncio.gather(*(client(c, random.Random(seed + i), stop_at, out) for i in range(clients)))
        elapsed = time.monotonic() - t0
    return {"out": out, "elapsed": elapsed}


def summary(lat: list[float], elapsed: float) -> dict:
    return {
        "requests": len(lat),
        "rps": round(len(lat) / elapsed, 1),
        "p50_ms": round(percentile(lat, 50) * 1000, 1),
        "p95_ms": round(percentile(lat, 95) * 1000, 1),
        "p99_ms": round(percentile(lat, 99) * 1000, 1),
        "max_ms": round(max(lat) * 1000, 1) if lat else None,
        "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="DuckDB file or PostgreSQL URL (default: a temporary DB with synthetic data)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds (at most 300)")
    ap.add_argument("--articles", type=int, default=1000, help="synthetic articles when --db is not given")
    ap.add_argument("--in-process", action="store_true", help="serve from a thread in this process")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    clients = max(1, min(args.clients, 200))
    duration = max(1.0, min(args.duration, 300.0))

    tmp = None
    db = args.db
    if not db:
        from tieline.web.demo_data import make_db

        tmp = tempfile.mkdtemp(prefix="tieline-bench-web-")
        db = str(pathlib.Path(tmp) / "bench.duckdb")
        t = time.perf_counter()
        counts = make_db(db, articles=args.articles, seed=args.seed)
        print(f"synthetic data: {counts['articles']} articles, {counts['events']} events ({time.perf_counter() - t:.1f} s)")

    with Server(db, args.in_process) as url:
        # warm up: the knowledge base loads on the first actor look-up
        for a, b in DYADS:
            httpx.get(url + "/api/ties", params={"a": a, "b": b}, timeout=60)
            httpx.get(url + "/api/events", params={"dyad": f"{a},{b}"}, timeout=60)
        stats = httpx.get(url + "/api/stats", timeout=10).json()
        print(
            f"server {url} ({'thread' if args.in_process else 'subprocess'}), {stats['events']} events; "
            f"{clients} clients for {duration:.0f} s ..."
        )
        res = asyncio.run(load(url, clients, duration, args.seed))

    out, elapsed = res["out"], res["elapsed"]
    report = {
        "clients": clients,
        "duration_s": round(elapsed, 1),
        "events_in_db": stats["events"],
        "server": "thread" if args.in_process else "subprocess",
        "all": summary(out["ties"] + out["events"], elapsed),
        "ties": summary(out["ties"], elapsed),
        "events": summary(out["events"], elapsed),
        "errors": len(out["errors"]),
        "error_kinds": sorted({f"{r}:{k}" for r, k in out["errors"]})[:10],
    }
    print(f"{'route':8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for k in ("all", "ties", "events"):
        s = report[k]
        print(f"{k:8} {s['requests']:>9} {s['rps']:>8} {s['p50_ms']:>8} {s['p95_ms']:>8} {s['p99_ms']:>8} {s['max_ms']!s:>8}")
    print(f"errors: {report['errors']}" + (f" ({', '.join(report['error_kinds'])})" if report["errors"] else ""))
    print(json.dumps(report))
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
