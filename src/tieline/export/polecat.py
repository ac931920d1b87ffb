"""PLOVER event records as JSON lines, in the shape of PLOVER / POLECAT event data.

Each line is one event (see docs/export.md for every field); ``polecat.schema.json`` beside this
module is the JSON Schema the records satisfy.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any, Iterator, Sequence

from ..records import Actor, Event
from ..store.base import date_key
from .core import articles_for, date_precision

SCHEMA_PATH = pathlib.Path(__file__).with_name("polecat.schema.json")
PLOVER_VERSION = "2.0"

# PLOVER's four quad categories (POLECAT "Quad Code")
QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "Verbal Cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "Material Cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "Verbal Conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "Material Conflict"),
}
NON_COUNTRY = ("IGO", "NGO", "IMG", "MNC", "UIS")


def polecat_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tieline")
    except Exception:  # noqa: BLE001
        return "0"


def _implied_name(a: Actor) -> str:
    return " ".join(x for x in ("implied", a.code, a.sector) if x)


def _actor(a: Actor, role: str) -> dict[str, Any]:
    country = a.code if a.code and a.code not in NON_COUNTRY else None
    return {
        # an implied actor ("he was arrested": the authorities) has no words of its own
        "role": role,
        "name": a.entity or a.text or _implied_name(a),
        "text": a.text,
        "country": country,
        "code": a.code,
        "sector": a.sector,
        "actor_id": a.actor_id,
        "wikidata": a.wikidata,
        "known": a.known,
    }


def _contexts(context: str | None) -> list[str]:
    return [c.strip() for c in (context or "").replace(";", ",").split(",") if c.strip()]


def _location(e: Event) -> dict[str, Any] | None:
    """PLOVER's event location: the place as written, its country, coordinates and precision."""
    p = e.place
    if p is None:
        return {"name": e.location, "country": None} if e.location else None
    return {
        "name": p.name,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "admin1": p.admin1,
        "precision": p.precision,
        "geonameid": p.geonameid,
        "confidence": p.confidence,
        "how": p.how or None,
    }


def polecat_record(e: Event, article: dict[str, Any] | None = None, version: str | None = None) -> dict[str, Any]:
    article = article or {}
    d = date_key(e.date)
    actors = [_actor(a, "source") for a in e.source] + [_actor(a, "target") for a in e.target]
    src = actors[0] if e.source else None
    tgt = _actor(e.target[0], "target") if e.target else (_actor(e.source[1], "source") if e.reciprocal else None)
    return {
        "id": e.event_id,
        "date": d.isoformat() if d else None,
        "date_raw": e.date,
        "date_precision": date_precision(e.date),
        "event_type": e.type,
        "mode": e.mode,
        "context": _contexts(e.context),
        "quad_code": QUAD.get(e.type),
        "intensity": e.score,
        "cameo": e.cameo,
        "source": src,
        "target": tgt,
        "actors": actors,
        "reciprocal": e.reciprocal,
        "modality": list(e.modality or []),
        "attributed_to": e.attributed_to,
        "location": _location(e),
        "text": e.sentence,
        "sentence_start": e.sentence_start,
        "trigger": e.trigger,
        "confidence": e.confidence,
        "story_id": e.article_id,
        "publication_date": e.published or article.get("published"),
        "publisher": article.get("publisher"),
        "url": article.get("url"),
        "headline": article.get("title"),
        "language": "en",
        "coder": f"tieline {version or _version()}",
        "plover_version": PLOVER_VERSION,
    }


def write_polecat(store: Any, batches: Iterator[Sequence[Event]], out) -> int:
    n, v = 0, _version()
    for evs in batches:
        arts = articles_for(store, evs)
        for e in evs:
            out.write(json.dumps(polecat_record(e, arts.get(e.article_id or ""), v), ensure_ascii=False) + "\n")
            n += 1
    return n
