"""Where events happened, measured: the place Tieline gives each event against the project's
location layer of the VOA article gold (``tests/fixtures/geo/voa-dev-locations.jsonl``: for every
required event, the place the text states, its country and precision).

Events are paired as ``score_articles.py`` pairs them at type@para (same type, a shared country
code, the gold event's sentence); on the pairs whose gold event has a stated place it reports:
  country   the predicted place's country is the gold country
  city      for gold city, region and site places: the predicted place is the same (same GeoNames
            entry, the same name, or within 30 km of it)
and, over all predicted events, the share that has a place, by precision and by evidence.

    python bench/geo_eval.py                    # codes the articles with `tieline code`
    python bench/geo_eval.py --pred PRED.jsonl  # or reads saved predictions
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "data" / "gold" / "voa-articles-dev.jsonl"
LAYER = ROOT / "tests" / "fixtures" / "geo" / "voa-dev-locations.jsonl"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_articles", SHARED / "tools" / "score_articles.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def evaluate(arts: list[dict], preds: dict[str, list[dict]], layer: list[dict], gazetteer=None) -> dict:
    sa = _scorer()
    from tieline.geo import place_key
    from tieline.store.base import km_between

    where = {(r["article"], r["event"]): r for r in layer}
    n_country = n_country_ok = n_city = n_city_ok = n_placed_pairs = 0
    misses = []
    for a in arts:
        gold, pe = a.get("events") or [], preds.get(a["id"], [])
        pairs, _, _ = sa.greedy(gold, pe, "type", sa.para_spans(a["text"]), True)
        for gi, pi in pairs:
            g = where.get((a["id"], gi))
            if not g or not g.get("place"):
                continue
            p = pe[pi].get("place") or {}
            n_placed_pairs += bool(p)
            if g.get("country"):
                n_country += 1
                ok = p.get("country") == g["country"]
                n_country_ok += ok
                if not ok:
                    misses.append(("country", a["id"], gi, g["place"], g["country"], p.get("name"), p.get("country")))
            if g.get("precision") in ("city", "region", "site") and g.get("country"):
                n_city += 1
                ok = bool(p) and place_key(p.get("name") or "") == place_key(g["place"])
                if not ok and p.get("lat") is not None and gazetteer is not None:
                    entry, _ = gazetteer.resolve(g["place"], g["country"])
                    ok = (
                        entry is not None
                        and entry.lat is not None
                        and (entry.geonameid == p.get("geonameid") or km_between(entry.lat, entry.lon, p["lat"], p["lon"]) <= 30)
                    )
                n_city_ok += ok
                if not ok:
                    misses.append(("city", a["id"], gi, g["place"], g["country"], p.get("name"), p.get("country")))
    allp = [e for evs in preds.values() for e in evs]
    by_precision = collections.Counter(
        (e.get("place") or {}).get("precision") or ("none" if not e.get("place") else "unresolved") for e in allp
    )
    by_how = collections.Counter((e.get("place") or {}).get("how") or "none" for e in allp)
    return {
        "matched_with_stated_place": n_country,
        "country_accuracy": round(n_country_ok / n_country, 4) if n_country else None,
        "city_or_region_pairs": n_city,
        "city_or_region_accuracy": round(n_city_ok / n_city, 4) if n_city else None,
        "pairs_with_a_predicted_place": n_placed_pairs,
        "events": len(allp),
        "placed_share": round(sum(1 for e in allp if e.get("place")) / len(allp), 4) if allp else 0.0,
        "by_precision": dict(by_precision),
        "by_evidence": dict(by_how),
        "misses": misses,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pred", help="saved `tieline code` output for the gold articles")
    ap.add_argument("--misses", action="store_true", help="list the wrong places")
    args = ap.parse_args()
    if not GOLD.exists():
        sys.exit(f"geo_eval: {GOLD} is missing (../shared beside the repository)")
    arts = [json.loads(x) for x in GOLD.read_text().splitlines() if x.strip()]
    layer = [json.loads(x) for x in LAYER.read_text().splitlines() if x.strip()]
    t = time.time()
    if args.pred:
        lines = pathlib.Path(args.pred).read_text().splitlines()
    else:
        payload = "".join(json.dumps({"id": a["id"], "text": a["text"], "date": a["date"]}) + "\n" for a in arts)
        out = subprocess.run(["tieline", "code"], input=payload, capture_output=True, text=True, check=True)
        lines = out.stdout.splitlines()
    preds = {d["id"]: d["events"] for d in (json.loads(x) for x in lines if x.strip())}
    from tieline.actors.kb import load_kb
    from tieline.geo.gazetteer import load

    res = evaluate(arts, preds, layer, load(load_kb()))
    res["seconds"] = round(time.time() - t, 2)
    misses = res.pop("misses")
    print(json.dumps({"bench": "geo_eval", **res}))
    if args.misses:
        for m in misses:
            print("  miss", *m)


if __name__ == "__main__":
    main()
