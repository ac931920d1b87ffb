"""Relation scores per pair of actors over time, aggregated in SQL.

One SQL pipeline (portable DuckDB / PostgreSQL, ``?`` placeholders) serves every question:

1. ``m``  the event_actors rows that match each actor key (tagged with the key's index ``k``);
2. ``p``  events where two keys meet: one in ``source`` and the other in ``target`` (``fwd`` /
          ``bwd``), or both among the sources of a *reciprocal* event (no target: talks, meetings);
3. ``x``  those events with their score, weight (modality x confidence) and placing date;
4. ``u``  one row per distinct event: reports of the same event (same pair, PLOVER type and date,
          whichever article) are merged, the most certain report (highest weight) standing for all.

Scores are weighted means of PLOVER scores, so they stay in -10..+10.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Sequence

from ..store.base import date_key
from .keys import ActorKey, Resolver, resolve_actor
from .weights import Weights

BY = ("year", "quarter", "month", "week")


# -- periods ------------------------------------------------------------------------------------
def _period_sql(by: str, d: str = "d") -> tuple[str, str]:
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    if by == "year":
        return f"CAST(EXTRACT(YEAR FROM {d}) AS INTEGER)", "0"
    if by == "week":
        return f"CAST(EXTRACT(ISOYEAR FROM {d}) AS INTEGER)", f"CAST(EXTRACT(WEEK FROM {d}) AS INTEGER)"
    part = "QUARTER" if by == "quarter" else "MONTH"
    return f"CAST(EXTRACT(YEAR FROM {d}) AS INTEGER)", f"CAST(EXTRACT({part} FROM {d}) AS INTEGER)"


def period_label(by: str, y: int, s: int) -> str:
    y, s = int(y), int(s)
    if by == "year":
        return f"{y:04d}"
    if by == "quarter":
        return f"{y:04d}-Q{s}"
    if by == "month":
        return f"{y:04d}-{s:02d}"
    return f"{y:04d}-W{s:02d}"


def parse_period(by: str, label: str) -> tuple[int, int]:
    """ "2017" / "2017-Q2" / "2017-05" / "2017-W21" -> (year, sub-period); a date is placed too."""
    label = str(label).strip()
    try:
        if by == "year":
            return int(label[:4]), 0
        if by == "quarter" and "-Q" in label.upper():
            y, q = label.upper().split("-Q")
            return int(y), int(q)
        if by == "week" and "-W" in label.upper():
            y, w = label.upper().split("-W")
            return int(y), int(w)
        if by == "month" and len(label) == 7:
            return int(label[:4]), int(label[5:7])
    except ValueError:
        pass
    d = date_key(label)
    if d is None:
        raise ValueError(f"cannot read period {label!r} for by={by}")
    if by == "quarter":
        return d.year, (d.month - 1) // 3 + 1
    if by == "month":
        return d.year, d.month
    if by == "week":
        iy, iw, _ = d.isocalendar()
        return iy, iw
    return d.year, 0


def next_period(by: str, y: int, s: int) -> tuple[int, int]:
    """The period after (y, s)."""
    if by == "year":
        return y + 1, 0
    if by == "week":
        nxt = dt.date.fromisocalendar(y, s, 1) + dt.timedelta(days=7)
        iy, iw, _ = nxt.isocalendar()
        return iy, iw
    last = 4 if by == "quarter" else 12
    return (y + 1, 1) if s >= last else (y, s + 1)


# GDELT's QuadClass over the CAMEO root each PLOVER type comes from: verbal cooperation (CAMEO
# 01-05), material cooperation (06-08), verbal conflict (09-13), material conflict (14-20).
QUADS: dict[str, tuple[str, ...]] = {
    "verbal_cooperation": ("AGREE", "CONSULT", "SUPPORT", "REQUEST"),
    "material_cooperation": ("COOPERATE", "AID", "CONCEDE", "RETREAT"),
    "verbal_conflict": ("ACCUSE", "REJECT", "THREATEN"),
    "material_conflict": ("PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"),
}


def _quad_sql(col: str = "type") -> tuple[str, list[Any]]:
    parts, params = [], []
    for name, types in QUADS.items():
        parts.append(f"SUM(CASE WHEN {col} IN ({', '.join('?' for _ in types)}) THEN 1 ELSE 0 END) AS {name}")
        params += list(types)
    return ", ".join(parts), params


def period_bounds(by: str, y: int, s: int) -> tuple[dt.date, dt.date]:
    """First and last day of a period."""
    if by == "year":
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if by == "week":
        start = dt.date.fromisocalendar(y, s, 1)
        return start, start + dt.timedelta(days=6)
    if by == "quarter":
        m0 = 3 * (s - 1) + 1
        start, m1 = dt.date(y, m0, 1), m0 + 3
    else:
        start, m1 = dt.date(y, s, 1), s + 1
    end = (dt.date(y + 1, 1, 1) if m1 > 12 else dt.date(y, m1, 1)) - dt.timedelta(days=1)
    return start, end


# -- the shared pipeline -----------------------------------------------------------------------
def pair_ctes(
    keys: Sequence[ActorKey],
    *,
    directed: bool = False,
    weights: Weights | None = None,
    since: Any = None,
    until: Any = None,
    by_published: bool = False,
    dedup: bool = True,
) -> tuple[str, list[Any]]:
    """``WITH`` clauses ending in ``u``: one row per distinct event between keys k1 < k2 (``c``
    keeps every report, ranked; ``b`` the best report of each publisher).

    Columns of ``u``: event_id, k1, k2, dir ('f' k1->k2, 'b' k2->k1, 'r' reciprocal),
    type, date, d (placing date), score, reports (event records merged into it), sources (distinct
    publishers among them) and w, the weight: independent confirmation raises it and repetition
    does not -- 1 - prod(1 - w_p) over publishers p, w_p the best report of each.
    """
    weights = weights or Weights()
    per_key: list[str] = []
    params: list[Any] = []
    for i, k in enumerate(keys):
        # the tie index (store/schema.py): one equality per match value, answered from the rows of
        # that value alone; a row matched twice (its id and its name) is one row in ``p``
        sels, p = k.tie_selects(i)
        per_key.append(" UNION ALL ".join(sels))
        params += p
    if len(keys) == 2:
        # a dyad: the first key's rows joined to the second's (half the rows of a self-join of both)
        rows, join = f"ma AS ({per_key[0]}), mb AS ({per_key[1]})", "ma m1 JOIN mb m2 ON m1.eid = m2.eid"
    else:
        rows, join = f"m AS ({' UNION ALL '.join(per_key)})", "m m1 JOIN m m2 ON m1.eid = m2.eid AND m1.k < m2.k"
    pairs = f"""{rows},
