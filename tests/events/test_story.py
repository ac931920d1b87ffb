"""One whole article, end to end: the cooling and warming of Iran-Hamas ties told by its events.

The article is written for this test (it retells, in new words, the story DESIGN.md motivates).
"""

from __future__ import annotations

import pytest

STORY = """Iran has quietly renewed its financial support for Hamas, Palestinian officials told the London-based daily Al-Hayat on Monday.

Tehran cut off its aid to the Gaza-based movement in 2012 after Hamas refused to back Syrian President Bashar Assad in the civil war. Iran allegedly resumed financial backing for Hamas last month, according to the officials.

Iranian and Hamas delegations held talks in Beirut last week, and the two sides plan to restore full relations. Hamas leader Ismail Haniyeh is expected to visit Tehran in the coming weeks.

Israel condemned the rapprochement on Sunday."""
PUB = "2017-05-30"


@pytest.fixture(scope="module")
def events(tl):
    return tl.code(STORY, PUB, article_id="story")


def find(events, type_, src_code, tgt_code=None):
    for e in events:
        if (
            e.type == type_
            and src_code in {a.code for a in e.source}
            and (tgt_code is None or tgt_code in {a.code for a in e.source + e.target})
        ):
            return e
    raise AssertionError(f"no {type_} {src_code}->{tgt_code} in {[(e.type, e.trigger) for e in events]}")


def test_cooling_in_2012(events):
    e = find(events, "SANCTION", "IRN", "PSE")
    assert e.date == "2012" and e.modality == ["asserted"] and e.score < 0
    assert e.target[0].entity == "Hamas"  # "the Gaza-based movement"
    assert e.source[0].text == "Tehran"


def test_refusal_to_back_assad(events):
    e = find(events, "REJECT", "PSE", "SYR")
    assert e.date == "2012"


def test_alleged_resumption_last_month(events):
    e = find(events, "AID", "IRN", "PSE")
    alleged = [x for x in events if x.type == "AID" and "alleged" in x.modality]
    assert alleged and alleged[0].date == "2017-04"
    assert alleged[0].attributed_to and "officials" in alleged[0].attributed_to
    assert e.score > 0


def test_reported_renewal_attributed(events):
    first = events[0]
    assert first.type == "AID" and "reported" in first.modality
    assert first.attributed_to == "Palestinian officials"


def test_talks_reciprocal_last_week(events):
    e = find(events, "CONSULT", "IRN", "PSE")
    assert e.target == [] and {a.code for a in e.source} == {"IRN", "PSE"}
    assert e.date == "2017-05"


def test_planned_visit(events):
    e = [x for x in events if x.type == "CONSULT" and any(a.entity == "Ismail Haniyeh" for a in x.source)]
    assert e and "intended" in e[0].modality and e[0].target[0].code == "IRN"


def test_planned_restoration_by_the_two_sides(events):
    e = [x for x in events if x.type == "COOPERATE"]
    assert e and "intended" in e[0].modality
    assert {a.code for a in e[0].source} == {"IRN", "PSE"}


def test_story_in_reading_order_with_sentences(events):
    starts = [e.sentence_start for e in events]
    assert starts == sorted(starts)
    for e in events:
        assert STORY[e.sentence_start :].startswith(e.sentence)
    assert events[-1].type == "ACCUSE" and events[-1].source[0].code == "ISR"
    assert [e.event_id for e in events] == [f"story-{i:03d}" for i in range(len(events))]
