"""Article metadata from page text and record fields: dates (ISO 8601), publisher, authors,
language.  Month names, time zones and title separators are data (``data/metadata.yaml``)."""

from __future__ import annotations

import functools
import re
from collections import Counter

from .boilerplate import WORD, cues, load_yaml


@functools.lru_cache(maxsize=1)
def _meta() -> dict:
    d = load_yaml("metadata.yaml")
    month = {}
    for num, names in d["months"].items():
        for n in names:
            month[str(n).lower()] = int(num)
    d["month_of"] = month
    d["function_words"] = {k: frozenset(str(w) for w in v) for k, v in (d.get("function_words") or {}).items()}
    d["scripts"] = {k: re.compile(v) for k, v in (d.get("scripts") or {}).items()}
    names = sorted(month, key=len, reverse=True)
    mon = "(?P<mon>" + "|".join(re.escape(n) for n in names) + r")\.?"
    tzs = "|".join(sorted(map(re.escape, d["timezones"]), key=len, reverse=True))
    time = (
        r"(?:\s*(?:@|at|,|-|–|\|)?\s*(?P<h>\d{1,2})[:.h](?P<mi>\d\d)(?::(?P<s>\d\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
        r"(?:\s*\(?(?P<tz>" + tzs + r"|[+-]\d\d:?\d\d)\)?)?)?"
    )
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    d["rx_mdy"] = re.compile(r"\b" + mon + r"\s+" + day + r",?\s+(?P<y>(?:19|20)\d\d)\b" + time, re.I)
    d["rx_dmy"] = re.compile(r"\b" + day + r"\.?\s+(?:de\s+)?" + mon + r",?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)\b" + time, re.I)
    d["rx_num"] = re.compile(r"(?<![\d./])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)\b" + time)
    d["rx_iso"] = re.compile(
        r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<h>[0-2]\d):(?P<mi>\d\d)(?::(?P<s>\d\d)(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d\d:?\d\d|UTC|GMT)?)?"
    )
    return d


def _iso(y, mo, d, h=None, mi=None, s=None, ampm=None, tz=None) -> str | None:
    try:
        y, mo, d = int(y), int(mo), int(d)
        import datetime

        datetime.date(y, mo, d)
    except (ValueError, TypeError):
        return None
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if h is None:
        return out
    h, mi = int(h), int(mi)
    if ampm:
        a = ampm.lower().replace(".", "").replace(" ", "")
        if a == "pm" and h < 12:
            h += 12
        elif a == "am" and h == 12:
            h = 0
    if h > 23 or mi > 59:
        return out
    out += f"T{h:02d}:{mi:02d}" + (f":{int(s):02d}" if s else "")
    if tz:
        zones = _meta()["timezones"]
        off = zones.get(tz.upper()) if tz.upper() in zones else tz
        if re.fullmatch(r"[+-]\d{4}", off):
            off = off[:3] + ":" + off[3:]
        out += off
    return out


def find_date(text: str) -> str | None:
    """The first full date (with its time and zone when given) in a piece of text, ISO 8601."""
    return find_date_at(text)[0]


def find_date_at(text: str) -> tuple[str | None, int]:
    """(ISO date, offset where it starts) of the first full date in the text; (None, -1) if none."""
    m_ = _meta()
    best = None
    for rx in (m_["rx_mdy"], m_["rx_dmy"], m_["rx_iso"], m_["rx_num"]):
        m = rx.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None, -1
    g = best.groupdict()
    if g.get("sep"):  # 30.05.2017, 30/05/2017; 05/30/2017 only when the day says so
        a, b = int(g["a"]), int(g["b"])
        g["d"], g["m"] = (str(b), str(a)) if g["sep"] == "/" and b > 12 >= a else (str(a), str(b))
    mo = g.get("m") or m_["month_of"].get(g["mon"].lower().rstrip("."))
    return _iso(g["y"], mo, g["d"], g.get("h"), g.get("mi"), g.get("s"), g.get("ampm"), g.get("tz")), best.start()


