"""Consistency checks for the dated people knowledge base (actors/data/people.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

PEOPLE = Path(__file__).resolve().parents[2] / "src" / "tieline" / "actors" / "data" / "people.yaml"

OFFICES = {
    "president",
    "vice president",
    "prime minister",
    "deputy prime minister",
    "foreign minister",
    "defence minister",
    "king",
    "queen",
    "emir",
    "sultan",
    "crown prince",
    "supreme leader",
    "chancellor",
    "head of state",
    "leader",
    "secretary-general",
    "spokesman",
    "commander",
    "opposition leader",
    "interior minister",
    "finance minister",
    "former president",
}
# Offices that only one person holds at a time in a given country (or organisation).
SINGLE_HOLDER = {
    "president",
    "prime minister",
    "king",
    "chancellor",
    "foreign minister",
    "defence minister",
    "supreme leader",
    "emir",
}
# Hand-overs are often recorded on neighbouring days by different sources.
TOLERANCE_DAYS = 5
CODE_RE = re.compile(r"^[A-Z]{3}$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TODAY = dt.date(2100, 1, 1)


def _as_text(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _bound(value, *, is_end: bool) -> dt.date:
    """Turn a day/month/year precision date into the widest (end) or narrowest (start) day."""
    if value is None:
        return TODAY
    text = _as_text(value)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        if not is_end:
            return dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    (year,) = parts
    return dt.date(year, 1, 1) if not is_end else dt.date(year, 12, 31)


def _sharp(value, *, is_end: bool) -> dt.date:
    """Day-precision bound for overlap checks: imprecise dates are given the benefit of the doubt."""
    if value is None:
        return TODAY
    text = _as_text(value)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    # a month or year bound could fall anywhere in the period: shrink the role to be lenient
    return _bound(value, is_end=not is_end)


@pytest.fixture(scope="module")
def data():
    if not PEOPLE.exists():
        pytest.skip("people.yaml not present")
    with PEOPLE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_people_data_schema(data):
    assert data["schema"] == "tieline-kb/1"
    assert isinstance(data["people"], list) and data["people"]


def test_people_data_ids_unique_and_slugs(data):
    ids = [p["id"] for p in data["people"]]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)]
    assert not bad, f"ids must be lowercase slugs: {bad}"


def test_people_data_roles_well_formed(data):
    problems = []
    for person in data["people"]:
        assert person.get("name"), person["id"]
        aliases = person.get("aliases", [])
        assert isinstance(aliases, list), person["id"]
        roles = person.get("roles") or []
        if not roles:
            problems.append(f"{person['id']}: no roles")
        for role in roles:
            where = f"{person['id']} {role}"
            if not CODE_RE.match(str(role.get("code", ""))):
                problems.append(f"bad code: {where}")
            if not role.get("sector"):
                problems.append(f"no sector: {where}")
            if role.get("office") not in OFFICES:
                problems.append(f"office outside vocabulary: {where}")
            if role.get("start") is None:
                problems.append(f"undated role: {where}")
                continue
            if not DATE_RE.match(_as_text(role["start"])):
                problems.append(f"bad start: {where}")
            if "end" not in role:
                problems.append(f"end missing (use null for a current role): {where}")
            elif role["end"] is not None and not DATE_RE.match(_as_text(role["end"])):
                problems.append(f"bad end: {where}")
            elif _bound(role["start"], is_end=False) > _bound(role.get("end"), is_end=True):
                problems.append(f"start after end: {where}")
    assert not problems, "\n".join(problems)


def test_people_data_one_holder_per_office_per_day(data):
    """At most one holder of a single-holder office per country (and organisation) on any day."""
    slots = defaultdict(list)
    for person in data["people"]:
        for role in person.get("roles") or []:
            if role.get("office") in SINGLE_HOLDER and role.get("start") is not None:
                key = (role["code"], role.get("org"), role["office"])
                start = _sharp(role["start"], is_end=False)
                end = _sharp(role.get("end"), is_end=True)
                slots[key].append((start, end, person["id"]))
    overlaps = []
    for key, spans in slots.items():
        spans.sort()
        for (s1, e1, p1), (s2, e2, p2) in zip(spans, spans[1:]):
            if p1 != p2 and (min(e1, e2) - s2).days > TOLERANCE_DAYS:
                overlaps.append(f"{key}: {p1} ({s1}..{e1}) overlaps {p2} ({s2}..{e2})")
    assert not overlaps, "\n".join(overlaps)


def test_people_data_shared_aliases_do_not_overlap(data):
    """An alias shared by several people is only allowed when their roles never coincide."""
    owners = defaultdict(list)
    for person in data["people"]:
        names = {person["name"], *(person.get("aliases") or [])}
        for name in names:
            owners[name.casefold()].append(person)
    clashes = []
    for name, persons in owners.items():
        if len(persons) < 2:
            continue
        spans = []
        for person in persons:
            for role in person.get("roles") or []:
                spans.append((_sharp(role["start"], is_end=False), _sharp(role.get("end"), is_end=True), person["id"]))
        spans.sort()
        for i, (_s1, e1, p1) in enumerate(spans):
            for s2, e2, p2 in spans[i + 1 :]:
                if s2 > e1:
                    break
                if p1 != p2 and (min(e1, e2) - s2).days > TOLERANCE_DAYS:
                    clashes.append(f"{name!r}: {p1} and {p2} both active {s2}..{min(e1, e2)}")
    assert not clashes, "\n".join(sorted(set(clashes)))


def test_people_data_orgs_exist(data):
    """Every ``org`` a role names is an organisation of organizations.yaml (when that file is present)."""
    orgs_file = PEOPLE.with_name("organizations.yaml")
    if not orgs_file.exists():
        pytest.skip("organizations.yaml not present")
    with orgs_file.open(encoding="utf-8") as fh:
        orgs = {o["id"] for o in (yaml.safe_load(fh).get("organizations") or [])}
    missing = sorted(
        {
            f"{person['id']}: {role['org']}"
            for person in data["people"]
            for role in person.get("roles") or []
            if role.get("org") and role["org"] not in orgs
        }
    )
    assert not missing, "unknown org ids:\n" + "\n".join(missing)
