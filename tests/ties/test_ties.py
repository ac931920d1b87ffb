"""Tie reports: scores, weights, de-duplication, periods, trends, reasons, actor keys."""

from __future__ import annotations

import json

import pytest

from synthetic import HAMAS, HEZBOLLAH, IRAN, IRGC, ISRAEL, PALESTINE, SYRIA, ev
from tieline.ties import ActorKey, Weights, fallback_resolver, label_trend, network, tie_report, top_partners


def _per(report):
    return {p["period"]: p for p in report["periods"]}


def seed_events():
    """What the seed article says, as events: a 2012 break, 2017 rapprochement."""
    return [
        ev("REJECT", -5, "2012", [IRAN, HAMAS], [], article="seed", sentence="when the sides broke off their close ties"),
        ev("REJECT", -4, "2012", [HAMAS], [SYRIA], article="seed"),
        ev(
            "AID",
            7,
            "2017-05-30",
            [IRAN],
            [HAMAS],
            article="seed",
            modality=["alleged", "intended"],
            attributed_to="Palestinian sources",
            sentence="Iran has allegedly decided to resume financial backing for Hamas",
        ),
        ev(
            "CONSULT",
            1,
            "2017-05",
            [IRAN, HAMAS],
            [],
            article="seed",
            attributed_to="Asharq Al-Awsat",
            sentence="representatives conducted intensive discussions in Lebanon",
        ),
        ev(
            "COOPERATE",
            6,
            "2017-05-30",
            [IRAN, HAMAS],
            [],
            article="seed",
            modality=["intended"],
            sentence="Iran and Hamas were also due to resume diplomatic relations",
        ),
        ev(
            "CONSULT",
            1,
            "2017-05-30",
            [HAMAS],
            [IRAN],
            article="seed",
            modality=["intended"],
            sentence="Hamas leader Ismail Haniyeh was slated to visit Tehran",
        ),
    ]


def test_contract_shape_and_seed_warming(store):
    store.save_events(seed_events())
    r = tie_report(store, "Iran", "Hamas", by="year", resolver=fallback_resolver(store))
    json.dumps(r)  # serialisable
    assert r["dyad"] == ["Iran", "Hamas"]
    assert all({"period", "score", "events"} <= set(p) for p in r["periods"])
    per = {p["period"][:4]: p["score"] for p in r["periods"]}
    early = [v for k, v in per.items() if k in ("2011", "2012", "2013") and v is not None]
    assert early and min(early) < 0 and per["2017"] > 0
    assert r["trend"]["label"] == "warming"
    assert r["trend"]["period"] == "2017"
    assert 0 < r["trend"]["sure"] <= 1


def test_scores_signs(store):
    store.save_events(
        [
            ev("AID", 7, "2015-03-01", [IRAN], [HAMAS]),
            ev("COOPERATE", 6, "2015-04-01", [IRAN], [HAMAS]),
            ev("ASSAULT", -9, "2016-03-01", [IRAN], [HAMAS]),
            ev("THREATEN", -6, "2016-04-01", [HAMAS], [IRAN]),
        ]
    )
    per = _per(tie_report(store, "IRN", "hamas"))
    assert per["2015"]["score"] == pytest.approx(6.5)
    assert per["2016"]["score"] == pytest.approx(-7.5)
    assert per["2015"]["positive"] == 2 and per["2016"]["negative"] == 2


def test_modality_weights(store):
    store.save_events(
        [
            ev("AID", 10, "2015-03-01", [IRAN], [HAMAS]),  # asserted 1.0
            ev("ASSAULT", -10, "2015-04-01", [IRAN], [HAMAS], modality=["alleged"]),  # 0.6
            ev("ASSAULT", -10, "2015-05-01", [IRAN], [HAMAS], modality=["negated"]),  # 0: left out
            ev("ASSAULT", -10, "2015-06-01", [IRAN], [HAMAS], modality=["reported", "hypothetical"]),  # min -> 0
            ev("AID", 10, "2016-03-01", [IRAN], [HAMAS], modality=["negated"]),  # a period of nothing
        ]
    )
    r = tie_report(store, "IRN", "hamas")
    per = _per(r)
    assert per["2015"]["score"] == pytest.approx((10 - 6) / 1.6)
    assert per["2015"]["events"] == 2
    assert "2016" not in per
    # configurable: alleged as sure as asserted -> the two cancel out
    r2 = tie_report(store, "IRN", "hamas", weights={"alleged": 1.0})
    assert _per(r2)["2015"]["score"] == pytest.approx(0.0)
    assert r2["weights"]["modality"]["alleged"] == 1.0


