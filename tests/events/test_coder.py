"""The event coder: types, roles, reciprocity, attribution, modality, scores, order and offsets.

Every sentence here is written for these tests; dates are publication dates.
"""

from __future__ import annotations

import pytest

from tieline.records import MODALITIES, PLOVER_TYPES

PUB = "2017-05-31"  # a Wednesday


def code(tl, text, date=PUB):
    evs = tl.code(text, date)
    for e in evs:
        assert e.type in PLOVER_TYPES
        for a in e.source + e.target:
            if a.start is None:  # an implied actor (CAMEO's own-state target) is not in the text
                assert a.end is None and a.text == "" and a.code, a
                continue
            assert text[a.start : a.end] == a.text, (a.text, a.start, a.end)
    return evs


@pytest.fixture
def tl_neg(tl):
    """The analyser with negated acts kept (``[coder] drop_negated = false``), to see the modality."""
    from tieline.events.coder import CoderSettings, EventCoder

    default, tl.coder = tl.coder, EventCoder(tl.lexicon, CoderSettings.from_config({"drop_negated": False}))
    yield tl
    tl.coder = default


def of_type(evs, type_):
    hits = [e for e in evs if e.type == type_]
    assert hits, f"no {type_} event in {[(e.type, e.trigger) for e in evs]}"
    return hits[0]


def names(actors):
    return [a.entity or a.text for a in actors]


def codes(actors):
    return {a.code for a in actors}


# -- types ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, type_, src, tgt",
    [
        ("Israel accused Iran of arming Hezbollah in southern Lebanon.", "ACCUSE", "ISR", "IRN"),
        ("The European Union imposed sanctions on Russia over the annexation of Crimea.", "SANCTION", "IGO", "RUS"),
        ("Saudi Arabia cut off aid to Lebanon after the dispute.", "SANCTION", "SAU", "LBN"),
        ("Iran cut off aid to Hamas in 2012.", "SANCTION", "IRN", "PSE"),
        ("Iran resumed aid to Hamas after a five-year break.", "AID", "IRN", "PSE"),
        ("Egypt refused to support Hamas in the talks.", "REJECT", "EGY", "PSE"),
        ("Israel threatened Hezbollah with a harsh response.", "THREATEN", "ISR", "LBN"),
        ("Israeli police arrested Hamas members in Hebron.", "COERCE", "ISR", "PSE"),
        ("Egypt praised Hamas for the prisoner deal.", "SUPPORT", "EGY", "PSE"),
        ("Hamas demanded that Israel release the prisoners.", "REQUEST", "PSE", "ISR"),
        ("Turkish protesters demonstrated against Israel in Istanbul.", "PROTEST", "TUR", "ISR"),
    ],
)
def test_event_types(tl, text, type_, src, tgt):
    e = of_type(code(tl, text), type_)
    assert src in codes(e.source)
    assert tgt in codes(e.target)


def test_type_met_is_consult_and_reciprocal(tl):
    e = of_type(
        code(tl, "Iranian Foreign Minister Mohammad Javad Zarif met Russian President Vladimir Putin in Moscow."), "CONSULT"
    )
    assert names(e.source) == ["Mohammad Javad Zarif", "Vladimir Putin"]
    assert e.target == [] and e.location == "Moscow" and e.place.country == "RUS" and e.place.precision == "city"


def test_type_relinquished_demand_is_concede(tl):
    e = of_type(code(tl, "Hamas relinquished its demand for a full Israeli withdrawal."), "CONCEDE")
    assert names(e.source) == ["Hamas"]


def test_type_resumed_aid_is_aid_not_sanction(tl):
    evs = code(tl, "Iran resumed aid to Hamas after a five-year break.")
    assert "SANCTION" not in {e.type for e in evs}


def test_type_refused_to_support_is_not_support(tl):
    evs = code(tl, "Egypt refused to support Hamas in the talks.")
    assert "SUPPORT" not in {e.type for e in evs}


def test_nothing_coded_without_an_event(tl):
    assert code(tl, "Iran is a large country in western Asia.") == []


