"""PETRARCH/TABARI dictionaries -> a user knowledge-base file (`tieline actors import`), user entries
winning over built-in ones of the same name, and longer codes in user files.

The small dictionaries here are written for these tests (invented places); the last tests read
PETRARCH's own validation dictionaries from the shared data and skip where it is absent.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import textwrap

import pytest
import yaml

from tieline.actors import petrarch
from tieline.actors.kb import KBError, _check_code, load_kb, parse_file

ACTORS = """\
<!-- a small actor dictionary: invented places -->
<!-- a comment over
     two lines -->
VALDORIA [VLD]   # a plain actor
+VALDORIAN
+NEW_VALD_CITY_
VALDORIA_ARMY [VLDMIL]
QUORR_FRONT [VLDREBQRF] ; legacy comment
TWIN_ISLES [TWA/TWB]
NOBODY_IN_PARTICULAR [---]
MARSHAL_OTTO_BRUNN
+THE_MARSHAL
\t[VLDMIL <950101]
\t[VLDGOV 19950101-20011231]
\t[VLDELI >020101]
OLD_KERNLAND
\t[KRN <790606]
\t[KRM]
DUKE_ALVAR [DUK]
\t[DUKREB 20100109-20100112]   # listed first: wins over the next one on its days
\t[DUKMIL 20080120-20121109]
GLASSBURY
\t[GLS <911226]
"""

AGENTS = """\
<!-- a small agent dictionary -->
!HAND! = MAN, MEN, WOMAN, WOMEN
BORDER_WARDEN [~MIL]
TAX_MINISTRY [~GOV]
COASTGUARD {} [~MIL]
SHEEP_COUNCIL {SHEEP_COUNCILS_OF_ELDERS} [~GOV]
DEPUTY_MINISTER [~GOVDPM]
HARBOR!HAND! [~LEG]
CHIEF_OF_POLICE [~COP]
RELIEF_GROUP [NGO~]
FLUTE_PLAYER [~FLT]
CONGRESS [~LEG]
SECURITY_OFFICIALS [~GOV]
TEMPLE_WARDEN [~CHR]
"""


def write(path: pathlib.Path, text: str) -> pathlib.Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture()
def dicts(tmp_path):
    return write(tmp_path / "small.actors.txt", ACTORS), write(tmp_path / "small.agents.txt", AGENTS)


@pytest.fixture()
def imported(dicts, tmp_path):
    res = petrarch.convert(dicts)
    path = tmp_path / "kb.yaml"
    path.write_text(res.to_yaml(), encoding="utf-8")
    return res, path


def _orgs(res, name):
    return [o for o in res.doc.get("organizations", []) if o["name"] == name]


# -- actors ------------------------------------------------------------------------------------
def test_names_and_synonyms(imported):
    res, _ = imported
    (v,) = _orgs(res, "Valdoria")
    assert v["aliases"] == ["Valdorian", "New Vald City"]  # underscores are spaces, trailing _ goes
    assert (v["code"], v["sector"]) == ("VLD", None)
    assert v["source"].endswith(":4")  # file and line of the entry
    (army,) = _orgs(res, "Valdoria Army")
    assert (army["code"], army["sector"]) == ("VLD", "MIL")


def test_long_code_keeps_country_and_sector(imported):
    res, _ = imported
    (q,) = _orgs(res, "Quorr Front")
    assert (q["code"], q["sector"], q["cameo"]) == ("VLD", "REB", "VLDREBQRF")
    assert any(i.kind == "code part dropped" and "QRF" in i.reason and i.line == 8 for i in res.issues)


def test_date_restrictions_become_dated_roles(imported):
    res, path = imported
    (p,) = [x for x in res.doc["people"] if x["name"] == "Marshal Otto Brunn"]
    assert p["aliases"] == ["The Marshal"]
    roles = [(r["code"], r["sector"], r["start"], r["end"]) for r in p["roles"]]
    # <950101 and the range both hold 1995-01-01: the first restriction listed wins
    assert roles == [
        ("VLD", "MIL", None, "1995-01-01"),
        ("VLD", "GOV", "1995-01-02", "2001-12-31"),
        ("VLD", "ELI", "2002-01-01", None),
    ]
    kb = load_kb([path])
    (e,) = kb.by_name["marshal otto brunn"]
    assert e.code_sector_at(dt.date(1990, 5, 1)) == ("VLD", "MIL")
    assert e.code_sector_at(dt.date(1999, 5, 1)) == ("VLD", "GOV")
    assert e.code_sector_at(dt.date(2010, 5, 1)) == ("VLD", "ELI")


def test_dated_codes_without_sector_become_dated_organisations(imported):
    res, path = imported
    kb = load_kb([path])
    ents = kb.by_name["old kernland"]
    at = lambda d: kb.pick(ents, d).code
    assert at(dt.date(1979, 6, 6)) == "KRN" and at(dt.date(1979, 6, 7)) == "KRM"  # YYMMDD: 79 -> 1979
    assert at(None) == "KRM"  # undated text: the current one
    duke = kb.by_name["duke alvar"]
    when = lambda d: (kb.pick(duke, d).code, kb.pick(duke, d).sector)
    assert when(dt.date(2005, 1, 1)) == ("DUK", None)  # the default code outside the restrictions
    assert when(dt.date(2010, 1, 10)) == ("DUK", "REB")  # the first restriction listed wins
    assert when(dt.date(2010, 1, 13)) == ("DUK", "MIL")
    assert when(dt.date(2013, 1, 1)) == ("DUK", None)


def test_one_phrase_several_actors(imported):
    res, path = imported
    assert sorted(o["code"] for o in _orgs(res, "Twin Isles")) == ["TWA", "TWB"]
    assert sorted(e.code for e in load_kb([path]).by_name["twin isles"]) == ["TWA", "TWB"]
    assert any(i.kind == "several actors for one phrase" for i in res.issues)


def test_not_expressible_list(imported):
    res, _ = imported
    got = {(i.kind, i.text) for i in res.issues}
    assert ("null or unreadable code", "NOBODY_IN_PARTICULAR") in got  # [---]: PETRARCH's null actor
    assert ("null code for a period", "GLASSBURY") in got  # nothing after 1991-12-26
    assert not _orgs(res, "Nobody In Particular")
    assert all(i.line > 0 and i.file.startswith("small.") for i in res.issues)
    assert res.counts["not_expressed"] == len(res.issues)


# -- agents ------------------------------------------------------------------------------------
def _agent_words(res):
    return {w: a["sector"] for a in res.doc["agents"] for w in a["words"]}


def test_agents_and_generated_plurals(imported):
    res, _ = imported
    words = _agent_words(res)
    assert words["border warden"] == words["border wardens"] == "MIL"
    assert words["tax ministry"] == words["tax ministries"] == "GOV"  # y -> ies
    assert words["congress"] == words["congresses"] == "LEG"  # ss -> sses
    assert "coastguard" in words and "coastguards" not in words  # {}: no plural
    assert words["sheep councils of elders"] == "GOV" and "sheep councils" not in words  # {...}: given plural
    assert words["chief of police"] == words["chiefs of police"] == "COP"  # the head before "of"
    assert "security officials" in words and "security officialses" not in words  # already plural
    assert {"harborman", "harbormen", "harborwoman", "harborwomen"} <= set(words)  # !HAND! substitution
    assert words["deputy minister"] == "GOV"  # ~GOVDPM: GOV, DPM reported
    assert words["temple warden"] == "REL"  # a religion code: REL
    assert "flute player" not in words  # no sector: skipped, reported
    kinds = {(i.kind, i.line) for i in res.issues}
    assert ("agent code without a sector", 11) in kinds
    assert ("agent code part dropped", 7) in kinds
    assert ("prefix agent code", 10) in kinds


def test_plural_rules():
    assert petrarch.plural("authority") == "authorities"
    assert petrarch.plural("envoy") == "envoys"
    assert petrarch.plural("congressman") == "congressmen"
    assert petrarch.plural("human") == "humans"
    assert petrarch.plural("troops") is None
    assert petrarch.plural_phrase("minister of silly walks") == "ministers of silly walks"


def test_imported_file_loads_and_tags(imported, tl):
    from tieline.api import Tieline

    _, path = imported
    parse_file(path)
    tl2 = Tieline(kb_files=[str(path)], nlp=tl.nlp)
    acts = tl2.tag("Valdorian border wardens met Marshal Otto Brunn in Old Kernland.", "1996-03-01")
    got = {(a.code, a.sector) for a in acts}
    assert ("VLD", "MIL") in got and ("VLD", "GOV") in got and ("KRM", None) in got


# -- user entries win over built-in ones of the same name --------------------------------------
def test_user_entry_overrides_builtin_name(tmp_path, tl):
    from tieline.api import Tieline

    path = write(
        tmp_path / "mine.yaml",
        """\
        schema: tieline-kb/1
        organizations:
          - {id: my-egypt, name: Egypt, aliases: [Misr], code: UAR, sector: null}
        """,
    )
    builtin = load_kb([])
    assert [e.code for e in builtin.by_name["egypt"]] == ["EGY"]
    kb = load_kb([path])
    assert [e.id for e in kb.by_name["egypt"]] == ["my-egypt"]  # the built-in Egypt no longer answers to it
    assert kb.entries["EGY"].code == "EGY"  # but is still there (adjective, capital)
    acts = Tieline(kb_files=[str(path)], nlp=tl.nlp).tag("Egypt recalled its ambassador.", "2000-01-01")
    assert acts[0].code == "UAR"


def test_later_user_file_wins(tmp_path):
    a = write(tmp_path / "a.yaml", "organizations:\n  - {id: a-nile, name: Nile Authority, code: EGY, sector: GOV}\n")
    b = write(tmp_path / "b.yaml", "organizations:\n  - {id: b-nile, name: Nile Authority, code: SDN, sector: GOV}\n")
    assert [e.id for e in load_kb([a, b]).by_name["nile authority"]] == ["b-nile"]
    assert [e.id for e in load_kb([b, a]).by_name["nile authority"]] == ["a-nile"]


def test_longer_codes_only_for_user_organisations_and_people(tmp_path):
    ok = write(
        tmp_path / "ok.yaml",
        """\
        organizations:
          - {id: g77, name: Group of 77, code: G77, sector: null}
          - {id: hms, name: Hamas Political Bureau, code: PSEREBHMS, sector: REB}
        people:
          - {id: p, name: P, roles: [{code: IGOUNO, sector: GOV}]}
        """,
    )
    entries, _, _ = parse_file(ok)
    assert {e.code for e in entries} == {"G77", "PSEREBHMS", "IGOUNO"}
    for bad in (
        "countries:\n  - {code: PALE, name: Palestine}\n",
        "organizations:\n  - {id: x, name: X, code: PSEREBHMSXX, sector: REB}\n",
        "organizations:\n  - {id: x, name: X, code: '777', sector: REB}\n",
    ):
        with pytest.raises(KBError):
            parse_file(write(tmp_path / "bad.yaml", bad))
    with pytest.raises(KBError, match="three capital letters"):
        _check_code("G77", "built-in")  # the built-in files stay strict


# -- the command -------------------------------------------------------------------------------
def test_cli_import(dicts, tmp_path, monkeypatch):
    from typer.testing import CliRunner
    from tieline import cli

    monkeypatch.delenv("TIELINE_KB", raising=False)
    out = tmp_path / "out.yaml"
    res = CliRunner().invoke(cli.app, ["actors", "import", "--format", "petrarch", *map(str, dicts), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "organisations" in res.stderr and "NOBODY_IN_PARTICULAR" in res.stderr and "small.actors.txt:" in res.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "tieline-kb/1" and doc["organizations"] and doc["agents"]
    parse_file(out)
    monkeypatch.setenv("TIELINE_KB", str(out))
    assert load_kb().by_name["valdoria"][0].code == "VLD"
    bad = CliRunner().invoke(cli.app, ["actors", "import", "--format", "cameo", str(dicts[0]), "--out", str(out)])
    assert bad.exit_code == 2
    missing = CliRunner().invoke(cli.app, ["actors", "import", str(tmp_path / "nope.txt"), "--out", str(out)])
    assert missing.exit_code == 2


# -- PETRARCH's own validation dictionaries (shared data) ----------------------------------------
SUITE = (
    pathlib.Path(os.environ.get("TIELINE_DATA") or pathlib.Path(__file__).resolve().parents[3] / "shared" / "data")
    / "petrarch-unittests"
)


@pytest.fixture(scope="module")
def validate_kb(tmp_path_factory):
    files = [SUITE / "PETR.Validate.actors.txt", SUITE / "PETR.Validate.agents.txt"]
    if not all(f.exists() for f in files):
        pytest.skip(f"PETRARCH validation dictionaries not found under {SUITE}")
    res = petrarch.convert(files)
    path = tmp_path_factory.mktemp("petr") / "validate.yaml"
    path.write_text(res.to_yaml(), encoding="utf-8")
    return res, path


def test_validation_dictionaries_convert(validate_kb):
    res, path = validate_kb
    parse_file(path)
    kb = load_kb([path])
    assert kb.by_name["gondor"][0].code == "GON" and kb.by_name["minas tirith"][0].code == "GON"
    assert (kb.by_name["hamas"][0].code, kb.by_name["hamas"][0].sector) == ("PSE", "REB")
    assert kb.by_name["kuwait"][0].code == "KUW"  # over the built-in Kuwait (KWT)
    gollum = kb.by_name["smeagol"]
    assert [kb.pick(gollum, dt.date(y, 1, 1)).sector for y in (1994, 1998, 2001)] == [None, "GOV", "REB"]
    assert kb.agent_sector["ministers of silly walks"] == "GOV"
    assert "golden geese" not in kb.agent_sector  # [~GGS]: no sector, reported
    assert {i.text for i in res.issues if i.kind == "several actors for one phrase"} == {"LORIEN", "THE_SHIRE"}


def test_validation_dates_through_the_tagger(validate_kb, tl):
    from tieline.api import Tieline

    _, path = validate_kb
    tl2 = Tieline(kb_files=[str(path)], nlp=tl.nlp)
    code = lambda text, date: {a.code for a in tl2.tag(text, date)}
    assert "ORC" in code("Sam Gamgee met a bunch of Morgul Orcs.", "2010-01-09")
    assert "HOB" in code("Sam Gamgee has marched very close to the border with Mordor.", "2010-01-06")
    assert "RHO" in code("Zimbabwe is about to restore full diplomatic ties with Gondor.", "1978-12-23")
    assert "ZBW" in code("Zimbabwe is about to restore full diplomatic ties with Gondor.", "2001-01-01")


def test_one_phrase_names_several_actors_when_tagged(tmp_path):
    """A phrase with joint entries ("the Twin Isles" = two actors) is tagged as all of them."""
    from tieline.actors.kb import load_kb
    from tieline.api import Tieline

    kb_file = tmp_path / "joint.yaml"
    kb_file.write_text(
        "organizations:\n"
        "  - {id: twin-a, name: Twin Isles, code: TWA, sector: GOV, joint: true}\n"
        "  - {id: twin-b, name: Twin Isles, code: TWB, sector: GOV, joint: true}\n",
        encoding="utf-8",
    )
    tl = Tieline(kb=load_kb([kb_file]))
    acts = [a for a in tl.tag("The Twin Isles protested against the new tariffs.", "2020-01-01") if a.code]
    assert sorted(a.code for a in acts) == ["TWA", "TWB"]
