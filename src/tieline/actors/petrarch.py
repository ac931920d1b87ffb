"""PETRARCH / TABARI dictionaries -> a Tieline knowledge-base file.

``convert(paths)`` reads actor dictionaries (``NAME [CODE]``, ``+synonym`` lines, tab-indented
date restrictions ``[CODE <YYMMDD]``, ``[CODE >YYMMDD]``, ``[CODE YYMMDD-YYMMDD]``) and agent
dictionaries (``NAME {PLURALS} [~SEC]`` or ``[SEC~]``, ``!MARKER! = A, B`` substitution sets) and
returns a ``tieline-kb/1`` document plus the list of what the knowledge base cannot express, each
with its file and line.  ``tieline actors import --format petrarch`` is the command-line face.

How a CAMEO code maps: its first three characters are the actor's code (country, IGO, NGO, IMG
...); the first of the following three-letter parts that is a Tieline sector becomes the sector;
the whole code is kept in a ``cameo`` field (which the loader ignores) and any part that has no
place in Tieline (``HMS`` in ``PSEREBHMS``) is reported.  A code with several actors
(``[FRO/BIL/SAM]``) gives one entry per actor under the same name.  Date restrictions follow
PETRARCH: the first restriction that covers a date wins, the undated code covers the rest; they
become people with dated roles when every period has a sector, otherwise organisations with
``start``/``end`` (one per period; the loader picks the one alive on the article's date).
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from dataclasses import dataclass, field
from typing import Iterable

import yaml

from .kb import SECTORS

# CAMEO codes that are not Tieline sectors but have a near equivalent
SECTOR_ALIASES = {"HRI": "NGO", "CIV": "CVL"}
# CAMEO religion codes: an agent that names a religious identity is a REL actor in Tieline
RELIGIONS = {
    "ADR",
    "ALE",
    "ATH",
    "BAH",
    "BUD",
    "CHR",
    "CON",
    "CPT",
    "CTH",
    "DOX",
    "DRZ",
    "HIN",
    "HSD",
    "ITR",
    "JAN",
    "JEW",
    "JHW",
    "LDS",
    "MOS",
    "MRN",
    "MUS",
    "NRM",
    "PAG",
    "PRO",
    "SFI",
    "SHI",
    "SHN",
    "SIK",
    "SUN",
    "TAO",
    "UDX",
    "ZRO",
}
NULL_CODES = {"---", "+++", "###"}


@dataclass
class Issue:
    """Something in a dictionary that the knowledge base cannot express (or only approximately)."""

    file: str
    line: int
    text: str
    reason: str
    kind: str = "other"  # a short category, for grouping

    def __str__(self) -> str:
        return f"{self.file}{f':{self.line}' if self.line else ''}: {self.text}: {self.reason}"


@dataclass
class ImportResult:
    doc: dict
    issues: list[Issue] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "organizations": len(self.doc.get("organizations") or []),
            "people": len(self.doc.get("people") or []),
            "agent_words": sum(len(a["words"]) for a in self.doc.get("agents") or []),
            "not_expressed": len(self.issues),
        }

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.doc, sort_keys=False, allow_unicode=True, width=120)


# -- reading -----------------------------------------------------------------------------------
_BLOCK_COMMENT = re.compile(r"<!\s*--.*?-->", re.S)


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, content) with <!-- --> blocks, # and ; comments removed; blank lines dropped.
    Leading whitespace is kept: a tab-indented line is a date restriction."""
    text = _BLOCK_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    out = []
    for n, raw in enumerate(text.split("\n"), 1):
        depth, cut = 0, len(raw)
        for i, ch in enumerate(raw):
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth = max(0, depth - 1)
            elif ch in "#;" and depth == 0:
                cut = i
                break
        line = raw[:cut].rstrip()
        if line.strip():
            out.append((n, line))
    return out


def _phrase(raw: str) -> str:
    """TABARI phrase -> words: underscores are spaces, a trailing underscore goes."""
    return " ".join(raw.replace("_", " ").split())


def display_name(raw: str) -> str:
    """ "HAMAS_MILITARY_COMMAND" -> "Hamas Military Command"; dotted abbreviations ("U.S.") stay
    in capitals, and so match only when written so; everything else matches in any case."""
    words = []
    for w in _phrase(raw).split(" "):
        words.append(w.upper() if "." in w.strip(".") else w.title() if w.isupper() or w.islower() else w)
    return " ".join(words)


