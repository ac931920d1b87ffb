"""Benchmark: does throughput or memory drift on a long run?  `tieline ingest` over the 295 Wikinews
articles repeated to 3,000 (each repeat a distinct article), measured segment by segment.

    python bench/bench_scale.py [--articles 3000] [--workers 2] [--segment 300] [--data DIR]

The repeated corpus is written to temporary CSV files of ``--segment`` articles each (repeat k's
text opens with a one-line "Edition k." paragraph, so ids differ), and ingested in this process
through the Python API with ``--keep-copies`` semantics (``link_copies=False``: the repeats would
otherwise be linked as near copies and not coded).  At the start of each file the run records
the time, the articles stored so far and the resident memory of this process and of every worker
process (``/proc/PID/status`` VmRSS), so the table shows articles/s and memory per segment.
Prints a table and one JSON line; skips cleanly (exit 0) without the data folder.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_code import CORPUS, data_dir, load_rows, write_csv  # noqa: E402


def rss_mib(pid: int | str = "self") -> float:
    try:
        for line in open(f"/proc/{pid}/status", encoding="ascii"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--segment", type=int, default=300, help="articles per input file (one measurement each)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", help="shared data folder (default $TIELINE_DATA or ../shared/data)")
    a = ap.parse_args(argv)
    folder = data_dir(a.data) / "corpora" / "wikinews"
    if any(not (folder / n).exists() for n in CORPUS):
        msg = f"bench_scale: skipped, Wikinews corpus not found in {folder}"
        print(msg)
        print(json.dumps({"bench": "scale", "skipped": msg}))
        return 0
    rows = load_rows(folder)
    from tieline.api import Tieline
    from tieline.pipeline import ingest
    from tieline.store import open_store

    with tempfile.TemporaryDirectory(prefix="tieline-bench-scale-") as tmp:
        files = []
        out = []
        for i in range(a.articles):
            r = dict(rows[i % len(rows)])
            k = i // len(rows)
            if k:
                r["text"] = f"Edition {k}.\n\n{r['text']}"
                r["url"] = f"{r.get('url') or ''}#edition-{k}"
            out.append(r)
        for s in range(0, len(out), a.segment):
            files.append(write_csv(os.path.join(tmp, f"part{s // a.segment:03d}.csv"), out[s : s + a.segment]))
        store = open_store(os.path.join(tmp, "scale.duckdb"))
        t0 = time.perf_counter()
        tl = Tieline()
        marks: list[dict] = []

        def progress(path: str) -> None:
            kids = [p.pid for p in mp.active_children()]
            stored = store.query("SELECT COUNT(*) FROM articles")[0][0]
            marks.append(
                {
                    "t": time.perf_counter() - t0,
                    "stored": stored,
                    "parent_rss_mib": round(rss_mib(), 1),
                    "worker_rss_mib": [round(rss_mib(k), 1) for k in kids],
                }
            )

        rep = ingest(store, files, tl, workers=a.workers, progress=progress, link_copies=False)
        total = time.perf_counter() - t0
        stored = store.query("SELECT COUNT(*) FROM articles")[0][0]
        marks.append({"t": total, "stored": stored, "parent_rss_mib": round(rss_mib(), 1), "worker_rss_mib": []})
        store.close()
    segs = []
    for m0, m1 in zip(marks, marks[1:]):
        n = m1["stored"] - m0["stored"]
        if n > 0:
            segs.append(
                {
                    "from": m0["stored"],
                    "to": m1["stored"],
                    "seconds": round(m1["t"] - m0["t"], 1),
                    "articles_per_s": round(n / (m1["t"] - m0["t"]), 2),
                    "parent_rss_mib": m1["parent_rss_mib"],
                    "worker_rss_mib": m1["worker_rss_mib"] or m0["worker_rss_mib"],
                }
            )
    print(f"{'articles':>13} {'seconds':>8} {'art/s':>7} {'parent MiB':>10}  worker MiB")
    for g in segs:
        print(
            f"{g['from']:>5}-{g['to']:<7} {g['seconds']:>8} {g['articles_per_s']:>7} {g['parent_rss_mib']:>10}  "
            f"{', '.join(str(x) for x in g['worker_rss_mib'])}"
        )
    rates = [g["articles_per_s"] for g in segs[1:]] or [0]
    print(
        f"total: {rep.new} articles, {rep.events} events in {total:.1f} s ({rep.new / total:.2f} articles/s, "
        f"start-up included); segment rate min/max after the first {min(rates)}/{max(rates)}"
    )
    print(
        json.dumps(
            {
                "bench": "scale",
                "articles": rep.new,
                "events": rep.events,
                "workers": a.workers,
                "seconds": round(total, 1),
                "articles_per_s": round(rep.new / total, 2),
                "segments": segs,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
