"""Where events happened: the coder finds the place a sentence gives an event (``Event.place``, a
name with what the knowledge base knows of it); ``Geocoder`` resolves it offline to coordinates,
first-level region and country with the gazetteer (``gazetteer.py``), using the article's countries
to tell Tripoli in Libya from Tripoli in Lebanon.  The GeoNames data (CC BY 4.0, see NOTICE) ships in
``geo/data/geonames.tsv.gz``, written by ``tools/build_geonames.py``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Iterable

from ..actors.tagger import NON_STATE_CODES
from ..records import Actor, Event, Place
from .gazetteer import Gazetteer, GeoEntry, place_key

__all__ = ["Geocoder", "Gazetteer", "GeoEntry", "place_key", "fips"]


_FIPS: dict[str, str] = {}


def fips(iso3: str) -> str:
    """The FIPS 10-4 country code GDELT uses for an ISO alpha-3 code ("" when there is none)."""
    if not _FIPS:
        from itertools import takewhile

        from .gazetteer import geonames_rows

        # the bundled GeoNames file lists its countries first
        _FIPS.update({r[2]: r[3] for r in takewhile(lambda r: r[0] == "country", geonames_rows())})
    return _FIPS.get(iso3, "")


NON_STATE = (*NON_STATE_CODES, "WST")  # codes that place nobody in a country


class Geocoder:
    """Resolves the places of events; the gazetteer is loaded on first use (a quarter of a second
    from its cache), so a run whose events name no place never pays for it."""

    def __init__(self, kb=None, gazetteer: Gazetteer | None = None) -> None:
        self.kb = kb
        self._gaz = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            from .gazetteer import load

            self._gaz = load(self.kb)
        return self._gaz

    def place_events(self, events: list[Event], mentions: Iterable[Actor] = ()) -> None:
        """Resolve each event's place in place, with the text's named countries as context."""
        todo = [e for e in events if e.place is not None]
        if not todo:
            return
        context = Counter(a.code for a in mentions if a.code and a.code not in NON_STATE)
        for e in todo:
            assert e.place is not None  # todo holds the events with a place
            own = Counter(a.code for a in e.source + e.target if a.code and a.code not in NON_STATE)
            e.place = self.resolve(e.place, context + own + own)
            if e.place.lat is None and (e.place.how == "target-name" or (e.place.how == "dateline" and not e.place.country)):
                # a target named by a word the gazetteer does not know as a place, or a dateline
                # naming no place anyone knows ("VOA -"): no place at all
                e.place = None
                e.location = None

    def resolve(self, place: Place, context: dict[str, int] | None = None) -> Place:
        """A resolved copy of ``place``: coordinates, region, country, precision and confidence."""
        gaz = self.gazetteer
        p = replace(place)
        if p.precision == "country" or (p.how == "capital-of" and p.country):
            # a country, or "the Turkish capital": the country's entry has its capital's coordinates
            entry = gaz.country(p.country) if p.country else None
            if entry is not None:
                p.lat, p.lon = entry.lat, entry.lon
                if p.how.endswith("-territory"):
                    p.name = entry.name  # named by no word of the text: the country's name
                p.confidence = 0.9 if p.how in ("locative", "capital-of") else 0.6
            return p
        entry, conf = gaz.resolve(p.name, p.country, context)
        if entry is None and p.how != "target-name":
            # "the Hanoi Summit", "Goma prison", "Kandahar airfield": a site or area named
            # after a place the gazetteer knows (its longest leading words), placed there
            words = p.name.split()
            for k in range(len(words) - 1, 0, -1):
                e, c = gaz.resolve(" ".join(words[:k]), p.country, context)
                # (a leading word that is one of several places' names, none in the article's
                # countries, is no evidence: GeoNames lists old and foreign names of far cities)
                if e is not None and e.kind != "country" and (c >= 0.8 or (context or {}).get(e.country)):
                    entry, conf, p.precision = e, c * 0.8, p.precision or "site"
                    break
        if entry is None:
            # kept as written; its country if the base knew it, else the article's own country when
            # one dominates it ("Dasht-e-Barchi" in a story about Kabul)
            if not p.country and context:
                code, n = max(context.items(), key=lambda kv: kv[1])
                if n * 2 > sum(context.values()):
                    p.country, p.how = code, p.how + "+article-country"
            p.confidence = 0.3 if p.country else 0.1
            return p
        p.country = entry.country
        p.lat, p.lon, p.admin1, p.geonameid = entry.lat, entry.lon, entry.admin1, entry.geonameid
        # (a precision the text gave stays: "Idlib province" is the region, placed at its city)
        p.precision = p.precision or entry.kind
        p.confidence = round(conf * {"locative": 1.0, "dateline": 0.6}.get(p.how, 0.8), 3)
        return p