def normalize_date(value) -> str | None:
    """A date field (RFC 822, ISO, 'May 30, 2017', epoch seconds, struct_time) as ISO 8601."""
    if value is None or value == "":
        return None
    import datetime
    import time as _time

    if isinstance(value, (int, float)):
        ts = value / 1000 if value > 1e11 else value
        try:
            return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).isoformat()
        except (ValueError, OverflowError, OSError):
            return None  # NaN, infinity or a timestamp out of range: no date, the record stays
    if isinstance(value, _time.struct_time):
        return datetime.datetime(*value[:6], tzinfo=datetime.timezone.utc).isoformat()
    s = str(value).strip()
    if re.fullmatch(r"\d{4}-\d\d(-\d\d)?", s):  # a bare date stays a date
        return s
    if re.fullmatch(r"\d{9,13}", s):
        return normalize_date(int(s))
    try:
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = find_date(s)
    if found:
        return found
    try:
        import dateparser

        dt = dateparser.parse(s, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # dateparser raises assorted errors on junk
        dt = None
    return dt.isoformat() if dt else None


def split_title(line: str) -> list[str]:
    """'Site » Headline' -> ['Site', 'Headline']; a line without a separator -> [line]."""
    for sep in _meta()["title_separators"]:
        if sep in line:
            return [p.strip() for p in line.split(sep) if p.strip()]
    return [line]


_NAME_TOKEN = r"(?:[A-Z][\w'’.-]*|of|the|and|al|el|de|&)"


@functools.lru_cache(maxsize=1)
def _publisher_rx() -> re.Pattern:
    c = cues()
    nouns = "|".join(sorted(map(re.escape, c.publisher_nouns), key=len, reverse=True))
    return re.compile(
        r"\b(?P<the>The\s+)?(?P<name>(?:[A-Z][\w'’.-]*\s+){1,4}?(?:"
        + nouns
        + r"))\b(?P<suffix>\s+(?:"
        + "|".join(map(re.escape, c.publisher_suffixes))
        + r"))?"
    )


def guess_publisher(lines: list[str]) -> str | None:
    """The news organisation a page names itself with, from lines outside the article body:
    the most repeated 'X Post' / 'The X Times' style name; ties go to the first seen."""
    rx = _publisher_rx()
    counts: Counter = Counter()
    with_the: set = set()
    order: dict = {}
    for line in lines:
        for m in rx.finditer(line):
            name = m.group("name").strip()
            if len(name.split()) < 2:
                continue
            counts[name] += 1
            order.setdefault(name, len(order))
            if m.group("the"):
                with_the.add(name)
    if not counts:
        return None
    name = max(counts, key=lambda n: (counts[n], -order[n]))
    return ("The " + name) if name in with_the else name


_COPYRIGHT = re.compile(
    r"(?:©|\([cC]\)|\b(?i:copyright)\b)\s*(?:©\s*|\([cC]\)\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?\s*,?\s*"
    r"(?P<name>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+(?:[A-Z&][\w&.'’-]*|of|and)){0,5})"
)
_NAME_END = re.compile(r"(?:\.|,|\s+(?:All|Inc|Ltd|LLC|Limited|GmbH|S\.A)\b).*$")


def copyright_holder(lines: list[str]) -> str | None:
    """'The Harbor Ledger' from '© 2023 The Harbor Ledger. All rights reserved.' (footer first)."""
    for line in reversed(lines):
        m = _COPYRIGHT.search(line)
        if m:
            name = _NAME_END.sub("", m.group("name")).strip()
            if name and len(name.split()) <= 6 and name.lower().split()[0] not in ("all", "copyright"):
                return name
    return None


_BYLINE = re.compile(
    r"^(?:(?:posted|written|published|filed)\s+)?by\s+(?P<who>[^|•·\d]{3,120}?)\s*(?:[|•·,]|\bon\b|\bat\b|$)", re.I
)


def byline_authors(line: str) -> list[str]:
    """['Jane Doe', 'John Roe'] from 'By Jane Doe and John Roe'; [] for other lines."""
    m = _BYLINE.match(line.strip())
    if not m:
        return []
    names = [n.strip(" .") for n in re.split(r",|\band\b|&", m.group("who"))]
    return [n for n in names if n and 1 <= len(n.split()) <= 5 and n[0].isupper()]


MIN_LETTERS = 20  # fewer letters than this is too little text to tell its language


def language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, None for too little text (fewer than MIN_LETTERS
    letters: "Tuesday, June 8, 2021" says nothing of its language, and asking py3langid would
    load its model, a second of CPU).  A script that names its language, or a clear majority of one
    language's function words (data/metadata.yaml), answers at once; anything else goes to
    py3langid."""
    sample = text[:3000]
    letters = sum(map(str.isalpha, sample))
    if letters < MIN_LETTERS:
        return None
    quick = _quick_language(sample, letters)
    if quick:
        return quick
    import py3langid

    return py3langid.classify(sample)[0]


def _quick_language(sample: str, letters: int | None = None) -> str | None:
    m = _meta()
    letters = (sum(map(str.isalpha, sample)) if letters is None else letters) or 1
    for code, rx in m["scripts"].items():
        if len(rx.findall(sample)) >= 0.3 * letters:
            return code
    words = [w for w in WORD.findall(sample.lower()) if not w.isdigit()]
    if len(words) < 40:
        return None
    counts = sorted(((sum(w in fw for w in words), code) for code, fw in m["function_words"].items()), reverse=True)
    (best, code), second = counts[0], (counts[1][0] if len(counts) > 1 else 0)
    if best >= m["function_words_min_ratio"] * len(words) and best >= m["function_words_margin"] * second:
        return code
    return None