def test_confidence_weighs_unless_turned_off(store):
    store.save_events(
        [
            ev("AID", 10, "2015-03-01", [IRAN], [HAMAS], confidence=0.9),
            ev("ASSAULT", -10, "2015-04-01", [IRAN], [HAMAS], confidence=0.3),
        ]
    )
    everything = Weights(count_threshold=0)
    assert _per(tie_report(store, "IRN", "hamas", weights=everything))["2015"]["score"] == pytest.approx((9 - 3) / 1.2)
    off = tie_report(store, "IRN", "hamas", weights=Weights(use_confidence=False, count_threshold=0))
    assert _per(off)["2015"]["score"] == pytest.approx(0.0)


def test_events_below_the_count_threshold_are_not_counted(store):
    store.save_events(
        [
            ev("AID", 10, "2015-03-01", [IRAN], [HAMAS], confidence=0.9),
            ev("ASSAULT", -10, "2015-04-01", [IRAN], [HAMAS], confidence=0.3),
        ]
    )
    per = _per(tie_report(store, "IRN", "hamas"))["2015"]
    assert per["score"] == pytest.approx(9 / 0.9) and per["events"] == 1
    assert Weights().python_weight(["asserted"], 0.3) == 0.0
    assert _per(tie_report(store, "IRN", "hamas", weights=Weights(count_threshold=0)))["2015"]["events"] == 2


def test_weights_python_and_sql_agree():
    w = Weights()
    assert w.python_weight(["alleged", "intended"], 1.0) == pytest.approx(0.6)
    assert w.python_weight(["negated"], 1.0) == 0
    assert w.python_weight(["asserted"], 0.5) == pytest.approx(0.5)
    assert w.python_weight(["planned"], 1.0) == 1.0  # unknown modality does not lower it


def test_dedup_same_event_from_several_articles(store):
    store.save_events(
        [
            ev("SANCTION", -6, "2012-02-03", [IRAN], [HAMAS], article="a1"),
            ev("SANCTION", -6, "2012-02-03", [IRAN], [HAMAS], article="a2", modality=["reported"]),
            ev("SANCTION", -6, "2012-02-03", [IRAN], [HAMAS], article="a3"),
            ev("SANCTION", -6, "2012-02-10", [IRAN], [HAMAS], article="a4"),  # another day: another event
            ev("REJECT", -4, "2012-02-03", [IRAN], [HAMAS], article="a5"),  # another type
        ]
    )
    r = tie_report(store, "IRN", "hamas")
    p = _per(r)["2012"]
    assert p["events"] == 3 and p["reports"] == 5
    raw = tie_report(store, "IRN", "hamas", dedup=False)
    assert _per(raw)["2012"]["events"] == 5
    top = {x["event_id"]: x for x in r["trend"]["reasons"]}
    assert max(x["reports"] for x in top.values()) == 3


def test_dedup_undirected_merges_both_directions(store):
    store.save_events(
        [
            ev("CONSULT", 1, "2017-05-30", [IRAN], [HAMAS], article="a1"),
            ev("CONSULT", 1, "2017-05-30", [HAMAS], [IRAN], article="a2"),
            ev("CONSULT", 1, "2017-05-30", [IRAN, HAMAS], [], article="a3"),
        ]
    )
    assert tie_report(store, "IRN", "hamas")["n"] == 1


