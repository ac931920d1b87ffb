"""Typed records passed from stage to stage.

The flow is one-directional: ingest -> Article -> nlp/actors -> Actor mentions -> events -> Event
-> store -> ties.  Every stage takes and returns these records; nothing else crosses a stage
boundary.  ``to_dict`` gives the JSON shape of DESIGN.md's contracts.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
MODALITIES = ("asserted", "alleged", "reported", "intended", "negated", "hypothetical")

_WS = re.compile(r"\s+")


def content_hash(*parts: str) -> str:
    """Stable id of an article: the same text from two files gets the same id."""
    norm = "\n".join(_WS.sub(" ", p or "").strip().lower() for p in parts)
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One clean news article, whatever format it came in."""

    body: str  # paragraphs separated by a blank line
    title: str | None = None
    published: str | None = None  # ISO 8601, timezone kept when given
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    credit: list[str] = field(default_factory=list)  # "Reuters contributed to this report" -> Reuters
    url: str | None = None
    language: str | None = None
    path: str | None = None  # where it was read from (file, file#item, url)
    format: str | None = None  # text | html | feed | warc | jsonl | csv
    id: str = ""
    # near-duplicate band keys (ingest/near_duplicates.py; [] a body too short to compare), set by
    # the Dask worker that read it or by the ingest loop; None: not made yet.  Not part of the contract
    fingerprint: list[int] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.body)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    def to_dict(self) -> dict[str, Any]:
        """The `tieline extract` contract."""
        return {
            "path": self.path,
            "title": self.title,
            "published": self.published,
            "publisher": self.publisher,
            "authors": list(self.authors),
            "credit": list(self.credit),
            "url": self.url,
            "language": self.language,
            "body": self.body,
        }


@dataclass
class Actor:
    """An actor mention resolved to a knowledge-base entry (or captured as unknown)."""

    text: str  # as written
    start: int | None  # char offsets in the text given to the tagger/coder
    end: int | None  # (None for an implied actor that the text does not name)
    entity: str | None = None  # canonical name
    code: str | None = None  # ISO alpha-3 of the actor's country, or IGO/NGO/IMG
    sector: str | None = None  # GOV MIL REB OPP CVL COP JUD LEG MED BUS ...
    wikidata: str | None = None
    actor_id: str | None = None  # knowledge-base id; None for unknown actors
    known: bool = True
    how: str = ""  # why it resolved this way (kb, title, descriptor, pronoun, ner...)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of an actor (CLI, API, exports)."""
        d = {
            "text": self.text,
            "entity": self.entity,
            "code": self.code,
            "sector": self.sector,
            "start": self.start,
            "end": self.end,
        }
        if self.wikidata:
            d["wikidata"] = self.wikidata
        if self.actor_id:
            d["actor_id"] = self.actor_id
        if not self.known:
            d["known"] = False
        if self.how:
            d["how"] = self.how
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Actor":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Place:
    """Where an event happened: the place as the text names it, resolved offline to the gazetteer
    (``geo/``) when it can be.  ``precision``: site, city, region or country; ``how``: the evidence
    (a locative phrase of the event, the place its act hit, its target's territory, the dateline)."""

    name: str  # as written ("Kharkiv", "the Turkish capital")
    country: str | None = None  # ISO alpha-3 of the country it lies in
    precision: str | None = None  # site | city | region | country
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None  # first-level region (GeoNames admin1 code or name)
    geonameid: int | None = None
    confidence: float = 0.0
    how: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of a place (the event's ``place``)."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None and v != ""}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Place":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Event:
    """Who did what to whom, when, according to whom, with the sentence that says so."""

    type: str  # PLOVER type
    source: list[Actor]
    target: list[Actor]
    sentence: str
    sentence_start: int  # offset of the sentence in the coded text
    mode: str | None = None
    context: str | None = None
    cameo: str | None = None
    score: float | None = None  # PLOVER -10..+10
    date: str | None = None  # when it happened: "2012", "2017-05", "2017-05-30"
    published: str | None = None
    modality: list[str] = field(default_factory=lambda: ["asserted"])
    attributed_to: str | None = None
    location: str | None = None  # where it happened, as written (``place`` resolves it)
    place: Place | None = None
    confidence: float = 0.5
    trigger: str | None = None  # the words that carried the event
    article_id: str | None = None
    event_id: str = ""
    explanation: dict[str, Any] | None = None  # why the coder made it (``tieline code --explain``); not stored

    def assign_id(self, article_id: str | None, ordinal: int) -> None:
        """Give the event its stable id: the article's id and its rank in the article."""
        self.article_id = article_id
        self.event_id = f"{article_id or 'text'}-{ordinal:03d}"

    @property
    def reciprocal(self) -> bool:
        return not self.target and len(self.source) >= 2

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of an event: the `tieline code` contract and the stored record."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "type": self.type,
            "mode": self.mode,
            "context": self.context,
            "cameo": self.cameo,
            "score": self.score,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "date": self.date,
            "published": self.published,
            "modality": list(self.modality),
            "attributed_to": self.attributed_to,
            "location": self.location,
            "place": self.place.to_dict() if self.place else None,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
        }

    def explained(self) -> dict[str, Any]:
        """The record with the coder's reasons beside it."""
        return {**self.to_dict(), "explain": self.explanation or {}}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        names = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["source"] = [Actor.from_dict(a) for a in d.get("source") or []]
        kw["target"] = [Actor.from_dict(a) for a in d.get("target") or []]
        kw["place"] = Place.from_dict(d["place"]) if d.get("place") else None
        return cls(**kw)


@dataclass
class Problem:
    """An input that could not be read: reported with its path and reason, kept in quarantine."""

    path: str
    reason: str  # short machine-readable reason: empty, binary, encoding, gzip, malformed, too-large, ...
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of a problem (`tieline quarantine`, ingest reports)."""
        return dataclasses.asdict(self)