def _date(s: str) -> dt.date:
    """YYMMDD (00-30 -> 20YY, else 19YY) or YYYYMMDD, read as PETRARCH does: up to seven digits
    are YYMMDD (the first six count), more are YYYYMMDD (the first eight count)."""
    s = s.strip()
    if not s.isdigit() or len(s) < 6:
        raise ValueError(f"not a YYMMDD or YYYYMMDD date: {s!r}")
    if len(s) <= 7:
        yy = int(s[:2])
        s = f"{2000 + yy if yy <= 30 else 1900 + yy}{s[2:6]}"
    try:
        return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        raise ValueError(f"not a date: {s[:8]!r}") from None


@dataclass
class _Restriction:
    code: str
    start: dt.date | None  # inclusive; None: open
    end: dt.date | None  # inclusive; None: open


_RESTRICTION = re.compile(r"(?P<code>[^\s<>\d]\S*?)?\s*(?:(?P<op>[<>])\s*(?P<d>\d+)|(?P<a>\d+)\s*-\s*(?P<b>\d+))?")


def _restriction(body: str) -> _Restriction:
    """``CODE``, ``CODE <D``, ``CODE >D`` or ``CODE D-D`` (the inside of [...])."""
    m = _RESTRICTION.fullmatch(body.strip())
    if not m or not m.group("code"):
        raise ValueError(f"cannot read the code [{body.strip()}]")
    code = m.group("code")
    if m.group("op") == "<":
        return _Restriction(code, None, _date(m.group("d")))
    if m.group("op") == ">":
        return _Restriction(code, _date(m.group("d")), None)
    if m.group("a"):
        s, e = _date(m.group("a")), _date(m.group("b"))
        if e < s:
            raise ValueError("the date restriction ends before it starts")
        return _Restriction(code, s, e)
    return _Restriction(code, None, None)


@dataclass
class _Actor:
    line: int
    names: list[str]
    restrictions: list[_Restriction] = field(default_factory=list)  # in file order
    default: str | None = None


def _periods(a: _Actor) -> list[tuple[dt.date | None, dt.date | None, str | None]]:
    """Non-overlapping (start, end, code) periods, inclusive, covering all time: the first
    restriction covering a day gives its code (PETRARCH's rule), the default code the rest."""
    cuts = {dt.date.min, dt.date.max}
    for r in a.restrictions:
        if r.start:
            cuts.add(r.start)
        if r.end and r.end < dt.date.max:
            cuts.add(r.end + dt.timedelta(days=1))
    cuts_s = sorted(cuts)
    out: list[list] = []
    for lo, nxt in zip(cuts_s, cuts_s[1:]):
        hi = nxt - dt.timedelta(days=1) if nxt != dt.date.max else dt.date.max
        code = next(
            (r.code for r in a.restrictions if (r.start or dt.date.min) <= lo and hi <= (r.end or dt.date.max)), a.default
        )
        if out and out[-1][2] == code:
            out[-1][1] = hi
        else:
            out.append([lo, hi, code])
    return [(None if lo == dt.date.min else lo, None if hi == dt.date.max else hi, c) for lo, hi, c in out]


def _codes(line: str, cur: _Actor, fname: str, n: int, issues: list[Issue]) -> None:
    """The [...] codes on one line: the first undated one is the default, dated ones restrict."""
    for body in re.findall(r"\[([^\]]*)\]", line):
        try:
            r = _restriction(body)
        except ValueError as e:
            issues.append(Issue(fname, n, line.strip(), f"{e}; skipped", "syntax"))
            continue
        odd = [d for d in re.findall(r"\d+", body.strip()[len(r.code) :]) if len(d) not in (6, 8)]
        if odd:
            issues.append(
                Issue(fname, n, line.strip(), f"date {', '.join(odd)} read as PETRARCH does: {_when(r.start, r.end)}", "syntax")
            )
        if r.start is None and r.end is None:
            cur.default = cur.default or r.code
        else:
            cur.restrictions.append(r)


