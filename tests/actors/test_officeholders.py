"""Office-holder knowledge-base files converted from open datasets by tools/build_officeholders.py:
US senators and representatives, US governors, UK ministers."""

from __future__ import annotations

import datetime as dt
import importlib.util
import pathlib

import pytest

yaml = pytest.importorskip("yaml")

from tieline.actors.kb import BUILTIN_FILES, DATA_DIR, load_kb, norm_key  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(__file__).resolve().parents[3] / "shared" / "data"
FILES = ("officeholders_us_congress.yaml", "officeholders_us_governors.yaml", "officeholders_uk_ministers.yaml")
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}


def officeholder(kb, name: str, prefix: str):
    """The entry of the converted file (id prefix) that bears ``name``."""
    hits = [e for e in kb.by_name.get(norm_key(name), []) if e.id.startswith(prefix)]
    assert len(hits) == 1, (name, [e.id for e in hits])
    return hits[0]


# -- resolution on a date within the term ---------------------------------------------------------
@pytest.mark.parametrize(
    "name, prefix, date, office, code, sector",
    [
        ("Lindsey Graham", "bioguide-", dt.date(2021, 2, 27), "senator", "USA", "LEG"),
        ("Lindsey Graham", "bioguide-", dt.date(1998, 6, 1), "representative", "USA", "LEG"),
        ("Alexandria Ocasio-Cortez", "bioguide-", dt.date(2021, 2, 27), "representative", "USA", "LEG"),
        ("Arnold Schwarzenegger", "usgov-", dt.date(2008, 2, 27), "governor", "USA", "GOV"),
        ("Gavin Newsom", "usgov-", dt.date(2021, 2, 27), "governor", "USA", "GOV"),
        ("Alan Johnson", "ifg-", dt.date(2009, 12, 1), "interior minister", "GBR", "GOV"),
        ("Jack Straw", "ifg-", dt.date(2003, 2, 27), "foreign minister", "GBR", "GOV"),
    ],
)
def test_officeholder_has_the_office_on_a_date_within_the_term(name, prefix, date, office, code, sector):
    e = officeholder(load_kb([]), name, prefix)
    role = e.role_at(date)
    assert role is not None and role.covers(date) and role.office == office
    assert e.code_sector_at(date) == (code, sector)


def test_officeholder_out_of_office_keeps_the_country_as_elite():
    e = officeholder(load_kb([]), "Alan Johnson", "ifg-")
    assert e.code_sector_at(dt.date(2015, 6, 1)) == ("GBR", "ELI")


@pytest.mark.parametrize(
    "text, date, entity, code, sector",
    [
        ("Senator Lindsey Graham criticized the decision.", "2021-02-27", "Lindsey Graham", "USA", "LEG"),
        ("Alexandria Ocasio-Cortez criticized the decision.", "2021-02-27", "Alexandria Ocasio-Cortez", "USA", "LEG"),
        ("Governor Arnold Schwarzenegger signed the bill.", "2008-02-27", "Arnold Schwarzenegger", "USA", "GOV"),
        ("Alan Johnson criticized the decision.", "2009-12-01", "Alan Johnson", "GBR", "GOV"),
    ],
)
def test_tagger_codes_an_officeholder_named_in_text(tl, text, date, entity, code, sector):
    acts = [a for a in tl.tag(text, date) if a.entity == entity]
    assert acts, [(a.text, a.entity) for a in tl.tag(text, date)]
    assert (acts[0].code, acts[0].sector) == (code, sector)


def test_a_multi_seat_title_alone_names_nobody(tl):
    acts = tl.tag("The Texas governor criticized the decision.", "2021-02-27")
    assert [(a.code, a.sector, a.entity) for a in acts] == [("USA", "GOV", None)]


# -- file hygiene -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def docs():
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {f: yaml.load((DATA_DIR / f).read_text(encoding="utf-8"), Loader=loader) for f in FILES}


def test_officeholder_files_are_builtin():
    assert all(f in BUILTIN_FILES for f in FILES)
    # after the curated people.yaml: on a shared name the curated entry is found first
    assert BUILTIN_FILES.index("people.yaml") < min(BUILTIN_FILES.index(f) for f in FILES)


def test_officeholder_files_have_no_single_word_name_or_alias(docs):
    for f, doc in docs.items():
        for p in doc["people"]:
            for n in [p["name"]] + list(p.get("aliases") or []):
                words = [w for w in n.split() if w.strip(",").replace(".", "").lower() not in SUFFIXES]
                assert len(words) >= 2, (f, p["id"], n)
                assert not (len(words) == 2 and len(words[0].rstrip(".")) == 1), (f, p["id"], n)  # "J. Hill"


def test_officeholder_ids_are_unique_and_prefixed(docs):
    seen = set()
    for f, doc in docs.items():
        prefix = {
            "officeholders_us_congress.yaml": "bioguide-",
            "officeholders_us_governors.yaml": "usgov-",
            "officeholders_uk_ministers.yaml": "ifg-",
        }[f]
        for p in doc["people"]:
            assert p["id"].startswith(prefix) and p["id"] not in seen, (f, p["id"])
            seen.add(p["id"])
            assert p["roles"], (f, p["id"])


def test_officeholder_files_credit_their_source(docs):
    for f in FILES:
        head = (DATA_DIR / f).read_text(encoding="utf-8").split("schema:", 1)[0]
        assert "tools/build_officeholders.py" in head, f
        assert any(lic in head for lic in ("CC0", "CC BY", "ODbL")), f
    assert "ODbL" in (DATA_DIR / "officeholders_us_governors.yaml").read_text(encoding="utf-8")[:2000]


# -- the converter ----------------------------------------------------------------------------------
def test_converter_output_is_reproducible(tmp_path):
    src = SHARED / "dicts"
    if not (src / "congress-legislators").is_dir():
        pytest.skip(f"source datasets not found under {src}")
    spec = importlib.util.spec_from_file_location("build_officeholders", ROOT / "tools" / "build_officeholders.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.main([str(src), "--out", str(tmp_path)]) == 0
    for f in FILES:
        assert (tmp_path / f).read_bytes() == (DATA_DIR / f).read_bytes(), f"{f} differs from a fresh conversion"


def test_a_shared_name_resolves_to_the_holder_in_office(tl):
    """Two entries named alike: the one whose role covers the date wins."""
    acts = [a for a in tl.tag("Home Secretary Yvette Cooper announced the plan.", "2025-02-10") if a.entity]
    assert acts and (acts[0].code, acts[0].sector) == ("GBR", "GOV")