@pytest.mark.parametrize("by,label", [("year", "2017"), ("quarter", "2017-Q2"), ("month", "2017-05"), ("week", "2017-W22")])
def test_periods_by(store, by, label):
    store.save_events([ev("AID", 7, "2017-05-30", [IRAN], [HAMAS]), ev("ASSAULT", -9, "2012", [IRAN], [HAMAS])])
    r = tie_report(store, "IRN", "hamas", by=by)
    labels = [p["period"] for p in r["periods"]]
    assert labels[-1] == label
    # a year-only date is placed on its first day for finer periods
    assert labels[0] == {"year": "2012", "quarter": "2012-Q1", "month": "2012-01", "week": "2011-W52"}[by]
    assert r["by"] == by


def test_iso_week_year_boundary(store):
    store.save_events([ev("AID", 7, "2021-01-01", [IRAN], [HAMAS])])
    assert [p["period"] for p in tie_report(store, "IRN", "hamas", by="week")["periods"]] == ["2020-W53"]


def test_only_periods_with_events_listed(store):
    store.save_events([ev("AID", 7, "2010-05-01", [IRAN], [HAMAS]), ev("AID", 7, "2014-05-01", [IRAN], [HAMAS])])
    assert [p["period"] for p in tie_report(store, "IRN", "hamas")["periods"]] == ["2010", "2014"]


def test_bad_by_rejected(store):
    with pytest.raises(ValueError):
        tie_report(store, "IRN", "hamas", by="decade")


def test_since_until_and_by_published(store):
    store.save_events(
        [
            ev("ASSAULT", -9, "2012", [IRAN], [HAMAS], published="2017-05-30T09:45"),
            ev("AID", 7, "2017-05-30", [IRAN], [HAMAS], published="2017-05-30T09:45"),
        ]
    )
    assert [p["period"] for p in tie_report(store, "IRN", "hamas", since="2013")["periods"]] == ["2017"]
    assert [p["period"] for p in tie_report(store, "IRN", "hamas", until="2012")["periods"]] == ["2012"]
    pub = tie_report(store, "IRN", "hamas", by_published=True)
    assert [p["period"] for p in pub["periods"]] == ["2017"]
    assert pub["periods"][0]["events"] == 2 and pub["dated_by"] == "published"


def _history(scores_by_year, last):
    evs = []
    for y, s in scores_by_year:
        evs.append(ev("AID" if s > 0 else "ASSAULT", s, f"{y}-03-01", [IRAN], [HAMAS]))
        evs.append(ev("CONSULT" if s > 0 else "THREATEN", s, f"{y}-06-01", [IRAN], [HAMAS]))
    for i, s in enumerate(last):
        evs.append(ev("AID" if s > 0 else "ASSAULT", s, f"2020-0{i + 1}-01", [IRAN], [HAMAS]))
    return evs


def test_trend_cooling_leaves_the_expected_interval(store):
    store.save_events(_history([(2014, 5), (2015, 6), (2016, 4), (2017, 5), (2018, 6), (2019, 5)], [-6, -7, -8]))
    t = tie_report(store, "IRN", "hamas")["trend"]
    assert t["label"] == "cooling" and t["method"] == "local-level" and t["z"] < -2.3
    assert t["period"] == "2020" and t["sure"] > 0.5
    assert t["score"] < t["expected"][0] and t["change"] < -1


def test_trend_warming_leaves_the_expected_interval(store):
    store.save_events(_history([(2014, -5), (2015, -6), (2016, -4), (2017, -5)], [6, 7]))
    t = tie_report(store, "IRN", "hamas")["trend"]
    assert t["label"] == "warming" and t["method"] == "local-level" and t["verdict"] == "warming"


def test_one_event_shrinks_toward_the_level_and_the_band_says_how_sure(store):
    store.save_events(_history([(2014, 4), (2015, 5), (2016, 4), (2017, 5)], [-6]))
    r = tie_report(store, "IRN", "hamas")
    last = _per(r)["2020"]
    assert last["score"] == -6 and last["level"] > -6  # one event does not decide a period
    lo, hi = last["band"]
    assert lo < last["level"] < hi
    assert r["trend"]["label"] in ("cooling", "stable")


def test_periods_carry_net_cooperation_and_quad_counts(store):
    store.save_events(_history([(2014, 4)], [-6]))
    per = _per(tie_report(store, "IRN", "hamas"))
    assert per["2014"]["quad"] == {
        "verbal_cooperation": 1,
        "material_cooperation": 1,
        "verbal_conflict": 0,
        "material_conflict": 0,
    }
    assert per["2014"]["net_cooperation"] == 2 and per["2020"]["net_cooperation"] == -1


