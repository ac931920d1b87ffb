"""The seed article's hand-annotated events (../shared/data/seed/*.gold.json) give a warming tie."""

from __future__ import annotations

import json
import pathlib

import pytest

from tieline.records import Actor, Event
from tieline.ties import fallback_resolver, tie_report

SHARED = pathlib.Path(__file__).resolve().parents[3] / "shared" / "data"
GOLD = SHARED / "seed" / "jpost-2017-05-30-iran-hamas.gold.json"
SCORES = SHARED / "dicts" / "PLOVER" / "plover_scores_table2.2_v2.0.tsv"

pytestmark = [pytest.mark.shared, pytest.mark.skipif(not (GOLD.exists() and SCORES.exists()), reason="needs ../shared/data")]


def _base_scores() -> dict[str, float]:
    out = {}
    for line in SCORES.read_text().splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and not line.startswith("#") and parts[1] == "" and parts[0] != "category":
            out[parts[0]] = float(parts[2])
    out["ACCUSE"] = -abs(out["ACCUSE"])  # the manual's "3" is a typo (see the table's note)
    return out


def _gold_events() -> list[Event]:
    g = json.loads(GOLD.read_text())
    scores = _base_scores()
    act = lambda d: Actor(
        text=d["entity"],
        start=0,
        end=0,
        entity=d["entity"],
        code=d.get("code"),  # noqa: E731
        sector=d.get("sector"),
    )
    evs = []
    for i, e in enumerate(g["events"], 1):
        t = e["types"][0]
        ev = Event(
            type=t,
            source=[act(a) for a in e["source"]],
            target=[act(a) for a in e["target"]],
            sentence=e["evidence"],
            sentence_start=i * 100,
            score=scores[t],
            date=e["when"],
            modality=e.get("modality") or ["asserted"],
            attributed_to=e.get("attributed_to"),
            confidence=0.8,
        )
        ev.assign_id("seed", i)
        evs.append(ev)
    return evs


@pytest.mark.parametrize("by", ["year", "month"])
def test_seed_gold_events_warming(store, by):
    store.save_events(_gold_events())
    r = tie_report(store, "Iran", "Hamas", by=by, resolver=fallback_resolver(store))
    per = {}
    for p in r["periods"]:
        per.setdefault(p["period"][:4], []).append(p["score"])
    early = [v for k, vs in per.items() if k in ("2011", "2012", "2013") for v in vs if v is not None]
    assert early and min(early) < 0
    assert all(v > 0 for v in per["2017"])
    assert r["trend"]["label"] == "warming"
    assert r["trend"]["period"] == ("2017" if by == "year" else "2017-05")
    # the alleged aid, attributed to Palestinian sources, is among the reasons
    aid = [x for x in r["reasons"] if x["type"] == "AID"]
    assert aid and aid[0]["attributed_to"] == "Palestinian sources"
    # Trump, the US State Department, Hezbollah: not part of this dyad
    assert all("Trump" not in " ".join(x["source"] + x["target"]) for x in r["reasons"])
