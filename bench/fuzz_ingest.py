"""Fuzz `tieline ingest` with generated inputs, good and bad, and check that no input stops the run.

    python bench/fuzz_ingest.py [--n 2000] [--seed 7] [--no-code] [--timeout 1800] [--out DIR]

Writes N files (plain text, HTML, JSONL and CSV dumps with good and bad records, gzip, feeds,
and the hostile kinds of issue 11: paragraphs over spaCy's limit, runs of emoji and brackets,
gzip bombs, truncated gzip, binary, empty, FIFOs, links to /dev/zero, deep JSON nesting, NaN
dates, lone surrogates, NUL bytes, impossible dates, names that are not UTF-8), ingests them in
one run and checks:
  - the run ends by itself (no hang) with exit code 0 or 3 (3 = some inputs quarantined);
  - every bad input or record is in the quarantine table with a reason;
  - every good record is stored (one article each: their texts are all distinct);
  - peak memory of the run (max RSS of the child process) stays under 1 GB.
Prints a table of figures and exits 1 when a check fails.  Every input is written by this script.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

SUBJECTS = ["Iran", "Israel", "Turkey", "Egypt", "Russia", "Ukraine", "Kenya", "Somalia", "China", "Japan"]
VERBS = ["condemned", "praised", "met with", "accused", "threatened", "criticised", "signed a deal with"]


def sentence(rng: random.Random, i: int) -> str:
    a, b = rng.sample(SUBJECTS, 2)
    return f"{a} {rng.choice(VERBS)} {b} on Monday, officials said in report number {i}."


def paragraph(rng: random.Random, i: int) -> str:
    return " ".join(sentence(rng, i * 10 + k) for k in range(rng.randint(2, 5)))


def generate(folder: str, n: int, rng: random.Random) -> dict:
    """Write ``n`` inputs; returns what a correct run must store and quarantine."""
    want = {"good": 0, "bad_inputs": set(), "bad_records": set(), "kinds": {}}

    def note(kind: str) -> None:
        want["kinds"][kind] = want["kinds"].get(kind, 0) + 1

    kinds = [
        "text",
        "text",
        "text",
        "html",
        "jsonl",
        "csv",
        "gz",
        "feed",
        "empty",
        "binary",
        "truncated-gz",
        "long-paragraph",
        "emoji",
        "brackets",
        "bomb",
        "deep-json",
        "bad-records",
        "fifo",
        "devzero",
        "non-utf8-name",
        "semicolon-csv",
        "bad-date",
    ]
    for i in range(n):
        kind = kinds[i % len(kinds)] if i < len(kinds) else rng.choice(kinds)
        note(kind)
        base = os.path.join(folder, f"in{i:05d}")
        if kind == "text":
            open(base + ".txt", "w").write(f"Story {i}\n\n{paragraph(rng, i)}\n\n{paragraph(rng, i + n)}\n")
            want["good"] += 1
        elif kind == "html":
            open(base + ".html", "w").write(
                f"<html><head><title>Story {i}</title></head><body><nav>Home | World</nav>"
                f"<article><h1>Story {i}</h1><p>{paragraph(rng, i)}</p><p>{paragraph(rng, i + n)}</p>"
                f"</article><footer>Copyright</footer></body></html>"
            )
            want["good"] += 1
        elif kind == "jsonl":
            with open(base + ".jsonl", "w") as f:
                for k in range(3):
                    f.write(json.dumps({"id": f"{i}-{k}", "text": paragraph(rng, i * 100 + k), "date": "2020-05-01"}) + "\n")
            want["good"] += 3
        elif kind in ("csv", "semicolon-csv"):
            sep, quote = (",", '"') if kind == "csv" else (";", "")
            with open(base + ".csv", "w") as f:
                f.write(sep.join(("title", "text", "date")) + "\n")
                for k in range(2):
                    f.write(sep.join((f"T{i}-{k}", f"{quote}{paragraph(rng, i * 100 + k)}{quote}", f"2021-01-0{k + 1}")) + "\n")
            want["good"] += 2
        elif kind == "gz":
            with gzip.open(base + ".txt.gz", "wt") as f:
                f.write(f"Story {i}\n\n{paragraph(rng, i)}\n")
            want["good"] += 1
        elif kind == "feed":
            items = "".join(
                f"<item><title>Item {i}-{k}</title><link>https://example.org/{i}/{k}</link>"
                f"<pubDate>Mon, 04 May 2020 10:00:00 GMT</pubDate><description>{paragraph(rng, i * 100 + k)}"
                f"</description></item>"
                for k in range(2)
            )
            open(base + ".rss", "w").write(
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>F{i}</title>{items}</channel></rss>'
            )
            want["good"] += 2
        elif kind == "empty":
            open(base + ".txt", "w").write(" \n\n ")
            want["bad_inputs"].add(base + ".txt")
        elif kind == "binary":
            open(base + ".txt", "wb").write(bytes(rng.randrange(256) for _ in range(3000)))
            want["bad_inputs"].add(base + ".txt")
        elif kind == "truncated-gz":
            data = gzip.compress((paragraph(rng, i) * 50).encode())
            open(base + ".txt.gz", "wb").write(data[: len(data) // 2])
            want["bad_inputs"].add(base + ".txt.gz")
        elif kind == "bomb":
            with gzip.open(base + ".txt.gz", "wb", compresslevel=9) as f:
                for _ in range(60):
                    f.write(b"\0" * (1 << 20))
            want["bad_inputs"].add(base + ".txt.gz")
        elif kind == "long-paragraph":
            open(base + ".txt", "w").write(("word " * 220_000) + paragraph(rng, i) + "\n")
            want["good"] += 1
        elif kind == "emoji":
            open(base + ".txt", "w").write("\U0001f600" * 8000 + "\n\n" + paragraph(rng, i) + "\n")
            want["good"] += 1
        elif kind == "brackets":
            open(base + ".txt", "w").write("(" * 20000 + '"' * 5000 + "\n\n" + paragraph(rng, i) + "\n")
            want["good"] += 1
        elif kind == "deep-json":
            open(base + ".jsonl", "w").write(
                "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": paragraph(rng, i)}) + "\n"
            )
            want["good"] += 1
            want["bad_records"].add(base + ".jsonl#1")
        elif kind == "bad-records":
            lines = [
                json.dumps({"text": paragraph(rng, i * 100), "date": "2020-01-01"}),
                '{"text": "%s", "date": NaN}' % paragraph(rng, i * 100 + 1),
                '{"text": "Iran \\ud800 %s"}' % paragraph(rng, i * 100 + 2),
                '{"text": "Nul \\u0000 %s"}' % paragraph(rng, i * 100 + 3),
                "{not json at all",
                json.dumps(["a", "list"]),
            ]
            open(base + ".jsonl", "w").write("\n".join(lines) + "\n")
            want["good"] += 4
            want["bad_records"] |= {base + ".jsonl#5", base + ".jsonl#6"}
        elif kind == "bad-date":
            open(base + ".jsonl", "w").write(
                json.dumps({"text": paragraph(rng, i), "date": "2017-02-30"})
                + "\n"
                + json.dumps({"text": paragraph(rng, i + n), "date": "2099-99-99"})
                + "\n"
            )
            want["good"] += 2
        elif kind == "fifo" and hasattr(os, "mkfifo"):
            os.mkfifo(base + ".txt")
            want["bad_inputs"].add(base + ".txt")
        elif kind == "devzero" and os.path.exists("/dev/zero"):
            os.symlink("/dev/zero", base + ".txt")
            want["bad_inputs"].add(base + ".txt")
        elif kind == "non-utf8-name" and sys.platform == "linux":
            name = os.fsencode(base) + b"-caf\xe9.txt"
            with open(name, "wb") as f:
                f.write(f"Story {i}\n\n{paragraph(rng, i)}\n".encode())
            want["good"] += 1
        else:
            open(base + ".txt", "w").write(f"Story {i}\n\n{paragraph(rng, i)}\n")
            want["good"] += 1
    return want


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-code", action="store_true", help="store without coding (faster)")
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--out", help="keep the inputs and database here")
    args = ap.parse_args()
    work = args.out or tempfile.mkdtemp(prefix="tieline-fuzz-")
    folder = os.path.join(work, "inputs")
    os.makedirs(folder, exist_ok=True)
    want = generate(folder, args.n, random.Random(args.seed))
    db = os.path.join(work, "fuzz.duckdb")
    cmd = [sys.executable, "-m", "tieline.cli", "ingest", folder, "--db", db, "--quiet"] + (["--no-code"] if args.no_code else [])
    t = time.time()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
        rc, hung = proc.returncode, False
    except subprocess.TimeoutExpired:
        rc, hung = None, True
    wall = time.time() - t
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    import duckdb

    con = duckdb.connect(db, read_only=True)
    articles = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    quarantined = {p: r for p, r in con.execute("SELECT path, reason FROM quarantine").fetchall()}
    events = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    con.close()
    shown = {os.fsdecode(p).encode("utf-8", "surrogateescape").decode("utf-8", "replace") for p in want["bad_inputs"]}
    missing_q = sorted(p for p in shown | want["bad_records"] if p not in quarantined)
    unexpected_q = sorted(p for p in quarantined if p not in shown and p not in want["bad_records"])
    checks = {
        "no hang": not hung,
        "exit code 0 or 3 (no crash)": rc in (0, 3),
        "every bad input and record quarantined with a reason": not missing_q and all(quarantined.values()),
        "no good input quarantined": not unexpected_q,
        "every good record stored": articles == want["good"],
        "peak memory under 1 GB": peak_mb < 1024,
    }
    print(f"inputs {args.n} (kinds: {', '.join(f'{k} {v}' for k, v in sorted(want['kinds'].items()))})")
    print(
        f"run: exit {rc}, {wall:.0f} s, peak RSS {peak_mb:.0f} MB, {articles} articles stored of {want['good']} good "
        f"records, {events} events, {len(quarantined)} quarantined (expected {len(shown) + len(want['bad_records'])})"
    )
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    if missing_q[:5] or unexpected_q[:5]:
        print("  not quarantined:", missing_q[:5], " quarantined unexpectedly:", unexpected_q[:5])
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
