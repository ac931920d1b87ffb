"""The actor knowledge base: countries, organisations, people with dated roles, generic agents.

Data lives in YAML files (``tieline/actors/data/*.yaml``) that users read and extend.  A user's
own file (``TIELINE_KB`` or ``--kb``; any of the top-level keys) is merged over the built-in one:
an entry with the same id replaces the built-in entry, new ids are added, and a name the user's
file gives means that file's entries only (later files win).

The loaded base is an immutable index passed explicitly to the tagger; nothing is global.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, TypedDict

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 7x faster


def _yaml_load(text: str):
    return yaml.load(text, Loader=_LOADER)


DATA_DIR = pathlib.Path(__file__).parent / "data"


def _builtin(path: pathlib.Path) -> bool:
    """A file of the built-in base (data/ and its sub-folders such as data/world/)."""
    return path.resolve().is_relative_to(DATA_DIR.resolve())


BUILTIN_FILES = (
    "countries.yaml",
    "places.yaml",
    "organizations.yaml",
    "people.yaml",
    "world/africa.yaml",
    "world/americas.yaml",
    "world/asia_pacific.yaml",
    "world/europe.yaml",
    "world/middle_east_central_asia.yaml",
    "world/un_envoys.yaml",
    "officeholders_us_congress.yaml",
    "officeholders_us_governors.yaml",
    "officeholders_uk_ministers.yaml",
    "agents.yaml",
    "titles.yaml",
)
SECTORS = {
    "GOV",
    "MIL",
    "REB",
    "OPP",
    "CVL",
    "COP",
    "JUD",
    "LEG",
    "MED",
    "BUS",
    "REF",
    "ELI",
    "SPY",
    "LAB",
    "EDU",
    "HLH",
    "REL",
    "CRM",
    "NGO",
    "UAF",
    "IGO",
    "PTY",
    "AGR",
    "ENV",
    "MNC",
    "IMG",
    "SEP",
    "RAD",
    "INS",
}
SPECIAL_CODES = {"IGO", "NGO", "IMG", "MNC"}
STATE_SECTORS = {None, "", "GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
_TOKEN = re.compile(r"\w+|[^\w\s]")


def norm_key(text: str) -> str:
    """Lowercase token string used to index names ("U.S." and "US" both -> "us")."""
    t = text.lower().replace("\u2019", "'").replace(".", "")
    key = " ".join(_TOKEN.findall(t))
    return key[4:] if key.startswith("the ") else key


class KBError(ValueError):
    """A knowledge-base file that does not follow the schema; the message names the file and entry."""


@dataclass(frozen=True)
class Role:
    code: str
    sector: str
    office: str | None = None
    org: str | None = None
    start: str | None = None
    end: str | None = None

    def covers(self, date: dt.date | None) -> bool:
        if date is None:
            return self.end is None
        return (parse_date(self.start, first=True) or dt.date.min) <= date <= (parse_date(self.end, first=False) or dt.date.max)


@dataclass
class Entry:
    """One thing the base knows: a country, organisation or person."""

    id: str
    kind: str  # country | org | person
    name: str
    names: list[str]
    code: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    org_kind: str | None = None
    parent: str | None = None
    roles: list[Role] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    capital: str | None = None
    descriptor_heads: list[str] = field(default_factory=list)
    descriptor_words: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    joint: bool = False  # one of several actors one phrase names ("the Quad", PETRARCH's [FRO/BIL])
    article_names: list[str] = field(default_factory=list)  # names that need "the" before them ("the West")

    def role_at(self, date: dt.date | None) -> Role | None:
        """The role held on ``date``; else the nearest one (a former leader keeps his country)."""
        if not self.roles:
            return None
        for r in self.roles:
            if r.covers(date):
                return r
        if date is None:
            return self.roles[-1]

        def distance(r: Role) -> int:
            s = parse_date(r.start, True) or dt.date.min
            e = parse_date(r.end, False) or dt.date.max
            return min(abs((date - s).days), abs((date - e).days))

        return min(self.roles, key=distance)

    def code_sector_at(self, date: dt.date | None) -> tuple[str | None, str | None]:
        if self.kind != "person":
            return self.code, self.sector
        r = self.role_at(date)
        if r is None:
            return self.code, self.sector
        if r.covers(date) or date is None:
            return r.code, r.sector
        return r.code, "ELI"  # out of office: still of that country, an elite


@dataclass(frozen=True)
class Agent:
    """A generic agent word that gives a sector ("troops" -> MIL)."""

    words: tuple[str, ...]
    sector: str


def parse_date(value: Any, first: bool = True) -> dt.date | None:
    """ISO date of any precision; ``first`` picks the first or last day of a year/month."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    s = str(value)
    try:
        parts = [int(p) for p in s[:10].split("-")]
    except ValueError:
        return None
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1) if first else dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        if first:
            return dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(*parts[:3])


