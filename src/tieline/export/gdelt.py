"""Events as rows of the GDELT 2.0 event table (tab-separated, the 61 columns in GDELT's order).

Tieline fills the columns it knows and leaves the others empty (docs/export.md lists each).
Goldstein scale and quad class come from ``data/cameo_goldstein.tsv`` (keyed by CAMEO code).
"""

from __future__ import annotations

import functools
import hashlib
import pathlib
import re
from typing import Any, Iterator, Sequence

from ..records import Actor, Event
from ..store.base import date_key
from .core import articles_for

DATA = pathlib.Path(__file__).with_name("data") / "cameo_goldstein.tsv"
NON_COUNTRY = ("IGO", "NGO", "IMG", "MNC", "UIS")

_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GDELT_COLUMNS: list[str] = (
    ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR]
    + [f"Actor2{c}" for c in _ACTOR]
    + [
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    ]
    + [f"Actor1Geo_{c}" for c in _GEO]
    + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
assert len(GDELT_COLUMNS) == 61

# PLOVER type -> CAMEO root, used only when an event has no CAMEO code (GDELT needs one)
PLOVER_ROOT = {
    "AGREE": "03",
    "CONSULT": "04",
    "SUPPORT": "05",
    "CONCEDE": "08",
    "COOPERATE": "06",
    "AID": "07",
    "RETREAT": "08",
    "REQUEST": "02",
    "ACCUSE": "11",
    "REJECT": "12",
    "THREATEN": "13",
    "PROTEST": "14",
    "SANCTION": "16",
    "MOBILIZE": "15",
    "COERCE": "17",
    "ASSAULT": "18",
}


