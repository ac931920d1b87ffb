"""Is a tie warming, cooling or stable?  The labelled period against the periods before it.

* With three or more earlier periods (the last ``window`` of them): z = (score - mean) / spread,
  the spread being their standard deviation, floored at ``sd_floor`` points so that a perfectly
  flat history does not turn a small move into a huge z.  Warming when z >= ``z_threshold`` and the
  score rose by at least ``min_delta`` points; cooling the mirror image; else stable.
* With one or two earlier periods there is no spread to speak of: the difference from their mean
  decides (at least ``min_delta`` points), and a change of sign (negative before, positive now)
  makes the label surer.
* With none: stable, sure 0.

``sure`` (0..1) grows with the size of the move (|z| or the difference) and with the number of
events in the labelled period (n / (n + 2)); ``confidence`` words it: low < 0.34 <= medium < 0.67 <= high.
"""
from __future__ import annotations

import math
import statistics
from typing import Any, Sequence

WARMING, COOLING, STABLE = "warming", "cooling", "stable"


def _words(sure: float) -> str:
    return "high" if sure >= 0.67 else "medium" if sure >= 0.34 else "low"


def label_trend(periods: Sequence[dict[str, Any]], at: str | None = None, *, window: int = 8,
                z_threshold: float = 1.0, min_delta: float = 1.0, sd_floor: float = 1.0) -> dict[str, Any]:
    scored = [p for p in periods if p.get("score") is not None]
    if not scored:
        return {"label": STABLE, "period": at, "sure": 0.0, "confidence": "low", "method": "none",
                "why": "no scored events"}
    if at is None:
        cur_i = len(scored) - 1
    else:
        idx = [i for i, p in enumerate(scored) if p["period"] == at]
        if not idx:
            return {"label": STABLE, "period": at, "sure": 0.0, "confidence": "low", "method": "none",
                    "why": f"no scored events in {at}"}
        cur_i = idx[0]
    cur = scored[cur_i]
    prev = scored[max(0, cur_i - window):cur_i]
    n = int(cur.get("events") or 0)
    evidence = n / (n + 2)
    score = float(cur["score"])
    out: dict[str, Any] = {"period": cur["period"], "score": cur["score"], "events": n}
    if not prev:
        out.update(sure=0.0, confidence="low", method="none", why="no earlier period to compare with")
        return {"label": STABLE, **out}
    prev_scores = [float(p["score"]) for p in prev]
    base = statistics.fmean(prev_scores)
    diff = score - base
    out.update(baseline=round(base, 2), delta=round(diff, 2),
               delta_prev=round(score - prev_scores[-1], 2), compared_with=[p["period"] for p in prev])
    if len(prev) >= 3:
        sd = statistics.stdev(prev_scores)
        spread = max(sd, sd_floor)
        z = diff / spread
        if z >= z_threshold and diff >= min_delta:
            label = WARMING
        elif z <= -z_threshold and diff <= -min_delta:
            label = COOLING
        else:
            label = STABLE
        if label == STABLE:
            sure = evidence * max(0.0, 1.0 - abs(z) / z_threshold)
        else:
            sure = evidence * (1.0 - math.exp(-abs(z) / 2.0))
        out.update(method="zscore", z=round(z, 2), spread=round(sd, 2))
        why = f"{cur['period']} scores {score:+.2f} against {base:+.2f} ± {sd:.2f} over {len(prev)} earlier periods (z {z:+.2f})"
    else:
        sign_change = (base < 0 < score) or (base > 0 > score)
        if diff >= min_delta:
            label = WARMING
        elif diff <= -min_delta:
            label = COOLING
        else:
            label = STABLE
        size = min(1.0, abs(diff) / 10.0)
        if label == STABLE:
            sure = evidence * 0.5 * (1.0 - min(1.0, abs(diff) / min_delta))
        else:
            sure = evidence * (0.5 + 0.5 * size) * (1.0 if sign_change else 0.75) * (0.8 if len(prev) == 1 else 0.9)
        out.update(method="difference", sign_change=sign_change)
        why = (f"{cur['period']} scores {score:+.2f} against {base:+.2f} in "
               f"{', '.join(p['period'] for p in prev)}" + ("; the sign changed" if sign_change else ""))
    out.update(sure=round(sure, 2), confidence=_words(sure), why=why)
    return {"label": label, **out}