p AS (SELECT m1.eid, m1.k AS k1, m2.k AS k2,
        MAX(CASE WHEN m1.role = 'source' AND m2.role = 'target' THEN 1 ELSE 0 END) AS fwd,
        MAX(CASE WHEN m1.role = 'target' AND m2.role = 'source' THEN 1 ELSE 0 END) AS bwd,
        MAX(CASE WHEN m1.role = 'source' AND m2.role = 'source' AND m1.ord <> m2.ord THEN 1 ELSE 0 END) AS ss
      FROM {join}
      GROUP BY m1.eid, m1.k, m2.k)"""
    dexpr = "e.pub_day" if by_published else "e.date_key"
    wexpr, wparams = weights.sql("e")
    fwd = "p.fwd = 1" if directed else "(p.fwd = 1 OR p.bwd = 1)"
    where = [f"({fwd} OR (p.ss = 1 AND NOT e.has_target))", "e.score IS NOT NULL", f"{dexpr} IS NOT NULL"]
    wh_params: list[Any] = []
    if since:
        where.append(f"{dexpr} >= ?")
        wh_params.append(date_key(str(since)))
    if until:
        where.append(f"{dexpr} <= ?")
        wh_params.append(_until(str(until)))
    cols = ["k1", "k2", "type", "pd"] if dedup else ["event_id", "k1", "k2"]
    part = ", ".join("x." + c for c in cols)
    on = " AND ".join(f"s.{c} = c.{c}" for c in cols)
    sql = f"""WITH {pairs},
