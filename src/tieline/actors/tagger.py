"""Finding and resolving every actor mention in a text.

Three steps, each explainable (the ``how`` field of every Actor says which fired):

1. **Atoms**: the longest knowledge-base phrase at each token: a name (country, organisation,
   person), a capital, a country adjective, a title ("president", "foreign minister") or a
   generic agent ("troops", "officials"); spaCy's entities fill in names the base lacks.
2. **Groups**: adjacent atoms that build one mention, in the order journalists write them:
   place or organisation, then title or agent, then name ("US President Donald Trump",
   "Iran's Revolutionary Guards", "Iraqi troops", "Hamas spokesman Fawzi Barhoum").
3. **Resolution** to one Actor, date-aware (a title means its holder on the article's date),
   and, across the document, descriptors ("the Gaza-based movement"), definite descriptions
   ("the group") and pronouns back to an actor already named.

The tagger works on spaCy Docs for single sentences and keeps a ``DocumentContext`` across the
sentences of one text.
"""

from __future__ import annotations

import re

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Iterable

from ..nlp.words import PerWord
from ..records import Actor
from .kb import Entry, KnowledgeBase, norm_key

MAX_NGRAM = 24  # the longest name tried; the base's own longest name sets the working limit
RANK = {
    "country": 0,
    "adj": 0,
    "capital": 0,
    "place": 0,
    "org": 1,
    "title": 2,
    "agent": 2,
    "person": 3,
    "ner_person": 3,
    "ner_org": 1,
}
PRONOUNS = {
    "he": "person",
    "him": "person",
    "his": "person",
    "she": "person",
    "her": "person",
    "it": "thing",
    "its": "thing",
    "they": "plural",
    "them": "plural",
    "their": "plural",
}
GENERIC_HEADS = {
    "group",
    "movement",
    "organization",
    "organisation",
    "militia",
    "faction",
    "party",
    "alliance",
    "bloc",
    "agency",
    "body",
    "network",
    "outfit",
    "regime",
    "government",
    "country",
    "kingdom",
    "republic",
    "state",
    "nation",
    "administration",
    "force",
    "forces",
    "rebels",
    "militants",
    "insurgents",
    "council",
}
COUNTRY_HEADS = {"country", "kingdom", "republic", "nation", "state"}
# adjectives whose subject is the one who would act ("it is ready to talk"): an "it" before them
# names someone, as against "it is important to talk"
CONTROL_ADJECTIVES = {
    "ready",
    "willing",
    "unwilling",
    "prepared",
    "determined",
    "eager",
    "keen",
    "able",
    "unable",
    "poised",
    "reluctant",
    "loath",
    "committed",
    "resolved",
}
# "gunmen linked to the army", "militiamen loyal to the governor": a participle or adjective
# of allegiance that makes an unnamed agent belong to the actor after it
ALLEGIANCE = {"linked", "tied", "loyal", "affiliated", "allied", "aligned", "connected"}
# words that make "the ... country" another country than the one just named
OTHER_COUNTRY_WORDS = {
    "neighbouring",
    "neighboring",
    "neighbour",
    "neighbor",
    "other",
    "another",
    "host",
    "donor",
    "member",
    "fellow",
    "foreign",
    "third",
    "second",
    "first",
    "rival",
    "enemy",
    "hostile",
    "partner",
    "each",
    "both",
    "two",
    "three",
    "several",
    "many",
    "some",
    "any",
    "every",
    "same",
    "whole",
}
SIDES = {
    "the two sides",
    "both sides",
    "the sides",
    "the two countries",
    "both countries",
    "the two nations",
    "the two",
    "both parties",
    "the two parties",
    "the two groups",
    "the parties",
}
ARABIC_ARTICLES = {"al", "el", "ad", "as", "ash", "ar", "an", "az", "at", "ad-", "al-"}
LED_BY = ("led", "commanded", "dominated", "controlled", "appointed", "mandated", "nominated")  # "UN-appointed envoy"
GAP_TOKENS = {"'s", "’s", "'", "-", "’"}
LEAD_MODS = {
    "senior",
    "top",
    "former",
    "deputy",
    "vice",
    "acting",
    "chief",
    "veteran",
    "then",
    "then-",
    "new",
    "interim",
    "outgoing",
    "incoming",
    "exiled",
    "late",
    "hardline",
    "moderate",
    "powerful",
    "influential",
    "elected",
    "self-proclaimed",
    "de",
    "facto",
    "current",
    "first",
    "lady",
    "ousted",
    "deposed",
    "ex",
}


NON_STATE_CODES = ("IGO", "NGO", "IMG")
WHERE_PREPS = ("in", "at", "near", "inside", "outside")  # a name after these is a scene, not a doer
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
SAYING = {
    "say",
    "tell",
    "add",
    "insist",
    "declare",
    "state",
    "warn",
    "write",
    "tweet",
    "stress",
    "argue",
    "explain",
    "note",
    "claim",
    "announce",
    "reiterate",
    "urge",
    "ask",
}
# heads of agent phrases that name one person ("the army chief", "a government spokesman")
PERSON_HEADS = {
    "chief",
    "commander",
    "minister",
    "leader",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "president",
    "official",
    "envoy",
    "ambassador",
    "general",
    "head",
    "secretary",
    "governor",
    "mayor",
    "judge",
    "prosecutor",
    "lawmaker",
    "senator",
    "diplomat",
    "negotiator",
    "adviser",
    "advisor",
    "aide",
}
# sectors of actors that, unnamed, belong to the country of the story ("the police", "lawmakers")
DOMESTIC_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "CVL", "SPY", "MED", "BUS"}
# insurgents, refugees and the like are not the story's country's by default (they may be foreign),
# but they are when a text's first sentence names only one state's agents ("Rebels ambushed a
# Malian army convoy"; ``_sole_country``)
FIRST_SENTENCE_SECTORS = {"REB", "UAF", "REF", "LAB", "EDU", "HLH", "REL", "ELI"}


@dataclass
class Atom:
    start: int  # token indices in the sentence doc
    end: int
    kind: str  # country adj capital org person title agent ner_person ner_org ner_norp (longer-org: skipped)
    entry: Entry | None = None
    office: str | None = None
    sector: str | None = None

    @property
    def kb_entry(self) -> Entry:
        """``entry`` of an atom the base resolved (country, adj, capital, place, org, person): always set."""
        assert self.entry is not None, f"{self.kind} atom without an entry"
        return self.entry


@dataclass
class Mention:
    """A resolved mention inside one sentence Doc, with the token span it covers."""

    start: int
    end: int
    actors: list[Actor]  # usually one; "the two sides" gives two
    kind: str  # the head atom's kind, or pronoun / descriptor / sides
    person: bool = False
    plural: bool = False
    location: bool = False  # "talks in Beirut": where, not who

    @property
    def actor(self) -> Actor:
        return self.actors[0]