# -- roles ---------------------------------------------------------------------------------------
def test_roles_subject_source_object_target(tl):
    e = of_type(code(tl, "Hamas criticized Egypt over the border closure."), "ACCUSE")
    assert names(e.source) == ["Hamas"] and names(e.target) == ["Egypt"]


def test_roles_passive_by_agent_is_source(tl):
    e = of_type(code(tl, "Egypt was criticized by Hamas over the border closure."), "ACCUSE")
    assert names(e.source) == ["Hamas"] and names(e.target) == ["Egypt"]


def test_roles_passive_attack(tl):
    e = of_type(code(tl, "Israeli troops were attacked by Hamas militants near Rafah."), "ASSAULT")
    assert (codes(e.source), codes(e.target)) == ({"PSE"}, {"ISR"})
    assert e.target[0].sector == "MIL"


def test_roles_noun_possessor_and_prepositional_target(tl):
    e = of_type(code(tl, "Iran's aid to Hamas grew sharply last year."), "AID")
    assert names(e.source) == ["Iran"] and names(e.target) == ["Hamas"]


def test_roles_noun_by_phrase_source(tl):
    e = of_type(code(tl, "The attack on Israel by Hamas was widely condemned."), "ASSAULT")
    assert names(e.source) == ["Hamas"] and names(e.target) == ["Israel"]


def test_roles_attack_on_after_light_verb(tl):
    e = of_type(code(tl, "Israel launched an attack on Hamas positions in Gaza."), "ASSAULT")
    assert names(e.source) == ["Israel"] and "Hamas" in names(e.target)


def test_roles_talks_with_puts_both_in_source(tl):
    e = of_type(code(tl, "Russia held talks with Turkey on the Syrian ceasefire."), "CONSULT")
    assert set(names(e.source)) == {"Russia", "Turkey"} and e.target == []


def test_roles_aid_to_after_frame_verb(tl):
    e = of_type(code(tl, "Turkey sent humanitarian aid to Syria after the earthquake."), "AID")
    assert names(e.source) == ["Turkey"] and names(e.target) == ["Syria"]


def test_roles_withdraw_from(tl):
    e = of_type(code(tl, "Russia withdrew its troops from Syria."), "RETREAT")
    assert names(e.target) == ["Syria"]


# -- reciprocal and compound actors ---------------------------------------------------------------
@pytest.mark.parametrize("text", ["Iran and Hamas held talks in Beirut on Sunday.", "Iran and Hamas met in Beirut on Sunday."])
def test_reciprocal_all_in_source(tl, text):
    e = of_type(code(tl, text), "CONSULT")
    assert set(names(e.source)) == {"Iran", "Hamas"}
    assert e.target == [] and e.reciprocal


def test_compound_sources_split(tl):
    e = of_type(code(tl, "Israel and Egypt criticized Hamas for the rocket fire."), "ACCUSE")
    assert names(e.source) == ["Israel", "Egypt"] and names(e.target) == ["Hamas"]


def test_compound_targets_split(tl):
    e = of_type(code(tl, "Hamas criticized Israel and Egypt for the blockade."), "ACCUSE")
    assert names(e.source) == ["Hamas"] and names(e.target) == ["Israel", "Egypt"]


# -- attribution -----------------------------------------------------------------------------------
def test_embedded_report_source_is_the_doer(tl):
    evs = code(tl, "Hamas said Israel attacked Gaza overnight.")
    e = of_type(evs, "ASSAULT")
    assert names(e.source) == ["Israel"]
    assert e.attributed_to == "Hamas"
    assert "reported" in e.modality
    assert not any(e.type == "ASSAULT" and "Hamas" in names(e.source) for e in evs)


def test_according_to_gives_attribution(tl):
    e = of_type(code(tl, "According to Asharq Al-Awsat, Iran resumed aid to Hamas."), "AID")
    assert e.attributed_to == "Asharq Al-Awsat"
    assert "reported" in e.modality


def test_no_attribution_when_asserted(tl):
    e = of_type(code(tl, "Hamas criticized Egypt over the border closure."), "ACCUSE")
    assert e.attributed_to is None


