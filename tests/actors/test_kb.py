"""The knowledge base: loading, user files merged over the built-in base, validation, look-ups."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from tieline.actors.kb import KBError, load_kb, norm_key, parse_file, resolve_key, user_kb_paths
from tieline.actors.userkb import add_actor


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- look-ups ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "code, office, date, name",
    [
        ("USA", "president", dt.date(2010, 6, 1), "Barack Obama"),
        ("USA", "president", dt.date(2018, 6, 1), "Donald Trump"),
        ("IRN", "president", dt.date(2015, 6, 1), "Hassan Rouhani"),
        ("IRN", "president", dt.date(2022, 6, 1), "Ebrahim Raisi"),
    ],
)
def test_holder_by_date(code, office, date, name):
    kb = load_kb([])
    h = kb.holder(code, office, date)
    assert h is not None and h.name == name


def test_holder_none_before_any_known_holder():
    assert load_kb([]).holder("USA", "president", dt.date(1700, 1, 1)) is None


def test_person_code_sector_follow_role_dates():
    e = load_kb([]).entries["donald-trump"]
    assert e.code_sector_at(dt.date(2019, 1, 1)) == ("USA", "GOV")
    assert e.code_sector_at(dt.date(2022, 1, 1)) == ("USA", "ELI")


@pytest.mark.parametrize("name, expected", [("Iran", ["IRN"]), ("IRN", ["IRN"]), ("Tehran", ["IRN"]), ("Hamas", ["hamas"])])
def test_resolve_key(name, expected):
    assert resolve_key(name) == expected


def test_resolve_key_unknown_name_kept_as_entity():
    k = load_kb([]).resolve_key("Katibat Tulkarm")
    assert k["codes"] == [] and k["actor_ids"] == [] and k["entities"] == ["Katibat Tulkarm"]


# -- user files ------------------------------------------------------------------------------------
USER_KB = """\
    schema: tieline-kb/1
    organizations:
      - id: hamas
        name: Hamas
        aliases: [Hamas, Islamic Resistance Movement]
        code: PSE
        sector: PTY
      - id: tulkarm-battalion
        name: Tulkarm Battalion
        aliases: [Katibat Tulkarm]
        code: PSE
        sector: REB
    people:
      - id: hazem-qassem
        name: Hazem Qassem
        aliases: [Qassem]
        roles:
          - {code: PSE, sector: REB, office: spokesman, org: hamas, start: "2015"}
    """


@pytest.fixture(scope="module")
def user_kb_path(tmp_path_factory):
    return write(tmp_path_factory.mktemp("kb") / "mine.yaml", USER_KB)


def test_user_file_overrides_and_adds(user_kb_path):
    kb = load_kb([user_kb_path])
    assert kb.entries["hamas"].sector == "PTY"  # same id: the user's entry replaces the built-in one
    assert kb.entries["tulkarm-battalion"].code == "PSE"  # new id: added
    assert kb.entries["hazem-qassem"].roles[0].org == "hamas"
    assert "iran" in kb.by_name  # the rest of the built-in base is still there
    assert load_kb([]).entries["hamas"].sector == "REB"  # the built-in base is untouched


def test_user_file_used_by_tieline(tl, user_kb_path):
    from tieline.api import Tieline

    tl2 = Tieline(kb_files=[str(user_kb_path)], nlp=tl.nlp)
    acts = tl2.tag("Hamas and the Tulkarm Battalion held a rally in Nablus.", "2022-10-12")
    by_text = {a.text: a for a in acts}
    assert by_text["Hamas"].sector == "PTY"
    tb = [a for a in acts if "Tulkarm Battalion" in a.text]
    assert tb and (tb[0].entity, tb[0].code, tb[0].sector) == ("Tulkarm Battalion", "PSE", "REB")
    assert tl.tag("Hamas held a rally in Nablus.", "2022-10-12")[0].sector == "REB"  # the default is untouched


def test_tieline_kb_environment_variable(user_kb_path, monkeypatch):
    monkeypatch.setenv("TIELINE_KB", str(user_kb_path))
    assert user_kb_paths() == [user_kb_path]
    assert load_kb().entries["tulkarm-battalion"].sector == "REB"


def test_actors_add_writes_a_file_that_loads(tmp_path):
    path = tmp_path / "added.yaml"
    add_actor(str(path), name="Tulkarm Battalion", code="pse", sector="REB", aliases=["Katibat Tulkarm"])
    add_actor(str(path), name="Hazem Qassem", code="PSE", sector="REB", kind="person")
    entries, _, _ = parse_file(path)
    ids = {e.id: e for e in entries}
    assert ids["tulkarm-battalion"].code == "PSE" and ids["tulkarm-battalion"].kind == "org"
    assert ids["hazem-qassem"].kind == "person" and ids["hazem-qassem"].code == "PSE"
    kb = load_kb([path])
    assert kb.by_name[norm_key("Katibat Tulkarm")][0].id == "tulkarm-battalion"


def test_actors_add_twice_keeps_one_entry(tmp_path):
    path = tmp_path / "added.yaml"
    add_actor(str(path), name="Tulkarm Battalion", code="PSE", sector="REB")
    add_actor(str(path), name="Tulkarm Battalion", code="PSE", sector="OPP")
    entries, _, _ = parse_file(path)
    assert [(e.id, e.sector) for e in entries] == [("tulkarm-battalion", "OPP")]


def test_actors_add_refuses_bad_sector_and_leaves_file(tmp_path):
    path = tmp_path / "added.yaml"
    add_actor(str(path), name="Tulkarm Battalion", code="PSE", sector="REB")
    before = path.read_text()
    with pytest.raises(KBError):
        add_actor(str(path), name="Nablus Brigade", code="PSE", sector="ARMY")
    assert path.read_text() == before
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize(
    "text",
    [
        "organizations: [ {id: x, name: X",  # not valid YAML
        "- just\n- a list\n",  # not a mapping
        "organizations:\n  - id: x\n    code: PSE\n",  # missing name
    ],
)
def test_malformed_user_file_names_the_file(tmp_path, text):
    path = tmp_path / "broken-user-kb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KBError) as err:
        parse_file(path)
    assert "broken-user-kb.yaml" in str(err.value)


def test_malformed_user_file_fails_load_kb_and_tieline(tmp_path):
    from tieline.api import Tieline

    path = tmp_path / "broken-user-kb.yaml"
    path.write_text("organizations: [ {id: x, name: X", encoding="utf-8")
    with pytest.raises(KBError) as err:
        Tieline(kb_files=[str(path)], nlp=object())
    assert "broken-user-kb.yaml" in str(err.value)


def test_missing_user_file_is_an_error(tmp_path):
    with pytest.raises(KBError) as err:
        load_kb([tmp_path / "nowhere.yaml"])
    assert "nowhere.yaml" in str(err.value)


# -- validation -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, words",
    [
        ("organizations:\n  - {id: x, name: X, code: Ps, sector: REB}\n", "three capital letters"),
        ("organizations:\n  - {id: x, name: X, code: pse, sector: REB}\n", "three capital letters"),
        ("countries:\n  - {code: PALE, name: Palestine}\n", "three capital letters"),
        ("organizations:\n  - {id: x, name: X, code: PSE, sector: ARMY}\n", "unknown sector"),
        ("people:\n  - id: p\n    name: P\n    roles:\n      - {code: ISR, sector: WARLORD}\n", "unknown sector"),
        (
            "people:\n  - id: p\n    name: P\n    roles:\n      - {code: ISR, sector: GOV, start: '2020-01-01', end: '2019-12-31'}\n",
            "after end",
        ),
        ("agents:\n  - {words: [fighters], sector: FIGHTERS}\n", "unknown sector"),
    ],
)
def test_parse_file_rejects(tmp_path, body, words):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(KBError) as err:
        parse_file(path)
    assert words in str(err.value) and "bad.yaml" in str(err.value)


def test_parse_file_rejects_organisation_start_after_end(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("organizations:\n  - {id: x, name: X, code: PSE, sector: REB, start: '2020', end: '2010'}\n")
    with pytest.raises(KBError):
        parse_file(path)


def test_parse_file_accepts_a_valid_file(tmp_path):
    entries, agents, titles = parse_file(write(tmp_path / "ok.yaml", USER_KB))
    assert [e.id for e in entries] == ["hamas", "tulkarm-battalion", "hazem-qassem"]
    person = entries[-1]
    assert person.roles[0].org == "hamas" and person.roles[0].office == "spokesman"


def test_builtin_base_loads_and_is_large():
    st = load_kb([]).stats()
    assert st["country"] >= 190 and st["org"] > 100 and st["person"] > 100


def test_user_file_changed_is_reloaded(tmp_path):
    path = tmp_path / "grows.yaml"
    add_actor(str(path), name="Tulkarm Battalion", code="PSE", sector="REB")
    assert "tulkarm-battalion" in load_kb([path]).entries
    add_actor(str(path), name="Balata Battalion", code="PSE", sector="REB")
    assert "balata-battalion" in load_kb([path]).entries


def test_compiled_base_is_cached_by_file_contents(tmp_path, monkeypatch):
    """Issue 12: the parsed base is kept in a cache keyed by its files' contents, so a start-up
    reads it in hundredths of a second, and an edited file is parsed again."""
    import tieline.actors.kb as kbm

    monkeypatch.setenv("TIELINE_CACHE_DIR", str(tmp_path / "cache"))
    user = tmp_path / "mine.yaml"
    user.write_text(
        "schema: tieline-kb/1\norganizations:\n  - {id: acme-front, name: Acme Front, aliases: [Acme Front], code: XYZ, sector: REB, kind: armed-group}\n"
    )
    kbm._load.cache_clear()
    first = kbm.load_kb([user])
    assert list((tmp_path / "cache").glob("kb-*.pickle"))
    kbm._load.cache_clear()
    again = kbm.load_kb([user])
    assert again.entries["acme-front"].code == first.entries["acme-front"].code == "XYZ"
    user.write_text(user.read_text().replace("XYZ", "ABC"))
    kbm._load.cache_clear()
    assert kbm.load_kb([user]).entries["acme-front"].code == "ABC"
    kbm._load.cache_clear()