def test_trend_stable(store):
    store.save_events(_history([(2014, 3), (2015, 4), (2016, 3), (2017, 5)], [4, 3]))
    t = tie_report(store, "IRN", "hamas")["trend"]
    assert t["label"] == "stable"


def test_trend_chosen_period(store):
    store.save_events(_history([(2014, -5), (2015, 6), (2016, -6)], []))
    r = tie_report(store, "IRN", "hamas", period="2015")
    assert r["trend"]["period"] == "2015" and r["trend"]["label"] == "warming"
    assert all(x["date"].startswith("2015") for x in r["trend"]["reasons"])
    assert tie_report(store, "IRN", "hamas")["trend"]["label"] == "cooling"


def test_trend_needs_an_earlier_period():
    t = label_trend([{"period": "2017", "score": 5.0, "events": 3}])
    assert t["label"] == "stable" and t["sure"] == 0 and t["verdict"] == "too few events"
    assert label_trend([])["label"] == "stable"
    small = label_trend([{"period": "2016", "score": 2.0, "events": 3}, {"period": "2017", "score": 2.4, "events": 3}])
    assert small["label"] == "stable"


def test_reasons_explain_labelled_period(store):
    store.save_events(seed_events())
    r = tie_report(store, "IRN", "hamas")
    reasons = r["trend"]["reasons"]
    assert reasons and all(x["date"].startswith("2017") for x in reasons)
    contribs = [abs(x["contribution"]) for x in reasons]
    assert contribs == sorted(contribs, reverse=True)
    # the contributions add up to how far the period moved the filtered level
    assert sum(x["contribution"] for x in reasons) == pytest.approx(r["trend"]["change"], abs=0.02)
    aid = next(x for x in reasons if x["type"] == "AID")
    assert aid["sentence"].startswith("Iran has allegedly decided")
    assert aid["attributed_to"] == "Palestinian sources"
    assert aid["modality"] == ["alleged", "intended"]
    assert aid["source"] == ["Iran"] and aid["target"] == ["Hamas"] and aid["article_id"] == "seed"


def test_country_code_means_state_entity_means_itself(store):
    store.save_events(
        [
            ev("AID", 8, "2015-01-01", [IRAN], [PALESTINE]),  # Iran - Palestinian state
            ev("ASSAULT", -9, "2015-01-01", [IRGC], [HAMAS]),  # IRGC (IRN/MIL) - Hamas (PSE/REB)
        ]
    )
    pse = tie_report(store, "IRN", "PSE")
    assert pse["n"] == 1 and pse["periods"][0]["score"] == 8  # Hamas is not the Palestinian state
    ham = tie_report(store, "IRN", "hamas")
    assert ham["n"] == 1 and ham["periods"][0]["score"] == -9  # the IRGC is part of Iran's state
    only_iran = ActorKey("Iran (entity)", entities=["Iran"])
    assert tie_report(store, only_iran, "hamas")["n"] == 0  # the entity Iran alone: not the IRGC
    assert tie_report(store, "irgc", "hamas")["n"] == 1


def test_non_state_same_country_not_counted_by_code(store):
    store.save_events([ev("ASSAULT", -9, "2015-01-01", [HEZBOLLAH], [ISRAEL])])
    assert tie_report(store, "LBN", "ISR")["n"] == 0
    assert tie_report(store, "hezbollah", "ISR")["n"] == 1


def test_directed_vs_undirected(store):
    store.save_events(
        [
            ev("AID", 6, "2015-01-01", [IRAN], [HAMAS]),
            ev("ACCUSE", -4, "2015-02-01", [HAMAS], [IRAN]),
            ev("CONSULT", 1, "2015-03-01", [IRAN, HAMAS], []),  # mutual: in both directions
        ]
    )
    und = _per(tie_report(store, "IRN", "hamas"))["2015"]
    assert und["events"] == 3 and und["score"] == pytest.approx(1.0)
    ab = _per(tie_report(store, "IRN", "hamas", directed=True))["2015"]
    ba = _per(tie_report(store, "hamas", "IRN", directed=True))["2015"]
    assert ab["events"] == 2 and ab["score"] == pytest.approx(3.5)
    assert ba["events"] == 2 and ba["score"] == pytest.approx(-1.5)