# -- modality --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, type_, modality",
    [
        ("Hamas criticized Egypt over the border closure.", "ACCUSE", "asserted"),
        ("Iran allegedly resumed financial backing for Hamas.", "AID", "alleged"),
        ("Iran reportedly resumed aid to Hamas.", "AID", "alleged"),
        ("According to Palestinian sources, Iran resumed aid to Hamas.", "AID", "reported"),
        ("Iran plans to resume aid to Hamas.", "AID", "intended"),
        ("Iran is expected to resume aid to Hamas.", "AID", "intended"),
        ("Hamas leader Ismail Haniyeh was slated to visit Tehran.", "CONSULT", "intended"),
        ("Iran did not resume aid to Hamas.", "AID", "negated"),
        ("If Israel attacks Lebanon, Hezbollah will respond.", "ASSAULT", "hypothetical"),
        ("Israel could attack Hezbollah positions in Syria.", "ASSAULT", "hypothetical"),
    ],
)
def test_modality(tl_neg, text, type_, modality):
    e = of_type(code(tl_neg, text), type_)
    assert modality in e.modality
    assert set(e.modality) <= set(MODALITIES)
    if modality != "asserted":
        assert "asserted" not in e.modality


@pytest.mark.parametrize(
    "text", ["Hamas leader Ismail Haniyeh is due to visit Tehran.", "Ismail Haniyeh is due to visit Tehran."]
)
def test_modality_is_due_to(tl, text):
    e = of_type(code(tl, text), "CONSULT")
    assert "intended" in e.modality
    assert names(e.source) == ["Ismail Haniyeh"] and codes(e.target) == {"IRN"}
    assert e.type != "AGREE"  # a schedule is not a promise


def test_modality_is_a_list_of_known_values(tl):
    for e in code(tl, "Iran plans to resume aid to Hamas. Israel could attack Hezbollah. Egypt criticized Hamas."):
        assert isinstance(e.modality, list) and e.modality
        assert set(e.modality) <= set(MODALITIES)


