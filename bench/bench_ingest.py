"""Benchmark: ingest throughput (read_source only, no NLP) on the shared development data.

    python bench/bench_ingest.py [--data ../shared/data] [--repeat 1] [--no-memory]

Inputs (read from ../shared/data, never copied into the repo):
  text  the 15 Global Voices page texts (gv-pagetext-vs-rss-body.jsonl, written to temporary .txt files)
  html  the 181 ScrapingHub benchmark pages (.html.gz)
  feed  the Global Voices RSS feed (15 items), read --feed-repeat times
For each: articles, seconds, articles/s, MB/s of input, and the peak Python memory allocated while
reading (tracemalloc, a second pass so the timing pass is not slowed) and the process's peak RSS.
Prints a table and one JSON line.  Skips cleanly (exit 0) when the data folder is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import sys
import tempfile
import time
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tieline.ingest import read_source  # noqa: E402


def inputs(data: pathlib.Path, tmp: pathlib.Path, feed_repeat: int) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    gv = data / "corpora/globalvoices-2009/derived/gv-pagetext-vs-rss-body.jsonl"
    if gv.exists():
        paths = []
        for line in gv.open(encoding="utf-8"):
            r = json.loads(line)
            p = tmp / f"{r['id']}.txt"
            p.write_text(r["raw_page_text"], encoding="utf-8")
            paths.append(str(p))
        sets["text"] = paths
    html = sorted((data / "extraction/scrapinghub/html").glob("*.html.gz"))
    if html:
        sets["html"] = [str(p) for p in html]
    feed = data / "corpora/globalvoices-2009/globalvoices-2009.rss"
    if feed.exists():
        sets["feed"] = [str(feed)] * feed_repeat
    return sets


def run(paths: list[str]) -> tuple[int, int]:
    n = failed = 0
    for p in paths:
        try:
            n += len(read_source(p))
        except Exception:  # count, keep going: a benchmark, not a test
            failed += 1
    return n, failed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--repeat", type=int, default=1, help="timing passes per input kind (best is kept)")
    ap.add_argument("--feed-repeat", type=int, default=10)
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    a = ap.parse_args()
    data = pathlib.Path(a.data)
    if not data.is_dir():
        print(f"bench_ingest: skipped, no data folder at {data}")
        return 0
    # warm-up: imports, cue tables and the language model load once per process, outside the timings
    warm = data / "seed/jpost-2017-05-30-iran-hamas.txt"
    if warm.exists():
        read_source(str(warm))
    import py3langid

    py3langid.classify("warm-up")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        for kind, paths in inputs(data, pathlib.Path(tmp), a.feed_repeat).items():
            if kind == "html":  # first HTML page: trafilatura's import, outside the timing
                read_source(paths[0])
            size = sum(os.path.getsize(p) for p in paths)
            best = None
            for _ in range(max(1, a.repeat)):
                t = time.perf_counter()
                n, failed = run(paths)
                dt = time.perf_counter() - t
                best = dt if best is None else min(best, dt)
            peak_mb = None
            if not a.no_memory:
                tracemalloc.start()
                run(paths)
                peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.stop()
            rows.append(
                {
                    "input": kind,
                    "files": len(paths),
                    "articles": n,
                    "failed": failed,
                    "seconds": round(best, 3),
                    "articles_per_s": round(n / best, 1) if best else None,
                    "mb_per_s": round(size / 1e6 / best, 2) if best else None,
                    "peak_traced_mb": round(peak_mb, 1) if peak_mb is not None else None,
                }
            )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'input':6} {'files':>5} {'articles':>8} {'failed':>6} {'seconds':>8} {'art/s':>8} {'MB/s':>6} {'peak MB':>8}")
    for r in rows:
        print(
            f"{r['input']:6} {r['files']:>5} {r['articles']:>8} {r['failed']:>6} {r['seconds']:>8.3f} "
            f"{r['articles_per_s']:>8} {r['mb_per_s']:>6} {str(r['peak_traced_mb']):>8}"
        )
    print(f"process peak RSS: {rss_mb:.0f} MB")
    print(json.dumps({"bench": "ingest", "rows": rows, "peak_rss_mb": round(rss_mb, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