def test_joint_actors_against_a_third_are_not_a_tie(store):
    store.save_events([ev("ASSAULT", -9, "2015-01-01", [IRAN, HAMAS], [ISRAEL])])
    assert tie_report(store, "IRN", "hamas")["n"] == 0
    assert tie_report(store, "hamas", "ISR")["n"] == 1


def test_resolvers(store):
    store.save_events(seed_events())
    fb = fallback_resolver(store)
    assert fb("Iran") == ["IRN"] and fb("IRN") == ["IRN"] and fb("Hamas") == ["Hamas"]
    calls = []

    def kb(name):
        calls.append(name)
        return {"Tehran": ["IRN"], "Hamas movement": ["hamas"]}[name]

    r = tie_report(store, "Tehran", "Hamas movement", resolver=kb)
    assert calls == ["Tehran", "Hamas movement"] and r["dyad"] == ["Tehran", "Hamas movement"]
    assert r["trend"]["label"] == "warming"
    r2 = tie_report(store, ActorKey("Iran", codes=["IRN"]), ActorKey("Hamas", actor_ids=["hamas"]))
    assert r2["n"] == r["n"]


def test_top_partners(store):
    store.save_events(
        [
            ev("AID", 7, "2015-01-01", [IRAN], [HAMAS]),
            ev("AID", 6, "2015-02-01", [IRGC], [HEZBOLLAH]),
            ev("ASSAULT", -9, "2015-03-01", [IRAN], [ISRAEL]),
            ev("THREATEN", -6, "2015-04-01", [ISRAEL], [IRAN]),
            ev("ASSAULT", -9, "2010-03-01", [IRAN], [SYRIA]),  # outside the window
        ]
    )
    t = top_partners(store, "IRN", n=5, since="2014")
    assert [x["partner"] for x in t["warmest"]] == ["hamas", "hezbollah"]
    assert [x["partner"] for x in t["coldest"]] == ["ISR"]
    assert t["coldest"][0]["events"] == 2 and t["coldest"][0]["score"] == pytest.approx(-7.5)
    assert all(x["partner"] != "IRN" for x in t["warmest"] + t["coldest"])


def test_network_matrix(store):
    store.save_events(
        [
            ev("AID", 7, "2015-01-01", [IRAN], [HAMAS]),
            ev("ASSAULT", -9, "2015-03-01", [HAMAS], [ISRAEL]),
            ev("ASSAULT", -8, "2015-04-01", [ISRAEL], [HAMAS]),
        ]
    )
    net = network(store, ["IRN", "hamas", "ISR"])
    m = net["matrix"]
    assert m[0][1] == m[1][0] == 7 and m[1][2] == pytest.approx(-8.5) and m[0][2] is None
    assert net["events"][1][2] == 2 and m[0][0] is None
    from rich.console import Console

    from tieline.ties import render_network_table

    con = Console(record=True, width=120)
    con.print(render_network_table(net))
    text = con.export_text()
    assert "+7.0 / 1" in text and "-8.5 / 2" in text


def test_a_dyad_has_the_same_events_alone_as_in_a_network_of_more_actors(store):
    # two actors are paired by joining one's rows to the other's; three or more by a self-join
    # of all their rows: both must find the same events (directed, reciprocal, co-sources)
    store.save_events(
        seed_events()
        + [
            ev("ASSAULT", -9, "2015-03-01", [HAMAS], [ISRAEL]),
            ev("ASSAULT", -8, "2015-04-01", [ISRAEL], [HAMAS, IRAN]),
            ev("CONSULT", 1, "2016-02-01", [IRAN, ISRAEL], []),
            ev("AID", 7, "2016-05-01", [IRGC], [HAMAS]),
        ]
    )
    names = ["IRN", "hamas", "ISR"]
    big = network(store, names)
    for i in range(3):
        for j in range(i + 1, 3):
            two = network(store, [names[i], names[j]])
            assert two["events"][0][1] == big["events"][i][j]
            assert two["matrix"][0][1] == big["matrix"][i][j]
            rep = tie_report(store, names[i], names[j])
            assert rep["n"] == big["events"][i][j]
    assert big["events"][0][1] > 0 and big["events"][1][2] == 2 and big["events"][0][2] == 2