def read_actors(text: str, fname: str = "actors") -> tuple[list[_Actor], list[Issue]]:
    actors: list[_Actor] = []
    issues: list[Issue] = []
    cur: _Actor | None = None
    for n, line in _lines(text):
        if "---STOP---" in line:
            break
        if line[0] in " \t" and "[" in line:  # a code or date restriction for the current actor
            if cur is None:
                issues.append(Issue(fname, n, line.strip(), "a code line before any actor name; skipped", "syntax"))
                continue
            _codes(line, cur, fname, n, issues)
            continue
        stripped = line.strip()
        if stripped.startswith("+"):
            if cur is None:
                issues.append(Issue(fname, n, stripped, "a synonym before any actor name; skipped", "syntax"))
                continue
            name, _, rest = stripped[1:].partition("[")
            if _phrase(name):
                cur.names.append(_phrase(name))
            if rest:
                issues.append(Issue(fname, n, stripped, "a code on a synonym line applies to the whole entry", "syntax"))
                _codes(line, cur, fname, n, issues)
            continue
        name, _, rest = stripped.partition("[")
        if not _phrase(name):
            issues.append(Issue(fname, n, stripped, "no actor name; skipped", "syntax"))
            continue
        if cur is not None and not rest and cur.default is None and not cur.restrictions:
            # consecutive names with no code share the codes that follow (as in PETRARCH)
            cur.names.append(_phrase(name))
            continue
        cur = _Actor(n, [_phrase(name)])
        actors.append(cur)
        _codes(line, cur, fname, n, issues)
    return actors, issues


def split_code(code: str) -> tuple[str, str | None, list[str]]:
    """ "PSEREBHMS" -> ("PSE", "REB", ["HMS"]): actor code, Tieline sector, parts left over
    ("CIV" is read as the sector CVL)."""
    head, rest = code[:3], code[3:]
    parts = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    sector = None
    left = []
    for p in parts:
        s = SECTOR_ALIASES.get(p, p)
        if sector is None and s in SECTORS:
            sector = s
        else:
            left.append(p)
    return head, sector, left


# -- agents ------------------------------------------------------------------------------------
_KEEP_S = ("ss", "us", "is")
_NOT_MAN = {"german", "human", "roman", "ottoman", "shaman", "talisman", "caiman"}


def plural(word: str) -> str | None:
    """English plural of a noun (None when the word already looks plural: "troops", "officials")."""
    w = word.lower()
    if w.endswith("person"):
        return word[:-6] + "people"
    if w.endswith("man") and w not in _NOT_MAN:
        return word[:-3] + "men"
    if w.endswith("child"):
        return word + "ren"
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return word[:-1] + "ies"
    if w.endswith(("ch", "sh", "x", "z") + _KEEP_S):
        return word + "es"
    if w.endswith("s"):
        return None
    return word + "s"


def plural_phrase(phrase: str) -> str | None:
    """ "foreign minister" -> "foreign ministers"; "minister of silly walks" -> "ministers of silly
    walks" (the head before "of" inflects)."""
    words = phrase.split(" ")
    head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    p = plural(words[head])
    if p is None:
        return None
    return " ".join(words[:head] + [p] + words[head + 1 :])


def agent_sector(code: str) -> tuple[str | None, str | None, bool]:
    """Agent code (without ~) -> (sector, what was lost, approximated)."""
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    for i, p in enumerate(parts):
        s = SECTOR_ALIASES.get(p, p)
        if s in SECTORS:
            lost = "".join(parts[:i] + parts[i + 1 :])
            return s, lost or None, s != p
    if any(p in RELIGIONS for p in parts):
        return "REL", code, True
    return None, code, False


