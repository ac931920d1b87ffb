"""When an event happened: temporal expressions resolved against the publication date.

Handles what news uses most, with the precision the text allows: weekdays ("on Tuesday"),
yesterday/today/tomorrow, "last week/month/year", "over the last two weeks", "N days ago",
"next week", "in the near future", years ("in 1997", "since 2011"), month and year, full dates.
An expression it does not know gives no date (the coder then dates the event by the publication
date, with lower confidence).  Tense decides the direction of a bare weekday.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
NUM = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
    "several": 3,
    "few": 3,
    "couple": 2,
}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# words that open or make a time or quantity expression, for a cheap test before the entity
# recogniser: a sentence without one (nor a digit) has no DATE, TIME or number entity to find
TIME_WORDS = (
    frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | frozenset(NUM) - {"a", "an"}
    | {
        "today",
        "tonight",
        "yesterday",
        "tomorrow",
        "now",
        "currently",
        "recently",
        "soon",
        "last",
        "next",
        "past",
        "ago",
        "earlier",
        "later",
        "previous",
        "coming",
        "this",
        "that",
        "since",
        "until",
        "till",
        "during",
        "second",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "weekend",
        "weekends",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
        "morning",
        "afternoon",
        "evening",
        "night",
        "overnight",
        "dawn",
        "noon",
        "midnight",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "annual",
        "annually",
        "daily",
        "weekly",
        "monthly",
        "quarter",
        "season",
        "christmas",
        "ramadan",
        "eid",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "dozen",
        "dozens",
        "half",
        "first",
        "third",
        "fourth",
        "fifth",
        "once",
        "twice",
        "percent",
        "per",
        "cent",
    }
)


def iso(d: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def parse_published(value: str | None) -> dt.date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(value))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None  # "2017-02-30", "2099-99-99": no date rather than a crash (the caller warns)


def resolve(expr: str, pub: dt.date | None, future: bool = False) -> tuple[str, str] | None:
    """(date, precision) for a temporal expression, or None when it says no date."""
    t = expr.lower().strip()
    t = re.sub(r"^(on|in|since|from|during|over|by|until|till|at|as of|earlier|later)\s+", "", t)
    m = re.search(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\.?,?\s+(\d{4})\b", t) or None
    if m:
        return _mk(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    m = re.search(r"\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", t)
    if m:
        return _mk(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"\b(" + "|".join(MONTHS) + r")\.?,?\s+(\d{4})\b", t)
    if m:
        return f"{int(m.group(2)):04d}-{MONTHS[m.group(1)]:02d}", "month"
    m = _YEAR.search(t)
    if m and not re.search(r"\d{4}s\b", t):
        return m.group(1), "year"
    if pub is None:
        return None
    for i, wd in enumerate(WEEKDAYS):
        if re.search(rf"\b{wd}\b", t):
            delta = (pub.weekday() - i) % 7
            if "next" in t or (future and delta != 0):
                d = pub + dt.timedelta(days=(i - pub.weekday()) % 7 or 7)
            else:
                d = pub - dt.timedelta(days=delta if "last" not in t or delta else 7)
            return d.isoformat(), "day"
    m = re.search(r"\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b", t) or re.search(
        r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(MONTHS) + r")\b", t
    )
    if m:
        a, b = m.group(1), m.group(2)
        month, day = (MONTHS[a], int(b)) if a in MONTHS else (MONTHS[b], int(a))
        return _mk(_nearest_year(pub, month, day, future), month, day)
    # a bare month ("in April", "in late September", "a January attack"): the nearest such month
    m = re.search(r"\b(" + "|".join(MONTHS) + r")\b", t)
    if (
        m
        and not re.search(r"\d", t)
        and m.group(1) not in ("may", "mar", "jan", "jun", "jul", "aug", "oct", "nov", "dec", "sep", "feb", "apr")
        or (m and m.group(1) == "may" and t.strip() in ("may", "early may", "mid-may", "late may"))
    ):
        month = MONTHS[m.group(1)]
        return f"{_nearest_year(pub, month, 28 if future else 1, future, ahead=0):04d}-{month:02d}", "month"
    if "yesterday" in t or "last night" in t:
        return (pub - dt.timedelta(days=1)).isoformat(), "day"
    if "tomorrow" in t:
        return (pub + dt.timedelta(days=1)).isoformat(), "day"
    if re.search(r"\b(today|this morning|this afternoon|tonight|this evening|earlier today)\b", t):
        return pub.isoformat(), "day"
    m = re.search(r"\b(\d+|" + "|".join(NUM) + r")\s+(day|week|month|year)s?\s+ago\b", t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else NUM[m.group(1)]
        return _shift(pub, -n, m.group(2))
    m = re.search(r"\b(?:last|past|previous)\s+(?:(\d+|" + "|".join(NUM) + r")\s+)?(day|week|month|year)s?\b", t)
    if m:
        n = int(m.group(1)) if (m.group(1) or "").isdigit() else NUM.get(m.group(1) or "", 1)
        if m.group(2) == "day":
            return _shift(pub, -n, "day")
        if m.group(2) == "year" and n == 1 and "last year" in t:
            return f"{pub.year - 1:04d}", "year"
        shifted, _ = _shift(pub, -n, m.group(2))
        return (shifted[:7], "month") if m.group(2) in ("week", "month") else (shifted[:4], "year")
    m = re.search(r"\bnext\s+(day|week|month|year)\b", t)
    if m:
        return _shift(pub, 1, m.group(1))
    if re.search(r"\bthis\s+(week|month)\b", t):
        return iso(pub, "month"), "month"
    if "this year" in t:
        return f"{pub.year:04d}", "year"
    if re.search(r"near future|coming (days|weeks|months)|soon|shortly", t):
        return pub.isoformat(), "day"
    if re.search(r"\bearlier this (week|month)\b", t):
        return iso(pub, "month"), "month"
    return None


def _nearest_year(pub: dt.date, month: int, day: int, future: bool, ahead: int = 60) -> int:
    """The year that puts month/day nearest the publication date. News mostly reports the past:
    a date ahead counts double and only up to ``ahead`` days ("ahead of a March 15 summit" in a
    February story is this March); a planned event ("due to meet in January") takes the next one."""
    best, best_cost = pub.year, None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = dt.date(y, month, min(day, 28))
        except ValueError:
            continue
        delta = (d - pub).days
        if future and delta < -7:
            continue
        if not future and delta > ahead:
            continue
        cost = abs(delta) * (2 if delta > 7 and not future else 1)
        if best_cost is None or cost < best_cost:
            best, best_cost = y, cost
    return best


def _mk(y: int, m: int, d: int) -> tuple[str, str] | None:
    try:
        return dt.date(y, m, d).isoformat(), "day"
    except ValueError:
        return None


def _shift(pub: dt.date, n: int, unit: str) -> tuple[str, str]:
    if unit == "day":
        return (pub + dt.timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return (pub + dt.timedelta(weeks=n)).isoformat(), "day"
    if unit == "month":
        y, m = divmod(pub.month - 1 + n, 12)
        return f"{pub.year + y:04d}-{m + 1:02d}", "month"
    return f"{pub.year + n:04d}", "year"