@dataclass
class DocumentContext:
    """What the tagger remembers across the sentences of one text."""

    date: dt.date | None = None
    history: list[Mention] = field(default_factory=list)  # resolved mentions in reading order
    surnames: dict[str, Mention] = field(default_factory=dict)  # surname -> latest person of that name
    country_counts: dict[str, int] = field(default_factory=dict)  # state codes named so far
    org_heads: dict[str, Mention] = field(default_factory=dict)  # "court" -> latest "International Court of Justice"
    person_roles: dict[str, Mention] = field(default_factory=dict)  # "journalist" -> latest "journalist Mech Dara"

    def remember(self, mentions: Iterable[Mention]) -> None:
        """Add a sentence's mentions to the history and keep the indexes over it current."""
        for m in mentions:
            if m.kind == "pronoun":
                continue
            self.history.append(m)
            full = (m.actor.entity or "").split()
            if m.person and len(full) >= 2 and full[-1][:1].isupper():
                self.surnames[full[-1]] = m
            head = name_head(m.actor.entity) if m.kind == "org" and m.actor.code else None
            if head:
                self.org_heads[head] = m
            if m.person and m.actor.entity:
                for w in (m.actor.text or "").split():
                    if w.isalpha() and w.islower() and w not in ("the", "a", "an", "of", "and", "former", "then"):
                        self.person_roles[w] = m
            c = m.actor.code
            if c and c not in NON_STATE_CODES and m.kind in ("country", "capital", "adjective", "agent", "place", "person"):
                self.country_counts[c] = self.country_counts.get(c, 0) + 1

    def recent(self, want: str) -> Mention | None:
        for m in reversed(self.history):
            if m.kind in ("pronoun",):
                continue
            a = m.actor
            if not (a.code or a.entity):
                continue
            if want == "person" and m.person:
                return m
            # "it": a country or organisation, or a body named by its kind ("the Iraqi military")
            if (
                want == "thing"
                and not m.person
                and not m.plural
                and m.kind in ("country", "org", "capital", "descriptor", "agent")
            ):
                return m
            if want == "plural" and (m.plural or m.kind in ("org", "descriptor")) and not m.person:
                return m
            if want == "country" and m.kind in ("country", "capital"):
                return m
        return None

    def main_country(self) -> str | None:
        """The country the text is about so far: named at least twice and in at least half of the
        country-coded mentions (None when the story spans several countries evenly)."""
        counts = self.country_counts
        if not counts:
            return None
        code, n = max(counts.items(), key=lambda kv: kv[1])
        return code if n >= 2 and n * 2 >= sum(counts.values()) else None

    def distinct_recent(self, n: int, persons: bool = False) -> list[Actor]:
        """The ``n`` latest distinct coded actors ("the two sides"); only people with ``persons``
        ("the two presidents")."""
        seen, out = set(), []
        for m in reversed(self.history):
            if persons and not m.person:
                continue
            for a in m.actors:
                key = a.entity or a.code
                if key and key not in seen and a.code and m.kind not in ("agent", "adjective") and not m.location:
                    seen.add(key)
                    out.append(a)
            if len(out) >= n:
                break
        return out[:n]


def _in_longer_person(doc, s: int, e: int) -> bool:
    """The words are part of a longer person's name the recogniser found ("Bari" in "Naser Eldin
    Abdel Bari"): not the place they also name.  A possessive ending the recogniser took into the
    name ("Sri Lanka's police chief") does not make it longer."""
    if doc[s].ent_type_ != "PERSON":
        return False
    return doc[s].ent_iob_ == "I" or (
        e < len(doc) and doc[e].ent_type_ == "PERSON" and doc[e].ent_iob_ == "I" and doc[e].text not in GAP_TOKENS
    )


def _titlecase_acronym(doc, s: int, e: int) -> bool:
    """An acronym written as a name, as some newspapers do ("Farc", "Nato", "Opec"): one word of
    four letters or more that the model reads as a proper name and not a person's."""
    t = doc[s]
    return (
        e == s + 1
        and len(t.text) >= 4
        and t.text.istitle()
        and t.text.isalpha()
        and ((t.pos_ == "PROPN" and t.ent_type_ != "PERSON") or t.ent_type_ == "ORG")
    )


def _in_longer_org(doc, s: int, e: int) -> bool:
    """The words begin a longer organisation's name the recogniser found, continued by a
    preposition and capitalised words ("European Council" in "the European Council on Foreign
    Relations", a think tank): not the organisation they also name."""
    if e + 1 >= len(doc) or doc[s].ent_type_ != "ORG":
        return False
    nxt = doc[e]
    return (
        nxt.ent_type_ == "ORG"
        and nxt.ent_iob_ == "I"
        and nxt.lower_ in ("on", "for", "of")
        and doc[e + 1].ent_type_ == "ORG"
        and doc[e + 1].text[:1].isupper()
    )


def name_head(name: str | None) -> str | None:
    """The head noun of an organisation's name, as a definite description repeats it: "court" for
    "International Court of Justice", "council" for "U.N. Security Council" (None for acronyms)."""
    words = re.split(r"\s+(?:of|for|on|against|without|in)\s+", name or "", maxsplit=1)[0].split()
    if not words:
        return None
    w = words[-1].strip(".,'’")
    return w.lower() if w[:1].isupper() and not w.isupper() and w.isalpha() else None


def _key_of_hash(vocab, lower: int) -> str:
    """The look-up key of a lower-case word given by its string-store hash (``PerWord``)."""
    return _lower_key(vocab.strings[lower])


def _lower_key(lower: str) -> str:
    """The look-up key of a token from its lower case: curly apostrophes straight, dots dropped."""
    t = lower.replace("\u2019", "'")
    if t == "'s":
        return "' s"  # as the base's names are split ("Lord's Resistance Army")
    if t not in (".", "..."):
        t = t.replace(".", "")
    return t


