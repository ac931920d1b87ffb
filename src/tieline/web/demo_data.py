"""Synthetic, realistic-looking articles and events for the web tests, screenshots and load test.

    from tieline.web.demo_data import fill_store
    fill_store(store, articles=240, seed=7)

Everything is made up but shaped like Tieline's output: articles with bodies, actor mentions at
their character offsets (some unknown actors among them), PLOVER events with sentences, sources,
modalities and event dates of any precision, 2011-2018.  The relations follow a story: Iran and
Hamas warm in 2011, cool sharply when Iran cuts aid in 2012, and warm again from 2017; Iran and
Saudi Arabia break ties in 2016; Israel and Hamas stay hostile.
"""

from __future__ import annotations

import random
from typing import Any

from ..records import Actor, Article, Event

# name -> (entity, code, sector, actor_id, surface forms)
ACTORS: dict[str, tuple[str, str, str | None, str | None, tuple[str, ...]]] = {
    "Iran": ("Iran", "IRN", None, "IRN", ("Iran", "Tehran", "Iran", "Iran")),
    "Zarif": ("Mohammad Javad Zarif", "IRN", "GOV", "mohammad-javad-zarif", ("Iranian Foreign Minister Mohammad Javad Zarif",)),
    "Hamas": ("Hamas", "PSE", "REB", "hamas", ("Hamas", "Hamas", "the Islamic Resistance Movement")),
    "Haniyeh": ("Ismail Haniyeh", "PSE", "REB", "ismail-haniyeh", ("Hamas leader Ismail Haniyeh",)),
    "Saudi Arabia": ("Saudi Arabia", "SAU", None, "SAU", ("Saudi Arabia", "Riyadh", "Saudi Arabia")),
    "Israel": ("Israel", "ISR", None, "ISR", ("Israel", "Israel", "Jerusalem")),
    "Hezbollah": ("Hezbollah", "LBN", "REB", "hezbollah", ("Hezbollah", "the Lebanese Hezbollah")),
}
SIDES = {
    "Iran": ("Iran", "Iran", "Zarif"),
    "Hamas": ("Hamas", "Hamas", "Haniyeh"),
    "Saudi Arabia": ("Saudi Arabia",),
    "Israel": ("Israel",),
    "Hezbollah": ("Hezbollah",),
}
UNKNOWN = [
    ("the Sabireen Movement", "PSE", "REB"),
    ("Jaish al-Adl", "IRN", "REB"),
    ("the Popular Resistance Committees", "PSE", "REB"),
]

# (type, cameo, score, sentence with {s} and {t}; "{s} and {t}" sentences are reciprocal)
WARM = [
    ("AID", "070", 7.0, "{s} pledged millions of dollars in financial support to {t}."),
    ("AID", "073", 7.0, "{s} resumed financial backing to {t}."),
    ("SUPPORT", "051", 4.0, "{s} praised {t} for its steadfastness."),
    ("CONSULT", "040", 2.0, "{s} and {t} held talks in Beirut."),
    ("CONSULT", "042", 2.0, "{s} received a delegation from {t}."),
    ("AGREE", "057", 5.0, "{s} and {t} agreed to restore relations."),
    ("COOPERATE", "064", 5.0, "{s} and {t} agreed to coordinate their positions."),
]
COLD = [
    ("SANCTION", "163", -6.0, "{s} cut off aid to {t}."),
    ("ACCUSE", "112", -3.0, "{s} accused {t} of betraying the resistance."),
    ("REJECT", "125", -4.0, "{s} rejected an offer of mediation from {t}."),
    ("PROTEST", "141", -3.0, "{s} condemned the statements made by {t}."),
    ("THREATEN", "138", -6.0, "{s} warned {t} of a harsh response."),
    ("SANCTION", "161", -7.0, "{s} severed diplomatic ties with {t}."),
]
HOSTILE = [
    ("ASSAULT", "190", -9.0, "{s} carried out air strikes against {t} positions."),
    ("ASSAULT", "180", -8.0, "{s} fired rockets at {t}."),
    ("THREATEN", "138", -6.0, "{s} threatened {t} with a wider war."),
]
FILLER = [
    "The talks come amid rising tension in the region.",
    "Officials declined to give further details.",
    "Analysts said the move could reshape alliances across the Middle East.",
    "The statement was carried by state media.",
]
SOURCES = [
    ("Palestinian sources", "alleged"),
    ("Asharq Al-Awsat", "reported"),
    ("a senior official", "reported"),
    ("diplomats", "alleged"),
]
PUBLISHERS = ["Reuters", "Al-Monitor", "Asharq Al-Awsat", "The Jerusalem Post", "Al Jazeera", "Associated Press"]