@functools.lru_cache(maxsize=1)
def cameo_table() -> dict[str, tuple[float, int]]:
    """CAMEO code -> (Goldstein, GDELT quad class)."""
    out: dict[str, tuple[float, int]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("cameo_code"):
            continue
        code, g, _root, quad, *_ = line.split("\t")
        out[code] = (float(g), int(quad))
    return out


def global_event_id(event_id: str) -> int:
    """A stable positive integer for a Tieline event id (GDELT ids are integers): 53 bits of SHA-1."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:14], 16) >> 3


def _actor_cols(a: Actor | None) -> list[str]:
    if a is None:
        return [""] * len(_ACTOR)
    code = a.code or ""
    country = code if code and code not in NON_COUNTRY else ""
    type1 = a.sector or (code if code in NON_COUNTRY else "")
    cameo_code = code + (a.sector or "") if code else (a.sector or "")
    name = (a.entity or a.text or "").upper()
    return [cameo_code, name, country, "", "", "", "", type1, "", ""]


def _clean(v: Any) -> str:
    return "" if v is None else re.sub(r"[\t\r\n]+", " ", str(v))


def _dateadded(published: str | None) -> str:
    if not published:
        return ""
    digits = re.sub(r"[^0-9]", "", published[:19])
    return (digits + "0" * 14)[:14] if len(digits) >= 8 else ""


def cluster_key(e: Event) -> tuple:
    s = e.source[0] if e.source else None
    t = e.target[0] if e.target else (e.source[1] if len(e.source) > 1 else None)

    def k(a: Actor | None) -> tuple | None:
        key = (a.code, a.sector, a.actor_id or a.entity) if a else None
        return key if key and (key[0] or key[2]) else None

    return (e.type, e.date, k(s), k(t))


def mention_counts(store: Any) -> dict[tuple, tuple[int, int, int]]:
    """(type, date, first source, first target) -> (mentions, sources, articles) over the whole store:
    GDELT counts every report of an event, not only the exported ones."""
    rows = store.query(
        """SELECT e.type, e.date, s.code, s.sector, COALESCE(s.actor_id, s.entity),
                  t.code, t.sector, COALESCE(t.actor_id, t.entity),
                  COUNT(*), COUNT(DISTINCT a.publisher), COUNT(DISTINCT e.article_id)
           FROM events e
           LEFT JOIN event_actors s ON s.event_id = e.event_id AND s.role = 'source' AND s.ord = 0
           LEFT JOIN event_actors t ON t.event_id = e.event_id
                AND ((t.role = 'target' AND t.ord = 0)
                     OR (t.role = 'source' AND t.ord = 1 AND NOT EXISTS (
                         SELECT 1 FROM event_actors x WHERE x.event_id = e.event_id AND x.role = 'target')))
           LEFT JOIN articles a ON a.id = e.article_id
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"""
    )
    out = {}
    for r in rows:
        s = (r[2], r[3], r[4]) if r[2] or r[4] else None
        t = (r[5], r[6], r[7]) if r[5] or r[7] else None
        out[(r[0], r[1], s, t)] = (int(r[8]), int(r[9]), int(r[10]))
    return out


def _action_geo(e: Event) -> list[str]:
    """GDELT's ActionGeo columns: Type (1 country, 2 US state, 3 US city, 4 world city, 5 world
    region), FullName, CountryCode and ADM1Code (FIPS 10-4, as GDELT uses), ADM2Code (empty), Lat,
    Long, FeatureID (the GeoNames id)."""
    p = e.place
    if p is None or not (p.country or p.lat is not None):
        return [""] * 8
    from ..geo import fips

    cc = fips(p.country) if p.country else ""
    us = p.country == "USA"
    kind = {"country": "1", "region": "2" if us else "5"}.get(p.precision or "", "3" if us else "4")
    adm1 = f"{cc}{p.admin1}" if cc and p.admin1 and p.precision != "country" else cc
    return [
        kind,
        p.name,
        cc,
        adm1,
        "",
        "" if p.lat is None else f"{p.lat:.4f}",
        "" if p.lon is None else f"{p.lon:.4f}",
        "" if p.geonameid is None else str(p.geonameid),
    ]


def gdelt_row(
    e: Event, article: dict[str, Any] | None = None, counts: tuple[int, int, int] | None = None, root: bool = False
) -> list[str]:
    article = article or {}
    d = date_key(e.date)
    table = cameo_table()
    cameo = (e.cameo or "").strip() or PLOVER_ROOT.get(e.type, "")
    gold, quad = table.get(cameo) or table.get(cameo[:3]) or table.get(cameo[:2]) or (None, None)
    a1 = e.source[0] if e.source else None
    a2 = e.target[0] if e.target else (e.source[1] if len(e.source) > 1 else None)
    mentions, sources, articles = counts or (1, 1 if article.get("publisher") else 0, 1)
    geo_action = _action_geo(e)
    row = [
        str(global_event_id(e.event_id)),
        d.strftime("%Y%m%d") if d else "",
        d.strftime("%Y%m") if d else "",
        str(d.year) if d else "",
        f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}" if d else "",
        *_actor_cols(a1),
        *_actor_cols(a2),
        "1" if root else "0",
        cameo,
        cameo[:3],
        cameo[:2],
        "" if quad is None else str(quad),
        "" if gold is None else f"{gold:.1f}",
        str(mentions),
        str(sources),
        str(articles),
        "",
        *([""] * 8),
        *([""] * 8),
        *geo_action,
        _dateadded(e.published or article.get("published")),
        article.get("url") or "",
    ]
    return [_clean(v) for v in row]


def write_gdelt(store: Any, batches: Iterator[Sequence[Event]], out, header: bool = True) -> int:
    counts = mention_counts(store)
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    n = 0
    for evs in batches:
        arts = articles_for(store, evs)
        first: dict[str, int] = {}
        ids = sorted({e.article_id for e in evs if e.article_id})
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            first.update(
                dict(
                    store.query(
                        "SELECT article_id, MIN(sentence_start) FROM events WHERE article_id IN ("
                        + ", ".join("?" for _ in chunk)
                        + ") GROUP BY article_id",
                        chunk,
                    )
                )
            )
        for e in evs:
            root = e.article_id is not None and first.get(e.article_id) == e.sentence_start
            out.write("\t".join(gdelt_row(e, arts.get(e.article_id or ""), counts.get(cluster_key(e)), root)) + "\n")
            n += 1
    return n
