"""Benchmark: tie_report on a DuckDB store of N synthetic events (default 1,000,000).

    python bench/bench_ties.py [--events 1000000] [--db /tmp/tieline-bench.duckdb] [--runs 7] [--keep]

The store is filled in bulk with DuckDB SQL (not save_events): 40 countries, each with a state
(code, no sector) and a government/army, plus 10 non-state groups; 75 % directed events, 25 %
reciprocal; dates 2000-2024 at day / month / year precision; mixed modalities.  About 2 % of events
are between Iran (IRN) and Hamas.  Prints the timings and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))

from tieline.store import open_store  # noqa: E402
from tieline.store.schema import TIE_ACTORS_FILL, TIE_EVENTS_FILL, TIE_KEYS_FILL  # noqa: E402
from tieline.ties import tie_report, top_partners, network  # noqa: E402

COUNTRIES = [
    "IRN",
    "PSE",
    "ISR",
    "USA",
    "RUS",
    "CHN",
    "SYR",
    "LBN",
    "EGY",
    "SAU",
    "TUR",
    "IRQ",
    "JOR",
    "GBR",
    "FRA",
    "DEU",
    "IND",
    "PAK",
    "AFG",
    "UKR",
    "QAT",
    "ARE",
    "YEM",
    "LBY",
    "SDN",
    "ETH",
    "NGA",
    "KEN",
    "BRA",
    "MEX",
    "JPN",
    "KOR",
    "PRK",
    "VEN",
    "COL",
    "CUB",
    "ESP",
    "ITA",
    "GRC",
    "POL",
]
GROUPS = [
    ("hamas", "Hamas", "PSE"),
    ("hezbollah", "Hezbollah", "LBN"),
    ("isis", "Islamic State", "IMG"),
    ("taliban", "Taliban", "AFG"),
    ("houthis", "Houthis", "YEM"),
    ("pij", "Islamic Jihad", "PSE"),
    ("pkk", "PKK", "TUR"),
    ("farc", "FARC", "COL"),
    ("alshabaab", "al-Shabaab", "IMG"),
    ("boko", "Boko Haram", "NGA"),
]
TYPES = [
    ("AGREE", 4),
    ("CONSULT", 1),
    ("SUPPORT", 3),
    ("CONCEDE", 5),
    ("COOPERATE", 6),
    ("AID", 7),
    ("RETREAT", 3),
    ("REQUEST", -1),
    ("ACCUSE", -3),
    ("REJECT", -4),
    ("THREATEN", -6),
    ("PROTEST", -5),
    ("SANCTION", -6),
    ("MOBILIZE", -7),
    ("COERCE", -8),
    ("ASSAULT", -9),
]


def build(db: str, n: int) -> None:
    if os.path.exists(db):
        os.remove(db)
    store = open_store(db)
    con = store.conn
    # actors: 0..39 country states, 40..79 their governments/armies, 80..89 non-state groups
    rows = []
    for i, c in enumerate(COUNTRIES):
        rows.append((i, c, c, None, c.lower()))
    for i, c in enumerate(COUNTRIES):
        rows.append(
            (
                40 + i,
                f"{c} army" if i % 2 else f"{c} government",
                c,
                "MIL" if i % 2 else "GOV",
                f"{c.lower()}-{'mil' if i % 2 else 'gov'}",
            )
        )
    for i, (aid, name, c) in enumerate(GROUPS):
        rows.append((80 + i, name, c, "REB" if c != "IMG" else None, aid))
    con.execute("CREATE TEMP TABLE bench_actors (i INTEGER, entity VARCHAR, code VARCHAR, sector VARCHAR, actor_id VARCHAR)")
    con.executemany("INSERT INTO bench_actors VALUES (?, ?, ?, ?, ?)", rows)
    con.execute("CREATE TEMP TABLE bench_types (i INTEGER, type VARCHAR, score DOUBLE)")
    con.executemany("INSERT INTO bench_types VALUES (?, ?, ?)", [(i, t, s) for i, (t, s) in enumerate(TYPES)])
    con.execute(f"""CREATE TEMP TABLE bench_ev AS
    SELECT i,
           'b' || LPAD(CAST(i // 5 AS VARCHAR), 8, '0') || '-' || LPAD(CAST(i % 5 AS VARCHAR), 3, '0') AS event_id,
           'b' || LPAD(CAST(i // 5 AS VARCHAR), 8, '0') AS article_id,
           CASE WHEN hash(i, 1) % 50 = 0 THEN 0 ELSE CAST(hash(i, 2) % 90 AS INTEGER) END AS a1,
           CASE WHEN hash(i, 1) % 50 = 0 THEN 80 ELSE CAST(hash(i, 3) % 90 AS INTEGER) END AS a2,
           hash(i, 4) % 4 = 0 AS recip,
           CAST(hash(i, 5) % 16 AS INTEGER) AS t,
           DATE '2000-01-01' + CAST(hash(i, 6) % 9131 AS INTEGER) AS d,
           CAST(hash(i, 7) % 10 AS INTEGER) AS prec,
           CAST(hash(i, 8) % 20 AS INTEGER) AS mo
    FROM range({n}) r(i)""")
    con.execute("""CREATE TEMP TABLE bench_ev2 AS
    SELECT b.*, ty.type, ty.score + (CAST(hash(b.i, 9) % 3 AS INTEGER) - 1) AS score,
           CASE WHEN prec < 7 THEN strftime(d, '%Y-%m-%d') WHEN prec < 9 THEN strftime(d, '%Y-%m') ELSE strftime(d, '%Y') END AS date,
           CASE WHEN mo < 12 THEN '["asserted"]' WHEN mo < 15 THEN '["reported"]' WHEN mo < 17 THEN '["alleged"]'
                WHEN mo < 19 THEN '["intended"]' ELSE '["negated"]' END AS modality
    FROM bench_ev b JOIN bench_types ty ON ty.i = b.t""")
    con.execute("""INSERT INTO events (event_id, article_id, type, mode, context, cameo, score, date, date_key,
                                   published, modality, attributed_to, location, sentence, sentence_start,
                                   confidence, trigger, record)
    SELECT event_id, article_id, type, NULL, NULL, NULL, score, date,
           CAST(CASE WHEN length(date) = 4 THEN date || '-01-01' WHEN length(date) = 7 THEN date || '-01' ELSE date END AS DATE),
           strftime(d, '%Y-%m-%dT12:00:00'), modality, NULL, NULL,
           'Synthetic sentence ' || CAST(i AS VARCHAR) || '.', 0, 0.5 + (hash(i, 10) % 50) / 100.0, NULL,
           to_json({'event_id': event_id, 'article_id': article_id, 'type': type, 'score': score, 'date': date,
                    'modality': json(modality), 'sentence': 'Synthetic sentence ' || CAST(i AS VARCHAR) || '.',
                    'source': [{'text': 'x'}], 'target': []})
    FROM bench_ev2""")
    con.execute("""INSERT INTO event_actors
    SELECT e.event_id, 'source', 0, a.entity, a.entity, a.code, a.sector, a.actor_id, TRUE
      FROM bench_ev2 e JOIN bench_actors a ON a.i = e.a1
    UNION ALL
    SELECT e.event_id, CASE WHEN e.recip THEN 'source' ELSE 'target' END, CASE WHEN e.recip THEN 1 ELSE 0 END,
           a.entity, a.entity, a.code, a.sector, a.actor_id, TRUE
      FROM bench_ev2 e JOIN bench_actors a ON a.i = e.a2""")
    # the tie index, as save_events writes it, filled in bulk from the rows above
    t = time.perf_counter()
    con.execute(TIE_EVENTS_FILL)
    con.execute(TIE_ACTORS_FILL)
    con.execute(TIE_KEYS_FILL)
    con.execute("DELETE FROM tie_index_state")
    con.execute("INSERT INTO tie_index_state SELECT COALESCE(MAX(eid), 0) FROM tie_keys")
    con.execute("CHECKPOINT")
    INDEX_S.append(time.perf_counter() - t)
    store.close()


A, B = "Iran", "Hamas"  # resolved like `tieline ties Iran Hamas` (IRN, the entity hamas)


CPU: dict[str, float] = {}
INDEX_S: list[float] = []  # seconds to fill the tie index of the bulk-built store


def timed(fn, runs: int, name: str | None = None) -> list[float]:
    """Wall seconds per run; the median process CPU seconds (all DuckDB threads) go to CPU[name]."""
    out, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        out.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    if name:
        CPU[name] = round(statistics.median(cpu), 4)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default="/tmp/tieline-bench.duckdb")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="reuse the database when it exists")
    a = ap.parse_args()
    t0 = time.perf_counter()
    if not (a.keep and os.path.exists(a.db)):
        build(a.db, a.events)
    build_s = time.perf_counter() - t0
    res: dict = {"events": a.events, "build_s": round(build_s, 2)}
    if INDEX_S:
        res["tie_index_fill_s"] = round(INDEX_S[0], 2)
    # names go through the knowledge base as on the command line; its first load is a one-off
    # per process, timed apart from the queries
    from tieline.ties.keys import default_resolver

    t = time.perf_counter()
    s0 = open_store(a.db, read_only=True)
    resolved = {n: default_resolver(s0)(n) for n in (A, B)}
    s0.close()
    res["name_resolution_first_s"] = round(time.perf_counter() - t, 3)
    res["resolved"] = resolved
    # cold: a fresh connection for each run (DuckDB's buffer cache is per process and connection)
    cold = []
    for _ in range(3):
        t = time.perf_counter()
        s = open_store(a.db, read_only=True)
        tie_report(s, A, B, by="year")
        cold.append(time.perf_counter() - t)
        s.close()
    s = open_store(a.db, read_only=True)
    n_events = s.query("SELECT COUNT(*) FROM events")[0][0]
    r = tie_report(s, A, B, by="year")
    for by in ("year", "quarter", "month", "week"):
        res[f"tie_report_{by}_median_s"] = round(
            statistics.median(timed(lambda by=by: tie_report(s, A, B, by=by), a.runs, f"tie_report_{by}")), 4
        )
    res["tie_report_directed_month_median_s"] = round(
        statistics.median(timed(lambda: tie_report(s, A, B, by="month", directed=True), a.runs)), 4
    )
    res["tie_report_cold_median_s"] = round(statistics.median(cold), 4)
    res["top_partners_median_s"] = round(statistics.median(timed(lambda: top_partners(s, "Iran"), 3)), 4)
    res["network_5_median_s"] = round(
        statistics.median(timed(lambda: network(s, ["Iran", "Hamas", "Israel", "USA", "Hezbollah"]), 3)), 4
    )
    res["stored_events"] = n_events
    res["dyad_events"] = r["n"]
    res["dyad_reports"] = r["reports"]
    res["target_s"] = 0.5
    res["cpu_median_s"] = dict(CPU)
    try:
        res["load_average"] = list(os.getloadavg())
    except OSError:
        pass
    res["ok"] = res["tie_report_year_median_s"] < 0.5 and res["tie_report_week_median_s"] < 0.5
    s.close()
    print(f"stored events            {n_events:,} (built in {build_s:.1f} s)")
    print(
        f"names resolved           {res['resolved']} (first knowledge-base load {res['name_resolution_first_s']:.2f} s, once per process)"
    )
    print(
        f"Iran-Hamas dyad          {r['n']:,} distinct events from {r['reports']:,} reports, "
        f"{len(r['periods'])} years, trend {r['trend']['label']}"
    )
    for k, v in res.items():
        if (
            k.endswith("_s")
            and isinstance(v, float)
            and k not in ("build_s", "target_s", "name_resolution_first_s", "tie_index_fill_s")
        ):
            print(f"{k:34s} {v * 1000:8.1f} ms")
    for k, v in CPU.items():
        print(f"{k + ' cpu':34s} {v * 1000:8.1f} ms (process CPU, all threads)")
    if "load_average" in res:
        print(f"load average during the run      {res['load_average'][0]:.2f} (timings are wall clock)")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