# -- scores and confidence ----------------------------------------------------------------------------
COOPERATIVE = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT")
CONFLICTUAL = ("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


@pytest.mark.parametrize("type_", PLOVER_TYPES)
def test_score_sign_per_type(tl, type_):
    s = tl.lexicon.score(type_, None)
    assert s is not None and -10 <= s <= 10
    if type_ in COOPERATIVE:
        assert s > 0
    elif type_ in CONFLICTUAL:
        assert s < 0
    else:
        assert type_ == "REQUEST" and s == 0


SCORED = (
    "Iran resumed aid to Hamas. Iran cut off aid to Hamas in 2012. Israel launched an attack on Hamas. "
    "Iran and Hamas held talks in Beirut. Egypt refused to support Hamas. Egypt praised Hamas."
)


def test_event_scores_follow_type(tl):
    evs = code(tl, SCORED)
    assert {e.type for e in evs} >= {"AID", "SANCTION", "ASSAULT", "CONSULT", "REJECT", "SUPPORT"}
    for e in evs:
        assert e.score == tl.lexicon.score(e.type, e.mode)
        assert (e.score > 0) if e.type in COOPERATIVE else (e.score <= 0)


def test_confidence_in_unit_interval(tl):
    evs = code(tl, SCORED + " Hamas said Israel attacked Gaza. Officials said something happened to someone.")
    assert evs
    assert all(0.0 <= e.confidence <= 1.0 for e in evs)


def test_known_actors_raise_confidence(tl):
    known = of_type(code(tl, "Israel launched an attack on Hamas."), "ASSAULT")
    vague = code(tl, "Gunmen launched an attack on a checkpoint.")
    assert all(e.confidence < known.confidence for e in vague)


# -- order, offsets, ids ------------------------------------------------------------------------------
TEXT = (
    "Egypt hosted Hamas leaders in Cairo on Sunday.\n\n"
    "Later, Israel struck Hamas targets in Gaza. Hamas condemned Israel for the strikes."
)


def test_events_in_reading_order(tl):
    evs = code(tl, TEXT)
    assert [e.type for e in evs][:1] == ["CONSULT"]
    assert "ASSAULT" in [e.type for e in evs] and "ACCUSE" in [e.type for e in evs]
    starts = [e.sentence_start for e in evs]
    assert starts == sorted(starts)
    types = [e.type for e in evs]
    assert types.index("ASSAULT") < types.index("ACCUSE")


def test_sentence_offsets(tl):
    evs = code(tl, TEXT)
    assert len({e.sentence_start for e in evs}) == 3
    for e in evs:
        assert TEXT[e.sentence_start :].startswith(e.sentence)
        assert TEXT[e.sentence_start : e.sentence_start + len(e.sentence)] == e.sentence


def test_event_ids_and_article(tl):
    evs = tl.code(TEXT, PUB, article_id="art42")
    assert [e.event_id for e in evs] == [f"art42-{i:03d}" for i in range(len(evs))]
    assert all(e.article_id == "art42" and e.published == PUB for e in evs)


def test_event_to_dict_contract(tl):
    d = code(tl, "Iran resumed aid to Hamas.")[0].to_dict()
    for k in (
        "event_id",
        "article_id",
        "type",
        "mode",
        "context",
        "cameo",
        "score",
        "source",
        "target",
        "date",
        "published",
        "modality",
        "attributed_to",
        "location",
        "sentence",
        "sentence_start",
        "confidence",
    ):
        assert k in d
    assert d["cameo"][:1] == "0" and len(d["cameo"]) >= 3
    assert d["source"][0]["code"] == "IRN" and d["target"][0]["entity"] == "Hamas"


# -- control verbs, flips and commitments --------------------------------------------------------------
@pytest.mark.parametrize(
    "text, type_, src, tgt, modality",
    [
        ("Iran threatened to attack Israel.", "THREATEN", "IRN", "ISR", None),
        ("Qatar stopped funding Hamas.", "SANCTION", "QAT", "PSE", None),
        ("Iran recalled its ambassador from Egypt.", "SANCTION", "IRN", "EGY", None),
        ("Iran decided to resume aid to Hamas.", "AID", "IRN", "PSE", "intended"),
        ("Egypt failed to reach a deal with Hamas.", "AGREE", "EGY", None, "negated"),
    ],
)
def test_control_flip_frame(tl_neg, text, type_, src, tgt, modality):
    e = of_type(code(tl_neg, text), type_)
    assert src in codes(e.source)
    if tgt:
        assert tgt in codes(e.target)
    if modality:
        assert modality in e.modality


def test_commitment_to_cooperate_is_agree(tl):
    e = of_type(code(tl, "Iran and Hamas agreed to restore relations."), "AGREE")
    assert set(names(e.source)) == {"Iran", "Hamas"} and e.target == []
    assert "COOPERATE" not in {x.type for x in code(tl, "Iran and Hamas agreed to restore relations.")}


def test_threat_is_not_the_attack(tl):
    assert "ASSAULT" not in {e.type for e in code(tl, "Iran threatened to attack Israel.")}


def test_same_event_twice_in_a_sentence_is_coded_once(tl):
    evs = code(tl, "Israel attacked Hamas and attacked Hamas again.")
    assert [e.type for e in evs] == ["ASSAULT"]


def test_analyse_parses_only_sentences_worth_it(tl):
    an = tl.analyse("Egypt hosted the talks. The weather was warm. Israel attacked Hamas.", "2017-05-30")
    assert an.sentences == 3 and an.parsed == 2
    assert {"EGY", "ISR", "PSE"} <= {a.code for a in an.mentions}
    assert "ASSAULT" in {e.type for e in an.events}


# -- known gaps (bugs found while writing these tests) --------------------------------------------------
def test_denied_doing_is_a_plover_event_or_nothing(tl):
    evs = tl.code("Hamas denied attacking Israeli soldiers near the fence.", PUB)
    assert all(e.type in PLOVER_TYPES and e.score is not None for e in evs), [(e.type, e.trigger) for e in evs]
    assert "ASSAULT" not in {e.type for e in evs if "negated" not in e.modality}


def test_requested_act_is_not_asserted(tl):
    evs = code(tl, "The US State Department urged Israel to halt settlement construction.")
    assert of_type(evs, "REQUEST").target[0].code == "ISR"
    assert not any(e.type == "SANCTION" and e.modality == ["asserted"] for e in evs)


def test_bombardment_noun(tl):
    e = of_type(code(tl, "Israel's bombardment of Gaza continued for a week."), "ASSAULT")
    assert names(e.source) == ["Israel"]


@pytest.mark.parametrize(
    "text, type_, src, tgt",
    [
        ("Washington imposed new sanctions on Tehran.", "SANCTION", {"USA"}, {"IRN"}),
        ("The EU lifted sanctions on Iran.", "RETREAT", {"IGO"}, {"IRN"}),
        ("Turkey expelled the Dutch ambassador.", "SANCTION", {"TUR"}, {"NLD"}),
        ("Saudi Arabia and the UAE severed ties with Qatar on Monday.", "SANCTION", {"SAU", "ARE"}, {"QAT"}),
        ("Egypt might mediate between Israel and Hamas.", "CONSULT", {"EGY"}, {"ISR", "PSE"}),
    ],
)
def test_more_frames(tl, text, type_, src, tgt):
    e = of_type(code(tl, text), type_)
    assert codes(e.source) == src and codes(e.target) == tgt


def test_negated_event_noun(tl_neg):
    e = of_type(code(tl_neg, "There were no talks between Israel and Hamas."), "CONSULT")
    assert "negated" in e.modality and set(names(e.source)) == {"Israel", "Hamas"}


# -- denials, claims, refusals, mediation ----------------------------------------------------------
def test_denial_negates_the_denied_event(tl_neg):
    evs = code(tl_neg, "Syria denied that its air force had bombed a rebel-held town near the Turkish border.")
    assert all(e.type != "REJECT" for e in evs), [(e.type, e.trigger) for e in evs]
    e = of_type(evs, "ASSAULT")
    assert "negated" in e.modality and e.attributed_to == "Syria"
    assert codes(e.source) == {"SYR"}


def test_claim_of_responsibility_codes_the_claimed_attack(tl):
    e = of_type(code(tl, "Al-Shabaab claimed responsibility for the bombing of a hotel in Kenya."), "ASSAULT")
    assert "reported" in e.modality
    assert codes(e.source) == {"SOM"} and codes(e.target) == {"KEN"}


def test_refusal_to_commit_is_a_rejection(tl):
    e = of_type(code(tl, "Washington will not ease sanctions on Venezuela, the State Department said."), "REJECT")
    assert codes(e.source) == {"USA"} and codes(e.target) == {"VEN"}
    assert "negated" not in e.modality


def test_mediator_is_not_a_party(tl):
    e = of_type(code(tl, "Qatar brokered a truce between Israel and Hamas on Friday."), "CONSULT")
    assert codes(e.source) == {"QAT"}
    assert codes(e.target) == {"ISR", "PSE"}


def test_x_of_y_event_noun(tl):
    e = of_type(code(tl, "The Ethiopian government declared a state of emergency in the Amhara region."), "COERCE")
    assert codes(e.source) == {"ETH"} and e.mode == "martial-law"


def test_violated_ceasefire_is_an_assault(tl):
    e = of_type(code(tl, "Azerbaijani forces violated the ceasefire with Armenia on Tuesday."), "ASSAULT")
    assert codes(e.source) == {"AZE"}


def test_attending_an_inauguration_is_a_meeting_with_its_host(tl):
    e = of_type(
        code(tl, "The Hamas leader attended the inauguration of Iran's new president in Tehran.", "2021-08-05"), "CONSULT"
    )
    assert "PSE" in codes(e.source) and "IRN" in codes(e.target)


def test_negated_acts_are_not_emitted_by_default(tl):
    """[coder] drop_negated (default true): "did not resume aid" states that nothing happened."""
    assert "AID" not in {e.type for e in code(tl, "Iran did not resume aid to Hamas.")}
    an = tl.analyse("Iran did not resume aid to Hamas.", date=PUB, explain=True)
    assert any("negated" in r["reason"] for r in an.rejected)
