"""Benchmark: does the client's work per article grow with the store?  `tieline ingest --no-code` of
the 295 Wikinews articles into stores that already hold 0, 100,000 and 1,000,000 articles.

    python bench/bench_store_growth.py [--sizes 0,100000,1000000] [--data DIR]

Without coding, an ingest is the client's serial share of every run (``--workers``, ``--dask``):
reading, the exact and near-duplicate checks against the store, and the writes.  The stores are
filled in bulk SQL with synthetic articles (random 16-hex ids, 2 KB bodies, 16 near-duplicate band
keys each, as real articles have), so what is timed is what a store of that size costs each new
article.  Each run is a subprocess on a fresh copy of the filled store.  Prints a table (seconds and
milliseconds per article) and one JSON line; skips cleanly without the data folder.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _common import data_dir, tieline_cmd  # noqa: E402
from bench_code import CORPUS, child_env, load_rows, run_child  # noqa: E402


def fill(path: str, n: int) -> None:
    """A store of ``n`` synthetic articles with their band keys."""
    from tieline.ingest.near_duplicates import BANDS
    from tieline.store import open_store

    store = open_store(path)
    if n:
        store.execute(
            "INSERT INTO articles (id, title, body) SELECT substr(md5(CAST(i AS VARCHAR)), 1, 16), 'Synthetic', "
            "repeat('filler words of a stored story ', 64) || CAST(i AS VARCHAR) FROM range(?) r(i)",
            [n],
        )
        store.execute(
            "INSERT INTO article_bands SELECT substr(md5(CAST(i AS VARCHAR)), 1, 16), hash(i, j) % 9223372036854775807 "
            "FROM range(?) r(i), range(?) q(j)",
            [n, BANDS],
        )
        store.execute("CHECKPOINT")
    store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0,100000,1000000")
    ap.add_argument("--data")
    a = ap.parse_args(argv)
    folder = data_dir(a.data) / "corpora" / "wikinews"
    if any(not (folder / n).exists() for n in CORPUS):
        print(f"bench_store_growth: skipped, Wikinews corpus not found in {folder}")
        print(json.dumps({"bench": "store_growth", "skipped": "no data"}))
        return 0
    sizes = [int(x) for x in a.sizes.split(",")]
    env = child_env()
    out = []
    with tempfile.TemporaryDirectory(prefix="tieline-bench-growth-") as tmp:
        corpus = os.path.join(tmp, "wikinews.jsonl")
        rows = load_rows(folder)
        with open(corpus, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps({k: r.get(k) for k in ("url", "date", "title", "text")}) + "\n")
        for n in sizes:
            base, db = os.path.join(tmp, f"base{n}.duckdb"), os.path.join(tmp, f"run{n}.duckdb")
            fill(base, n)
            shutil.copy(base, db)
            r = run_child(tieline_cmd() + ["ingest", corpus, "--db", db, "--quiet", "--no-code"], env=env)
            if r["rc"] not in (0, 3):
                print(r["stderr"][-2000:])
                return 1
            ms = 1000 * r["wall_s"] / len(rows)
            out.append(
                {"stored_before": n, "articles": len(rows), "seconds": round(r["wall_s"], 2), "ms_per_article": round(ms, 1)}
            )
            print(
                f"  store of {n:>9,} articles: {r['wall_s']:6.1f} s for {len(rows)} new articles ({ms:.1f} ms each)", flush=True
            )
            os.remove(base)
            os.remove(db)
    print(json.dumps({"bench": "store_growth", "runs": out}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
