"""Benchmark: `tieline tag` on the Wikinews corpus (sentences/s) and `tieline code` on the gold sets
(texts/s), each as a subprocess fed JSONL on stdin, with its peak memory.

    python bench/bench_tag.py [--limit N] [--quick] [--unit article|paragraph] [--data DIR]
                              [--skip-tag] [--skip-code]

* tag      The Wikinews articles (``corpora/wikinews/wikinews_2019.csv``, ``wikinews_2020.csv``)
           as JSONL lines ``{"id", "text", "date"}``: one line per article (``--unit article``,
           the default) or per paragraph (``--unit paragraph``, blank-line separated).  ``tag``
           parses every sentence with the full spaCy model, so the rate is reported per sentence;
           sentences are counted with Tieline's own splitter (``tieline.nlp.split_sentences``
           with the sentencizer rule, ``SentenceBounds``), i.e. the sentences ``tag`` itself sees.
* code     ``gold/plover-gsr-dev.jsonl`` (160 sentences) and ``gold/conflibert-train.jsonl``
           (1,568 sentences), reduced to ``{"id", "text", "date"}``: texts/s.

Seconds are wall-clock for the whole process; the start-up (model, knowledge base and lexicon
loading) is measured separately by running the same command on empty input and the "warm" rate
leaves it out.  Peak memory is the child's maximum RSS (``os.wait4``).  The shared data is read at
run time and never copied into the repository; without it the script says so and exits 0.
Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CORPUS = ("wikinews_2019.csv", "wikinews_2020.csv")
GOLD = ("plover-gsr-dev.jsonl", "conflibert-train.jsonl")
_PARA = re.compile(r"\n\s*\n")


from _common import data_dir, tieline_cmd  # noqa: E402  (bench/ is the script's folder)


def run_child(cmd: list[str], stdin_path: str | None = None, env: dict | None = None) -> dict:
    """Wall seconds, exit code, stdout, stderr and peak RSS (MiB) of this one child (os.wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            t = time.perf_counter()
            p = subprocess.Popen(cmd, stdin=stdin, stdout=out, stderr=err, env=env)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t
            rc = os.waitstatus_to_exitcode(status)
        finally:
            if stdin_path:
                stdin.close()
        out.seek(0)
        err.seek(0)
        return {
            "wall_s": wall,
            "rc": rc,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
            "maxrss_mib": ru.ru_maxrss / 1024,
            "cpu_s": ru.ru_utime + ru.ru_stime,
        }


def child_env() -> dict:
    env = dict(os.environ)
    env.pop("TIELINE_KB", None)
    env.pop("TIELINE_DB", None)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def write_jsonl(path: str, recs: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def measure(
    name: str, cmd: list[str], stdin_path: str, startup: float, units: int, unit: str, env: dict, expect_lines: int
) -> dict:
    r = run_child(cmd, stdin_path, env)
    if r["rc"] != 0:
        print(r["stderr"][-3000:], file=sys.stderr)
        raise SystemExit(f"bench_tag: {name} failed (exit {r['rc']})")
    lines = [json.loads(l) for l in r["stdout"].splitlines() if l.strip()]
    if len(lines) != expect_lines:
        print(f"bench_tag: warning: {name} answered {len(lines)} lines for {expect_lines} inputs", file=sys.stderr)
    warm = r["wall_s"] - startup
    d = {
        "seconds": round(r["wall_s"], 2),
        unit: units,
        f"{unit}_per_s": round(units / r["wall_s"], 2),
        "startup_s": round(startup, 2),
        "cpu_s": round(r["cpu_s"], 2),
        f"{unit}_per_cpu_s": round(units / r["cpu_s"], 2),
        "peak_rss_mib": round(r["maxrss_mib"], 1),
    }
    if warm > 0:
        d[f"warm_{unit}_per_s"] = round(units / warm, 2)
    key = "actors" if "actors" in (lines[0] if lines else {}) else "events"
    d[key] = sum(len(x.get(key) or []) for x in lines)
    print(f"  {name}: {r['wall_s']:.1f} s, {r['maxrss_mib']:.0f} MiB", flush=True)
    return d


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="first N Wikinews articles and first N gold lines per file")
    ap.add_argument("--quick", action="store_true", help="same as --limit 30")
    ap.add_argument(
        "--unit",
        choices=["article", "paragraph"],
        default="article",
        help="one JSONL line per article (default) or per paragraph for `tieline tag`",
    )
    ap.add_argument("--data", help="shared data folder (default $TIELINE_DATA or ../shared/data)")
    ap.add_argument("--skip-tag", action="store_true")
    ap.add_argument("--skip-code", action="store_true")
    a = ap.parse_args(argv)
    if a.quick and not a.limit:
        a.limit = 30

    base = data_dir(a.data)
    wn = base / "corpora" / "wikinews"
    need = ([] if a.skip_tag else [wn / n for n in CORPUS]) + ([] if a.skip_code else [base / "gold" / g for g in GOLD])
    missing = [str(p) for p in need if not p.exists()]
    if missing:
        msg = f"bench_tag: skipped, shared data not found ({', '.join(missing)})"
        print(msg)
        print(json.dumps({"bench": "tag", "skipped": msg}))
        return 0

    env = child_env()
    tmp = tempfile.mkdtemp(prefix="tieline-bench-tag-")
    res: dict = {
        "bench": "tag",
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_avg_1m_start": round(os.getloadavg()[0], 2),
    }
    try:
        empty = os.path.join(tmp, "empty.jsonl")
        open(empty, "w").close()
        table = []
        if not a.skip_tag:
            from spacy.lang.en import English
            from tieline.nlp import split_sentences
            from tieline.nlp.pipeline import SentenceBounds

            splitter = SentenceBounds(English())
            csv.field_size_limit(1 << 30)
            rows = []
            for name in CORPUS:
                with open(wn / name, newline="", encoding="utf-8") as f:
                    rows.extend(csv.DictReader(f))
            if a.limit:
                rows = rows[: a.limit]
            recs = []
            for i, r in enumerate(rows):
                text = r.get("text") or ""
                if a.unit == "article":
                    recs.append({"id": f"wn-{i}", "text": text, "date": r.get("date")})
                else:
                    for j, p in enumerate(x for x in _PARA.split(text) if x.strip()):
                        recs.append({"id": f"wn-{i}-{j}", "text": p, "date": r.get("date")})
            sentences = sum(len(split_sentences(r["text"], splitter)) for r in recs)
            path = os.path.join(tmp, "tag.jsonl")
            write_jsonl(path, recs)
            print(
                f"tag corpus: {len(rows)} Wikinews articles as {len(recs)} lines ({a.unit}), "
                f"{sentences} sentences; {os.cpu_count()} CPUs",
                flush=True,
            )
            su = run_child(tieline_cmd() + ["tag"], empty, env)["wall_s"]
            d = measure("tieline tag", tieline_cmd() + ["tag"], path, su, sentences, "sentences", env, len(recs))
            d.update(
                {"articles": len(rows), "lines": len(recs), "unit": a.unit, "lines_per_s": round(len(recs) / d["seconds"], 2)}
            )
            res["tag"] = d
            table.append(("tag wikinews", d, "sentences"))
        if not a.skip_code:
            su = None
            for g in GOLD:
                recs = []
                with open(base / "gold" / g, encoding="utf-8") as f:
                    for line in f:
                        if line.strip():
                            r = json.loads(line)
                            recs.append({"id": r.get("id"), "text": r.get("text") or "", "date": r.get("date")})
                if a.limit:
                    recs = recs[: a.limit]
                path = os.path.join(tmp, g)
                write_jsonl(path, recs)
                if su is None:
                    su = run_child(tieline_cmd() + ["code"], empty, env)["wall_s"]
                key = "code_" + g.split("-")[0]
                d = measure(f"tieline code {g}", tieline_cmd() + ["code"], path, su, len(recs), "texts", env, len(recs))
                res[key] = d
                table.append((f"code {g.split('-')[0]}", d, "texts"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    res["load_avg_1m_end"] = round(os.getloadavg()[0], 2)

    print()
    print(
        f"{'run':16} {'units':>10} {'seconds':>8} {'units/s':>9} {'warm units/s':>13} {'start-up s':>11} {'per CPU-s':>10} {'peak RSS MiB':>13} {'out':>8}"
    )
    for name, d, unit in table:
        out = d.get("actors", d.get("events", 0))
        print(
            f"{name:16} {d[unit]:>6} {unit[:4]:3} {d['seconds']:>8.1f} {d[unit + '_per_s']:>9.2f} "
            f"{d.get('warm_' + unit + '_per_s', 0):>13.2f} {d['startup_s']:>11.1f} {d[unit + '_per_cpu_s']:>10.2f} "
            f"{d['peak_rss_mib']:>13.0f} {out:>8}"
        )
    print("(out: actors tagged for tag, events coded for code)")
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
