"""Run every benchmark script in bench/ (bench_*.py), collect their JSON lines into
out/bench-results.json and print a summary table.  `make bench` calls it.

    python bench/run_all.py [--full] [--only code,tag] [--timeout 900]

By default each script runs in its quick mode: ``--quick`` when its ``--help`` offers it, else the
short flags listed in QUICK below for the scripts that predate that convention, else no flags.
``--full`` runs them all with their own defaults (several minutes each on 2 cores).  A script's
result is the last line of its stdout that is a JSON object; a script that fails, times out or
prints none is recorded with its exit code and the tail of its output, and the others still run.
Exit status: 0 when every script exited 0.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
OUT = ROOT / "out" / "bench-results.json"

# Quick flags for scripts without --quick (checked against their --help before use).
QUICK = {
    "bench_ties.py": ["--events", "100000", "--runs", "3"],
    "bench_web.py": ["--duration", "5", "--clients", "10", "--articles", "300"],
    "bench_ingest.py": [],  # read_source only: its defaults are already short
    "bench_scale.py": ["--articles", "600"],
    "bench_live.py": ["--sources", "1,4", "--pages", "20"],
    "bench_dask.py": ["--limit", "60"],
    "bench_store_growth.py": ["--sizes", "0,100000"],
}
# Headline figures per script for the summary (dotted paths into its JSON); others: first numbers.
HEADLINE = {
    "code": [
        "tieline.articles_per_s",
        "spacy.articles_per_s",
        "speed_ratio",
        "tieline.peak_rss_mib",
        "spacy.peak_rss_mib",
        "tieline.events",
    ],
    "tag": ["tag.sentences_per_s", "tag.peak_rss_mib", "code_plover.texts_per_s", "code_conflibert.texts_per_s"],
    "ties": ["tie_report_year_median_s", "tie_report_week_median_s", "tie_report_cold_median_s", "ok"],
    "web": ["all.rps", "all.p50_ms", "all.p95_ms", "errors"],
    "scale": ["articles", "articles_per_s", "seconds"],
    "start": ["median_s", "min_s", "max_s", "events"],
}


def last_json(text: str) -> dict | None:
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if isinstance(v, dict):
            return v
    return None


def dig(d: dict, path: str):
    for k in path.split("."):
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def flags_for(script: pathlib.Path, full: bool) -> list[str]:
    if full:
        return []
    try:
        helptext = subprocess.run(
            [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120, cwd=ROOT
        ).stdout
    except (subprocess.SubprocessError, OSError):
        helptext = ""
    if "--quick" in helptext:
        return ["--quick"]
    flags = QUICK.get(script.name, [])
    # keep only the options the script knows (a colleague's script may change)
    out, i = [], 0
    while i < len(flags):
        opt = flags[i]
        val = flags[i + 1] if i + 1 < len(flags) and not flags[i + 1].startswith("--") else None
        if opt in helptext:
            out += [opt] + ([val] if val is not None else [])
        i += 2 if val is not None else 1
    return out


def summarise(name: str, res: dict | None) -> str:
    if not res:
        return ""
    if "skipped" in res:
        return "skipped: " + str(res["skipped"])[:80]
    keys = HEADLINE.get(name)
    if keys is None and isinstance(res.get("rows"), list):  # a table of rows (bench_ingest.py)
        parts = []
        for r in res["rows"]:
            if isinstance(r, dict):
                label = r.get("input") or r.get("name") or "?"
                rate = next((f"{k}={v}" for k, v in r.items() if k.endswith("_per_s")), None)
                if rate:
                    parts.append(f"{label}: {rate}")
        extra = [f"{k}={v}" for k, v in res.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return ", ".join(parts + extra)
    if keys is None:
        keys = [k for k, v in res.items() if isinstance(v, (int, float)) and not isinstance(v, bool)][:4]
    parts = []
    for k in keys:
        v = dig(res, k)
        if v is not None:
            parts.append(f"{k}={v}")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="each script with its own (long) defaults")
    ap.add_argument("--only", help="comma-separated names, e.g. code,tag (bench_<name>.py)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per script")
    ap.add_argument("--out", default=str(OUT), help="results file (default out/bench-results.json)")
    a = ap.parse_args(argv)

    scripts = sorted(BENCH.glob("bench_*.py"))
    if a.only:
        want = {w.strip().removeprefix("bench_").removesuffix(".py") for w in a.only.split(",") if w.strip()}
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in want]
    if not scripts:
        print("run_all: no bench_*.py script to run")
        return 0

    results: dict = {}
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for s in scripts:
        name = s.stem.removeprefix("bench_")
        flags = flags_for(s, a.full)
        cmd = [sys.executable, str(s), *flags]
        print(f"== {s.name} {' '.join(flags)}", flush=True)
        t = time.perf_counter()
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.timeout, cwd=ROOT, env=env)
            rc, stdout, stderr = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc = "timeout"
            stdout = (e.stdout or b"").decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            stderr = (e.stderr or b"").decode("utf-8", "replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        wall = time.perf_counter() - t
        res = last_json(stdout)
        for line in stdout.strip().splitlines():
            if not line.lstrip().startswith("{"):
                print("   " + line)
        entry = {"script": s.name, "flags": flags, "rc": rc, "wall_s": round(wall, 1), "result": res}
        if rc != 0 or res is None:
            entry["stderr_tail"] = stderr[-2000:]
            print(f"   !! exit {rc}; stderr tail:\n" + "\n".join("   " + l for l in stderr[-1200:].splitlines()))
        results[name] = entry

    report = {
        "started": started,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "mode": "full" if a.full else "quick",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "results": results,
    }
    out = pathlib.Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")

    print()
    print(f"{'bench':8} {'rc':>7} {'wall s':>7}  headline")
    for name, e in results.items():
        print(f"{name:8} {e['rc']!s:>7} {e['wall_s']:>7.1f}  {summarise(name, e['result'])}")
    print(f"results: {out}")
    return 0 if all(e["rc"] == 0 for e in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
