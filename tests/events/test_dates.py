"""Event dates: temporal expressions resolved against the publication date (unit and through the coder)."""

from __future__ import annotations

import datetime as dt

import pytest

from tieline.events import dates

PUB = dt.date(2017, 5, 31)  # a Wednesday


# -- dates.resolve ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "expr, expected",
    [
        ("on Tuesday", ("2017-05-30", "day")),
        ("Tuesday", ("2017-05-30", "day")),
        ("on Wednesday", ("2017-05-31", "day")),
        ("on Thursday", ("2017-05-25", "day")),  # past by default: the Thursday before
        ("last Sunday", ("2017-05-28", "day")),
        ("next Monday", ("2017-06-05", "day")),
        ("yesterday", ("2017-05-30", "day")),
        ("last night", ("2017-05-30", "day")),
        ("today", ("2017-05-31", "day")),
        ("tomorrow", ("2017-06-01", "day")),
        ("three days ago", ("2017-05-28", "day")),
        ("two weeks ago", ("2017-05-17", "day")),
        ("last week", ("2017-05", "month")),
        ("last month", ("2017-04", "month")),
        ("last year", ("2016", "year")),
        ("over the last two weeks", ("2017-05", "month")),
        ("next week", ("2017-06-07", "day")),
        ("this year", ("2017", "year")),
        ("in 1997", ("1997", "year")),
        ("since 2011", ("2011", "year")),
        ("in March 2012", ("2012-03", "month")),
        ("on May 5, 2016", ("2016-05-05", "day")),
        ("5 May 2016", ("2016-05-05", "day")),
        ("2015-08-14", ("2015-08-14", "day")),
        ("on May 20", ("2017-05-20", "day")),
        ("on June 20", ("2017-06-20", "day")),  # a day a few weeks ahead is this year's (a coming event)
        ("on October 20", ("2016-10-20", "day")),  # a day months ahead is last year's
        ("in April", ("2017-04", "month")),  # a bare month: the latest one
        ("in late September", ("2016-09", "month")),
        ("in the near future", ("2017-05-31", "day")),
        ("in the coming weeks", ("2017-05-31", "day")),
    ],
)
def test_resolve(expr, expected):
    assert dates.resolve(expr, PUB) == expected


def test_resolve_future_weekday_when_intended():
    assert dates.resolve("on Friday", PUB, future=True) == ("2017-06-02", "day")
    assert dates.resolve("on Friday", PUB) == ("2017-05-26", "day")


def test_resolve_needs_publication_date_for_relative_expressions():
    assert dates.resolve("yesterday", None) is None
    assert dates.resolve("on Tuesday", None) is None
    assert dates.resolve("in 1997", None) == ("1997", "year")


@pytest.mark.parametrize("expr", ["the 1990s", "recently", "for a long time", "February 30, 2017"])
def test_resolve_no_date(expr):
    assert dates.resolve(expr, PUB) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2017-05-31T10:00:00+03:00", dt.date(2017, 5, 31)),
        ("2017-05", dt.date(2017, 5, 1)),
        ("2017", dt.date(2017, 1, 1)),
        (None, None),
        ("", None),
        ("yesterday", None),
    ],
)
def test_parse_published(value, expected):
    assert dates.parse_published(value) == expected


# -- through the coder -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hamas criticized Egypt on Tuesday.", "2017-05-30"),
        ("Hamas criticized Egypt yesterday.", "2017-05-30"),
        ("Hamas criticized Egypt last week.", "2017-05"),
        ("Iran cut off aid to Hamas in 1997.", "1997"),
        ("Iran has supported Hamas since 2011.", "2011"),
        ("Iran plans to resume aid to Hamas in the near future.", "2017-05-31"),
        ("Hamas criticized Egypt over the border closure.", "2017-05-31"),  # no expression: publication date
        ("Haniyeh is due to visit Tehran on Friday.", "2017-06-02"),  # planned: the coming Friday
    ],
)
def test_event_date(tl, text, expected):
    evs = tl.code(text, PUB.isoformat())
    assert evs, text
    assert evs[0].date == expected
    assert evs[0].published == PUB.isoformat()


def test_event_date_not_publication_date_for_past_year(tl):
    evs = tl.code("Iran cut off its aid to Hamas in 2012 over the war in Syria.", "2017-05-30")
    e = [x for x in evs if x.type == "SANCTION"][0]
    assert e.date == "2012" and e.published == "2017-05-30"


def test_event_date_without_publication_date(tl):
    evs = tl.code("Hamas criticized Egypt yesterday.")
    assert evs and evs[0].date is None


def test_paragraph_year_carries_to_background_event(tl):
    text = (
        "In 2012, Hamas broke with Damascus over the war in Syria. Iran had cut off aid to Hamas.\n\n"
        "Iran and Hamas held talks in Beirut on Sunday."
    )
    evs = tl.code(text, "2017-05-30")
    cut = [e for e in evs if e.type == "SANCTION" and "Iran" in [a.entity for a in e.source]]
    talks = [e for e in evs if e.type == "CONSULT"]
    assert cut and cut[0].date == "2012"
    assert talks and talks[0].date == "2017-05-28"


def test_paragraph_year_does_not_cross_paragraphs(tl):
    same = tl.code("In 2012, Hamas broke with Damascus. Iran had cut off aid to Hamas.", "2017-05-30")
    apart = tl.code("In 2012, Hamas broke with Damascus.\n\nIran had cut off aid to Hamas.", "2017-05-30")
    cut_same = [e for e in same if e.trigger and e.trigger.startswith("cut")]
    cut_apart = [e for e in apart if e.trigger and e.trigger.startswith("cut")]
    assert cut_same[0].date == "2012"
    assert cut_apart[0].date is None  # past perfect with no year in its paragraph: undated history


def test_clause_before_a_reference_point_is_undated(tl):
    evs = tl.code(
        "Turkey and Israel plan to restore relations to where they stood before the flotilla raid, "
        "when the two countries broke off their ties.",
        "2016-06-27",
    )
    broke = [e for e in evs if e.trigger and e.trigger.startswith("broke")]
    assert broke and broke[0].date is None
    restore = [e for e in evs if e.trigger and e.trigger.startswith("restore")]
    assert restore and restore[0].date == "2016-06-27"


def test_dates_ahead_of_publication_are_this_year():
    """ "ahead of a March 15 summit" and "slated to expire March 8" in a story of 10 February."""
    pub = dt.date(2025, 2, 10)
    assert dates.resolve("March 15", pub) == ("2025-03-15", "day")
    assert dates.resolve("March 8", pub) == ("2025-03-08", "day")
    assert dates.resolve("December 20", pub) == ("2024-12-20", "day")


def test_planned_month_is_the_next_one():
    assert dates.resolve("in January", dt.date(2019, 11, 25), future=True) == ("2020-01", "month")
    assert dates.resolve("in November", dt.date(2019, 11, 25), future=True) == ("2019-11", "month")