class ResolvedKey(TypedDict):
    """What ``KnowledgeBase.resolve_key`` answers: the name asked and the codes, ids and names it means."""

    label: str
    codes: list[str]
    actor_ids: list[str]
    entities: list[str]


class KnowledgeBase:
    """Index over the entries: name -> entries, office -> holders, agent word -> sector."""

    def __init__(
        self,
        entries: Iterable[Entry],
        agents: Iterable[Agent],
        titles: dict[str, str],
        sources: list[str] | None = None,
        places: dict[str, str] | None = None,
        office_sectors: dict[str, str | None] | None = None,
        ranks: dict[str, int] | None = None,
        feature_words: Iterable[str] = (),
        document_words: Iterable[str] = (),
    ) -> None:
        """``ranks``: entry id -> the rank of the file it came from (0 built-in, then 1, 2, ... for
        the user's files in order); a name that a higher-ranked file gives means only that
        file's entries: a user's "Egypt" replaces the built-in Egypt for that name."""
        self.entries: dict[str, Entry] = {}
        for e in entries:
            self.entries[e.id] = e
        self.agents = list(agents)
        self.titles = dict(titles)  # title phrase -> office
        self.office_sectors = dict(office_sectors or {})  # office -> sector ("senator" -> LEG); default GOV
        # "Ocean", "Sea", "Strait": after a country or demonym they make a place name, not an actor
        self.feature_words = {w.lower() for w in feature_words}
        # "agreement", "accords": after a city they name a text or process held there, no actor
        self.document_words = {w.lower() for w in document_words}
        self.sources = sources or []
        self.by_name: dict[str, list[Entry]] = {}
        self.by_adjective: dict[str, Entry] = {}
        self.by_capital: dict[str, Entry] = {}
        self.places = dict(places or {})  # city or region -> country code
        self.by_code: dict[str, Entry] = {}
        self.agent_sector: dict[str, str] = {}
        # one-word country names of six letters or more, to read a misspelt one ("Afganistan")
        self.country_names: list[tuple[str, Entry]] = []
        # short all-capital aliases ("IS", "WHO", "ICE") match only when written in capitals
        self.acronyms: set[str] = set()
        self.holders: dict[tuple[str, str], list[tuple[Role, Entry]]] = {}
        self.org_holders: dict[tuple[str, str], list[tuple[Role, Entry]]] = {}
        ranks = ranks or {}
        name_rank: dict[str, int] = {}
        for e in self.entries.values():
            rank = ranks.get(e.id, 0)
            for n in e.names:
                k = norm_key(n)
                if name_rank.get(k, rank) < rank:  # a later file names it: its entries replace the others
                    self.by_name.pop(k, None)
                    self.acronyms.discard(k)
                elif name_rank.get(k, rank) > rank:
                    continue
                name_rank[k] = rank
                letters = n.replace(".", "").replace(" ", "")
                if letters.isupper() and len(letters) <= 5:
                    self.acronyms.add(k)
                if k and e not in self.by_name.setdefault(k, []):
                    self.by_name[k].append(e)
                other = _un_spelling(k)
                if other and other not in name_rank and e not in self.by_name.setdefault(other, []):
                    self.by_name[other].append(e)
            if e.kind == "country":
                self.by_code.setdefault(e.code or e.id, e)
                self.country_names += [(k, e) for k in {norm_key(n) for n in e.names} if len(k) >= 6 and k.isalpha()]
                for a in e.adjectives:
                    self.by_adjective.setdefault(norm_key(a), e)
                if e.capital:
                    self.by_capital.setdefault(norm_key(e.capital), e)
            for r in e.roles:
                if r.office:
                    self.holders.setdefault((r.code, r.office), []).append((r, e))
                    if r.org:
                        self.org_holders.setdefault((r.org, r.office), []).append((r, e))
        for agent in self.agents:
            for w in agent.words:
                self.agent_sector.setdefault(norm_key(w), agent.sector)
        # descriptor head ("group", "party") -> the organisations it can describe, in entry order
        self.by_descriptor_head: dict[str, list[Entry]] = {}
        for e in self.entries.values():
            for h in dict.fromkeys(e.descriptor_heads):
                self.by_descriptor_head.setdefault(h, []).append(e)
        self.by_place: dict[str, Entry] = {}
        for name, code in self.places.items():
            if code in self.by_code and name not in self.by_capital and name not in self.by_name:
                self.by_place[name] = self.by_code[code]
        # the first word of every phrase the tagger looks up, with the most words a phrase starting
        # with it has: positions whose word is not here cannot start a match, and at the others no
        # longer phrase is tried than the base holds (most names are one or two words)
        self.first_words: dict[str, int] = {}
        for table in (self.by_name, self.by_capital, self.by_adjective, self.by_place, self.titles, self.agent_sector):
            for k in table:
                words = k.split(" ")
                if len(words) > self.first_words.get(words[0], 0):
                    self.first_words[words[0]] = len(words)

    # -- look-ups ----------------------------------------------------------------------------
    def pick(self, entries: list[Entry], date: dt.date | None) -> Entry:
        """Of the entries a name can mean, the one that existed on ``date`` (an organisation
        renamed, or an insurgency that became a government); undated text gets the current one."""

        def live(e: Entry) -> bool:
            s, en = parse_date(e.start, True), parse_date(e.end, False)
            if date is None:
                return en is None
            return (s is None or s <= date) and (en is None or date < en)

        if len(entries) > 1 and date is not None:
            # two people of one name: the one in office on that date ("Yvette Cooper" in 2025)
            in_office = [e for e in entries if e.kind == "person" and any(r.covers(date) for r in e.roles)]
            if in_office:
                return in_office[0]
        return next((e for e in entries if live(e)), entries[0])

    def holder(self, code: str, office: str, date: dt.date | None, org: str | None = None) -> Entry | None:
        """Who held ``office`` of country ``code`` (or organisation ``org``) on ``date``."""
        pool = self.org_holders.get((org, office), []) if org else self.holders.get((code, office), [])
        held = [(role, e) for role, e in pool if role.covers(date)]
        if not org:  # "the Russian leader" is the state's, not an armed group's
            held.sort(key=lambda re_: (re_[0].org is not None, re_[0].sector != "GOV"))
        if not held and office == "prime minister" and not org:
            return self.holder(code, "chancellor", date)
        if len({e.id for _, e in held}) > 2:
            return None  # a seat of many ("a US senator", "the governor"): the title names nobody in particular
        return held[0][1] if held else None

    def descriptor_candidates(self, words: set[str], head: str) -> list[tuple[int, Entry]]:
        """Organisations whose descriptor heads include ``head``, scored by modifier overlap."""
        out = []
        for e in self.by_descriptor_head.get(head, ()):
            n = len(words & set(e.descriptor_words))
            if n:
                out.append((n, e))
        return sorted(out, key=lambda x: -x[0])

    def resolve_key(self, name: str) -> ResolvedKey:
        """What a user's "Iran", "IRN" or "Hamas" means for querying events."""
        k = norm_key(name)
        codes, ids, entities = [], [], []
        if re.fullmatch(r"[A-Za-z]{3}", name) and name.upper() in self.by_code:
            codes.append(name.upper())
        for e in self.by_name.get(k, []) + ([self.by_capital[k]] if k in self.by_capital else []):
            if e.kind == "country":
                assert e.code is not None  # a country's code is required (_parse)
                codes.append(e.code)
            else:
                ids.append(e.id)
                entities.append(e.name)
        if not (codes or ids) and name.upper() in SPECIAL_CODES:
            codes.append(name.upper())
        if not (codes or ids):
            entities.append(name)
        return {"label": name, "codes": sorted(set(codes)), "actor_ids": sorted(set(ids)), "entities": sorted(set(entities))}

    def search(self, query: str, limit: int = 20) -> list[Entry]:
        q = norm_key(query)
        hits = [
            e
            for e in self.entries.values()
            if q in norm_key(e.name) or any(q in norm_key(n) for n in e.names) or (e.code or "").lower() == q or e.id == q
        ]
        return sorted(hits, key=lambda e: (norm_key(e.name) != q, len(e.name)))[:limit]

    def stats(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for e in self.entries.values():
            kinds[e.kind] = kinds.get(e.kind, 0) + 1
        kinds["roles"] = sum(len(e.roles) for e in self.entries.values())
        kinds["agent_words"] = len(self.agent_sector)
        kinds["names"] = len(self.by_name)
        return kinds


# -- loading and validation ----------------------------------------------------------------
def _req(d: dict, key: str, where: str) -> Any:
    if d.get(key) in (None, ""):
        raise KBError(f"{where}: missing '{key}'")
    return d[key]


def _check_code(code: Any, where: str, custom: bool = False) -> str:
    """Three capital letters; ``custom`` (organisations and people in a user's own file) also
    allows the longer codes of collective and custom actors: 3-9 capital letters and digits."""
    if isinstance(code, str) and custom and re.fullmatch(r"[A-Z0-9]{3,9}", code) and re.search(r"[A-Z]", code):
        return code
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code):
        more = " (or 3-9 capital letters and digits in your own file)" if custom else ""
        raise KBError(f"{where}: code must be three capital letters{more}, got {code!r}")
    return code


