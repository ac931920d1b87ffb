"""Does the trend detector find real shifts and leave stable ties alone?  A simulation bench.

Each simulated dyad has a true level on the PLOVER scale for ``--periods`` quarters: either
stable throughout, or with one step of a known size at a known period.  Each period draws 0-5
events (Poisson with the dyad's rate, capped at 5), each scoring the level plus noise (sd
``--noise``, clipped to -10..+10), with a random modality (asserted, reported, alleged) and
confidence, and each event is reported by one to three articles (the duplicates must be merged
by the store, not counted again).  Everything goes through the real store and ``tie_report``; the
label at a period is read from the periods up to that one only, as an analyst would have seen
them then.

* detection: a shift counts as found when the period of the step or the one after it is labelled
  in the right direction;
* false alarms: the share of labelled periods (with events and an earlier period) of stable dyads
  that read warming or cooling.

    python bench/sim_trends.py --dyads 300 --json bench/results/sim_trends.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tieline.records import Actor, Event
from tieline.store import open_store
from tieline.ties import ActorKey, tie_report
from tieline.ties.trend import WARMING, COOLING, label_trend

SHIFTS = (1.0, 2.0, 3.0, 5.0)
RATES = (1.0, 2.5, 4.0)
MODALITIES = (["asserted"], ["asserted"], ["asserted"], ["reported"], ["alleged"])


def quarter(i: int, start: int = 2010) -> tuple[str, str]:
    y, q = start + i // 4, i % 4 + 1
    return f"{y}-Q{q}", f"{y}-{3 * q - 1:02d}-15"


def simulate(rng: random.Random, n_dyads: int, periods: int, noise: float) -> list[dict]:
    dyads = []
    for d in range(n_dyads):
        shift = d % 2 == 1
        size = rng.choice(SHIFTS) * rng.choice((-1, 1)) if shift else 0.0
        at = rng.randint(periods // 3, periods - 3) if shift else None
        base = rng.uniform(-5, 5)
        if shift:
            base = max(-9 + max(0, -size), min(9 - max(0, size), base))
        dyads.append({"i": d, "shift": size, "at": at, "base": base, "rate": rng.choice(RATES)})
    return dyads


def poisson(rng: random.Random, lam: float) -> int:
    k, p, limit = 0, 1.0, pow(2.718281828459045, -lam)
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def events_for(rng: random.Random, d: dict, periods: int, noise: float, scores: dict | None = None) -> list[Event]:
    """The dyad's reports; ``scores`` collects each distinct event's score per period (for the oracle)."""
    a = {"text": f"A{d['i']}", "entity": f"A{d['i']}", "code": None, "sector": None, "actor_id": f"a{d['i']}"}
    b = {"text": f"B{d['i']}", "entity": f"B{d['i']}", "code": None, "sector": None, "actor_id": f"b{d['i']}"}
    out = []
    n = 0
    for t in range(periods):
        level = d["base"] + (d["shift"] if d["at"] is not None and t >= d["at"] else 0.0)
        _, date = quarter(t)
        for k in range(min(5, poisson(rng, d["rate"]))):
            score = max(-10.0, min(10.0, rng.gauss(level, noise)))
            if scores is not None:
                scores.setdefault((d["i"], t), []).append(score)
            mod = rng.choice(MODALITIES)
            conf = rng.uniform(0.5, 1.0)
            day = f"{date[:8]}{k + 1:02d}"
            for copy in range(rng.choice((1, 1, 2, 3))):  # the same event in 1-3 articles
                n += 1
                e = Event(
                    type="COOPERATE" if score >= 0 else "ACCUSE",
                    source=[Actor(start=0, end=2, known=True, **a)],
                    target=[Actor(start=0, end=2, known=True, **b)],
                    sentence=f"event {n}",
                    sentence_start=0,
                    score=round(score, 2),
                    date=day,
                    modality=list(mod),
                    confidence=round(conf, 2),
                )
                e.assign_id(f"sim-{d['i']}-{t}-{k}-{copy}", 0)
                out.append(e)
    return out


def run(args) -> dict:
    rng = random.Random(args.seed)
    dyads = simulate(rng, args.dyads, args.periods, args.noise)
    found = defaultdict(lambda: [0, 0])  # (|shift|, rate) -> [found, shifts]
    alarms = defaultdict(lambda: [0, 0])  # rate -> [false alarms, labelled periods]
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "sim.duckdb"))
        scores: dict = {}
        evs = [e for d in dyads for e in events_for(rng, d, args.periods, args.noise, scores)]
        store.save_events(evs)
        for d in dyads:
            rep = tie_report(
                store,
                ActorKey(f"A{d['i']}", actor_ids=[f"a{d['i']}"]),
                ActorKey(f"B{d['i']}", actor_ids=[f"b{d['i']}"]),
                by="quarter",
                n_reasons=0,
            )
            per = rep["periods"]
            labels = {}
            for k, p in enumerate(per):
                if k == 0:
                    continue
                labels[p["period"]] = label_trend(per[: k + 1], by="quarter", z_crit=args.z, two_periods=not args.one_period)[
                    "label"
                ]
            if d["at"] is None:
                for lab in labels.values():
                    alarms[d["rate"]][1] += 1
                    alarms[d["rate"]][0] += lab in (WARMING, COOLING)
            else:
                want = WARMING if d["shift"] > 0 else COOLING
                hit = any(labels.get(quarter(t)[0]) == want for t in (d["at"], d["at"] + 1))
                key = (abs(d["shift"]), d["rate"])
                found[key][1] += 1
                found[key][0] += hit
        store.close()
    out = {
        "dyads": args.dyads,
        "periods": args.periods,
        "noise": args.noise,
        "z": args.z,
        "events": len(evs),
        "seconds": round(time.time() - t0, 1),
        "detection": {
            f"{s:g}|{r:g}": {"found": f, "shifts": n, "rate": round(f / n, 3) if n else None}
            for (s, r), (f, n) in sorted(found.items())
        },
        "false_alarms": {
            f"{r:g}": {"alarms": a, "periods": n, "rate": round(a / n, 3) if n else None} for r, (a, n) in sorted(alarms.items())
        },
    }
    by_size = defaultdict(lambda: [0, 0])
    for (s, _), (f, n) in found.items():
        by_size[s][0] += f
        by_size[s][1] += n
    out["detection_by_size"] = {f"{s:g}": round(f / n, 3) for s, (f, n) in sorted(by_size.items()) if n}
    a = sum(v[0] for v in alarms.values())
    n = sum(v[1] for v in alarms.values())
    out["false_alarm_rate"] = round(a / n, 3) if n else None
    big = [(f, n) for (s, _), (f, n) in found.items() if s >= 1]
    out["detection_rate_shift_ge_1"] = round(sum(f for f, _ in big) / max(1, sum(n for _, n in big)), 3)
    out["oracle"] = oracle(dyads, scores, args.periods, args.noise)
    return out


def oracle(dyads: list[dict], scores: dict, periods: int, noise: float, max_alarms: float = 0.05) -> dict:
    """What any detector could do on these streams: one that knows each dyad's true level before
    every period and the noise, and sees each distinct event once.  At each period it tests the
    mean of that period's events, and of the last two periods', against the known level (the same
    two chances the bench gives the detector), with the lowest threshold whose false alarms on the
    stable dyads stay within ``max_alarms``.  Its detection rate bounds the detector's."""
    import math

    def devs(d: dict, t: int) -> list[float]:
        level = d["base"] + (d["shift"] if d["at"] is not None and t > d["at"] else 0.0)  # known before t
        out = []
        for window in ((t,), (t - 1, t)):
            xs = [x for u in window if u >= 0 for x in scores.get((d["i"], u), [])]
            if xs and (len(window) == 1 or scores.get((d["i"], t))):
                out.append((sum(xs) / len(xs) - level) / (noise / math.sqrt(len(xs))))
        return out

    stable = [z for d in dyads if d["at"] is None for t in range(1, periods) if scores.get((d["i"], t)) for z in [devs(d, t)]]
    best = None
    for k in range(100, 400):
        zc = k / 100
        fa = sum(any(abs(x) > zc for x in zs) for zs in stable) / max(1, len(stable))
        if fa <= max_alarms:
            best = (zc, fa)
            break
    zc, fa = best or (4.0, 0.0)
    found = defaultdict(lambda: [0, 0])
    for d in dyads:
        if d["at"] is None:
            continue
        sign = 1 if d["shift"] > 0 else -1
        level0 = d["base"]
        hit = False
        for t in (d["at"], d["at"] + 1):
            xs = [x for u in range(d["at"], t + 1) for x in scores.get((d["i"], u), [])]
            if xs and sign * (sum(xs) / len(xs) - level0) / (noise / math.sqrt(len(xs))) > zc:
                hit = True
        found[abs(d["shift"])][1] += 1
        found[abs(d["shift"])][0] += hit
    n = sum(v[1] for s, v in found.items() if s >= 1)
    return {
        "z": zc,
        "false_alarm_rate": round(fa, 3),
        "detection_by_size": {f"{s:g}": round(f / n_, 3) for s, (f, n_) in sorted(found.items()) if n_},
        "detection_rate_shift_ge_1": round(sum(v[0] for s, v in found.items() if s >= 1) / max(1, n), 3),
    }


