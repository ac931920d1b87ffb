"""Unknown actors worth adding to the base: proper names the base lacks, merged across case and
spelling, with how often and where they occur, the codes and titles the text gave them, and the
nearest names the base already has (so promoting one is a single ``tieline actors add``).

Pronouns ("he", "their"), kinds of actors ("people", "analysts", "the government") and generic
capitalised words ("University") are not names and are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from .kb import KnowledgeBase, norm_key

CONNECTORS = {
    "of",
    "de",
    "du",
    "la",
    "le",
    "al",
    "el",
    "bin",
    "ibn",
    "van",
    "von",
    "der",
    "den",
    "and",
    "for",
    "the",
    "da",
    "dos",
    "das",
    "di",
    "y",
    "-",
    "&",
}
GENERIC = {
    "university",
    "government",
    "ministry",
    "court",
    "parliament",
    "army",
    "police",
    "council",
    "committee",
    "agency",
    "department",
    "office",
    "party",
    "president",
    "minister",
    "people",
    "analysts",
    "experts",
    "officials",
    "sources",
    "state",
    "states",
    "republic",
    "kingdom",
    "union",
    "forces",
    "media",
    "press",
    "congress",
    "senate",
    "house",
    "assembly",
    "commission",
    "authority",
    "authorities",
    "group",
    "movement",
    "mr",
    "mrs",
    "ms",
    "dr",
    "professor",
    "general",
    "colonel",
    "captain",
    "sheikh",
    "prime",
    "foreign",
    "advisor",
    "adviser",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "judge",
    "senator",
}
_POSSESSIVE = re.compile(r"['’]s?$")


def name_key(text: str) -> str:
    """Case-, accent- and article-blind key: "the Doha Agreement's" and "Doha agreement" meet."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    t = _POSSESSIVE.sub("", t.strip())
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.I)
    return norm_key(t)


PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "his", "its", "their", "our"}


def proper_name(text: str, kb: KnowledgeBase | None = None) -> str | None:
    """The name in a mention, or None: the trailing run of capitalised words ("U.N. special
    rapporteur Richard Bennett" -> "Richard Bennett"), without the titles before it ("General
    Ahmed Sharif Chaudhry" -> "Ahmed Sharif Chaudhry"); a pronoun, a kind of actor ("Analysts")
    or a generic word ("University") is no name."""
    words = [w for w in _POSSESSIVE.sub("", text.strip()).split() if w]
    run: list[str] = []
    for w in reversed(words):
        if w[:1].isupper() or w[:1].isdigit() or (run and w.lower() in CONNECTORS):
            run.insert(0, w)
        else:
            break
    while run and (
        run[0].lower() in CONNECTORS
        or run[0].lower().strip(".,") in GENERIC
        or (kb is not None and norm_key(run[0]) in kb.titles)
    ):
        run.pop(0)
    core = [w for w in run if w.lower() not in CONNECTORS]
    if not core or (len(core) == 1 and core[0].lower() in PRONOUNS):
        return None
    lowered = [w.lower().strip(".,") for w in core]
    if all(w in GENERIC for w in lowered):
        return None
    if kb is not None and len(core) == 1 and (lowered[0] in kb.agent_sector or lowered[0] in kb.titles):
        return None
    if not any(len(w.strip(".")) > 1 for w in core):
        return None
    return " ".join(run)


def is_proper_name(text: str, kb: KnowledgeBase | None = None) -> bool:
    return proper_name(text, kb) is not None


@dataclass
class Candidate:
    name: str  # the most frequent spelling
    mentions: int = 0
    articles: set[str] = field(default_factory=set)
    spellings: Counter = field(default_factory=Counter)
    codes: Counter = field(default_factory=Counter)
    sectors: Counter = field(default_factory=Counter)
    evidence: Counter = field(default_factory=Counter)  # how the tagger read it: title, apposition, ...

    def to_dict(self, nearest: list[str]) -> dict[str, Any]:
        code = self.codes.most_common(1)[0][0] if self.codes else None
        sector = self.sectors.most_common(1)[0][0] if self.sectors else None
        return {
            "name": self.name,
            "mentions": self.mentions,
            "articles": len(self.articles),
            "code": code,
            "sector": sector,
            "spellings": ", ".join(s for s, _ in self.spellings.most_common(4)),
            "evidence": ", ".join(e for e, _ in self.evidence.most_common(3)),
            "nearest": "; ".join(nearest),
            "add": f'tieline actors add "{self.name}" --code {code or "XXX"}' + (f" --sector {sector}" if sector else ""),
        }


def candidates(
    rows: Iterable[tuple[str, str | None, str | None, str | None, str]],
    kb: KnowledgeBase | None = None,
    limit: int = 30,
    nearest: int = 3,
) -> list[dict[str, Any]]:
    """``rows``: (text, code, sector, how, article_id) of unknown mentions."""
    by_key: dict[str, Candidate] = {}
    for text, code, sector, how, article in rows:
        name = proper_name(text or "", kb)
        if not name or (how or "").startswith("pronoun"):
            continue
        key = name_key(name)
        c = by_key.setdefault(key, Candidate(name=name))
        c.mentions += 1
        c.articles.add(article)
        c.spellings[name] += 1
        if code:
            c.codes[code] += 1
        if sector:
            c.sectors[sector] += 1
        for part in (how or "").replace("(", "+").replace(")", "").split("+"):
            if part and part not in ("unknown-person", "unknown-org", "argument", "thing", "coref"):
                c.evidence[part] += 1
    # a surname alone joins the full name it stands for ("Bennett" -> "Richard Bennett")
    full_by_last: dict[str, str] = {}
    for key in by_key:
        parts = key.split()
        if len(parts) >= 2:
            full_by_last.setdefault(parts[-1], key)
    for key in list(by_key):
        if " " not in key and key in full_by_last and full_by_last[key] in by_key:
            into, c = by_key[full_by_last[key]], by_key.pop(key)
            into.mentions += c.mentions
            into.articles |= c.articles
            into.spellings.update(c.spellings)
            into.codes.update(c.codes)
            into.sectors.update(c.sectors)
            into.evidence.update(c.evidence)
    for c in by_key.values():
        c.name = max(c.spellings.items(), key=lambda kv: (len(kv[0].split()), kv[1]))[0]
    ranked = sorted(by_key.values(), key=lambda c: (-c.mentions, -len(c.articles), c.name))[:limit]
    return [c.to_dict(_nearest(c.name, kb, nearest)) for c in ranked]


def _nearest(name: str, kb: KnowledgeBase | None, n: int) -> list[str]:
    """The base's closest names (rapidfuzz), to tell a new actor from a spelling of a known one."""
    if kb is None or n <= 0:
        return []
    from rapidfuzz import fuzz, process

    choices = list(kb.by_name)
    found = process.extract(name_key(name), choices, scorer=fuzz.token_sort_ratio, limit=n, score_cutoff=80)
    out: list[str] = []
    for key, score, _ in found:
        e = kb.by_name[key][0]
        label = f"{e.name} ({e.code or e.kind}, {int(score)})"
        if label not in out:
            out.append(label)
    return out