def _check_sector(sector: Any, where: str) -> str | None:
    if sector in (None, ""):
        return None
    if sector not in SECTORS:
        raise KBError(f"{where}: unknown sector {sector!r} (one of {', '.join(sorted(SECTORS))})")
    return sector


def _as_str(v: Any) -> str | None:
    return None if v is None else str(v)


def _un_spelling(key: str) -> str | None:
    """ "un mission in ..." <-> "united nations mission in ...": news writes both, the base one."""
    if key.startswith("un "):
        return "united nations " + key[3:]
    if key.startswith("united nations "):
        return "un " + key[len("united nations ") :]
    return None


def parse_file(path: pathlib.Path) -> tuple[list[Entry], list[Agent], dict[str, str]]:
    """Read and validate one YAML file; raises KBError naming the file and the entry."""
    entries, agents, titles, _, _, _, _ = _parse(path)
    return entries, agents, titles


def _parse(
    path: pathlib.Path,
) -> tuple[list[Entry], list[Agent], dict[str, str], dict[str, str], dict[str, str | None], list[str], list[str]]:
    """parse_file plus the file's places (city or region -> country code) and office sectors."""
    try:
        doc = _yaml_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise KBError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(doc, dict):
        raise KBError(f"{path}: expected a mapping with countries/organizations/people/agents/titles")
    entries: list[Entry] = []
    agents: list[Agent] = []
    titles: dict[str, str] = {}
    custom = not _builtin(path)  # a user's file: longer codes for organisations and people
    for i, c in enumerate(doc.get("countries") or []):
        where = f"{path.name}: countries[{i}]"
        code = _check_code(_req(c, "code", where), where)
        name = _req(c, "name", where)
        names = [name] + list(c.get("names") or [])
        entries.append(
            Entry(
                id=code,
                kind="country",
                name=name,
                names=names,
                code=code,
                sector=None,
                wikidata=c.get("wikidata"),
                adjectives=list(c.get("adjectives") or []),
                capital=c.get("capital"),
            )
        )
    for i, o in enumerate(doc.get("organizations") or []):
        where = f"{path.name}: organizations[{i}] ({o.get('id')})"
        oid = str(_req(o, "id", where))
        name = _req(o, "name", where)
        entries.append(
            Entry(
                id=oid,
                kind="org",
                name=name,
                names=[name] + list(o.get("aliases") or []),
                code=_check_code(_req(o, "code", where), where, custom),
                sector=_check_sector(o.get("sector"), where),
                wikidata=o.get("wikidata"),
                org_kind=o.get("kind"),
                parent=o.get("parent"),
                descriptor_heads=[str(h).lower() for h in o.get("descriptor_heads") or []],
                descriptor_words=[str(w).lower() for w in o.get("descriptor_words") or []],
                start=_as_str(o.get("start")),
                end=_as_str(o.get("end")),
                joint=bool(o.get("joint")),
                article_names=[norm_key(n) for n in o.get("article_names") or []],
            )
        )
        st, en = parse_date(o.get("start")), parse_date(o.get("end"), False)
        if st and en and st > en:
            raise KBError(f"{where}: start {o.get('start')} is after end {o.get('end')}")
    for i, p in enumerate(doc.get("people") or []):
        where = f"{path.name}: people[{i}] ({p.get('id')})"
        pid = str(_req(p, "id", where))
        name = _req(p, "name", where)
        roles = []
        for j, r in enumerate(p.get("roles") or []):
            w = f"{where} roles[{j}]"
            role = Role(
                code=_check_code(_req(r, "code", w), w, custom),
                sector=_check_sector(r.get("sector"), w) or "GOV",
                office=r.get("office"),
                org=r.get("org"),
                start=_as_str(r.get("start")),
                end=_as_str(r.get("end")),
            )
            if role.start and role.end and (parse_date(role.start) or dt.date.min) > (parse_date(role.end, False) or dt.date.max):
                raise KBError(f"{w}: start {role.start} is after end {role.end}")
            roles.append(role)
        roles.sort(key=lambda r: parse_date(r.start) or dt.date.min)
        entries.append(
            Entry(
                id=pid,
                kind="person",
                name=name,
                names=[name] + list(p.get("aliases") or []),
                wikidata=p.get("wikidata"),
                roles=roles,
                code=roles[-1].code if roles else _as_str(p.get("code")),
                sector=roles[-1].sector if roles else _as_str(p.get("sector")),
            )
        )
    for i, a in enumerate(doc.get("agents") or []):
        where = f"{path.name}: agents[{i}]"
        words = tuple(_req(a, "words", where))
        sector = _check_sector(_req(a, "sector", where), where)
        assert sector is not None  # _req refused a missing or empty sector
        agents.append(Agent(words=words, sector=sector))
    for office, phrases in (doc.get("titles") or {}).items():
        for ph in phrases or []:
            titles[norm_key(ph)] = office
    places: dict[str, str] = {}
    for i, pl in enumerate(doc.get("places") or []):
        where = f"{path.name}: places[{i}] ({pl.get('name')})"
        code = _check_code(_req(pl, "code", where), where)
        for n in [_req(pl, "name", where)] + list(pl.get("aliases") or []):
            places[norm_key(n)] = code
    office_sectors = {
        str(o): _check_sector(s, f"{path.name}: office_sectors[{o}]") for o, s in (doc.get("office_sectors") or {}).items()
    }
    features = [str(w) for w in doc.get("feature_words") or []]
    documents = [str(w) for w in doc.get("document_words") or []]
    return entries, agents, titles, places, office_sectors, features, documents


