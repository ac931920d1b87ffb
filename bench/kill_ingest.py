"""Kill `tieline ingest` with SIGKILL again and again and check the database each time.

    python bench/kill_ingest.py [--kills 30] [--seed 3] [--inputs DIR] [--no-code]

1. A reference run ingests the inputs (default: the bundled demo corpus) into a fresh database.
2. --kills times: into a fresh database `tieline ingest` is started on the same inputs and killed
   with SIGKILL at a random moment of the run; the database must then open and be consistent
   (every event belongs to a stored article, every event actor to a stored event, every mention to
   a stored article, every event has its actors), and a rerun of the same command must give
   exactly the articles and events of the reference run.
Prints one line per kill and a summary; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ingest_cmd(inputs: str, db: str, no_code: bool) -> list[str]:
    return [sys.executable, "-m", "tieline.cli", "ingest", inputs, "--db", db, "--quiet"] + (["--no-code"] if no_code else [])


def consistent(db: str) -> tuple[bool, str, int, int]:
    import duckdb

    con = duckdb.connect(db, read_only=True)

    def q(sql):
        return con.execute(sql).fetchone()[0]

    problems = []
    if q(
        "SELECT COUNT(*) FROM events e WHERE e.article_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM articles a WHERE a.id = e.article_id)"
    ):
        problems.append("events without article")
    if q("SELECT COUNT(*) FROM event_actors x WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = x.event_id)"):
        problems.append("event actors without event")
    if q("SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)"):
        problems.append("mentions without article")
    if q("SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.event_id)"):
        problems.append("events without actors")
    n_art, n_ev = q("SELECT COUNT(*) FROM articles"), q("SELECT COUNT(*) FROM events")
    con.close()
    return not problems, ", ".join(problems), n_art, n_ev


def content(db: str) -> tuple[set, set]:
    import duckdb

    con = duckdb.connect(db, read_only=True)
    arts = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    evs = {r for r in con.execute("SELECT event_id, type, date FROM events").fetchall()}
    con.close()
    return arts, evs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=30)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--inputs", default=os.path.join(ROOT, "src", "tieline", "demo", "corpus"))
    ap.add_argument("--no-code", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="tieline-kill-")
    ref, db = os.path.join(work, "ref.duckdb"), os.path.join(work, "killed.duckdb")
    t = time.time()
    subprocess.run(ingest_cmd(args.inputs, ref, args.no_code), capture_output=True)
    ref_time = time.time() - t
    print(f"reference run: {ref_time:.1f} s")
    failures = unequal = 0
    want = content(ref)
    for k in range(1, args.kills + 1):
        db = os.path.join(work, f"killed-{k}.duckdb")
        p = subprocess.Popen(ingest_cmd(args.inputs, db, args.no_code), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait = rng.uniform(0.5, max(1.0, ref_time * 0.95))
        time.sleep(wait)
        finished = p.poll() is not None
        if not finished:
            os.kill(p.pid, signal.SIGKILL)
        p.wait()
        try:
            ok, why, n_art, n_ev = consistent(db)
        except Exception as e:  # the database must open after a kill
            ok, why, n_art, n_ev = False, f"cannot open: {e}", 0, 0
        subprocess.run(ingest_cmd(args.inputs, db, args.no_code), capture_output=True)  # the rerun
        same = content(db) == want
        ok2, why2, _, _ = consistent(db)
        failures += not (ok and ok2)
        unequal += not same
        print(
            f"kill {k:2d} after {wait:4.1f} s{' (run had finished)' if finished else ''}: "
            f"{'consistent' if ok else 'INCONSISTENT ' + why}, {n_art} articles, {n_ev} events stored; "
            f"rerun {'= uninterrupted run' if same else 'DIFFERS'}{'' if ok2 else ' ' + why2}"
        )
        for f in (db, db + ".wal"):
            if os.path.exists(f):
                os.remove(f)
    print(
        f"summary: {args.kills} kills, {failures} inconsistent states, {unequal} reruns different from the "
        f"uninterrupted run ({len(want[0])} articles, {len(want[1])} events)"
    )
    same, ok = unequal == 0, failures == 0
    return 0 if failures == 0 and same and ok else 1


if __name__ == "__main__":
    sys.exit(main())