class ActorTagger:
    """Recognise and resolve actors in sentence Docs; one instance per knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.descriptor_heads = {h for e in kb.entries.values() for h in e.descriptor_heads} | GENERIC_HEADS
        # as many tokens as the longest name has ("United Nations Multidimensional Integrated
        # Stabilization Mission in the Central African Republic"), counted as spaCy splits them
        self.max_ngram = min(
            MAX_NGRAM, max((len(re.findall(r"\w+|[^\w\s]", n)) for e in kb.entries.values() for n in e.names), default=7)
        )
        # each token's look-up key, made once per distinct lower-case word
        self._keys: PerWord[str] = PerWord("LOWER", _key_of_hash)

    # -- step 1: atoms --------------------------------------------------------------------
    def atoms(self, doc, date: dt.date | None = None) -> list[Atom]:
        keys = self._keys(doc)
        n = len(doc)
        found: list[Atom] = []
        i = 0
        first_words = self.kb.first_words
        while i < n:
            words = first_words.get(keys[i])
            if words is None:
                i += 1
                continue
            # the tokens that can hold the longest phrase starting here: ``words`` non-empty keys
            # (a token whose key is empty joins no phrase)
            top, seen = i, 0
            while top < n and top - i < self.max_ngram and seen < words:
                seen += bool(keys[top])
                top += 1
            # a name starts with a capital, or with an Arabic article before one ("al-Qaeda")
            first = doc[i].text[:1]
            cap = (
                first.isupper()
                or first.isdigit()
                or (doc[i].lower_ in ARABIC_ARTICLES and i + 2 < n and doc[i + 1].text == "-" and doc[i + 2].text[:1].isupper())
            )
            best = None
            for L in range(top - i, 0, -1):
                key = " ".join(k for k in keys[i : i + L] if k)
                if not key:
                    continue
                a = self._lookup(key, cap, i, i + L, doc, date)
                if a:
                    best = a
                    break
            if best and best.kind == "longer-org":
                i = best.end  # left to the recogniser's entity (an organisation the base lacks)
                continue
            if (
                best
                and best.kind in ("country", "adj", "place", "capital")
                and best.end < n
                and doc[best.end].text[:1].isupper()
                and doc[best.end].lower_ in self.kb.feature_words
            ):
                i = best.end + 1  # "the Indian Ocean", "the South China Sea": a place, no actor
                continue
            if best and best.kind in ("place", "capital") and best.end < n and doc[best.end].lower_ in self.kb.document_words:
                i = best.end + 1  # "the Doha agreement", "the Minsk accords": a text named for a city
                continue
            if best:
                found.append(best)
                i = best.end
            else:
                i += 1
        # spaCy entities for names the base lacks
        covered = {t for a in found for t in range(a.start, a.end)}
        for ent in getattr(doc, "ents", ()):
            if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE"):
                continue
            if any(t in covered for t in range(ent.start, ent.end)):
                continue
            s = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
            if s >= ent.end:
                continue
            if ent.label_ in ("GPE", "ORG"):
                misspelt = self._misspelt_country(doc, s, ent.end)
                if misspelt is not None:
                    found.append(misspelt)
                    continue
            if ent.label_ == "GPE":
                continue
            kind = {"PERSON": "ner_person", "ORG": "ner_org", "NORP": "ner_norp"}[ent.label_]
            found.append(Atom(s, ent.end, kind))
        return sorted(found, key=lambda a: a.start)

    def _misspelt_country(self, doc, s: int, e: int) -> Atom | None:
        """A place name the recogniser found that is one letter off one country's name ("Afganistan",
        "Quatar"; two letters for long names: "Phillipines").  Only a single word of six letters or
        more, and only when exactly one country is that close."""
        toks = [t for t in doc[s:e] if t.text not in GAP_TOKENS]
        if len(toks) != 1 or len(toks[0].text) < 6 or not toks[0].text.isalpha() or not toks[0].text[:1].isupper():
            return None
        from rapidfuzz.distance import Levenshtein

        word = toks[0].lower_
        limit = 2 if len(word) >= 10 else 1
        near = {
            e_.id: e_
            for name, e_ in self.kb.country_names
            if abs(len(name) - len(word)) <= limit and Levenshtein.distance(word, name, score_cutoff=limit) <= limit
        }
        if len(near) != 1:
            return None
        return Atom(toks[0].i, toks[0].i + 1, "country", entry=next(iter(near.values())))

    def _lookup(self, key: str, cap: bool, s: int, e: int, doc, date: dt.date | None = None) -> Atom | None:
        kb = self.kb
        if cap:
            ents = kb.by_name.get(key)
            if (
                ents
                and key in kb.acronyms
                and not all(t.text.replace(".", "").isupper() for t in doc[s:e] if t.is_alpha)
                and not _titlecase_acronym(doc, s, e)
            ):
                ents = None  # "Is" at a sentence start is not the Islamic State
            if ents:
                # "the West" but not "West Africa": some names stand only after "the", before no other name
                ents = [
                    x
                    for x in ents
                    if key not in x.article_names
                    or (s > 0 and doc[s - 1].lower_ == "the" and not (e < len(doc) and doc[e].text[:1].isupper()))
                ]
            if ents:
                ent = kb.pick(ents, date)
                if (
                    ent.kind == "person"
                    and e - s == 1  # a surname alone ("Furious Theresa May" is Theresa May)
                    and s > 0
                    and doc[s - 1].ent_type_ == "PERSON"
                    and doc[s].ent_iob_ == "I"
                    and norm_key(doc[s - 1].text) not in kb.titles
                    and norm_key(f"{doc[s - 1].text} {doc[s:e].text}") not in {norm_key(n) for n in ent.names}
                ):
                    return None  # "Richard Bennett" is not Naftali Bennett: another given name, another person
                if ent.kind == "country" and _in_longer_person(doc, s, e):
                    return None  # "Chad" in "Chad Smith"
                if ent.kind == "org" and _in_longer_org(doc, s, e):
                    end = e  # "European Council" in "European Council on Foreign Relations":
                    while end < len(doc) and doc[end].ent_iob_ == "I":  # the longer name is the actor
                        end += 1
                    return Atom(s, end, "longer-org")
                return Atom(s, e, "org" if ent.kind == "org" else ent.kind, entry=ent)
            if key in kb.by_capital and not _in_longer_person(doc, s, e):
                return Atom(s, e, "capital", entry=kb.by_capital[key])
            if key in kb.by_place and not _in_longer_person(doc, s, e):
                return Atom(s, e, "place", entry=kb.by_place[key])
            if key in kb.by_adjective:
                return Atom(s, e, "adj", entry=kb.by_adjective[key])
        if key in kb.titles:
            # "general" and "head" are titles only before a name or after a country
            return Atom(s, e, "title", office=kb.titles[key])
        if key in kb.agent_sector:
            last = doc[e - 1]
            if last.pos_ in ("NOUN", "PROPN", "") or e - s > 1:
                return Atom(s, e, "agent", sector=kb.agent_sector[key])
        return None

    # -- step 2: groups -------------------------------------------------------------------
    def groups(self, doc, atoms: list[Atom]) -> list[list[Atom]]:
        out: list[list[Atom]] = []
        for a in atoms:
            if out:
                g = out[-1]
                prev = g[-1]
                gap = [doc[t] for t in range(prev.end, a.start)]
                if self._joinable(g, a, gap):
                    g.append(a)
                    continue
            out.append([a])
        return out

    def _joinable(self, g: list[Atom], a: Atom, gap) -> bool:
        if len(gap) > 2:
            return False
        led = [t.lower_ for t in gap] in (["-", w] for w in LED_BY)  # "Vietnamese-led forces"
        if not led and any(
            t.text not in GAP_TOKENS and not (t.pos_ == "ADJ" and t.lower_ in LEAD_MODS) and t.lower_ not in LEAD_MODS
            for t in gap
        ):
            return False
        top = max(RANK.get(x.kind, 0) for x in g)
        r = RANK.get(a.kind, 0)
        if g[-1].kind == "person" and a.kind == "agent" and not gap and a.sector == "GOV":
            return True  # "the Bush administration", "the Netanyahu government"
        if a.kind == "ner_norp" or g[-1].kind == "ner_norp":
            return False
        if r < top or (r == top and r in (1, 3)):
            return False
        if r == top == 0:  # "Tehran-Hamas" or "US-Iran": two places are two actors
            return False
        if r == top == 2 and g[-1].kind == a.kind == "agent":
            return False
        if (
            a.kind in ("person", "ner_person")
            and not any(x.kind == "title" for x in g)
            and gap
            and not (
                a.kind == "ner_person" and [t.text for t in gap] in (["'s"], ["’s"]) and g[-1].kind in ("country", "capital")
            )
        ):
            return False  # ("Uganda's Bobi Wine": the country's own, as a title would say)
        return True

    # -- step 3: resolution ----------------------------------------------------------------
    def resolve_group(self, doc, g: list[Atom], ctx: DocumentContext, offset: int) -> Mention | None:
        kinds = [a.kind for a in g]
        start, end = g[0].start, g[-1].end
        # include leading modifiers ("senior Hungarian officials") and a determiner-less span
        while start > 0 and doc[start - 1].lower_ in LEAD_MODS:
            start -= 1
        span = doc[start:end]
        text = span.text
        date = ctx.date
        place = next((a for a in g if a.kind in ("country", "adj", "capital", "place")), None)
        org = next((a for a in reversed(g) if a.kind == "org"), None)
        title = next((a for a in g if a.kind == "title"), None)
        agent = next((a for a in g if a.kind == "agent"), None)
        person = next((a for a in g if a.kind == "person"), None)
        ner_person = next((a for a in g if a.kind == "ner_person"), None)
        ner_org = next((a for a in g if a.kind == "ner_org"), None)

        def mk(entity, code, sector, how, entry=None, known=True, plural=False, person_=False, kind="") -> Mention:
            act = Actor(
                text=text,
                start=offset + span.start_char,
                end=offset + span.end_char,
                entity=entity,
                code=code,
                sector=sector,
                wikidata=entry.wikidata if entry else None,
                actor_id=entry.id if entry else None,
                known=known,
                how=how,
            )
            return Mention(start, end, [act], kind or kinds[-1], person=person_, plural=plural)

        ctx_code = place.kb_entry.code if place else (org.kb_entry.code if org else None)
        org_nonstate = org is not None and (
            org.kb_entry.sector in ("REB", "OPP", "IMG", "PTY", "RAD", "NGO") or org.kb_entry.code in ("IMG", "NGO")
        )
        title_sector = None
        if title:
            assert title.office is not None  # a title atom always names its office
            title_sector = org.kb_entry.sector if org and org_nonstate else self.kb.office_sectors.get(title.office, "GOV")
            if title.office == "spokesman" and org and not org_nonstate:
                title_sector = org.kb_entry.sector or "GOV"
        former = any(t.lower_ in ("former", "ex", "ousted", "deposed", "late") for t in span)
        if person:
            e = person.entry  # (not kb_entry: ``e`` is reused below for a look-up that may give None)
            assert e is not None  # a person atom always has its entry
            code, sector = e.code_sector_at(date)
            if title and (ctx_code or org):
                code = ctx_code or code
                sector = title_sector or sector
            elif title:
                sector = title_sector or "GOV"  # the title says what they are as the text is written
            if former:
                sector = "ELI"
            elif sector == "ELI" and not title:
                # out of office by the base's dates, but the text says what they are now:
                # "Robert Jenrick, the shadow justice secretary for the opposition party"
                sector = self._apposition_context(doc, doc[person.start : person.end], ctx)[1] or sector
            if agent is not None and agent.sector == "GOV" and g[-1] is agent:
                # "the Bush administration": that leader's government, not the person
                return mk(None, code, "GOV", "person+government", kind="agent", plural=False)
            elif place and place.kb_entry.code != code:
                code = place.kb_entry.code
            m = mk(e.name, code, sector, "kb-person" + ("+title" if title else ""), entry=e, person_=True, kind="person")
            role = e.role_at(date)
            if role and role.org and role.covers(date) and code == role.code:
                m.actor.actor_id = role.org  # a group's leader or spokesman acts for the group
            elif org and org_nonstate:
                m.actor.actor_id = org.kb_entry.id
            return m
        if ner_person:
            pspan = doc[ner_person.start : ner_person.end]
            name = pspan.text
            code = ctx_code
            sector = title_sector if title else (org.kb_entry.sector if org else None)
            if agent is not None and agent.sector and (not title or title.office == "leader") and not org:
                sector = agent.sector  # "journalist Mech Dara" MED, "opposition leader X" OPP
            how = "unknown-person"
            if not code:
                code, sector2 = self._apposition_context(doc, pspan, ctx)
                sector = sector or sector2
                if code:
                    how += "+apposition"
            if title and not sector:
                sector = "GOV"
            if former:
                sector = "ELI"
            m = mk(name, code, sector, how, known=False, person_=True, kind="person")
            if org and org_nonstate:
                m.actor.actor_id = org.kb_entry.id  # "Hamas spokesman Fawzi Barhoum" speaks for Hamas
            return m
        if title and not agent and doc[g[-1].end - 1].dep_ == "appos" and doc[g[-1].end - 1].head.pos_ == "PROPN":
            return None  # "Yousef al-Haddadi, a Hamas spokesman": the apposition describes the name before it
        if title and not agent:
            assert title.office is not None  # a title atom always names its office
            holder = None
            if org:
                org_code = org.kb_entry.code
                assert org_code is not None  # organisations and countries always have a code (kb._parse)
                holder = self.kb.holder(org_code, title.office, date, org=org.kb_entry.id)
            elif place:
                place_code = place.kb_entry.code
                assert place_code is not None  # a place atom's entry is a country
                holder = self.kb.holder(place_code, title.office, date)
            if holder:
                code, sector = (ctx_code, title_sector) if ctx_code else holder.code_sector_at(date)
                return mk(holder.name, code, sector or "GOV", "title-holder", entry=holder, person_=True, kind="person")
            if ctx_code:
                return mk(None, ctx_code, title_sector or "GOV", "title", person_=True, kind="person")
            if start > 0 and doc[start - 1].lower_ in ("the", "this") or doc[title.start].lower_ in ("the",):
                # "the president" after "President William Ruto": the holder named earlier, else the
                # holder of that office in the country the story is about
                for h in reversed(ctx.history):
                    e = self.kb.entries.get(h.actor.actor_id or "") if h.person else None
                    if e is not None and any(r.office == title.office and r.covers(date) for r in e.roles):
                        code, sector = e.code_sector_at(date)
                        return mk(e.name, code, sector, "title-coref", entry=e, person_=True, kind="person")
                main = ctx.main_country()
                holder = self.kb.holder(main, title.office, date) if main else None
                if holder is not None:
                    code, sector = holder.code_sector_at(date)
                    return mk(
                        holder.name,
                        code,
                        sector or "GOV",
                        "title-holder+article-country",
                        entry=holder,
                        person_=True,
                        kind="person",
                    )
            word = norm_key(doc[title.start : title.end].text)
            if word in self.kb.agent_sector and title.office in self.kb.office_sectors:
                # "the judge", "the lawmakers": a kind of actor, uncoded; a bare "president" is too vague
                return mk(None, None, self.kb.agent_sector[word], "agent", known=False, kind="agent")
            return None
        if org:
            e = org.kb_entry
            sector = e.sector
            if agent and not org_nonstate and e.code != "IGO" and e.sector in (None, "GOV"):
                sector = agent.sector  # ("Egyptian intelligence officers" stay SPY: a body's own sector wins)
            elif agent and e.code == "IGO" and agent.sector in ("MIL", "COP"):
                sector = agent.sector
            m = mk(
                e.name,
                e.code,
                sector,
                "kb-org" + ("+agent" if agent else ""),
                entry=e,
                plural=bool(agent and span[-1].tag_ in ("NNS", "NNPS")),
                kind="org",
            )
            if e.joint:  # one phrase, several actors: every live entry of that name
                for other in self.kb.by_name.get(norm_key(doc[org.start : org.end].text), []):
                    if other is not e and other.joint and other.kind == "org":
                        m.actors.append(
                            replace(
                                m.actor,
                                entity=other.name,
                                code=other.code,
                                sector=other.sector,
                                actor_id=other.id,
                                wikidata=other.wikidata,
                            )
                        )
                m.plural = m.plural or len(m.actors) > 1
            return m
        if place and agent:
            e = place.kb_entry
            plural = span[-1].tag_ in ("NNS", "NNPS")
            # "the Afghan army chief" is one person: "his forces" may refer to him
            person_head = not plural and span[-1].lemma_.lower() in PERSON_HEADS
            m = mk(e.name, e.code, agent.sector, "place+agent", entry=e, plural=plural, kind="agent", person_=person_head)
            m.actor.actor_id = None  # "Iraqi troops" are of Iraq, not the entity Iraq
            return m
        if place and place.kind == "country":
            e = place.kb_entry
            return mk(e.name, e.code, None, "kb-country", entry=e, kind="country")
        if place and place.kind == "place":  # a city or region: where, and whose
            e = place.kb_entry
            return mk(e.name, e.code, None, "place", entry=e, kind="place")
        if place and place.kind == "capital":
            e = place.kb_entry
            return mk(e.name, e.code, "GOV", "capital", entry=e, kind="capital")
        if place and place.kind == "adj":
            tok = doc[g[-1].end - 1]
            e = place.kb_entry
            if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "amod"):  # "the Palestinians"
                m = mk(e.name, e.code, "CVL", "demonym", entry=e, plural=tok.tag_ in ("NNS", "NNPS"), kind="agent")
                m.actor.actor_id = None
                return m
            # "a Senegalese peace plan": the adjective still names whose plan it is; it says what
            # kind of actor only when the noun it modifies is a kind of people ("Chinese subsidies"
            # are no civilians; "Iraqi Kurds", a people named by a plural proper noun, are)
            head = tok.head if tok.dep_ in ("amod", "compound") else None
            sector = None
            if head is not None and head.tag_ in ("NNS", "NNPS"):
                sector = (
                    self.kb.agent_sector.get(head.lemma_.lower())
                    or self.kb.agent_sector.get(head.lower_)
                    or ("CVL" if head.tag_ == "NNPS" else None)
                )
            return mk(e.name, e.code, sector, "adjective", entry=e, kind="adjective")
        if agent:
            plural = span[-1].tag_ in ("NNS", "NNPS")
            return mk(None, None, agent.sector, "agent", known=False, plural=plural, kind="agent")
        if ner_org:
            # an organisation the base lacks: its own words may say what it is ("... Liberation Front")
            sector = next((self.kb.agent_sector[t.lower_] for t in reversed(span) if t.lower_ in self.kb.agent_sector), None)
            return mk(span.text, None, sector, "unknown-org", known=False, kind="org")
        return None

    def _as_descriptor(self, doc, m: Mention, ctx: DocumentContext, offset: int, mentions: list[Mention]) -> Mention:
        """ "the Palestinian terror group" after Hamas is Hamas, not any Palestinian armed group."""
        if m.kind != "agent" or m.start == 0 or doc[m.start - 1].lower_ not in ("the", "this", "that"):
            return m
        head = doc[m.end - 1].lower_
        if head not in self.descriptor_heads:
            return m
        words = {t.lower_ for t in doc[m.start : m.end - 1]} | set(doc[m.start : m.end].text.lower().split())
        prior = [x for x in mentions if x.end <= m.start]
        found = self._descriptor(words, head, ctx, prior)
        if not found or found.actor.code != (m.actor.code or found.actor.code):
            return m
        return _copy_mention(found, m.start - 1, m.end, doc, offset, "descriptor")

    def _country_from_context(self, doc, mentions: list[Mention]) -> None:
        """ "President Prosper Avril ... in Haiti": a person the base lacks, named with a title,
        takes the one country the sentence names (none or several: left uncoded; ``how`` says so).
        A bare name is never given a country this way: the title is the evidence."""
        codes = {
            m.actor.code
            for m in mentions
            if (m.kind in ("country", "capital", "adjective", "agent", "org") or m.actor.how == "title")
            and m.actor.code
            and m.actor.code not in ("IGO", "NGO", "IMG")
        }
        if len(codes) != 1:
            return
        code = codes.pop()
        for m in mentions:
            a = m.actor
            if not a.code and not a.known and m.person and (_titled(doc, m) or self._role_apposition(doc, m)):
                a.code = code
                a.how += "+context-country"

    def _role_apposition(self, doc, m: Mention) -> bool:
        """ "Arnel Joseph, the notorious leader of a gang, ...": an apposition that gives a role is
        title evidence as much as "gang leader Arnel Joseph"."""
        root = doc[m.start : m.end].root
        for c in root.children:
            if c.dep_ == "appos" and c.i > root.i:
                words = [t for t in doc[c.left_edge.i : c.i + 1]]
                if any(norm_key(t.text) in self.kb.titles or t.lower_ in self.kb.agent_sector for t in words):
                    return True
        return False

    @staticmethod
    def _surname_coreference(doc, m: Mention, ctx: DocumentContext) -> Mention:
        """ "Joseph" after "Arnel Joseph", "Bennett" after "Richard Bennett": a surname refers to
        the person introduced earlier in the text, before any other bearer the base knows."""
        span = doc[m.start : m.end]
        names = [t for t in span if t.pos_ == "PROPN"]
        if m.person and not m.actor.known and not m.actor.code and m.actor.entity:
            # the full name again: the reading its first, titled mention established
            for h in reversed(ctx.history):
                if h.person and h.actor.entity == m.actor.entity and h.actor.code and not h.actor.known:
                    acts = [
                        replace(x, text=m.actor.text, start=m.actor.start, end=m.actor.end, how=f"coref({x.how})")
                        for x in h.actors
                    ]
                    return Mention(m.start, m.end, acts, m.kind, person=True, plural=m.plural, location=m.location)
        if not (m.person or (m.kind == "org" and not m.actor.known)) or len(names) != 1 or len(span) > 2:
            return m  # (a surname the name recogniser took for an organisation counts too)
        last = names[0].text
        for h in reversed(ctx.history):
            a = h.actor
            full = (a.entity or "").split()
            if (
                h.person
                and len(full) >= 2
                and full[-1] == last
                and (a.entity != m.actor.entity or not m.actor.code)
                and (a.code or not m.actor.code)
            ):  # never trade a coded reading for an uncoded one
                acts = [replace(x, text=span.text, start=m.actor.start, end=m.actor.end, how=f"coref({x.how})") for x in h.actors]
                return Mention(m.start, m.end, acts, m.kind, person=True, plural=m.plural, location=m.location)
            if h.person and a.entity == m.actor.entity and a.entity:
                return m  # the same person again
        return m

    @staticmethod
    def _surnames_seen(doc, mentions: list[Mention], ctx: DocumentContext, offset: int) -> list[Mention]:
        """A capitalised word that is the surname of a person named earlier in the text ("Exantus"
        after "Frantz Exantus"), even where the name recogniser missed it."""
        taken = {t for m in mentions for t in range(m.start, m.end)}
        out = []
        for t in doc:
            h = ctx.surnames.get(t.text)
            if h is None or t.i in taken or t.pos_ not in ("PROPN", "NOUN", "ADJ", "VERB"):
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].text[:1].isupper() and doc[t.i + 1].pos_ == "PROPN":
                continue  # part of a longer name
            acts = [
                replace(a, text=t.text, start=offset + t.idx, end=offset + t.idx + len(t.text), how=f"coref({a.how})")
                for a in h.actors
            ]
            out.append(Mention(t.i, t.i + 1, acts, "person", person=True))
        return out

    @staticmethod
    def _domestic_agents(doc, mentions: list[Mention], ctx: DocumentContext) -> None:
        """ "The police", "protesters", "the government" with no country named: in a story about one
        country they are that country's, as a reader takes them (a name is never guessed this way)."""
        code = None
        sole = None if ctx.history else _sole_country(mentions)
        for m in mentions:
            a = m.actor
            if (
                m.kind == "agent"
                and not a.code
                and len(m.actors) == 1
                and any(t.lower_.startswith("peacekeep") for t in doc[m.start : m.end])
            ):
                a.code = "IGO"  # "a regional peacekeeping force", "peacekeepers": a UN, AU or ECOWAS mission
                a.how += "+peacekeepers"
                continue
            if m.kind == "agent" and not a.code and a.sector in ("NGO", "ENV") and len(m.actors) == 1:
                a.code = "NGO"  # "aid agencies", "rights groups": CAMEO's transnational NGO code
                a.how += "+ngo"
                continue
            if (
                m.kind == "agent"
                and not a.code
                and len(m.actors) == 1
                and (a.sector in DOMESTIC_SECTORS or (sole and a.sector in FIRST_SENTENCE_SECTORS))
                and not any(t.pos_ == "PROPN" for t in doc[m.start : m.end])
            ):  # a name is never guessed
                root = doc[m.start : m.end].root
                if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("of", "from", "in", "for")) for c in root.children):
                    continue  # "the regime of President Assad", "Assad's forces": the owner says whose
                rel = relative_clause_tokens(root)
                if any(
                    x is not m
                    and x.actor.code
                    and not _scene(doc, x)
                    and x.start not in rel
                    and root.i in [t.i for t in doc[x.start].ancestors]
                    for x in mentions
                ):
                    continue  # "the coalition government led by Mario Draghi": the name in it says whose
                det = doc[m.start] if m.end - m.start == 2 else (doc[m.start - 1] if m.start and m.end - m.start == 1 else None)
                named = (
                    (ctx.org_heads.get(root.lower_) or ctx.person_roles.get(root.lower_))
                    if det is not None and det.lower_ in ("the", "this") and root.tag_ in ("NN", "NNP")
                    else None
                )
                if named is not None:
                    # "the court" after "the International Court of Justice": the body named earlier
                    na = named.actor
                    a.code, a.entity, a.actor_id, a.wikidata = na.code, na.entity, na.actor_id, na.wikidata
                    a.sector = na.sector or a.sector
                    a.how += "+name-head"
                    m.person = named.person
                    continue
                code = code or ctx.main_country() or sole
                if not code:
                    continue
                a.code = code
                a.how += "+article-country"

    def _agent_of_place(self, doc, mentions: list[Mention]) -> list[Mention]:
        """ "rebels in the Ivory Coast", "opposition parties in Nepal", "the government of Sindh
        province": the agent takes the place's country."""
        out: list[Mention] = []
        i = 0
        while i < len(mentions):
            a = mentions[i]
            b = mentions[i + 1] if i + 1 < len(mentions) else None
            if b is not None and a.kind == "agent" and not a.actor.code and b.kind in ("country", "capital", "place"):
                gap = [t.lower_ for t in doc[a.end : b.start]]
                if (
                    gap
                    and gap[0] in ("in", "of", "from", "throughout", "across")
                    and len(gap) <= 2
                    and all(
                        g
                        in (
                            "in",
                            "of",
                            "from",
                            "throughout",
                            "across",
                            "the",
                            "southern",
                            "northern",
                            "eastern",
                            "western",
                            "central",
                        )
                        for g in gap
                    )
                ):
                    act = a.actor
                    span = doc[a.start : b.end]
                    merged = Actor(
                        text=span.text,
                        start=act.start,
                        end=b.actor.end,
                        entity=b.actor.entity,
                        code=b.actor.code,
                        sector=act.sector,
                        wikidata=b.actor.wikidata,
                        actor_id=None,
                        known=True,
                        how="agent+place",
                    )
                    out.append(Mention(a.start, b.end, [merged], "agent", plural=a.plural))
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    @staticmethod
    def _agent_words(doc, mentions: list[Mention], offset: int) -> None:
        """ "Maoist insurgents", "senior Somali officials", "20 aid workers": an unnamed agent is
        written with the words that say which ones (its adjectives, compounds and numbers), not
        by its bare head noun."""
        taken = {t for m in mentions for t in range(m.start, m.end)}
        for m in mentions:
            if m.kind != "agent" or len(m.actors) != 1 or not m.actor.how.startswith("agent"):
                continue
            head = doc[m.end - 1]
            start = m.start
            for c in sorted(head.lefts, key=lambda t: -t.i):
                if c.i >= start:
                    continue
                if c.i != start - 1 or c.dep_ not in ("amod", "compound", "nummod", "quantmod"):
                    break
                words = list(c.subtree)
                if any(t.i in taken or t.pos_ == "PUNCT" for t in words) or words[-1].i != start - 1:
                    break
                start = words[0].i
            if start < m.start:
                span = doc[start : m.end]
                a = m.actor
                a.text, a.start = span.text, offset + span.start_char
                m.start = start

    def _allegiant_agents(self, doc, mentions: list[Mention]) -> None:
        """ "hackers linked to the Iranian government", "fighters loyal to the Taliban": an agent
        with no country of its own belongs to the coded actor it is said to be tied to."""
        for a, b in zip(mentions, mentions[1:]):
            if a.kind != "agent" or a.actor.code or not b.actor.code or len(b.actors) != 1:
                continue
            gap = [t.lower_ for t in doc[a.end : b.start]]
            if len(gap) in (2, 3) and gap[0] in ALLEGIANCE and gap[1] in ("to", "with") and gap[2:] in ([], ["the"]):
                act, owner = a.actor, b.actor
                act.code, act.entity = owner.code, owner.entity
                act.how += "+allegiance"

    def _owned_agents(self, doc, mentions: list[Mention]) -> None:
        """ "its air force", "their troops", "Ivory Coast's tiny air force": the agent belongs to
        whoever the possessive names."""
        for a, b in zip(mentions, mentions[1:]):
            if b.kind != "agent" or b.actor.code or not a.actor.code or len(a.actors) != 1:
                continue
            gap = doc[a.end : b.start]
            owned = (a.kind == "pronoun" and a.end == b.start) or (
                a.kind in ("country", "capital", "org", "person")
                and len(gap) >= 1
                and gap[0].text in ("'s", "\u2019s", "'", "\u2019")
                and all(t.pos_ in ("ADJ", "ADV") for t in gap[1:])
            )
            if owned:
                owner, act = a.actor, b.actor
                act.code, act.entity, act.actor_id = owner.code, owner.entity, owner.actor_id
                if a.kind in ("country", "capital", "person"):
                    act.actor_id = None  # a country's air force is of the country, not the country itself
                act.how += "+owner"

    def _share_agents(self, doc, mentions: list[Mention]) -> None:
        """ "Hungarian and Romanian officials": the agent after the last place applies to each."""
        for i in range(len(mentions) - 1):
            a, b = mentions[i], mentions[i + 1]
            gap = [t.lower_ for t in doc[a.end : b.start]]
            agent_sector = (
                b.actor.sector
                if b.kind == "agent"
                else self.kb.agent_sector.get(doc[b.end - 1].lemma_.lower()) or self.kb.agent_sector.get(doc[b.end - 1].lower_)
                if b.kind == "org"
                else None
            )
            if a.kind in ("adjective", "country") and agent_sector and gap in (["and"], [","], ["or"]):
                act = a.actor
                act.sector = agent_sector
                act.how = act.how + "+shared-agent"
                a.kind = "agent"
                a.plural = b.plural

    def _apposition_context(self, doc, pspan, ctx) -> tuple[str | None, str | None]:
        """ "Fawzi Barhoum, a Hamas spokesman": the apposition gives country and sector."""
        root = pspan.root
        for child in root.children:
            if child.dep_ in ("appos", "acl", "relcl"):
                sub = doc[child.left_edge.i : child.right_edge.i + 1]
                atoms = self.atoms(sub.as_doc())
                agent = next((a.sector for a in atoms if a.kind == "agent"), None)
                if any(t.lower_ == "shadow" for t in sub):
                    agent = "OPP"  # "the shadow justice secretary": the opposition's spokesperson
                for a in atoms:
                    if a.kind in ("org", "country", "adj", "capital") and a.entry:
                        e = a.entry
                        sector = agent or (e.sector if a.kind == "org" else "GOV")
                        return e.code, sector
                if agent == "OPP":
                    return None, agent
        return None, None

    # -- document-level references -----------------------------------------------------------
    def references(self, doc, taken: set[int], ctx: DocumentContext, offset: int, before: list[Mention]) -> list[Mention]:
        """Pronouns, "the two sides", descriptors and definite descriptions."""
        out: list[Mention] = []
        lower = doc.text.lower()
        for phrase in sorted(SIDES, key=len, reverse=True):
            i = lower.find(phrase)
            while i >= 0:
                span = doc.char_span(i, i + len(phrase), alignment_mode="expand")
                if span is not None and not any(t in taken for t in range(span.start, span.end)):
                    prior = [x for x in before if x.end <= span.start]
                    nxt = doc[span.end] if span.end < len(doc) else None
                    # "the two presidents", "both leaders": the two people named last
                    persons = nxt is not None and nxt.lemma_.lower() in PERSON_HEADS
                    acts = _distinct(ctx.history + prior, 2, persons)
                    if len(acts) == 2:
                        out.append(
                            Mention(
                                span.start,
                                span.end,
                                [_actor_at(a, span, offset, "sides") for a in acts],
                                "sides",
                                plural=True,
                            )
                        )
                        taken.update(range(span.start, span.end))
                i = lower.find(phrase, i + 1)
        for tok in doc:
            if tok.i in taken:
                continue
            low = tok.lower_
            if low in FIRST_PERSON and tok.pos_ == "PRON":
                # "'We will retaliate,' the minister said": the speaker, or whom the speaker speaks for
                m = self._speaker(doc, before)
                if m is not None:
                    out.append(_copy_mention(m, tok.i, tok.i + 1, doc, offset, "pronoun"))
                    taken.add(tok.i)
                continue
            if low in PRONOUNS and tok.pos_ == "PRON" or (low in ("its", "their", "his", "her") and tok.tag_ == "PRP$"):
                want = PRONOUNS.get(low)
                if not want or _expletive(tok):
                    continue
                clause = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
                subj = (
                    next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None) if clause is not None else None
                )
                if (
                    subj is not None
                    and clause is not None
                    and tok.i < subj.i < clause.i
                    and low in ("their", "they", "them")
                    and subj.tag_ in ("NNS", "NNPS")
                ):
                    # "After their expulsion, many Chagossians settled ...": a pronoun in a fronted
                    # phrase looks ahead to the subject it agrees with, named or not
                    ahead = next((x for x in before if x.start <= subj.i < x.end), None)
                    if ahead is not None and ahead.actor.code:
                        out.append(_copy_mention(ahead, tok.i, tok.i + 1, doc, offset, "pronoun"))
                        taken.add(tok.i)
                    continue
                desc = [(x.start, x.end) for x in out if x.kind == "descriptor"]
                prior = sorted(
                    [
                        x
                        for x in before + out
                        if x.end <= tok.i
                        and not any(s_ <= x.start and x.end <= e_ and (s_, e_) != (x.start, x.end) for s_, e_ in desc)
                    ],
                    key=lambda x: x.start,
                )
                # a subject earlier in the sentence is the likelier antecedent than a nearer
                # non-subject ("Taliban officials ignore VOA queries because they banned it")
                subjects = [x for x in prior if doc[x.start : x.end].root.dep_ in ("nsubj", "nsubjpass")]
                m = _recent_in(subjects, want) or _recent_in(prior, want) or ctx.recent(want)
                if m:
                    out.append(_copy_mention(m, tok.i, tok.i + 1, doc, offset, "pronoun"))
                    taken.add(tok.i)
                continue
            if tok.pos_ == "NOUN" and low in self.descriptor_heads and tok.i not in taken:
                left = [t for t in tok.lefts]
                if not left or left[0].lower_ not in ("the", "this", "that"):
                    continue
                span = doc[left[0].i : tok.i + 1]
                if any(t in taken for t in range(span.start, span.end)):
                    # "the Palestinian terror group": an adjective atom inside is fine
                    pass
                words = set()
                for t in span[1:-1]:
                    words.add(t.lower_)
                # hyphenated modifiers: "Gaza-based" -> gaza-based
                txt = span.text.lower()
                for w in txt.replace(",", " ").split():
                    words.add(w)
                prior = sorted([x for x in before + out if x.end <= span.start], key=lambda x: x.start)
                m = self._descriptor(words, low, ctx, prior)
                if m:
                    out.append(_copy_mention(m, span.start, span.end, doc, offset, "descriptor"))
                    taken.update(range(span.start, span.end))
        return out

    @staticmethod
    def _speaker(doc, mentions: list[Mention]) -> Mention | None:
        """Who speaks in this sentence: the coded subject of a verb of saying ("..., Cavusoglu
        said").  A quotation running over several sentences is left alone: its speaker is often
        named only after its last sentence."""
        for t in doc:
            if t.lemma_.lower() in SAYING and t.pos_ == "VERB":
                subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
                if subj is None:
                    continue
                m = next((x for x in mentions if x.start <= subj.i < x.end and x.actor.code and x.kind != "pronoun"), None)
                if m is not None:
                    return m
        return None

    def _descriptor(self, words: set[str], head: str, ctx: DocumentContext, before: list[Mention]) -> Mention | None:
        if head in COUNTRY_HEADS and len(words) <= 1:
            return _recent_in(before, "country") or ctx.recent("country")
        if (
            head in COUNTRY_HEADS
            and not words & OTHER_COUNTRY_WORDS
            and not any(w in self.kb.by_adjective or w in self.kb.by_name for w in words - {"the", "this", "that", head})
        ):
            # "the Southeast Asian nation", "the oil-rich kingdom", "the tiny Gulf state": the country
            # just named (not "the neighbouring country": another one)
            return _recent_in(before, "country") or ctx.recent("country")
        cands = self.kb.descriptor_candidates(words, head)
        if cands:
            ids = [e.id for _, e in cands]
            for m in reversed(before):
                if m.actor.actor_id in ids:
                    return m
            for m in reversed(ctx.history):
                if m.actor.actor_id in ids:
                    return m
            top = cands[0][0]
            best = [e for n, e in cands if n == top]
            if len(best) == 1:
                e = best[0]
                act = Actor(
                    text="",
                    start=0,
                    end=0,
                    entity=e.name,
                    code=e.code,
                    sector=e.sector,
                    wikidata=e.wikidata,
                    actor_id=e.id,
                    how="descriptor",
                )
                return Mention(0, 0, [act], "descriptor")
            return None
        bare = not words - {"the", "this", "that", head}
        if bare and head in ("group", "movement", "organization", "organisation", "militia", "faction"):
            for m in list(reversed(before)) + list(reversed(ctx.history)):
                if m.kind in ("org", "descriptor") and m.actor.code and m.actor.sector in ("REB", "OPP", "PTY", "RAD", None):
                    return m
        if bare and head in ("rebels", "militants", "insurgents", "fighters", "militiamen", "guerrillas", "jihadists"):
            # "the rebels" after "Houthi targets": the armed group already named
            for m in list(reversed(before)) + list(reversed(ctx.history)):
                if m.actor.code and m.actor.sector == "REB" and m.actor.actor_id:
                    return m
        return None

    # -- the whole thing --------------------------------------------------------------------
    def tag_doc(self, doc, ctx: DocumentContext, offset: int = 0, remember: bool = True) -> list[Mention]:
        """All mentions in one sentence Doc; offsets shifted by ``offset`` into the text."""
        atoms = self.atoms(doc, ctx.date)
        mentions: list[Mention] = []
        for g in self.groups(doc, atoms):
            m = self.resolve_group(doc, g, ctx, offset)
            if m:
                mentions.append(m)
        self._share_agents(doc, mentions)
        mentions = self._agent_of_place(doc, mentions)
        self._allegiant_agents(doc, mentions)
        self._country_from_context(doc, mentions)
        mentions = [self._surname_coreference(doc, m, ctx) for m in mentions]
        mentions = [self._as_descriptor(doc, m, ctx, offset, mentions) for m in mentions]
        self._domestic_agents(doc, mentions, ctx)
        self._agent_words(doc, mentions, offset)
        for m in mentions:
            m.location = _scene(doc, m)
            if m.location and m.kind in ("place", "capital"):
                # a town named as the scene stands for the people there, not for a government:
                # "fighting raged in central Baghdad", "a curfew in Abidjan" (CAMEO civilians)
                for a in m.actors:
                    a.sector = "CVL"
        mentions = sorted(mentions + self._surnames_seen(doc, mentions, ctx, offset), key=lambda m: m.start)
        taken = {t for m in mentions for t in range(m.start, m.end)}
        if doc.has_annotation("DEP"):
            self._owned_agents(doc, mentions)  # "Colombia's rebels" is coded before "they" looks back
            refs = self.references(doc, taken, ctx, offset, sorted(mentions, key=lambda m: m.start))
            mentions = sorted(mentions + refs, key=lambda m: m.start)
            self._owned_agents(doc, mentions)  # "its air force": owned by what the pronoun stands for
        # a descriptor covers the place words inside it ("the Gaza-based movement" is not Gaza)
        spans = [(m.start, m.end) for m in mentions if m.kind == "descriptor"]
        mentions = [
            m
            for m in mentions
            if m.kind == "descriptor" or not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in spans)
        ]

        if remember:
            ctx.remember(mentions)
        return mentions


