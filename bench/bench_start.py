"""Benchmark: a cold start of ``tieline code`` on one sentence, what a user waits for at the shell.

    python bench/bench_start.py [--runs 10] [--quick]

Each run is a fresh ``tieline code`` process (the console script beside this interpreter) given one
JSON line on stdin and timed from start to exit: the interpreter, the imports, the knowledge base,
the model, coding the sentence and writing its event.  The first run is a warm-up (the files enter
the page cache) and is not counted.  Prints a table and one JSON line with the minimum, median and
maximum seconds and the events found.  The issue's target (12): under 2 s on the project machine.
Whether ``PYTHONDONTWRITEBYTECODE`` is set is reported too: where it is, Python compiles the
sources of an editable install at every start unless their bytecode was compiled beforehand
(``make install`` does).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

LINE = json.dumps({"id": "1", "text": "Iran condemned Israel on Monday."}) + "\n"


def one_run(exe: str) -> tuple[float, int]:
    """Seconds of one ``tieline code`` process on LINE, and the events it printed."""
    t = time.perf_counter()
    out = subprocess.run([exe, "code"], input=LINE, capture_output=True, text=True, check=True).stdout
    seconds = time.perf_counter() - t
    return seconds, sum(len(json.loads(line).get("events", [])) for line in out.splitlines() if line.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10, help="timed runs after one warm-up (default 10)")
    ap.add_argument("--quick", action="store_true", help="3 runs")
    args = ap.parse_args()
    runs = 3 if args.quick else args.runs
    exe = str(pathlib.Path(sys.executable).with_name("tieline"))
    one_run(exe)  # warm-up: the files into the page cache
    times, events = [], set()
    for _ in range(runs):
        s, n = one_run(exe)
        times.append(s)
        events.add(n)
    res = {
        "runs": runs,
        "min_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "events": sorted(events),
        "dont_write_bytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
    }
    print(f"tieline code, one sentence, cold start over {runs} runs: min {res['min_s']:.2f} s, ", end="")
    print(f"median {res['median_s']:.2f} s, max {res['max_s']:.2f} s; events {res['events']}")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
