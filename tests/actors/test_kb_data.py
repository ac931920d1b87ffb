"""Consistency checks for the actor knowledge-base data (countries, organizations, agents)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

from tieline.actors.kb import SECTORS, norm_key  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "src" / "tieline" / "actors" / "data"
CODE_RE = re.compile(r"^[A-Z]{3}$")
QID_RE = re.compile(r"^Q\d+$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
WORD_RE = re.compile(r"^[a-z0-9][a-z0-9'.\-]*$")
KINDS = {
    "igo",
    "igo-body",
    "agency",
    "state-body",
    "armed-group",
    "political-party",
    "militant-network",
    "ngo",
    "media",
    "company",
    "religious",
}
SPECIAL = {"WST", "IGO", "NGO", "IMG"}
# Names deliberately shared by two entries: the first (country) reading wins in the index.
SHARED_OK = {"vatican"}  # "the Vatican" is the Holy See (VAT/GOV); "Vatican" adjective stays VAT


def _load(name: str) -> dict:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{name} not present")
    with path.open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    assert doc["schema"] == "tieline-kb/1"
    return doc


@pytest.fixture(scope="module")
def countries() -> list[dict]:
    return _load("countries.yaml")["countries"]


@pytest.fixture(scope="module")
def orgs() -> list[dict]:
    return _load("organizations.yaml")["organizations"]


@pytest.fixture(scope="module")
def agents() -> list[dict]:
    return _load("agents.yaml")["agents"]


def test_countries_schema(countries):
    assert len(countries) >= 195
    codes = [c["code"] for c in countries]
    assert len(codes) == len(set(codes))
    for c in countries:
        assert CODE_RE.match(c["code"]), c
        assert isinstance(c["name"], str) and c["name"] in c["names"], c["code"]
        assert all(isinstance(n, str) and n.strip() == n for n in c["names"]), c["code"]
        assert isinstance(c["adjectives"], list), c["code"]
        assert c["capital"] is None or isinstance(c["capital"], str), c["code"]
        assert c["wikidata"] is None or QID_RE.match(c["wikidata"]), c["code"]
    for must in ("USA", "RUS", "CHN", "IRN", "ISR", "PSE", "TWN", "XKX", "VAT", "ESH", "SSD"):
        assert must in codes


def test_country_names_unique(countries):
    seen: dict[str, str] = {}
    for c in countries:
        for n in c["names"] + c["adjectives"]:
            k = norm_key(n)
            assert seen.get(k, c["code"]) == c["code"], f"{n!r}: {seen[k]} and {c['code']}"
            seen[k] = c["code"]
    caps = [norm_key(c["capital"]) for c in countries if c.get("capital")]
    dup = {k for k in caps if caps.count(k) > 1}
    assert not dup


def test_organizations_schema(orgs, countries):
    ids = [o["id"] for o in orgs]
    assert len(ids) == len(set(ids))
    codes = {c["code"] for c in countries} | SPECIAL
    idset = set(ids)
    for o in orgs:
        where = o["id"]
        assert ID_RE.match(o["id"]), where
        assert isinstance(o["name"], str) and o["name"] in o["aliases"], where
        assert o["code"] in codes, where
        assert o["sector"] is None or o["sector"] in SECTORS, where
        assert o["kind"] in KINDS, where
        assert o["parent"] is None or o["parent"] in idset, where
        assert o["wikidata"] is None or QID_RE.match(o["wikidata"]), where
        for w in o["descriptor_heads"] + o["descriptor_words"]:
            assert WORD_RE.match(w), (where, w)
        for key in ("start", "end"):
            v = o[key]
            assert v is None or (isinstance(v, str) and DATE_RE.match(v)), (where, key, v)
        if o["start"] and o["end"]:
            assert o["start"] <= o["end"], where
    assert len(orgs) >= 300


def test_organization_aliases_do_not_clash(orgs, countries):
    owner: dict[str, str] = {}
    for c in countries:
        for n in c["names"] + c["adjectives"] + ([c["capital"]] if c.get("capital") else []):
            owner[norm_key(n)] = c["code"]
    period = {o["id"]: (o.get("start"), o.get("end")) for o in orgs}

    def disjoint(x, y):  # a name may pass from one entry to the next ("Taliban": insurgency, then government)
        (s1, e1), (s2, e2) = period.get(x, (None, None)), period.get(y, (None, None))
        return bool((e1 and s2 and e1 <= s2) or (e2 and s1 and e2 <= s1))

    clashes = []
    for o in orgs:
        for a in o["aliases"]:
            k = norm_key(a)
            if k in owner and owner[k] != o["id"] and k not in SHARED_OK and not disjoint(owner[k], o["id"]):
                clashes.append((a, owner[k], o["id"]))
            owner.setdefault(k, o["id"])
    assert not clashes, clashes


def test_key_cameo_codes(orgs):
    by = {o["id"]: (o["code"], o["sector"]) for o in orgs}
    assert by["hamas"] == ("PSE", "REB")
    assert by["hezbollah"] == ("LBN", "REB")
    assert by["irgc"] == ("IRN", "MIL")
    assert by["un"][0] == "IGO"
    assert by["al-qaeda"][0] == "IMG"
    assert by["islamic-state"][0] == "IMG"
    assert by["palestinian-authority"] == ("PSE", "GOV")


def test_agents(agents):
    seen: dict[str, str] = {}
    for a in agents:
        assert a["sector"] in SECTORS
        for w in a["words"]:
            assert w == w.lower() and w.strip() == w, w
            k = norm_key(w)
            assert seen.get(k, a["sector"]) == a["sector"], f"{w!r}: {seen[k]} and {a['sector']}"
            seen[k] = a["sector"]
    sectors = {a["sector"] for a in agents}
    assert {"GOV", "MIL", "COP", "JUD", "LEG", "REB", "OPP", "CVL", "REF", "MED", "UAF"} <= sectors


def test_kb_loads():
    kb_mod = pytest.importorskip("tieline.actors.kb")
    for name in ("countries.yaml", "organizations.yaml", "agents.yaml"):
        if (DATA / name).exists():
            kb_mod.parse_file(DATA / name)