def table(res: dict) -> str:
    rates = sorted({k.split("|")[1] for k in res["detection"]}, key=float)
    sizes = sorted({k.split("|")[0] for k in res["detection"]}, key=float)
    lines = [
        "| shift (points) | " + " | ".join(f"{r} events/period" for r in rates) + " | all |",
        "|---|" + "---|" * (len(rates) + 1),
    ]
    for s in sizes:
        cells = []
        for r in rates:
            c = res["detection"].get(f"{s}|{r}")
            cells.append(f"{c['rate']:.2f} ({c['found']}/{c['shifts']})" if c else "-")
        lines.append(f"| {s} | " + " | ".join(cells) + f" | {res['detection_by_size'][s]:.2f} |")
    fa = res["false_alarms"]
    lines.append(
        "| stable: false alarms | "
        + " | ".join(f"{fa[r]['rate']:.3f} ({fa[r]['alarms']}/{fa[r]['periods']})" if r in fa else "-" for r in rates)
        + f" | {res['false_alarm_rate']:.3f} |"
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dyads", type=int, default=300)
    ap.add_argument("--periods", type=int, default=24)
    ap.add_argument("--noise", type=float, default=3.0, help="sd of single event scores around the level")
    ap.add_argument("--z", type=float, default=None, help="threshold (default: the detector's)")
    ap.add_argument("--one-period", action="store_true", help="test each period's innovation alone")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    if args.z is None:
        from tieline.ties.trend import Z_CRIT

        args.z = Z_CRIT
    res = run(args)
    print(table(res))
    print(
        f"events {res['events']}, {res['seconds']} s; detection (shift >= 1) {res['detection_rate_shift_ge_1']}, "
        f"false alarms {res['false_alarm_rate']}"
    )
    o = res["oracle"]
    print(
        f"oracle (knows the true level and the noise; z {o['z']}, false alarms {o['false_alarm_rate']}): "
        f"detection (shift >= 1) {o['detection_rate_shift_ge_1']}, by size {o['detection_by_size']}"
    )
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