def test_render_table_and_plots(store, tmp_path):
    from rich.console import Console

    from tieline.ties import plot_ties, render_tie_table
    from tieline.ties.render import sparkline

    store.save_events(seed_events())
    r = tie_report(store, "IRN", "hamas")
    con = Console(record=True, width=140)
    con.print(render_tie_table(r))
    text = con.export_text()
    assert "2012" in text and "warming" in text and "Palestinian sources" in text
    assert sparkline([-10, 0, 10, None]) == "▁▅█ "
    png = plot_ties(r, tmp_path / "t.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in plot_ties(r, tmp_path / "t.svg").read_text()[:500]
    html = plot_ties(r, tmp_path / "t.html").read_text()
    assert "vegaEmbed" in html or "vega" in html
    assert "cdn.jsdelivr" not in html and "<script src=" not in html  # works offline
    with pytest.raises(ValueError):
        plot_ties(r, tmp_path / "t.pdf")
    # an actor label is the user's text: never markup in the saved page (issue 11, item 13)
    evil = {**r, "dyad": ["</script><script>alert(1)</script>", "Hamas"]}
    assert "<script>alert(1)" not in plot_ties(evil, tmp_path / "evil.html").read_text()


def test_ensure_indexes_idempotent(store):
    from tieline.ties import ensure_indexes

    assert ensure_indexes(store) == ensure_indexes(store) > 0
    store.save_events(seed_events())
    assert tie_report(store, "IRN", "hamas")["trend"]["label"] == "warming"


def test_top_level_sure_and_reasons(store):
    store.save_events(seed_events())
    r = tie_report(store, "IRN", "hamas")
    assert r["sure"] == r["trend"]["sure"] and r["reasons"] == r["trend"]["reasons"] and r["n"] == 5


def test_reasons_for_any_period_and_period_by_date(store):
    from tieline.ties import reasons
    from tieline.ties.series import parse_period

    store.save_events(seed_events())
    a, b = ActorKey("Iran", codes=["IRN"]), ActorKey("Hamas", actor_ids=["hamas"])
    old = reasons(store, a, b, "year", (2012, 0))
    assert [x["type"] for x in old] == ["REJECT"] and old[0]["contribution"] == -5
    assert parse_period("week", "2017-05-30") == (2017, 22) and parse_period("quarter", "2017-Q2") == (2017, 2)
    r = tie_report(store, a, b, by="month", period="2012-01-01")
    assert r["trend"]["period"] == "2012-01" and r["reasons"][0]["type"] == "REJECT"


def test_kb_resolver_when_available(store, monkeypatch):
    kb = pytest.importorskip("tieline.actors.kb")
    if not hasattr(kb, "load_kb"):
        pytest.skip("no knowledge base yet")
    monkeypatch.undo()  # the real default resolver, backed by the knowledge base
    from tieline.ties import keys

    r = keys.default_resolver(store)
    iran, hamas = keys.resolve_actor(store, "Iran", r), keys.resolve_actor(store, "Hamas", r)
    assert iran.codes == ["IRN"] and not iran.actor_ids
    assert hamas.actor_ids and not hamas.codes
    assert keys.resolve_actor(store, "Nobody Known Here", r).entities == ["Nobody Known Here"]
    store.save_events(seed_events())
    assert tie_report(store, "Iran", "Hamas")["trend"]["label"] == "warming"


def test_entity_keys_case_insensitive_and_literal(store):
    qaeda = dict(text="al-Qaeda", entity="al-Qaeda", code="IMG", sector=None, actor_id="al_qaeda")
    other = dict(text="Alxqaeda", entity="Alxqaeda 100%", code="IMG", sector=None, actor_id="alxqaeda")
    store.save_events([ev("ASSAULT", -9, "2015-01-01", [qaeda], [ISRAEL]), ev("ASSAULT", -9, "2015-01-01", [other], [ISRAEL])])
    assert tie_report(store, ActorKey("q", actor_ids=["AL_QAEDA"]), "ISR")["n"] == 1  # '_' is no wildcard
    assert tie_report(store, ActorKey("q", entities=["AL-QAEDA"]), "ISR")["n"] == 1
    assert tie_report(store, ActorKey("q", entities=["Alxqaeda 1%"]), "ISR")["n"] == 0  # nor '%'
    assert tie_report(store, ActorKey("q", entities=["alxqaeda 100%"]), "ISR")["n"] == 1


def test_a_countrys_own_people_are_not_its_partners(store):
    """Issue 9: "Iran (CVL)" among Iran's partners reads as a self-tie; partners have other codes."""
    from synthetic import IRAN, ISRAEL, ev

    civilians = {"code": "IRN", "sector": "CVL", "entity": "Iran", "text": "Iranian protesters"}
    store.save_events([ev("COERCE", -7, "2019-11-17", [IRAN], [civilians]), ev("ACCUSE", -2, "2019-11-18", [IRAN], [ISRAEL])])
    rep = top_partners(store, "Iran", n=10)
    names = [p["partner"] for p in rep["warmest"] + rep["coldest"]]
    assert "ISR" in names and not any(p["code"] == "IRN" for p in rep["warmest"] + rep["coldest"])


def test_one_definition_of_a_dyads_events_in_ties_listings_and_partners(store):
    haniyeh_as_pm = dict(text="Haniyeh", entity="Ismail Haniyeh", code="PSE", sector="GOV", actor_id="hamas")
    store.save_events(
        [
            ev("AID", 7, "2015-03-01", [IRAN], [HAMAS]),
            ev("CONSULT", 1, "2015-04-01", [IRAN, haniyeh_as_pm], []),  # a group's leader as head of government
            ev("CONSULT", 1, "2015-04-01", [IRAN, HAMAS], [], article="other"),  # the same talks, another report
            ev("ACCUSE", -2, "2016-01-01", [PALESTINE], [IRAN]),
            ev("ASSAULT", -9, "2016-02-01", [IRAN], [HAMAS], confidence=0.2),  # under the count threshold
            ev("AID", 5, None, [IRAN], [HAMAS]),  # undated: in no series
        ]
    )
    from tieline.ties import dyad_events

    n_hamas = tie_report(store, "IRN", "hamas")["n"]
    assert len(dyad_events(store, "IRN", "hamas")) == n_hamas == 2
    assert sum(dyad_events(store, "IRN", "hamas").values()) == 3  # the talks were reported twice
    partners = {
        p["partner"]: p["events"]
        for p in top_partners(store, "IRN", n=10)["warmest"] + top_partners(store, "IRN", n=10)["coldest"]
    }
    assert partners["hamas"] == n_hamas
    # the leader acting as prime minister counts for Hamas, not for the Palestinian state
    assert partners["PSE"] == tie_report(store, "IRN", "PSE")["n"] == 1


def test_independent_confirmation_raises_an_events_weight_and_repetition_does_not(store):
    from tieline.records import Article

    def reports(publishers, date):
        for i, pub in enumerate(publishers):
            aid = f"{date}-{i}"
            store.save_article(
                Article(body=f"Report {aid}.", publisher=pub, id=aid),
                [ev("AID", 7, date, [IRAN], [HAMAS], article=aid, confidence=0.6)],
                [],
                None,
            )

    reports(["Wire A", "Wire A", "Wire A"], "2015-03-01")  # one outlet, three times
    reports(["Wire A", "Wire B", "Wire C"], "2016-03-01")  # three outlets
    per = _per(tie_report(store, "IRN", "hamas"))
    assert per["2015"]["events"] == per["2016"]["events"] == 1
    assert per["2015"]["reports"] == per["2016"]["reports"] == 3
    assert per["2015"]["weight"] == pytest.approx(0.6)
    assert per["2016"]["weight"] == pytest.approx(1 - 0.4**3)