def user_kb_paths(extra: str | os.PathLike | None = None) -> list[pathlib.Path]:
    """User base files: the config file's ``kb``, the colon-separated TIELINE_KB variable and
    ``extra`` (from --kb), in that order (later files win)."""
    from ..config import load_config

    out = []
    for p in list(load_config().get("kb") or []) + os.environ.get("TIELINE_KB", "").split(os.pathsep) + [extra]:
        if p:
            out.append(pathlib.Path(p).expanduser())
    return out


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...], stamps: tuple[float, ...] = ()) -> KnowledgeBase:
    """``stamps`` (the files' modification times) make an edited file load again in this process;
    across processes the base compiled once is read from the cache (parsing the YAML takes over a
    second, the compiled base a few hundredths)."""
    from ..cache import content_key, load_or_build

    # how the base is built (this module's indexing rules) counts too
    key = content_key(f"kb/{_CACHE_FORMAT}", pathlib.Path(__file__), *(pathlib.Path(p) for p in paths))
    return load_or_build("kb", key, lambda: _build(paths), KnowledgeBase)


_CACHE_FORMAT = 5  # bump when KnowledgeBase's attributes change


def _build(paths: tuple[str, ...]) -> KnowledgeBase:
    entries: dict[str, Entry] = {}
    agents: list[Agent] = []
    titles: dict[str, str] = {}
    places: dict[str, str] = {}
    office_sectors: dict[str, str | None] = {}
    features: list[str] = []
    documents: list[str] = []
    ranks: dict[str, int] = {}
    for rank, p in enumerate(paths):
        path = pathlib.Path(p)
        if not path.exists():
            if _builtin(path):
                continue
            raise KBError(f"{path}: no such knowledge-base file")
        es, ags, tis, pls, offs, feats, docs = _parse(path)
        features += feats
        documents += docs
        places.update(pls)
        office_sectors.update(offs)
        for e in es:
            entries[e.id] = e  # later files override earlier ones
            ranks[e.id] = 0 if _builtin(path) else rank + 1  # and win on names they share
        agents = ags + agents  # user agents first: they win on shared words
        titles.update(tis)
    return KnowledgeBase(
        entries.values(),
        agents,
        titles,
        sources=list(paths),
        places=places,
        office_sectors=office_sectors,
        ranks=ranks,
        feature_words=features,
        document_words=documents,
    )


def load_kb(user_files: Iterable[str | os.PathLike] | None = None) -> KnowledgeBase:
    """The built-in base with the user's files merged over it (later wins)."""
    paths = [str(DATA_DIR / f) for f in BUILTIN_FILES]
    paths += [str(p) for p in user_kb_paths()]
    paths += [str(p) for p in (user_files or [])]
    stamps = tuple(os.path.getmtime(p) if os.path.exists(p) else 0.0 for p in paths)
    return _load(tuple(paths), stamps)


def resolve_key(name: str) -> list[str]:
    """Query keys for a user's actor name: country codes and entity ids ("Iran" -> ["IRN"])."""
    k = load_kb().resolve_key(name)
    return (k["codes"] + k["actor_ids"]) or k["entities"]
