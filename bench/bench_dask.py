"""Benchmark: `tieline ingest` on a Dask cluster — 1 against 2 Dask workers on this machine, the
overhead against `--workers 2` without Dask, and a projection to 8 and 32 workers.

    python bench/bench_dask.py [--limit N] [--editions N] [--repeat N] [--data DIR]

Corpus: the 295 Wikinews articles (as bench_code.py; ``--limit N`` the first N), written as one
JSON-lines file (the form large archives come in), which the Dask workers read themselves in
byte ranges of ``--shard-bytes`` (default 150,000: about ten shards; ``--csv``: the two CSV files
as they are, read whole); ``--editions N`` repeats the corpus N times, edition k's texts opening
with "Edition k." so that each is a distinct article, coded with ``--keep-copies`` (a cluster's
start-up, a few seconds, is a fifth of a 295-article run: more articles show what the workers
give once started); ``--repeat N`` takes every run N times in turn and gives the medians (the
ratios taken round by round).  Each run is `tieline ingest <input> --db <fresh DuckDB> --quiet
--shard-bytes N` in its own subprocess:

* ``--dask local:1`` and ``--dask local:2``: a LocalCluster of 1 or 2 worker processes (one
  thread each) on 127.0.0.1;
* ``--workers 1`` and ``--workers 2``: the multiprocessing pool, no Dask;
* ``--no-code``: reading, de-duplication and writing only (the client's share, which stays serial);
* a control: a pure-Python loop in one process, then in two at once -- what two processes get from
  this machine at that moment (a shared virtual machine's two cores often give well under 2x).

The projection uses what was measured: per-batch coding time on one worker t_b (from the 1-worker
run without its start-up), the scheduler's round trip per task (200 empty tasks on a LocalCluster),
the client's serial time T_c (the --no-code run) and the cluster's start-up.  With n workers on
their own cores, batches flow while the client reads and writes, so
T(n) = start-up + max(T_c, B * (t_b / n + overhead)) for B batches; assumptions: workers of this
machine's speed, articles of Wikinews' length, the network moving a batch in less than the
scheduler's round trip.  Prints a table and one JSON line; skips cleanly without the data folder.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _common import data_dir, tieline_cmd  # noqa: E402
from bench_code import CORPUS, child_env, load_rows, run_child, write_csv  # noqa: E402

# what two processes get from this machine at the moment: the same pure-Python loop alone, then
# two at once (2.0 on two free cores; a shared virtual machine gives less, and it varies)
SPIN_CHILD = r"""
import json, subprocess, sys, time
LOOP = "x = 0\nfor i in range(20_000_000): x += i * i"
t = time.perf_counter(); subprocess.run([sys.executable, "-c", LOOP], check=True); one = time.perf_counter() - t
t = time.perf_counter()
ps = [subprocess.Popen([sys.executable, "-c", LOOP]) for _ in range(2)]
[p.wait() for p in ps]
two = time.perf_counter() - t
print(json.dumps({"one_s": one, "two_s": two, "speedup": 2 * one / two}))
"""

OVERHEAD_CHILD = r"""
import json, time
from distributed import Client, LocalCluster
if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=50) as cl, Client(cl) as c:
        c.submit(int, 0).result()
        t = time.perf_counter()
        for f in [c.submit(int, i, pure=False) for i in range(200)]:
            f.result()
        print(json.dumps({"task_s": (time.perf_counter() - t) / 200}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--data")
    ap.add_argument("--shard-bytes", type=int, default=150_000)
    ap.add_argument("--csv", action="store_true", help="the CSV files as they are (read whole)")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of every run, taken in turn; ratios are medians over rounds")
    ap.add_argument(
        "--editions",
        type=int,
        default=1,
        help="the corpus N times, edition k's texts opening with 'Edition k.' (distinct articles, coded with --keep-copies)",
    )
    a = ap.parse_args(argv)
    try:
        import distributed  # noqa: F401
    except ImportError:
        print('bench_dask: skipped, Dask is not installed (pip install "tieline[dask]")')
        print(json.dumps({"bench": "dask", "skipped": "no dask"}))
        return 0
    folder = data_dir(a.data) / "corpora" / "wikinews"
    if any(not (folder / n).exists() for n in CORPUS):
        print(f"bench_dask: skipped, Wikinews corpus not found in {folder}")
        print(json.dumps({"bench": "dask", "skipped": "no data"}))
        return 0
    from tieline.pipeline import batch_full
    from tieline.records import Article

    env = child_env()
    with tempfile.TemporaryDirectory(prefix="tieline-bench-dask-") as tmp:
        rows = load_rows(folder)[: a.limit] if a.limit else load_rows(folder)
        if a.editions > 1:  # as bench_scale.py: each edition a distinct article, so that all are coded
            rows = rows + [
                dict(r, url=f"{r.get('url')}#edition-{k}", text=f"Edition {k}.\n\n{r.get('text') or ''}")
                for k in range(2, a.editions + 1)
                for r in rows
            ]
        if a.csv:
            whole = not a.limit and a.editions == 1
            inputs = [str(folder / n) for n in CORPUS] if whole else [write_csv(os.path.join(tmp, "wikinews.csv"), rows)]
        else:
            inputs = [os.path.join(tmp, "wikinews.jsonl")]
            with open(inputs[0], "w", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps({k: r.get(k) for k in ("url", "date", "title", "text")}) + "\n")
        configs = (
            ("client only (--no-code)", ["--no-code"]),
            ("dask local:1", ["--dask", "local:1"]),
            ("dask local:2", ["--dask", "local:2"]),
            ("--workers 1", ["--workers", "1"]),
            ("--workers 2", ["--workers", "2"]),
        )
        times: dict[str, list[float]] = {name: [] for name, _ in configs}
        runs = {}
        # the configurations in turn, --repeat times: a shared machine's speed drifts by more than
        # the differences measured, so the ratios are taken round by round and their median shown
        for rnd in range(a.repeat):
            for name, extra in configs:
                db = os.path.join(tmp, f"{rnd}-{len(times[name])}-{name.split()[-1]}.duckdb")
                shard = ["--shard-bytes", str(a.shard_bytes)]
                copies = ["--keep-copies"] if a.editions > 1 else []
                r = run_child(tieline_cmd() + ["ingest", *inputs, "--db", db, "--quiet", *shard, *copies, *extra], env=env)
                if r["rc"] not in (0, 3):
                    print(r["stderr"][-2000:])
                    return 1
                stats = json.loads(run_child(tieline_cmd() + ["stats", "--db", db, "--format", "json"], env=env)["stdout"])
                os.remove(db)
                times[name].append(r["wall_s"])
                runs[name] = {
                    "seconds": round(statistics.median(times[name]), 1),
                    "all_seconds": [round(x, 1) for x in times[name]],
                    "articles": stats.get("articles"),
                    "events": stats.get("events"),
                    "peak_rss_mib": max(round(r["maxrss_mib"]), runs.get(name, {}).get("peak_rss_mib", 0)),
                }
                print(
                    f"  {name}: {r['wall_s']:.1f} s, {stats.get('articles')} articles, {stats.get('events')} events", flush=True
                )
        t0 = time.perf_counter()
        start = run_child(
            [
                sys.executable,
                "-c",
                "from distributed import Client, LocalCluster\n"
                "if __name__ == '__main__':\n"
                "    with LocalCluster(n_workers=1, threads_per_worker=1, host='127.0.0.1',"
                " dashboard_address='127.0.0.1:0', silence_logs=50) as c, Client(c): pass",
            ],
            env=env,
        )
        cluster_start = start["wall_s"] if start["rc"] == 0 else time.perf_counter() - t0
        ov = run_child([sys.executable, "-c", OVERHEAD_CHILD], env=env)
        spin = json.loads(run_child([sys.executable, "-c", SPIN_CHILD], env=env)["stdout"].strip().splitlines()[-1])
        task_s = json.loads(ov["stdout"].strip().splitlines()[-1])["task_s"]
    n_art = runs["dask local:1"]["articles"] or 1
    # the batches the client makes (by count and length); the raw texts stand for the clean bodies
    batches, held = 0, []
    for r in rows[:n_art]:
        held.append(Article(body=r["text"], title=""))
        if batch_full(held):
            batches, held = batches + 1, []
    batches += bool(held)
    t_client = runs["client only (--no-code)"]["seconds"]
    one = runs["dask local:1"]["seconds"]
    startup = cluster_start + 2.0  # the cluster, and a worker loading model and knowledge base
    t_batch = max(0.01, (one - startup) / batches)
    proj = {n: round(startup + max(t_client, batches * (t_batch / n + task_s)), 1) for n in (1, 2, 8, 32)}

    def ratio(x: str, y: str) -> float:
        """The median over rounds of x's time / y's time in the same round."""
        return round(statistics.median(p / q for p, q in zip(times[x], times[y])), 2)

    speedup = ratio("dask local:1", "dask local:2")
    overhead = ratio("dask local:2", "--workers 2")
    pool = ratio("--workers 1", "--workers 2")
    rounds = [round(p / q, 2) for p, q in zip(times["dask local:1"], times["dask local:2"])]
    machine = round(spin["speedup"], 2)
    print(f"{'run':26} {'seconds':>8} {'articles':>8} {'events':>7} {'peak MiB':>9}")
    for k, v in runs.items():
        print(f"{k:26} {v['seconds']:>8} {v['articles']:>8} {v['events']:>7} {v['peak_rss_mib']:>9}")
    print(
        f"2 Dask workers vs 1: {speedup}x (median of {a.repeat} rounds: {rounds}); "
        f"Dask (2) against --workers 2: {overhead}x the time"
    )
    print(f"for scale, on this machine now: --workers 2 vs 1 {pool}x; two plain CPU-bound processes vs one {machine}x")
    print(
        f"measured: {batches} batches, {t_batch:.2f} s coding per batch on one worker, "
        f"{task_s * 1000:.1f} ms scheduler round trip per task, client alone {t_client} s, cluster start {cluster_start:.1f} s"
    )
    print(
        "projection for this corpus (seconds): "
        + ", ".join(f"{n} workers {t}" for n, t in proj.items())
        + f"; the client's {t_client} s of reading and writing is the floor"
    )
    print(
        json.dumps(
            {
                "bench": "dask",
                "runs": runs,
                "speedup_2_vs_1": speedup,
                "speedup_rounds": rounds,
                "dask_vs_workers2": overhead,
                "pool_2_vs_1": pool,
                "machine_2_vs_1": machine,
                "batches": batches,
                "batch_s": round(t_batch, 3),
                "task_overhead_s": round(task_s, 4),
                "client_s": t_client,
                "cluster_start_s": round(cluster_start, 1),
                "projection_s": proj,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