def read_agents(text: str, fname: str = "agents") -> tuple[list[dict], list[Issue]]:
    agents: list[dict] = []
    issues: list[Issue] = []
    markers: dict[str, list[str]] = {}
    gapped = 0
    for n, line in _lines(text):
        line = line.strip()
        m = re.fullmatch(r"!(\w+)!\s*=\s*(.*)", line)
        if m:
            markers[m.group(1)] = [_phrase(x) for x in m.group(2).split(",") if x.strip()]
            continue
        if "[" not in line:
            issues.append(Issue(fname, n, line, "an agent without a code; skipped", "syntax"))
            continue
        head, _, rest = line.partition("[")
        body = re.sub(r"[^A-Za-z0-9~]", "", rest.partition("]")[0])
        prefix = body.endswith("~") and not body.startswith("~")
        code = body.strip("~")
        explicit: list[str] | None = None
        if "{" in head:
            if "}" not in head:
                issues.append(Issue(fname, n, line, "missing '}'; skipped", "syntax"))
                continue
            # the braces hold the one plural phrase ("{ATTORNEYS_GENERAL}"), or nothing: no plural
            explicit = [p for p in [_phrase(head[head.find("{") + 1 : head.find("}")])] if p]
            head = head[: head.find("{")]
        if " " in head.strip():
            gapped += 1
        forms: list[str]
        mk = re.search(r"!(\w+)!", head)
        if mk:
            if mk.group(1) not in markers:
                issues.append(Issue(fname, n, line, f"substitution marker !{mk.group(1)}! is not defined; skipped", "syntax"))
                continue
            forms = [_phrase(head[: mk.start()] + s + head[mk.end() :]).lower() for s in markers[mk.group(1)]]
        else:
            word = _phrase(head).lower()
            if not word:
                issues.append(Issue(fname, n, line, "no agent phrase; skipped", "syntax"))
                continue
            forms = [word]
            if explicit is None:
                p = plural_phrase(word)
                forms += [p] if p else []
            else:
                forms += [x.lower() for x in explicit if x]
        sector, lost, approx = agent_sector(code.upper())
        if sector is None:
            issues.append(
                Issue(fname, n, line, f"agent code {code} has no Tieline sector; skipped", "agent code without a sector")
            )
            continue
        if prefix:
            issues.append(
                Issue(
                    fname,
                    n,
                    line,
                    f"{code}~ goes before the actor's code in CAMEO; "
                    f"Tieline keeps the country as the code and {sector} as the sector",
                    "prefix agent code",
                )
            )
        elif approx and lost == code.upper():
            issues.append(Issue(fname, n, line, f"religion code {code} read as sector REL", "religion read as REL"))
        elif lost or approx:
            alias = next((k for k, v in SECTOR_ALIASES.items() if v == sector and k in code.upper()), None)
            why = [f"{alias} read as {sector}"] if approx and alias else []
            why += [f"{lost} dropped (an agent gives one sector in Tieline)"] if lost else []
            issues.append(Issue(fname, n, line, f"kept sector {sector}; " + ", ".join(why), "agent code part dropped"))
        words = list(dict.fromkeys(forms))
        agents.append({"sector": sector, "words": words, "cameo": body})
    if gapped:
        issues.append(
            Issue(
                fname,
                0,
                f"{gapped} agent phrases",
                "written with spaces, which let other words come between in PETRARCH; Tieline matches them as consecutive words",
                "agent phrase with gaps",
            )
        )
    return agents, issues


# -- actors -> entries -------------------------------------------------------------------------
def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "actor"


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def actor_entries(
    actors: Iterable[_Actor], fname: str, issues: list[Issue], prefix: str = "petrarch-", taken: set[str] | None = None
) -> tuple[list[dict], list[dict]]:
    """Organisations and people for the actors read; what cannot be said goes to ``issues``."""
    orgs: list[dict] = []
    people: list[dict] = []
    taken = taken if taken is not None else set()

    def new_id(name: str) -> str:
        base = prefix + _slug(name)
        i, oid = 1, base
        while oid in taken:
            i += 1
            oid = f"{base}-{i}"
        taken.add(oid)
        return oid

    people_gaps = 0
    for a in actors:
        names = [display_name(x) for x in a.names]
        names = list(dict.fromkeys(names))
        label = "_".join(a.names[0].split(" "))
        if a.default is None and not a.restrictions:
            issues.append(Issue(fname, a.line, label, "no code; skipped", "actor without a code"))
            continue
        periods = _periods(a)
        # one actor per code of the period; "FRO/BIL/SAM" names three actors
        sliced: list[tuple[dt.date | None, dt.date | None, str, str]] = []
        gaps = [_when(s, e) for s, e, raw in periods if raw is None]
        for s, e, raw in periods:
            if raw is None:
                continue
            for one in raw.split("/"):
                one = one.strip()
                cc = one.upper()
                if not cc or cc[:3] in NULL_CODES or not re.fullmatch(r"[A-Z0-9]{3,}", cc):
                    why = "the null code" if cc[:3] in NULL_CODES else "not a CAMEO code"
                    issues.append(
                        Issue(fname, a.line, label, f"[{one}] {_when(s, e)}: {why}; skipped", "null or unreadable code")
                    )
                    continue
                sliced.append((s, e, cc, one))
        if not sliced:
            continue
        multi = any(raw and "/" in raw for _, _, raw in periods)
        if multi:
            issues.append(
                Issue(
                    fname,
                    a.line,
                    label,
                    "several actors for one phrase: one joint entry each, all reported by the tagger",
                    "several actors for one phrase",
                )
            )
        lost_report = set()
        for _s, _e, cc, one in sliced:
            code, sector, left = split_code(cc)
            if (left or (sector and sector not in cc)) and cc not in lost_report:
                lost_report.add(cc)
                kept = code + (f"/{sector}" if sector else "")
                why = f"{''.join(left)} dropped" if left else ""
                if sector and sector not in cc:
                    why += (", " if why else "") + f"{cc[3:6]} read as {sector}"
                issues.append(
                    Issue(
                        fname,
                        a.line,
                        label,
                        f"[{one}]: kept {kept}; {why} (an actor has one code and "
                        "one sector in Tieline; the full code stays in `cameo`)",
                        "code part dropped",
                    )
                )
        dated = any(s or e for s, e, _, _ in sliced)
        if dated and not multi and all(split_code(cc)[1] for _, _, cc, _ in sliced):
            roles = []
            for s, e, cc, _ in sliced:
                code, sector, _ = split_code(cc)
                assert sector is not None  # every period has a sector: checked above
                role = {"code": code, "sector": sector, "start": _iso(s), "end": _iso(e)}
                if cc != code + sector:
                    role["cameo"] = cc
                roles.append(role)
            people.append(
                {"id": new_id(names[0]), "name": names[0], "aliases": names[1:], "roles": roles, "source": f"{fname}:{a.line}"}
            )
            people_gaps += bool(gaps)
            continue
        if gaps:
            issues.append(
                Issue(
                    fname,
                    a.line,
                    label,
                    f"no code {' and '.join(gaps)} (PETRARCH's null actor); Tieline takes the first period's entry then",
                    "null code for a period",
                )
            )
        for s, e, cc, _ in sliced:
            code, sector, _ = split_code(cc)
            org: dict[str, str | list[str] | bool | None] = {
                "id": new_id(names[0]),
                "name": names[0],
                "aliases": names[1:],
                "code": code,
                "sector": sector,
            }
            if cc != code + (sector or ""):
                org["cameo"] = cc
            if multi:
                org["joint"] = True  # the tagger reports every joint entry of the phrase
            if s or e:
                # the loader's organisations live from start (inclusive) to end (exclusive)
                org["start"] = _iso(s)
                org["end"] = _iso(e + dt.timedelta(days=1)) if e else None
            org["source"] = f"{fname}:{a.line}"
            orgs.append(org)
    if people_gaps:
        issues.append(
            Issue(
                fname,
                0,
                f"{people_gaps} people",
                "no code outside their dated roles in PETRARCH; Tieline keeps the nearest role's country, with sector ELI",
                "null code for a period",
            )
        )
    return orgs, people