x AS (SELECT e.event_id, p.k1, p.k2,
        CASE WHEN p.fwd = 1 THEN 'f' WHEN p.bwd = 1 THEN 'b' ELSE 'r' END AS dir,
        e.type, e.date, COALESCE(e.date, e.event_id) AS pd, {dexpr} AS d, e.score, {wexpr} AS w, e.pub
      FROM p JOIN tie_events e ON e.eid = p.eid
      WHERE {" AND ".join(where)}),
c AS (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY {part} ORDER BY x.w DESC, x.event_id) AS rn FROM x WHERE x.w > 0),
b AS (SELECT {part}, x.pub, MAX(x.w) AS wp, COUNT(*) AS n FROM x WHERE x.w > 0 GROUP BY {part}, x.pub),
s AS (SELECT {", ".join(cols)}, SUM(n) AS reports, COUNT(*) AS sources, 1 - EXP(SUM(LN(GREATEST(1 - wp, 0.000001)))) AS wc
      FROM b GROUP BY {", ".join(cols)}),
u AS (SELECT c.event_id, c.k1, c.k2, c.dir, c.type, c.date, c.d, c.score, s.wc AS w, s.reports, s.sources
      FROM c JOIN s ON {on} WHERE c.rn = 1)"""
    return sql, params + wparams + wh_params


def _until(s: str) -> dt.date | None:
    """Inclusive end of an --until value of any precision ("2017" -> 2017-12-31)."""
    d = date_key(s)
    if d is None:
        return None
    n = len(s.strip()[:10])
    if n == 4:
        return dt.date(d.year, 12, 31)
    if n == 7:
        return period_bounds("month", d.year, d.month)[1]
    return d


def _f(x: Any, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


def series(
    store: Any,
    a: ActorKey,
    b: ActorKey,
    by: str = "year",
    *,
    directed: bool = False,
    by_published: bool = False,
    weights: Weights | None = None,
    since: Any = None,
    until: Any = None,
    dedup: bool = True,
    top: int = 0,
    top_period: "tuple[int, int] | str | None" = None,
) -> list[dict[str, Any]]:
    """The periods with events between a and b: period, score, events, reports, weight, pos, neg.

    With ``top`` > 0 each period also gets ``_top``: its ``top`` events of largest |weight x score|
    as (event_id, score, weight, reports, dir) -- computed in the same query, so a report needs one
    pass over the store.  ``top_period`` keeps them for one period only, (year, sub-period) or
    "last" (the period a trend is read at): by week there are a thousand periods to rank.
    """
    ctes, params = pair_ctes(
        [a, b], directed=directed, weights=weights, since=since, until=until, by_published=by_published, dedup=dedup
    )
    ys, ss = _period_sql(by, "u.d")
    quads, qparams = _quad_sql()
    agg = f"""SELECT y, s, SUM(w * score) / SUM(w) AS score, COUNT(*) AS events,
       SUM(reports) AS reports, SUM(w) AS weight,
       SUM(CASE WHEN score > 0 THEN 1 ELSE 0 END) AS pos, SUM(CASE WHEN score < 0 THEN 1 ELSE 0 END) AS neg,
       MIN(d) AS first, MAX(d) AS last, SUM(w * w) AS w2, SUM(w * score * score) AS wss, {quads}
FROM v GROUP BY y, s"""
    params = params + qparams
    if top > 0:
        # the period whose top events are ranked (all by default): only its events are ranked, a
        # week-by-week series has a thousand periods and shows the top events of one
        only, extra = "", []
        if top_period == "last":
            only = " WHERE v.y * 100 + v.s = (SELECT MAX(y * 100 + s) FROM a)"
        elif isinstance(top_period, tuple):
            only, extra = " WHERE v.y = ? AND v.s = ?", [int(top_period[0]), int(top_period[1])]
        sql = f"""{ctes},