def _scene(doc, m: Mention) -> bool:
    """The mention names where, not who: "talks in Beirut", "protesting in Monrovia"."""
    root = doc[m.start : m.end].root
    return root.dep_ == "pobj" and root.head.lower_ in WHERE_PREPS


def _expletive(tok) -> bool:
    """A dummy "it" that stands for no one: "it was a mistake to support X", "it might be
    necessary to renegotiate", "it is important that ..." (the clause is the real subject).  Not
    before an adjective whose subject does the act: "it is ready to reopen the border"."""
    if tok.lower_ != "it":
        return False
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if any(c.dep_ == "acomp" and c.lower_ in CONTROL_ADJECTIVES for c in head.children):
        return False
    return (
        tok.dep_ in ("nsubj", "nsubjpass")
        and head.lemma_ in ("be", "seem", "appear", "remain", "become")
        and any(c.dep_ in ("acomp", "attr") for c in head.children)
        and any(
            c.dep_ in ("xcomp", "ccomp", "advcl", "csubj")
            and (
                c.tag_ in ("VB", "VBP", "VBZ", "VBD")
                or any(x.dep_ in ("aux", "mark") and x.lower_ in ("to", "that") for x in c.children)
            )
            for c in list(head.children) + [y for c in head.children if c.dep_ in ("acomp", "attr") for y in c.children]
        )
    )