def _when(s: dt.date | None, e: dt.date | None) -> str:
    if s and e:
        return f"from {s} to {e}"
    if s:
        return f"from {s}"
    if e:
        return f"until {e}"
    return "at any date"


# -- discards and the rest ---------------------------------------------------------------------
def read_discards(text: str, fname: str) -> list[Issue]:
    return [
        Issue(fname, n, line.strip(), "discard phrases are not part of the knowledge base; not imported", "discard list")
        for n, line in _lines(text)
    ]


def detect(path: pathlib.Path, text: str) -> str:
    """actors | agents | discards | verbs, from the file name, else from the content."""
    low = path.name.lower()
    for kind in ("agents", "actors", "discards", "verbs"):
        if kind in low or kind.rstrip("s") in low:
            return kind
    if "cameo" in low or "issue" in low:
        return "verbs"
    body = [line for _, line in _lines(text)][:200]
    if sum(("[~" in x.replace(" ", "") or "~]" in x.replace(" ", "")) for x in body) > len(body) / 3:
        return "agents"
    return "actors"


def convert(paths: Iterable[str | pathlib.Path], prefix: str = "petrarch-") -> ImportResult:
    """Read PETRARCH/TABARI dictionaries; actor files give organisations and people, agent files
    agents. Returns the knowledge-base document and what it could not express."""
    orgs: list[dict] = []
    people: list[dict] = []
    agents: list[dict] = []
    issues: list[Issue] = []
    taken: set[str] = set()
    sources = []
    for p in paths:
        path = pathlib.Path(p)
        text = path.read_text(encoding="utf-8", errors="replace")
        kind = detect(path, text)
        sources.append(f"{path.name} ({kind})")
        if kind == "actors":
            acts, iss = read_actors(text, path.name)
            issues += iss
            o, pp = actor_entries(acts, path.name, issues, prefix, taken)
            orgs += o
            people += pp
        elif kind == "agents":
            ags, iss = read_agents(text, path.name)
            agents += ags
            issues += iss
        elif kind == "discards":
            issues += read_discards(text, path.name)
        else:
            issues.append(
                Issue(
                    path.name,
                    0,
                    path.name,
                    "verb and issue dictionaries are not converted: event patterns belong to the lexicon",
                    "file not converted",
                )
            )
    doc: dict = {"schema": "tieline-kb/1", "source": "imported from PETRARCH/TABARI dictionaries: " + ", ".join(sources)}
    if orgs:
        doc["organizations"] = orgs
    if people:
        doc["people"] = people
    if agents:
        doc["agents"] = agents
    return ImportResult(doc, issues)