v AS (SELECT u.*, {ys} AS y, {ss} AS s FROM u),
a AS ({agg}),
r AS (SELECT v.y, v.s, v.event_id, v.score, v.w, v.reports, v.dir,
        ROW_NUMBER() OVER (PARTITION BY v.y, v.s ORDER BY ABS(v.w * v.score) DESC, v.event_id) AS rk FROM v{only})
SELECT a.y, a.s, a.score, a.events, a.reports, a.weight, a.pos, a.neg, a.first, a.last, a.w2, a.wss,
       {", ".join("a." + q for q in QUADS)}, r.event_id, r.score, r.w, r.reports, r.dir
FROM a LEFT JOIN r ON r.y = a.y AND r.s = a.s AND r.rk <= ?
ORDER BY a.y, a.s, r.rk"""
        rows = store.query(sql, params + extra + [int(top)])
    else:
        rows = store.query(f"{ctes},\nv AS (SELECT u.*, {ys} AS y, {ss} AS s FROM u)\n{agg} ORDER BY y, s", params)
    out: list[dict[str, Any]] = []
    nq = len(QUADS)
    for row in rows:
        y, s, score, n, reports, weight, pos, neg, first, last, w2, wss = row[:12]
        quad = dict(zip(QUADS, (int(x) for x in row[12 : 12 + nq])))
        if not out or out[-1]["_ys"] != (int(y), int(s)):
            wsum = float(weight)
            mean = float(score)
            out.append(
                {
                    "period": period_label(by, y, s),
                    "score": _f(score, 2),
                    "events": int(n),
                    "reports": int(reports),
                    "weight": _f(weight),
                    "positive": int(pos),
                    "negative": int(neg),
                    "first": str(first),
                    "last": str(last),
                    "net_cooperation": quad["verbal_cooperation"]
                    + quad["material_cooperation"]
                    - quad["verbal_conflict"]
                    - quad["material_conflict"],
                    "quad": quad,
                    # effective number of events (Kish) and the weighted spread of their scores,
                    # for the local-level model
                    "n_eff": _f(wsum * wsum / float(w2)) if w2 else None,
                    "var": _f(max(float(wss) / wsum - mean * mean, 0.0)) if wsum else None,
                    "_ys": (int(y), int(s)),
                    "_top": [],
                    "_wsum": wsum,
                }
            )
        if len(row) > 12 + nq and row[12 + nq] is not None:
            out[-1]["_top"].append(row[12 + nq :])
    return out


def _reason_dicts(
    store: Any,
    rows: Sequence[tuple[Any, ...]],
    total_weight: float,
    *,
    center: float = 0.0,
    gain: float = 1.0,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """(event_id, score, weight, reports, dir) rows -> reasons with each event's evidence.

    ``contribution``: the event's share of the move of the filtered level in its period,
    gain x weight x (score - expected level) / period weight (with gain 1 and center 0: its share
    of the period's mean score)."""
    rows = sorted(rows, key=lambda r: (-abs(float(r[2]) * (float(r[1]) - center)), str(r[0])))[:limit]
    if not rows:
        return []
    ids = [r[0] for r in rows]
    recs = dict(store.query("SELECT event_id, record FROM events WHERE event_id IN (" + ", ".join("?" for _ in ids) + ")", ids))
    out = []
    for eid, score, w, reports, d in rows:
        r = json.loads(recs.get(eid) or "{}")
        out.append(
            {
                "event_id": eid,
                "type": r.get("type"),
                "date": r.get("date"),
                "score": _f(score, 2),
                "weight": _f(w),
                "contribution": _f(gain * float(w) * (float(score) - center) / total_weight) if total_weight else None,
                "reports": int(reports),
                "direction": {"f": "a->b", "b": "b->a", "r": "mutual"}[d],
                "sentence": r.get("sentence"),
                "article_id": r.get("article_id"),
                "source": [x.get("text") for x in r.get("source") or []],
                "target": [x.get("text") for x in r.get("target") or []],
                "modality": r.get("modality"),
                "attributed_to": r.get("attributed_to"),
                "published": r.get("published"),
            }
        )
    return out


def reasons(
    store: Any,
    a: ActorKey,
    b: ActorKey,
    by: str,
    ys: tuple[int, int],
    *,
    directed: bool = False,
    by_published: bool = False,
    weights: Weights | None = None,
    dedup: bool = True,
    limit: int = 5,
) -> list[dict[str, Any]]:
    """The events that weigh most in one period's score: contribution = weight x score / period weight."""
    start, end = period_bounds(by, *ys)
    per = series(
        store,
        a,
        b,
        by,
        directed=directed,
        by_published=by_published,
        weights=weights,
        since=start.isoformat(),
        until=end.isoformat(),
        dedup=dedup,
        top=limit,
    )
    p = next((p for p in per if p["_ys"] == tuple(ys)), None)
    return _reason_dicts(store, p["_top"], p["_wsum"], limit=limit) if p else []


# -- public API ---------------------------------------------------------------------------------
def tie_report(
    store: Any,
    a: "str | ActorKey",
    b: "str | ActorKey",
    by: str = "year",
    directed: bool = False,
    by_published: bool = False,
    weights: "Weights | dict[str, Any] | None" = None,
    period: str | None = None,
    resolver: Resolver | None = None,
    *,
    since: Any = None,
    until: Any = None,
    dedup: bool = True,
    n_reasons: int = 5,
) -> dict[str, Any]:
    """The ``tieline ties A B`` report: the contract JSON plus evidence.

    ``{"dyad": [A, B], "periods": [{"period", "score", "events", ...}], "trend": {"label", ...},
    "n", "keys", "weights", "by", "directed"}``.  Only periods with events are listed.
    """
    from .smooth import interval
    from .trend import fit_periods, label_trend

    w = Weights.of(weights)
    ka, kb = resolve_actor(store, a, resolver), resolve_actor(store, b, resolver)
    # more candidates than reasons shown: they are ranked by their pull on the level, not by score
    per = series(
        store,
        ka,
        kb,
        by,
        directed=directed,
        by_published=by_published,
        weights=w,
        since=since,
        until=until,
        dedup=dedup,
        top=3 * n_reasons,
        top_period=parse_period(by, period) if period else "last",
    )
    at = parse_period(by, period) if period else None
    fitted = fit_periods(per, by)
    trend = label_trend(per, at=period_label(by, *at) if at else None, by=by, fitted=fitted)
    line, fit = fitted
    where = {p["period"]: i for i, p in enumerate(line) if not isinstance(p, str)}
    for p in per:
        i = where.get(p["period"])
        if i is not None:
            # the filtered level: what that period and the ones before it say, so that a later
            # turn never rewrites an earlier period (the trend is read from the same estimates)
            lo, hi = interval(fit.filt[i], fit.filt_var[i])
            p["level"], p["band"] = _f(fit.filt[i], 2), [_f(lo, 2), _f(hi, 2)]
    labelled = next((p for p in per if p["period"] == trend.get("period")), None)
    if labelled is not None and n_reasons:
        # exact total weight for the contributions (the rounded one would drift)
        trend["reasons"] = _reason_dicts(
            store,
            labelled["_top"],
            labelled["_wsum"],
            limit=n_reasons,
            center=float(trend.get("baseline") or 0.0),
            gain=float(trend.get("gain") or 1.0),
        )
    for p in per:
        p.pop("_ys", None)
        p.pop("_top", None)
        p.pop("_wsum", None)
    return {
        "dyad": [ka.label, kb.label],
        "periods": per,
        "trend": trend,
        "n": sum(p["events"] for p in per),
        "reports": sum(p["reports"] for p in per),
        "sure": trend.get("sure", 0.0),
        "reasons": trend.get("reasons", []),
        "by": by,
        "directed": directed,
        "dated_by": "published" if by_published else "event",
        "keys": [ka.to_dict(), kb.to_dict()],
        "weights": w.to_dict(),
    }


def dyad_events(
    store: Any,
    a: "str | ActorKey",
    b: "str | ActorKey",
    *,
    since: Any = None,
    until: Any = None,
    weights: "Weights | dict[str, Any] | None" = None,
    directed: bool = False,
    every_report: bool = False,
    resolver: Resolver | None = None,
) -> dict[str, int]:
    """The events of A and B as a tie counts them: event_id -> number of reports it stands for.

    One definition for ``tieline ties``, ``tieline events --dyad``, ``/api/events?dyad=``, the
    dashboard and the partner lists: the keys' actors on opposite sides (or both among the sources
    of a reciprocal event), a score and a date, confidence at least the count threshold, one event
    per pair, type and date.  ``every_report`` lists each report merged into them as well."""
    ka, kb = resolve_actor(store, a, resolver), resolve_actor(store, b, resolver)
    ctes, params = pair_ctes([ka, kb], directed=directed, weights=Weights.of(weights), since=since, until=until)
    if every_report:
        on = " AND ".join(f"s.{c} = c.{c}" for c in ("k1", "k2", "type", "pd"))  # pair_ctes' report groups
        sql = f"{ctes}\nSELECT c.event_id, s.reports FROM c JOIN s ON {on} ORDER BY c.d, c.event_id"
    else:
        sql = f"{ctes}\nSELECT u.event_id, u.reports FROM u ORDER BY u.d, u.event_id"
    return {eid: int(n) for eid, n in store.query(sql, params)}


def top_dyads(store: Any, n: int = 8, *, weights: "Weights | dict[str, Any] | None" = None) -> list[dict[str, Any]]:
    """The pairs of actors with the most counted events in the store: what is worth a look first.

    Each actor row gets one key by the partner rule (a group's id, a state's code, else the
    actor's id or name); ``events`` is then counted exactly as ``tie_report`` counts it."""
    from .keys import NON_COUNTRY_CODES, STATE_SECTORS

    w = Weights.of(weights)
    states = ", ".join("?" for _ in STATE_SECTORS)
    nonc = ", ".join("?" for _ in NON_COUNTRY_CODES)
    key = (
        f"CASE WHEN LOWER(ea.actor_id) IN (SELECT actor_id FROM actor_groups) THEN LOWER(ea.actor_id)"
        f" WHEN ea.code NOT IN ({nonc}) AND (ea.sector IS NULL OR ea.sector IN ({states})) THEN ea.code"
        f" ELSE COALESCE(LOWER(ea.actor_id), ea.code) END"
    )
    sql = f"""WITH x AS (SELECT ea.event_id, ea.role, {key} AS k
      FROM event_actors ea JOIN events e ON e.event_id = ea.event_id
      WHERE ea.code IS NOT NULL AND e.score IS NOT NULL AND e.date_key IS NOT NULL
        AND COALESCE(e.confidence, ?) >= ?),
p AS (SELECT DISTINCT a.event_id, LEAST(a.k, b.k) AS k1, GREATEST(a.k, b.k) AS k2
      FROM x a JOIN x b ON a.event_id = b.event_id AND a.k < b.k
      WHERE a.role <> b.role OR (a.role = 'source' AND b.role = 'source' AND NOT EXISTS (
            SELECT 1 FROM event_actors t WHERE t.event_id = a.event_id AND t.role = 'target')))
SELECT k1, k2, COUNT(*) AS reports FROM p GROUP BY k1, k2 ORDER BY reports DESC, k1, k2 LIMIT ?"""
    params = list(NON_COUNTRY_CODES) + list(STATE_SECTORS) + [w.default_confidence, w.count_threshold, int(n)]
    out = []
    for k1, k2, _ in store.query(sql, params):
        a, b = _key_of(k1), _key_of(k2)
        rep = tie_report(store, a, b, weights=w, n_reasons=0)
        if rep["n"]:
            out.append(
                {
                    "a": a.label,
                    "b": b.label,
                    "events": rep["n"],
                    "reports": rep["reports"],
                    "trend": rep["trend"]["label"],
                    "period": rep["trend"].get("period"),
                }
            )
    return sorted(out, key=lambda d: (-d["events"], d["a"], d["b"]))


def _key_of(k: str) -> ActorKey:
    """A partner key as a tie key, labelled with the knowledge base's name."""
    name = _partner_name(k, None)
    if len(k) == 3 and k.isupper():
        return ActorKey(name, codes=[k])
    return ActorKey(name, actor_ids=[k])


def _partner_name(key: str, seen: str | None) -> str:
    """A readable name for a partner key: the knowledge base's name for a code or an id (so a
    group is "Hamas", not whichever of its leaders was mentioned), else a name seen in the events."""
    try:
        from ..actors.kb import load_kb

        kb = load_kb()
    except Exception:  # pragma: no cover - the base is part of the package
        return seen or key
    e = kb.by_code.get(key) or kb.entries.get(key)
    return e.name if e is not None else (seen or key)


def top_partners(
    store: Any,
    a: "str | ActorKey",
    n: int = 5,
    since: Any = None,
    until: Any = None,
    resolver: Resolver | None = None,
    *,
    weights: "Weights | dict[str, Any] | None" = None,
    min_events: int = 1,
) -> dict[str, Any]:
    """Warmest and coldest partners of ``a`` over a window (undirected, deduplicated).

    A partner is a country's state (its code: any actor of that code with an empty or state
    sector) or, for non-state actors, the entity (actor_id, else entity name, else text).
    """
    from .keys import NON_COUNTRY_CODES, STATE_SECTORS

    w = Weights.of(weights)
    ka = resolve_actor(store, a, resolver)
    sels, params = ka.tie_selects(0)
    states = ", ".join("?" for _ in STATE_SECTORS)
    nonc = ", ".join("?" for _ in NON_COUNTRY_CODES)
    # one partner per actor row, with the rule the tie keys use (keys.py): a group's id first, then
    # the state of a state-sector row, else the actor's id or name -- so a partner's count here is
    # the count of `tie_report(a, partner)`.  The partners are the event's other coded actor rows
    # (tie_actors: actor_id lower-cased, entity the name or the text).
    pkey = (
        f"CASE WHEN o.actor_id IN (SELECT actor_id FROM actor_groups) THEN o.actor_id"
        f" WHEN o.code NOT IN ({nonc}) AND (o.sector IS NULL OR o.sector IN ({states}))"
        f" THEN o.code ELSE COALESCE(o.actor_id, o.entity) END"
    )
    pparams = list(NON_COUNTRY_CODES) + list(STATE_SECTORS)
    ocond, oparams = ka.sql("o")
    # a country's own people, firms and parties are not its partners ("Iran (CVL)" beside Iran's
    # foreign partners reads as a self-tie): relations in this list are between different codes
    own = [c for c in ka.codes if c not in NON_COUNTRY_CODES]
    own_sql = f"AND o.code NOT IN ({', '.join('?' for _ in own)})" if own else ""
    oparams = oparams + own
    wexpr, wparams = w.sql("e")
    where, wh = ["e.score IS NOT NULL", "e.date_key IS NOT NULL", "(o.opposite = 1 OR NOT e.has_target)"], []
    if since:
        where.append("e.date_key >= ?")
        wh.append(date_key(str(since)))
    if until:
        where.append("e.date_key <= ?")
        wh.append(_until(str(until)))
    # a row that matches two of the key's values (its id and its name) counts once; one value
    # (a country code) cannot match a row twice, and the DISTINCT would cost a pass over its rows
    distinct = "DISTINCT " if len(sels) > 1 else ""
    sql = f"""WITH m AS (SELECT {distinct}eid, role, ord FROM ({" UNION ALL ".join(sels)}) mk),
o AS (SELECT m.eid, {pkey} AS partner, MAX(o.code) AS code, MAX(o.entity || COALESCE(' (' || o.sector || ')', '')) AS name,
             MAX(CASE WHEN o.role <> m.role THEN 1 ELSE 0 END) AS opposite
      FROM m JOIN tie_actors o ON o.eid = m.eid AND NOT (o.role = m.role AND o.ord = m.ord)
      WHERE NOT COALESCE({ocond}, FALSE) {own_sql} AND (o.role <> m.role OR o.role = 'source')
      GROUP BY m.eid, 2),
x AS (SELECT o.partner, o.code, o.name, e.event_id, e.type, e.date, e.score, {wexpr} AS w
      FROM o JOIN tie_events e ON e.eid = o.eid WHERE {" AND ".join(where)}),
c AS (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.partner, x.type, COALESCE(x.date, x.event_id)
                                     ORDER BY x.w DESC, x.event_id) AS rn FROM x WHERE x.w > 0)
SELECT partner, MAX(code), SUM(w * score) / SUM(w) AS score, COUNT(*) AS events, MIN(date), MAX(date), MAX(name)
FROM c WHERE rn = 1 GROUP BY partner HAVING COUNT(*) >= ?"""
    rows = store.query(sql, params + pparams + oparams + wparams + wh + [int(min_events)])
    items = [
        {
            "partner": r[0],
            "name": _partner_name(r[0], r[6]),
            "code": r[1],
            "score": _f(r[2], 2),
            "events": int(r[3]),
            "first": r[4],
            "last": r[5],
        }
        for r in rows
    ]
    warm = sorted(items, key=lambda i: (-i["score"], -i["events"], i["partner"]))
    cold = sorted(items, key=lambda i: (i["score"], -i["events"], i["partner"]))
    return {
        "actor": ka.label,
        "key": ka.to_dict(),
        "since": since,
        "until": until,
        "partners": len(items),
        "warmest": [i for i in warm if i["score"] > 0][:n],
        "coldest": [i for i in cold if i["score"] < 0][:n],
        "weights": w.to_dict(),
    }


def network(
    store: Any,
    actors: Sequence["str | ActorKey"],
    since: Any = None,
    until: Any = None,
    resolver: Resolver | None = None,
    *,
    weights: "Weights | dict[str, Any] | None" = None,
) -> dict[str, Any]:
    """Current relations among several actors: score and number of events for every pair.

    ``{"actors": [...], "pairs": [{"a", "b", "score", "events"}], "matrix": [[score|None]...],
    "events": [[n]...]}`` -- the matrix is symmetric, the diagonal empty.
    """
    w = Weights.of(weights)
    keys = [resolve_actor(store, x, resolver) for x in actors]
    k = len(keys)
    matrix: list[list[float | None]] = [[None] * k for _ in range(k)]
    counts = [[0] * k for _ in range(k)]
    pairs = []
    if k >= 2:
        ctes, params = pair_ctes(keys, weights=w, since=since, until=until)
        rows = store.query(
            f"""{ctes}
SELECT k1, k2, SUM(w * score) / SUM(w) AS score, COUNT(*) AS events, MAX(d) AS last
FROM u GROUP BY k1, k2 ORDER BY k1, k2""",
            params,
        )
        for k1, k2, score, n, last in rows:
            s = _f(score, 2)
            matrix[k1][k2] = matrix[k2][k1] = s
            counts[k1][k2] = counts[k2][k1] = int(n)
            pairs.append({"a": keys[k1].label, "b": keys[k2].label, "score": s, "events": int(n), "last": str(last)})
    return {
        "actors": [x.label for x in keys],
        "since": since,
        "until": until,
        "pairs": pairs,
        "matrix": matrix,
        "events": counts,
        "weights": w.to_dict(),
    }