# dyad -> chance an event that year is warm (else cold); years 2011..2018
MOOD: dict[tuple[str, str], list[float]] = {
    ("Iran", "Hamas"): [0.95, 0.1, 0.2, 0.3, 0.35, 0.45, 0.9, 0.85],
    ("Iran", "Saudi Arabia"): [0.45, 0.4, 0.45, 0.4, 0.35, 0.0, 0.1, 0.2],
    ("Saudi Arabia", "Hamas"): [0.55, 0.6, 0.5, 0.5, 0.55, 0.45, 0.2, 0.3],
    ("Iran", "Hezbollah"): [0.9, 0.9, 0.85, 0.9, 0.9, 0.85, 0.9, 0.9],
    ("Israel", "Hamas"): [0.05, 0.05, 0.1, 0.0, 0.1, 0.05, 0.05, 0.05],
    ("Israel", "Iran"): [0.05, 0.05, 0.1, 0.05, 0.15, 0.05, 0.0, 0.05],
    ("Saudi Arabia", "Israel"): [0.3, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
}
WEIGHT = {
    ("Iran", "Hamas"): 5,
    ("Iran", "Saudi Arabia"): 3,
    ("Saudi Arabia", "Hamas"): 2,
    ("Iran", "Hezbollah"): 1,
    ("Israel", "Hamas"): 2,
    ("Israel", "Iran"): 1,
    ("Saudi Arabia", "Israel"): 1,
}


def _cap(text: str) -> str:
    """A sentence starts with a capital: "the Lebanese Hezbollah" -> "The Lebanese Hezbollah"."""
    return text[:1].upper() + text[1:]


def _actor(name: str, surface: str, start: int) -> Actor:
    entity, code, sector, actor_id, _ = ACTORS[name]
    return Actor(
        text=surface,
        start=start,
        end=start + len(surface),
        entity=entity,
        code=code,
        sector=sector,
        actor_id=actor_id,
        known=True,
        how="kb",
    )


class _Body:
    """Builds a body paragraph by paragraph, keeping the mentions' character offsets."""

    def __init__(self) -> None:
        self.text = ""
        self.mentions: list[Actor] = []

    def para(self, template: str, fills: dict[str, tuple[str, str]] | None = None) -> tuple[int, dict[str, Actor]]:
        if self.text:
            self.text += "\n\n"
        start = len(self.text)
        got: dict[str, Actor] = {}
        i = 0
        while i < len(template):
            j = template.find("{", i)
            if j < 0:
                self.text += template[i:]
                break
            self.text += template[i:j]
            k = template.index("}", j)
            slot = template[j + 1 : k]
            name, surface = (fills or {})[slot]
            a = _actor(name, surface, len(self.text))
            self.text += surface
            self.mentions.append(a)
            got[slot] = a
            i = k + 1
        return start, got

    def plain(self, sentence: str) -> None:
        self.text += ("\n\n" if self.text else "") + sentence


def _date(rng: random.Random, year: int) -> tuple[str, str]:
    """An event date of some precision and a publication date on or after it."""
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    published = f"{year:04d}-{m:02d}-{d:02d}T{rng.randint(6, 21):02d}:{rng.choice((0, 15, 30, 45)):02d}:00+00:00"
    r = rng.random()
    if r < 0.08:
        return f"{year:04d}", published
    if r < 0.2:
        return f"{year:04d}-{m:02d}", published
    return f"{year:04d}-{m:02d}-{d:02d}", published


def make_articles(n: int = 240, seed: int = 7) -> list[tuple[Article, list[Event], list[Actor]]]:
    """``n`` synthetic articles with their events and mentions (deterministic for a seed)."""
    rng = random.Random(seed)
    dyads = [d for d, w in WEIGHT.items() for _ in range(w)]
    out = []
    for i in range(n):
        year = 2011 + (i * 8) // n
        dyad = rng.choice(dyads)
        p_warm = MOOD[dyad][year - 2011]
        date, published = _date(rng, year)
        body = _Body()
        events: list[Event] = []
        first_title = None
        for _k in range(rng.choice((1, 2, 2, 3))):
            a, b = dyad if rng.random() < 0.6 else dyad[::-1]
            hostile = "Israel" in dyad and p_warm < 0.2
            pool = HOSTILE + COLD if hostile else (WARM if rng.random() < p_warm else COLD)
            type_, cameo, score, tpl = rng.choice(pool)
            if type_ == "AID" and a in ("Hamas", "Hezbollah"):
                a, b = b, a  # the patron pays
            sa, ta = rng.choice(SIDES[a]), rng.choice(SIDES[b])
            fills = {"s": (sa, _cap(rng.choice(ACTORS[sa][4]))), "t": (ta, rng.choice(ACTORS[ta][4]))}
            # the Iran-Hamas story beats, as the seed article tells them
            if dyad == ("Iran", "Hamas") and year == 2012 and _k == 0 and rng.random() < 0.5:
                type_, cameo, score, tpl = COLD[0]
                fills = {"s": ("Iran", "Iran"), "t": ("Hamas", "Hamas")}
            modality, attributed = ["asserted"], None
            sentence = tpl
            r = rng.random()
            if r < 0.2:
                who, said = rng.choice(SOURCES)
                sentence = tpl[:-1] + f", {who} said."
                modality, attributed = [said], who
            elif r < 0.28:
                planned = (
                    tpl.replace(" pledged", " plans to pledge")
                    .replace(" resumed", " intends to resume")
                    .replace(" held talks", " will hold talks")
                    .replace(" agreed to", " are set to")
                )
                if planned != tpl:
                    sentence, modality = planned, ["intended"]
            start, got = body.para(sentence, fills)
            ev = Event(
                type=type_,
                cameo=cameo,
                score=score,
                sentence=body.text[start:],
                sentence_start=start,
                source=[got["s"]] + ([got["t"]] if " and {t}" in tpl else []),
                target=[] if " and {t}" in tpl else [got["t"]],
                date=date,
                published=published,
                modality=modality,
                attributed_to=attributed,
                confidence=round(rng.uniform(0.6, 0.95), 2),
                trigger=tpl.split()[1],
            )
            events.append(ev)
            first_title = first_title or body.text[start:].rstrip(".").split(",")[0]
            if rng.random() < 0.5:
                body.plain(rng.choice(FILLER))
        if rng.random() < 0.15:
            text, code, sector = rng.choice(UNKNOWN)
            body.plain("")
            s = len(body.text)
            body.text += f"A statement attributed to {text} could not be verified."
            off = s + len("A statement attributed to ")
            body.mentions.append(
                Actor(text=text, start=off, end=off + len(text), code=code, sector=sector, known=False, how="ner")
            )
        body.text += f"\n\n(Report {i + 1:04d}, {published[:10]}.)"
        art = Article(
            body=body.text,
            title=first_title,
            published=published,
            publisher=rng.choice(PUBLISHERS),
            url=f"https://news.example.org/{year}/{i + 1:04d}",
            language="en",
            format="html",
            path=f"synthetic/{i + 1:04d}.html",
        )
        for k, e in enumerate(events, 1):
            e.assign_id(art.id, k)
        out.append((art, events, body.mentions))
    return out


def fill_store(store: Any, articles: int = 240, seed: int = 7) -> dict[str, int]:
    """Save synthetic articles into an open, writable store; returns counts."""
    n_art = n_ev = 0
    with store.transaction():
        for art, events, mentions in make_articles(articles, seed):
            if store.save_article(art, events, mentions, run_id=None):
                n_art += 1
                n_ev += len(events)
    return {"articles": n_art, "events": n_ev}


def make_db(path: str, articles: int = 240, seed: int = 7) -> dict[str, int]:
    """Create (or extend) a DuckDB file with synthetic data and close it."""
    from ..store import open_store

    store = open_store(path)
    try:
        return fill_store(store, articles, seed)
    finally:
        store.close()