def _titled(doc, m: Mention) -> bool:
    """The mention says more than the bare name: a title or role ("President Prosper Avril")."""
    name = set((m.actor.entity or "").lower().split())
    return any(
        t.text.rstrip(".").isalpha() and t.lower_ not in name and t.lower_ not in ("the", "a", "an") for t in doc[m.start : m.end]
    )  # (abbreviated titles too: "Gen.", "Sen.")


def _sole_country(mentions: list[Mention]) -> str | None:
    """The one state whose agents or office-holders a text's first sentence names ("the Sri Lankan
    army", "Algerian President Ben Bella"), when no other state is named at all.  A bare country or
    capital ("angry with Ankara") is usually the other party, not the home of an unplaced agent."""
    codes = {
        m.actor.code for m in mentions if (m.kind == "agent" or m.person) and m.actor.code and m.actor.code not in NON_STATE_CODES
    }
    named = {m.actor.code for m in mentions if m.actor.code and m.actor.code not in NON_STATE_CODES}
    return codes.pop() if len(codes) == 1 and named == codes else None


def _recent_in(mentions: list[Mention], want: str) -> Mention | None:
    tmp = DocumentContext(history=list(mentions))
    return tmp.recent(want)


def _distinct(mentions: list[Mention], n: int, persons: bool = False) -> list[Actor]:
    return DocumentContext(history=mentions).distinct_recent(n, persons)


def _actor_at(a: Actor, span, offset: int, how: str) -> Actor:
    """The actor ``a`` as named by another span of the text (a pronoun, "the two sides")."""
    return Actor(
        text=span.text,
        start=offset + span.start_char,
        end=offset + span.end_char,
        entity=a.entity,
        code=a.code,
        sector=a.sector,
        wikidata=a.wikidata,
        actor_id=a.actor_id,
        known=a.known,
        how=how,
    )


def relative_clause_tokens(tok) -> set[int]:
    """Token indices of the relative clauses on ``tok``: a clause of its own, whose names say
    nothing of whose the noun is ("the government, which said the ships were China's")."""
    return {x.i for c in tok.children if c.dep_ == "relcl" for x in c.subtree}


def _copy_mention(m: Mention, start: int, end: int, doc, offset: int, how: str) -> Mention:
    span = doc[start:end]
    acts = [_actor_at(a, span, offset, how + (":" + a.how if a.how and a.how != how else "")) for a in m.actors]
    return Mention(start, end, acts, "pronoun" if how == "pronoun" else "descriptor", person=m.person, plural=m.plural)


def iter_actors(mentions: Iterable[Mention]) -> list[Actor]:
    return [a for m in mentions for a in m.actors]
