"""The event coder: who did what to whom in one parsed sentence.

For each trigger (a verb, a phrasal verb, an event noun, a light verb with its noun, a frame such
as "cut off aid"), the dependency parse gives the roles: subject or passive "by"-agent or the
noun's possessor as source; object or the trigger's prepositional frame as target; conjoined
actors split; reciprocal events ("A and B held talks") put every participant in source.
Control verbs ("decided to", "slated to") pass the event to their complement and add a
modality; flips ("refused to support") change the type.  Reporting clauses ("X said",
"according to X") give attribution; temporal expressions give the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..actors.tagger import FIRST_PERSON, NON_STATE_CODES as NON_STATE, Mention, relative_clause_tokens
from ..records import Actor, Event, Place
from . import dates
from .lexicon import EventSpec, Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

REPORTING_DEMAND = {
    "say",
    "tell",
    "insist",
    "declare",
    "reiterate",
    "stress",
    "warn",
    "state",
    "add",
    "argue",
    "write",
    "announce",
    "urge",
    "demand",
    "maintain",
    "emphasize",
    "emphasise",
}
REPORTING = {
    "say",
    "tell",
    "report",
    "announce",
    "state",
    "add",
    "note",
    "claim",
    "confirm",
    "insist",
    "allege",
    "explain",
    "write",
    "quote",
    "declare",
    "indicate",
    "reveal",
    "disclose",
    "suggest",
    "believe",
    "think",
    "argue",
    "assert",
    "maintain",
    "contend",
    "acknowledge",
    "admit",
    "stress",
    "warn",
    "hint",
    "signal",
}
ALLEGED_ADV = {"allegedly", "reportedly", "purportedly", "supposedly", "apparently", "ostensibly"}
HYPOTHETICAL_MODALS = {"could", "might", "may", "would", "should"}
FUTURE_AUX = {"will", "'ll", "shall", "wo"}
INTENT_ADJ = {
    "due",
    "set",
    "slated",
    "scheduled",
    "expected",
    "poised",
    "ready",
    "likely",
    "going",
    "about",
    "planning",
    "willing",
    "determined",
    "keen",
    "prepared",
    "eager",
}
NEG = {"not", "n't", "never", "no"}
CLAUSAL = {"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis"}
ARG_STOP = {"relcl", "acl", "advcl", "ccomp", "parataxis", "appos"}
# prepositions that say where an event happened ("to" only for visits, deployments and deliveries)
LOCATIVE_PREPS = ("in", "at", "near", "outside", "inside", "across", "around", "throughout", "into", "within")
COMPASS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "upper",
    "lower",
}
# the precision of a place a knowledge-base mention names (a named place: as the gazetteer says)
MENTION_PRECISION = {"country": "country", "capital": "city"}
TRAVEL_NOUNS = {"visit", "trip", "tour", "journey", "travel", "deployment", "mission", "voyage"}
# head words that make a name a stretch of land, not a body ("the Sambisa Forest", "the Nuba Mountains"),
# whatever the entity recogniser called it
LANDFORMS = {"forest", "mountains", "mountain", "hills", "valley", "desert", "plains", "plateau", "swamp", "delta"}
# verbs of driving someone out of a place: "from X" is where the act happens ("drove the rebels from
# the town", "chased the bandits from the forest"), not where a doer set out from
REMOVAL_VERBS = {"flush", "drive", "expel", "evict", "oust", "dislodge", "rout", "chase", "clear", "purge", "push"}
# common nouns that name a place by a name they govern ("the town of X", "X province") -> precision
PLACE_NOUNS = {
    "city": "city",
    "town": "city",
    "village": "city",
    "capital": "city",
    "port": "city",
    "province": "region",
    "region": "region",
    "state": "region",
    "district": "region",
    "governorate": "region",
    "county": "region",
    "oblast": "region",
    "prefecture": "region",
    "embassy": "site",
    "consulate": "site",
    "base": "site",
    "camp": "site",
    "airport": "site",
    "border": "site",
    "crossing": "site",
    "prison": "site",
    "jail": "site",
    "facility": "site",
    "parliament": "site",
}
# sites a definite noun alone can place an event at ("at the prison"); not "the border" (whose?)
SITE_NOUNS = {"prison", "jail", "facility", "camp", "base", "embassy", "consulate", "airport"}
PARTITIVE_PLACES = {"part", "parts", "area", "areas", "swath", "swaths", "swathes", "outskirts", "rest", "corner", "much", "most"}
TARGET_PREPS_DEFAULT = ("against", "on", "to", "with", "at", "toward", "towards", "for", "into", "from")
PERSONISH = {"he", "she", "it", "they"}
# speech acts whose object is only talked about ("threats of sanctions", "calls for the release")
CONTENT_TYPES = {"THREATEN", "REQUEST", "REJECT", "AGREE"}
# entity labels that make a common-noun argument a named participant, not a thing
NAMED_ENTS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"}
# nouns of time: "for the first time in Doha" is a time, whatever place it names, and no participant
TIME_NOUNS = {"time", "times", "day", "week", "month", "year", "moment", "occasion", "period", "weekend"}
AIMED_PREPS = {"against", "toward", "towards"}  # "the campaign against X": X is its target, not the phrase
# adverbial clauses whose content the speaker takes for granted, not reports ("although", "since")
PRESUPPOSING_MARKS = {"although", "though", "since", "after", "before", "because", "while", "when", "whereas"}
# acts done by saying them: "the Taliban said they reject the plan" is the Taliban's rejection, asserted
SPEECH_TYPES = {"ACCUSE", "REQUEST", "THREATEN", "REJECT", "SUPPORT", "AGREE"}
# verbs of saying whose complement is performed by being said ("announced it was cutting ties")
ANNOUNCING = {"announce", "declare", "confirm", "decide", "proclaim", "order"}
# acts that, promised on a condition ("unless", "if"), are threats
CONDITIONAL_THREATS = {"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE", "RETREAT", "REJECT"}
# acts of force whose target may sit in a purpose clause ("launched an operation to flush out X")
PURPOSE_TYPES = {"ASSAULT", "MOBILIZE", "COERCE", "AID", "THREATEN"}
# subordinate clauses that state a fact of their own ("though Kenya refused to attend", "after X met Y")
ASSERTED_MARKS = {"after", "before", "when", "as", "while", "since", "though", "although", "because", "whereas", "once", "until"}
# how many sentences back a target named only as a thing is looked for
CONTEXT_SENTENCES = 4
# "were engaged in", "was involved in": the participle's subject takes part in the act named
PARTICIPATION = {"engage", "involve", "implicate"}
SCENE_SENTENCES = 3  # how long a stated scene holds for events that say nothing of where


@dataclass
class CoderContext:
    """What the coder remembers across sentences of one text."""

    published: str | None = None
    pub_date: dt.date | None = None
    last_source: str | None = None  # last named source of a claim ("Asharq Al-Awsat")
    paragraph: int = -1
    paragraph_year: str | None = None  # last explicit year (not the publication year) in this paragraph
    article_id: str | None = None
    recent: list[list[Actor]] = field(default_factory=list)  # coded actors of the last sentences, latest last
    rejected: list[dict] | None = None  # candidates not emitted, with the reason; collected only if a list (--explain)
    sentence_no: int = 0  # sentences coded so far
    place: tuple[int, Place] | None = None  # the last place a sentence stated, and which sentence


@dataclass
class Trigger:
    tok: Token  # the token carrying the predicate
    spec: EventSpec
    kind: str  # verb | noun | light | frame | flip
    arg_verb: Token | None = None  # the verb whose subject/objects give roles
    noun: Token | None = None
    modality: list[str] = field(default_factory=list)
    words: str = ""


# unnamed agents that are almost always of the country where they act ("rebels laid down their
# arms in Mozambique", "police detained protesters in Harare"); troops and envoys often act abroad
SCENE_SECTORS = frozenset({"GOV", "REB", "OPP", "CVL", "COP", "JUD", "LAB", "PTY", "LEG", "CRM", "UAF"})
UNTARGETED_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "MOBILIZE", "PROTEST"})  # may stand without a target


@dataclass(frozen=True)
class CoderSettings:
    """What the coder emits.  By default an event needs evidence a user can act on: a doer with a
    country code (an implied authority counts), and an event found only through the CAMEO
    dictionary fallback (weaker evidence than the curated lexicon) needs a coded doer and a coded
    target.  Set from the ``[coder]`` table of tieline.toml."""

    require_coded_actor: bool = True  # at least one actor with a country code
    require_coded_source: bool = True  # the doer itself has a country code
    keep_identified: bool = False  # keep events whose actors are named or kinds ("the police") but uncoded
    fallback_needs_dyad: bool = True
    drop_speculation: bool = True  # analysts' scenarios ("analysts say X could ...") and questions
    drop_negated: bool = True  # "did not invite", "doesn't give": a negated act did not happen
    drop_considered: bool = True  # "is considering sending aid": an option weighed, not an act
    # directed acts (not meetings, agreements, cooperation, mobilisation, protest) need a coded target
    require_coded_target: bool = False
    # the same in relative and participle clauses, for acts whose target is the discourse's party
    subordinate_context_types: frozenset[str] = frozenset({"SANCTION", "REJECT"})
    # directed acts whose target, when the sentence names only a thing, is taken from context
    context_target_types: frozenset[str] = frozenset(
        {
            "ACCUSE",
            "REJECT",
            "REQUEST",
            "SUPPORT",
            "THREATEN",
            "SANCTION",
            "COERCE",
            "CONCEDE",
            "RETREAT",
            "AGREE",
            "ASSAULT",
            "AID",
            "MOBILIZE",
        }
    )

    @classmethod
    def from_config(cls, cfg: dict | None) -> "CoderSettings":
        """From the ``[coder]`` table of tieline.toml; an unknown key is an error, not ignored."""
        cfg = dict(cfg or {})
        unknown = set(cfg) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"tieline.toml [coder]: unknown setting(s) {', '.join(sorted(unknown))}")
        for k in ("context_target_types", "subordinate_context_types"):
            if k in cfg:
                cfg[k] = frozenset(cfg[k])
        return cls(**cfg)


class EventCoder:
    def __init__(self, lexicon: Lexicon, settings: CoderSettings | None = None) -> None:
        self.lex = lexicon
        self.settings = settings or CoderSettings()

    # -- triggers -------------------------------------------------------------------------
    def _phrasal(self, tok) -> str:
        """ "cut off" (particle) or "call for" / "crack down on" (a preposition the lexicon knows)."""
        lemma = tok.lemma_.lower()
        prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
        if prt:
            lemma = f"{lemma} {prt[0]}"
        for c in tok.children:
            if c.dep_ == "prep" and f"{lemma} {c.lower_}" in self.lex.verbs:
                return f"{lemma} {c.lower_}"
            # "called for the charges to be dropped": the preposition opens a for-to clause
            if c.dep_ in ("advcl", "ccomp", "xcomp"):
                mark = next((m for m in c.children if m.dep_ == "mark" and m.i < c.i and m.i == tok.i + 1), None)
                if mark is not None and f"{lemma} {mark.lower_}" in self.lex.verbs:
                    return f"{lemma} {mark.lower_}"
        return lemma

    def _through_quantifier(self, tok):
        """ "some of its restrictions", "700 kg of medicine": the noun after "of" is the object."""
        words = self.lex.quantifiers
        if tok.lemma_.lower() in words or tok.lower_ in words:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    inner = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if inner is not None:
                        return inner
        return tok

    def _obj(self, verb):
        for c in verb.children:
            if c.dep_ in ("dobj", "obj"):
                return self._through_quantifier(c)
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                return self._through_quantifier(c)
        if (
            verb.dep_ == "relcl"
            and verb.head.pos_ == "NOUN"
            and any(c.dep_ == "nsubj" for c in verb.children)
            and not any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)
        ):
            return verb.head  # "the deadline Pyongyang imposed": the noun is the relative clause's object
        return None

    def triggers(self, doc) -> list[Trigger]:
        lex = self.lex
        out: list[Trigger] = []
        used: set[int] = set()
        skipped: list = []
        spec: EventSpec | None
        for tok in doc:
            if tok.i in used:
                continue
            if tok.pos_ == "VERB":
                lemma = self._phrasal(tok)
                base = tok.lemma_.lower()
                obj = self._obj(tok)
                comp = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
                # "X claimed responsibility for the attack on Y": X's attack on Y, reported by X
                if obj is not None and base in lex.responsibility_verbs and obj.lemma_.lower() in lex.responsibility_nouns:
                    claimed = next(
                        (
                            p
                            for c in list(obj.children) + list(tok.children)
                            if c.dep_ == "prep" and c.lower_ == "for"
                            for p in c.children
                            if p.dep_ == "pobj"
                        ),
                        None,
                    )
                    nspec = self._noun_spec(claimed) if claimed is not None else None
                    if claimed is not None and nspec is not None:
                        out.append(
                            Trigger(
                                claimed,
                                nspec,
                                "claimed",
                                arg_verb=tok,
                                noun=claimed,
                                words=f"{tok.text} {obj.text} {claimed.text}",
                                modality=["reported"],
                            )
                        )
                        used |= {tok.i, obj.i, claimed.i}
                        continue
                # "the plan met with opposition from Beijing": the opposition is the event, no meeting
                if base == "meet" and any(
                    c.dep_ == "prep"
                    and c.lower_ == "with"
                    and any(
                        p.dep_ == "pobj" and (self._noun_spec(p) is not None or p.lemma_.lower() in lex.reception_nouns)
                        for p in c.children
                    )
                    for c in tok.children
                ):
                    continue
                # "X denied that Y attacked": the attack is coded, negated, not the denial
                if base in lex.denial_verbs and any(c.dep_ == "ccomp" for c in tok.children):
                    continue
                # "X said Y must stop": a demand by X on Y
                if base in REPORTING_DEMAND and lex.demand is not None:
                    cc = next((c for c in tok.children if c.dep_ == "ccomp" and self._deontic(c)), None)
                    if cc is not None:
                        out.append(Trigger(tok, lex.demand, "demand", arg_verb=cc, words=f"{tok.text} {self._deontic(cc)}"))
                        used |= {tok.i} | {t.i for t in cc.subtree}
                        continue
                # "warned that the cooperation is dangerous and illegal": a warning whose content is a
                # judgement criticises (ACCUSE); a warning of what one will do stays a threat
                if base in lex.warning_verbs:
                    judged = self._judged_clause(tok)
                    if judged is not None:
                        out.append(Trigger(tok, judged[0], "verb", arg_verb=tok, words=f"{tok.text} {judged[1]}"))
                        used.add(tok.i)
                        continue
                # characterisations: "described the jailbreak as deplorable", "called subsidies unbearable"
                if base in lex.characterize_verbs:
                    judged = self._judgement(tok)
                    own = lex.verbs.get(base)
                    if judged is not None and not (own and own.type in ("ACCUSE", "REJECT")):
                        out.append(Trigger(tok, judged[0], "verb", arg_verb=tok, words=f"{tok.text} {judged[1]}"))
                        used.add(tok.i)
                        continue
                    if (
                        judged is None
                        and lemma == base
                        and (not own or own.type not in ("ACCUSE", "REJECT"))
                        and any(c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in tok.children)
                    ):
                        continue  # "called them a punishment": naming, no phone call and no judgement found
                # frames: verb + object noun ("cut off aid", "resume ties", "recall ambassador"); the
                # second object of "gave the mission 30 days to leave" is parsed as an adverbial
                fr = None
                for o in ([obj] if obj is not None else []) + [
                    c for c in tok.children if c.dep_ == "npadvmod" and c.pos_ == "NOUN"
                ]:
                    fr = (
                        lex.frame(lemma, o.lemma_.lower())
                        or lex.frame(base, o.lemma_.lower())
                        or lex.frame(lemma, o.lower_)
                        or lex.frame(base, o.lower_)
                    )
                    if fr:
                        out.append(Trigger(tok, fr, "frame", arg_verb=tok, noun=o, words=f"{tok.text} {o.text}"))
                        used |= {tok.i, o.i}
                        break
                if fr:
                    continue
                # the CAMEO dictionary's verb+object patterns, for verbs the lexicon does not curate
                # and objects that are no event nouns of their own ("abandoned the fort",
                # "exchanged ambassadors")
                if (
                    obj is not None
                    and lemma not in lex.verbs
                    and base not in lex.verbs
                    and not (lemma in lex.light_verbs or base in lex.light_verbs)
                    and self._noun_spec(obj) is None  # "began its withdrawal": the event noun's own analysis
                ):
                    fr = next(
                        (
                            lex.cameo_frames[(v, o)]
                            for v in (lemma, base)
                            for o in (obj.lemma_.lower(), obj.lower_)
                            if (v, o) in lex.cameo_frames
                        ),
                        None,
                    )
                    if fr:
                        out.append(Trigger(tok, fr, "frame", arg_verb=tok, noun=obj, words=f"{tok.text} {obj.text}"))
                        used |= {tok.i, obj.i}
                        continue
                # flips: "refused to support" -> REJECT; "declined to comment" is no event
                if comp is not None and lemma in lex.flips and comp.lemma_.lower() in lex.unsaid:
                    used |= {tok.i, comp.i}
                    continue
                if comp is not None and lemma in lex.flips and comp.lemma_.lower() not in lex.control:
                    spec = lex.flips[lemma]
                    out.append(Trigger(tok, spec, "flip", arg_verb=comp, words=f"{tok.text} {comp.text}"))
                    used |= {tok.i, comp.i}
                    continue
                if comp is not None and base in lex.commitment.get("verbs", ()):
                    out.append(self._commit_trigger(tok, comp))
                    used |= {tok.i} | {t.i for t in comp.subtree}
                    continue
                if comp is not None and (lemma in lex.control or base in lex.control):
                    skipped.append(tok)
                    continue  # the complement carries the event
                # light verbs: "held talks", "imposed sanctions", "launched an attack"
                if obj is not None and (lemma in lex.light_verbs or base in lex.light_verbs):
                    nspec = self._noun_spec(obj)
                    if nspec:
                        out.append(Trigger(obj, nspec, "light", arg_verb=tok, noun=obj, words=f"{tok.text} {obj.text}"))
                        used |= {tok.i, obj.i}
                        continue
                spec = (
                    lex.verbs.get(lemma) or lex.verbs.get(base) or lex.fallback_verbs.get(lemma) or lex.fallback_verbs.get(base)
                )
                if spec is not None and any(
                    c.dep_ in ("advmod", "prt") and c.lower_ in lex.continuation_words and f"{base} {c.lower_}" not in lex.verbs
                    for c in tok.children
                ):
                    continue  # "pressed ahead with the purchase", "pushed on": carrying on, not the verb's act
                if (
                    spec is not None
                    and spec.type == "ACCUSE"
                    and base in REPORTING
                    and any(
                        c.dep_ == "ccomp"
                        and any(x.dep_ in ("nsubj", "nsubjpass") and x.lower_ in PERSONISH | {"we"} for x in c.children)
                        for c in tok.children
                    )
                ):
                    continue  # "the Houthis claimed that they had attacked the airport": their own act, claimed
                if spec is None:
                    spec = lex.repeated(tok.lower_)  # "rearrested", "re-imposed": the act again
                    if spec is not None:
                        base = lex.repeated_lemma(tok.lower_) or base
                if spec:
                    if (spec.needs_object and obj is None) or (
                        spec.no_object and any(c.dep_ in ("dobj", "obj") for c in tok.children)
                    ):
                        continue
                    if spec.type == "ASSAULT":
                        # "hit Mexico with a 25% levy", "punished Ankara with sanctions": the instrument
                        # says the act is economic, not violent
                        means = next(
                            (
                                p
                                for c in tok.children
                                if c.dep_ == "prep" and c.lower_ == "with"
                                for p in c.children
                                if p.dep_ == "pobj"
                            ),
                            None,
                        )
                        mspec = self._noun_spec(means) if means is not None else None
                        if means is not None and mspec is not None and mspec.type in ("SANCTION", "COERCE"):
                            spec = replace(mspec, preps=spec.preps)
                            used.add(means.i)
                    out.append(Trigger(tok, spec, "verb", arg_verb=tok, words=tok.text))
                    used.add(tok.i)
                    if comp is not None and spec.type in ("REQUEST", "THREATEN", "ACCUSE", "REJECT"):
                        # "urged Israel to halt construction": what is asked for has not happened
                        used |= {t.i for t in comp.subtree}
                    if spec.type in ("REQUEST", "THREATEN"):
                        # "called for the Council to lift sanctions": the for-to clause is the content too
                        for c in tok.children:
                            if c.dep_ == "advcl" and _infinitive(c):
                                used |= {t.i for t in c.subtree}
            elif (
                tok.pos_ == "ADJ"
                and tok.lower_ in lex.evaluative_adjectives
                and tok.dep_ in ("acomp", "amod", "ROOT", "advcl")
                and any(c.dep_ == "prep" and c.lower_ in lex.evaluative_adjectives[tok.lower_].preps for c in tok.children)
            ):
                # "Republicans are angry with Ankara", "highly critical of the British government"
                head = tok.head if tok.dep_ == "acomp" else tok
                out.append(Trigger(tok, lex.evaluative_adjectives[tok.lower_], "verb", arg_verb=head, noun=tok, words=tok.text))
                used.add(tok.i)
            elif tok.pos_ == "ADJ" and tok.lower_ in lex.commitment.get("adjectives", ()):
                comp = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
                if comp is not None:
                    out.append(self._commit_trigger(tok, comp))
                    used |= {tok.i} | {t.i for t in comp.subtree}
            elif tok.pos_ in ("NOUN", "PROPN") and tok.i not in used:
                fl = lex.flip_nouns.get(tok.lower_)
                comp = next((c for c in tok.children if c.dep_ in ("acl", "xcomp") and c.pos_ == "VERB"), None)
                if fl and comp is not None:
                    out.append(Trigger(tok, fl, "flipnoun", arg_verb=comp, noun=tok, words=f"{tok.text} {comp.text}"))
                    used |= {tok.i, comp.i}
                    continue
                spec = self._noun_spec(tok)
                if not spec:
                    continue
                if spec.needs_light and not (
                    any(
                        c.dep_ == "prep" and c.lower_ in ("against", "on") and any(p.pos_ == "PROPN" for p in c.subtree)
                        for c in tok.children
                    )
                    and any(
                        c.dep_ == "poss" or c.lemma_.lower() in lex.agent_modifiers or c.lower_ in lex.agent_modifiers
                        for c in tok.children
                    )
                ):
                    continue  # ("Russia's war against Ukraine", "the U.S.-led war on IS": doer and target named)
                if tok.dep_ in ("compound",):
                    continue
                out.append(Trigger(tok, spec, "noun", noun=tok, words=tok.text))
                used.add(tok.i)
        # a control verb whose complement coded nothing is the event itself ("agreed to undertake exercises")
        for v in skipped:
            inside = {t.i for t in v.subtree}
            if not any(t.tok.i in inside and t.tok.i != v.i for t in out):
                spec = lex.verbs.get(v.lemma_.lower())
                if spec:
                    out.append(Trigger(v, spec, "verb", arg_verb=v, words=v.text))
        # "threats of sanctions", "calls for the release": what is threatened or asked for has
        # not happened; it is the content of the speech act, not an event of its own
        speech = {t.tok.i for t in out if t.kind == "noun" and t.spec.type in CONTENT_TYPES}
        out = [
            t
            for t in out
            if not (
                t.kind == "noun" and t.tok.dep_ == "pobj" and t.tok.head.lower_ in ("of", "for") and t.tok.head.head.i in speech
            )
        ]
        # "rejected an Indian proposal", "conceded to demands from UNITA": the proposal or demand is
        # what the main act answers, not a request coded again
        acts = {t.tok.i for t in out if t.kind != "noun"}

        def answered(t) -> bool:
            gov = t.tok.head.head if t.tok.dep_ == "pobj" else t.tok.head
            return t.tok.dep_ in ("dobj", "obj", "pobj", "nsubjpass") and gov.i in acts

        out = [t for t in out if not (t.kind == "noun" and t.spec.type in CONTENT_TYPES and answered(t))]
        # "demanded that Kigali free the prisoners", "threatened that it would strike": the clause
        # a demand or threat governs is what is asked or threatened, not an act that happened
        asks = {t.tok.i for t in out if t.kind == "verb" and t.spec.type in ("REQUEST", "THREATEN")}

        def asked(t) -> bool:
            v = t.tok
            while v.dep_ in ("xcomp", "conj", "dobj") and v.head.i != v.i:
                v = v.head
            return v.dep_ == "ccomp" and v.head.i in asks

        out = [t for t in out if not asked(t)]
        # "demanded the withdrawal of foreign troops", "rejected a proposal for talks": an act named
        # in the object of a demand, threat or refusal is asked for, threatened or refused
        answers = {t.tok.i for t in out if t.kind in ("verb", "flip") and t.spec.type in ("REQUEST", "THREATEN", "REJECT")}

        def named_in_object(t) -> bool:
            if t.kind != "noun":
                return False
            node = t.tok
            while node.head.i != node.i and node.head.pos_ not in ("VERB", "AUX"):
                node = node.head
            gov = node.head
            into = node.dep_ in ("dobj", "obj") or (node.dep_ == "prep" and node.lower_ in ("for", "to"))
            return into and gov.i in answers and gov.i != t.tok.i

        out = [t for t in out if not named_in_object(t)]
        # "staged demonstrations to demand reforms", "began a hunger strike to protest": the aim of a
        # protest is what it protests for, not a second act
        protests = [t for t in out if t.spec.type == "PROTEST"]

        def aim_of_protest(t) -> bool:
            v = t.tok
            return (
                t.kind == "verb"
                and t.spec.type in ("REQUEST", "PROTEST")
                and v.dep_ in ("advcl", "xcomp")
                and _infinitive(v)
                and any(p is not t and (v.head.i == p.tok.i or v.head.i == p.tok.head.i) for p in protests)
            )

        out = [t for t in out if not aim_of_protest(t)]
        # "retaliate with tariffs", "attacked the town with rockets": the instrument of an act
        # already coded is part of it, not a second event
        out = [
            t
            for t in out
            if not (t.kind == "noun" and t.tok.dep_ == "pobj" and t.tok.head.lower_ == "with" and t.tok.head.head.i in acts)
        ]
        # "North Korea's demand to sever the alliance": the severing is only demanded
        out = [t for t in out if not (t.tok.dep_ == "acl" and t.tok.head.lower_ in lex.content_nouns and _infinitive(t.tok))]
        return sorted(out, key=lambda t: t.tok.i)

    def _judgement(self, verb) -> tuple[EventSpec, str] | None:
        """The criticism or praise in a characterisation: the "as" phrase or the object predicate
        ("as a conspiracy theory", "baseless", "a gesture of friendship")."""
        cands = []
        for c in verb.children:
            if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and c.pos_ in ("ADJ", "NOUN", "PROPN"):
                cands.append(c)
            if c.dep_ == "prep" and c.lower_ == "as":
                cands += [p for p in c.children if p.dep_ in ("pobj", "amod", "acomp", "pcomp", "oprd")]
            if c.dep_ in ("dobj", "obj"):  # "called Chinese subsidies 'unbearable'" parsed as a phrase
                cands += [x for x in c.children if x.dep_ in ("amod", "appos", "oprd") and x.i > c.i]
                # "described the plan as a disaster" with "as" attached to the object
                cands += [
                    p
                    for x in c.children
                    if x.dep_ == "prep" and x.lower_ == "as"
                    for p in x.children
                    if p.dep_ in ("pobj", "amod", "acomp", "pcomp", "oprd")
                ]
        for c in cands:
            words = [c] + [x for x in c.children if x.dep_ in ("amod", "compound", "prep", "pobj")]
            words += [x for w in words if w.dep_ == "prep" for x in w.children if x.dep_ == "pobj"]
            for w in words:
                pol = self._polarity(w)
                if pol:
                    spec = self.lex.verbs.get("criticize" if pol == "negative" else "praise")
                    if spec is not None:
                        return spec, w.text
        return None

    def _polarity(self, tok) -> str | None:
        """ "negative" or "positive" for a judgement word ("baseless", "a gesture"), else None."""
        return self.lex.evaluations.get(tok.lower_) or self.lex.evaluations.get(tok.lemma_.lower())

    def _judged_clause(self, verb) -> tuple[EventSpec, str] | None:
        """The criticism in a clause the verb reports: "that X is dangerous, illegal and a threat"."""
        for c in verb.children:
            if c.dep_ != "ccomp":
                continue
            preds = [c] + [x for x in c.children if x.dep_ in ("acomp", "attr")]
            preds += [y for x in preds for y in x.children if y.dep_ == "conj"]
            for w in preds:
                if self._polarity(w) == "negative":
                    spec = self.lex.verbs.get("criticize")
                    if spec is not None:
                        return spec, w.text
        return None

    def _commit_trigger(self, tok, comp) -> Trigger:
        """ "agreed to resume aid", "ready to send troops": AGREE (or THREATEN) with the act's roles."""
        lex = self.lex
        lemma = self._phrasal(comp)
        obj = self._obj(comp)
        inner = None
        if obj is not None:
            inner = lex.frame(lemma, obj.lemma_.lower()) or lex.frame(lemma, obj.lower_)
            if inner is None and (lemma in lex.light_verbs or comp.lemma_.lower() in lex.light_verbs):
                inner = self._noun_spec(obj)
        inner = inner or lex.verbs.get(lemma) or lex.verbs.get(comp.lemma_.lower())
        spec = lex.committed(inner) if inner else None
        if spec is None:
            base = lex.verbs.get("agree")
            spec = replace(base, reciprocal=False, preps=("with", "to", "on")) if base else None
        assert spec is not None  # the bundled patterns.yaml always defines "agree"
        return Trigger(tok, spec, "commit", arg_verb=comp, noun=obj, words=f"{tok.text} {comp.text}")

    def _deontic(self, verb) -> str | None:
        if verb.lemma_.lower() in ("need", "have") and any(
            c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children
        ):
            return f"{verb.lemma_.lower()} to"  # "they need to destroy it", "Ankara has to choose"
        for c in verb.children:
            if c.dep_ == "aux" and c.lower_ in self.lex.demand_modals:
                return c.text
            if c.dep_ == "aux" and c.lower_ == "to" and verb.head.lemma_ in ("have", "ought"):
                return "has to"
        return None

    def _noun_spec(self, tok) -> EventSpec | None:
        low = tok.lower_
        lemma = tok.lemma_.lower()
        spec = self.lex.nouns.get(low) or self.lex.nouns.get(lemma)
        # compound nouns: "air strike"
        comp = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i == tok.i - 1]
        if comp:
            two = f"{comp[-1].lower_} {low}"
            spec = self.lex.nouns.get(two) or spec
            if spec is None and (low in self.lex.frame_heads or lemma in self.lex.frame_heads):
                # "a mediation mission", "a rescue operation": the act the modifier names
                mod = comp[-1]
                spec = self.lex.nouns.get(mod.lower_) or self.lex.nouns.get(mod.lemma_.lower())
        # the noun's sense by its prepositions: "went on strike", "a strike for better pay" (labour
        # action), not "a strike on a depot"
        if tok.dep_ == "pobj" and f"{tok.head.lower_} {low}" in self.lex.nouns:
            spec = self.lex.nouns[f"{tok.head.lower_} {low}"]
        for c in tok.children:
            if c.dep_ == "prep" and f"{low} {c.lower_}" in self.lex.nouns:
                spec = self.lex.nouns[f"{low} {c.lower_}"]
        # "state of emergency", "state of siege": the noun with its "of" phrase
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and f"{low} of {pobj.lower_}" in self.lex.nouns:
                    spec = self.lex.nouns[f"{low} of {pobj.lower_}"]
        if spec:
            adjs = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "conj")}
            for c in tok.children:
                if c.dep_ == "amod":
                    adjs |= {cc.lower_ for cc in c.children if cc.dep_ == "conj"}
            shifted = self.lex.shift(lemma, adjs) or self.lex.shift(low, adjs)
            if shifted:
                spec = replace(shifted, preps=spec.preps or shifted.preps)
        return spec

    # -- roles ----------------------------------------------------------------------------
    def _climb(self, verb):
        """Through control/xcomp chains to the verb that has the subject; collects modality."""
        chain = [verb]
        v = verb
        while (
            v.dep_ in ("xcomp", "acomp")
            or (
                # "Eritrea let free 30 journalists": a bare infinitive after a causative has no
                # subject of its own when nothing stands between (the parser calls it ccomp)
                v.dep_ == "ccomp"
                and v.tag_ == "VB"
                and v.head.lemma_.lower() in ("let", "make", "help")
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)
            )
        ) and v.head.i != v.i:
            v = v.head
            chain.append(v)
        return chain

    def _subject(self, verb, chain):
        for v in chain:
            # object control: "prompting it to cut", "urged Iran to stop"
            if v.i != verb.i:  # (tokens compare by index: spaCy makes a new object per access)
                objs = [c for c in v.children if c.dep_ in ("dobj", "obj")]
                # "used tear gas to disperse them": the object of a verb of means is the instrument
                if objs and v.lemma_.lower() not in ("seek",) and v.lemma_.lower() not in self.lex.means_verbs:
                    return objs[0], False
            # "The UK and France however have opposed": the parser may hang the subject on the auxiliary
            for c in list(v.children) + [x for a in v.children if a.dep_ in ("aux", "auxpass") for x in a.children]:
                if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and v.i != verb.i):
                    return c, False
                if c.dep_ == "agent":
                    pobj = next((x for x in c.children if x.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj, False
        top = chain[-1]
        if top.dep_ == "conj":
            head = top.head
            for c in head.children:
                if c.dep_ in ("nsubj",):
                    return c, False
        if top.dep_ in ("relcl",):
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in top.children):
                # "Traore, who was arrested ...": the noun a passive relative clause hangs on
                # undergoes the act; with no "by" phrase, its doer is unnamed
                return None, False
            issued = self._issuer(top.head)
            return (issued if issued is not None else top.head), False
        if top.dep_ in ("acl",) and top.tag_ == "VBG":
            h = top.head
            obj = h
            while obj.dep_ == "pobj" and obj.head.lower_ == "of" and obj.head.head.pos_ == "NOUN":
                obj = obj.head.head  # "a series of warnings"
            if (
                h.pos_ == "NOUN"
                and self._noun_spec(h) is not None
                and obj.dep_ in ("dobj", "obj")
                and not any(c.dep_ == "poss" for c in h.children)
                and obj.head.pos_ in ("VERB", "AUX")
            ):
                # "Pyongyang issued warnings demanding that ...": the warnings' issuer demands
                return self._subject(obj.head, self._climb(obj.head))
            issued = self._issuer(h)
            return (issued if issued is not None else h), False

        def verb_spec(v) -> EventSpec | None:
            return self.lex.verbs.get(self._phrasal(v)) or self.lex.verbs.get(v.lemma_.lower())

        def content(v) -> bool:
            spec = verb_spec(v)
            return (spec is not None and spec.type in CONTENT_TYPES) or v.lemma_.lower() in self.lex.flips

        def protest(v) -> bool:
            nouns = [self._noun_spec(o) for o in v.children if o.dep_ in ("dobj", "obj")]  # "staged rallies"
            return any(x is not None and x.type == "PROTEST" for x in [verb_spec(v), *nouns])

        if top.dep_ == "advcl" and _infinitive(top) and top.head.pos_ in ("VERB", "AUX"):
            # "a proposal for the Council to lift sanctions": a for-to clause says what someone
            # wants done, not what was done; its subject is the for-phrase, not the main subject
            to = next(c for c in top.children if c.dep_ == "aux" and c.lower_ == "to")
            if any(
                p.dep_ == "pobj" and p.right_edge.i == to.i - 1
                for c in top.head.children
                if c.dep_ == "prep" and c.lower_ == "for"
                for p in c.children
            ):
                return None, False
            # "the government sent soldiers into Somalia to combat the group": the purpose's doer
            # is the subject of the clause it serves (not after a refusal or a demand: content)
            if not content(top.head):
                return self._subject(top.head, self._climb(top.head))
        if (
            top.dep_ == "advcl"
            and top.tag_ in ("VBG", "VBD")
            and not any(c.dep_ == "mark" for c in top.children)
            and top.head.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubjpass", "auxpass") for c in top.head.children)
            and not protest(top.head)
        ):
            # "Norway topped the donors, giving $40 million": a participial adjunct
            # has no subject of its own; its doer is the subject of the clause it hangs on (an
            # active one: "five were killed, prompting ..." says nothing of who prompted).  What
            # protesters chant while they march ("rallied, demanding ...") is the protest's cause,
            # part of the protest event rather than a request of its own
            return self._subject(top.head, self._climb(top.head))
        if (
            top.dep_ == "acl"
            and top.head.pos_ in ("NOUN", "PROPN")
            and (top.tag_ in ("VBD", "VBZ", "VBP") or (top.head.dep_ == "ROOT" and any(c.dep_ == "dobj" for c in top.children)))
        ):
            # "The Nigerian air force carried out strikes": a finite verb (or a participle with an
            # object) that the parser hung on a noun as a modifier is that noun's predicate
            return top.head, False
        culprit = self._culprit(top)
        if culprit is not None:
            return culprit, False
        if (
            top.dep_ == "pcomp"
            and top.tag_ == "VBG"
            and top.head.dep_ == "prep"
            and top.head.head.pos_ in ("VERB", "AUX")
            and top.head.lower_ != "from"
            and not (top.head.lower_ == "for" and top.head.head.lemma_.lower() in self.lex.implied_agents)
        ):
            # "France responded by destroying ...", "Paris was accused of aiding rebels": the
            # gerund's doer is the subject of the verb it completes (passive subjects included),
            # or its object where it has one ("accused Paris of aiding"); "arrested for
            # collaborating" gives the reason for an arrest and "barred girls from attending"
            # a prevented act: no event
            gov = top.head.head
            obj = next((c for c in gov.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                return obj, False
            subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj, False
            return self._subject(gov, self._climb(gov))
        if top.dep_ == "acl" and _infinitive(top):
            # "Turkey's efforts to improve ties", "Kenya's intention to close the camps": the
            # possessor of the noun the infinitive completes does the act
            poss = next((c for c in top.head.children if c.dep_ == "poss"), None)
            if poss is not None:
                return poss, False
        return None, False

    def _culprit(self, tok):
        """ "Kony is responsible for mass killings", "the army was guilty of violating the truce": the
        subject of the culpability adjective that governs the act is its doer."""
        if tok.dep_ not in ("pobj", "pcomp") or tok.head.dep_ != "prep":
            return None
        adj = tok.head.head
        if adj.lemma_.lower() not in self.lex.culpability_adjectives or adj.pos_ != "ADJ":
            return None
        if tok.dep_ == "pcomp" and adj.lemma_.lower() not in ("guilty", "culpable"):
            return None  # "responsible for scrutinizing the policies": a duty, not a deed
        clause = adj.head if adj.dep_ in ("acomp", "oprd", "amod") else adj
        return (
            next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")), None) if adj.dep_ != "amod" else clause
        )

    def _issuer(self, noun):
        """ "Amnesty issued a statement calling for ...": who issued the document that says it (its
        possessor, or the subject of the verb that has it as object)."""
        if noun.lemma_.lower() not in self.lex.document_nouns and noun.lower_ not in self.lex.document_nouns:
            return None
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
        if noun.dep_ in ("dobj", "obj") and noun.head.pos_ in ("VERB", "AUX"):
            s, _ = self._subject(noun.head, self._climb(noun.head))
            return s
        return None

    def _user_of(self, subj):
        """ "The missiles fired by the Israeli military struck ...": an instrument's user, named by
        the agent of the participle that modifies it, is the doer (the instrument otherwise)."""
        if subj is None or subj.lemma_.lower() not in self.lex.instruments:
            return subj
        # (the parser may make the participle the clause's verb: "Rockets fired by X struck ...")
        parts = list(subj.children)
        if subj.dep_ == "nsubj" and subj.head.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in subj.head.children):
            parts.append(subj.head)
        for c in parts:
            if (c.dep_ in ("acl", "relcl") or c.i == subj.head.i) and c.tag_ == "VBN":
                for a in c.children:
                    if a.dep_ == "agent":
                        pobj = next((p for p in a.children if p.dep_ == "pobj"), None)
                        if pobj is not None:
                            return pobj
        return subj

    def _mentions_at(self, tok, by_tok: dict[int, Mention], deep: bool = True) -> list[Mention]:
        """The mentions an argument token stands for: its own, its conjuncts, or inside its phrase."""
        if tok is None or (tok.i not in by_tok and (tok.lemma_.lower() in TIME_NOUNS or tok.ent_type_ in ("DATE", "TIME"))):
            return []  # "for the first time last month in Doha": a time, whatever place it mentions
        out: list[Mention] = []

        def add(m):
            if m not in out:
                out.append(m)

        if tok.i in by_tok:
            add(by_tok[tok.i])
        else:
            # the phrase: "representatives from Iran", "the regime of President Assad"
            if deep:
                # "his Ethiopian counterpart": the counterpart, not "his"
                # (not an actor the phrase is aimed at: "the threat of measures against Ankara")
                aimed = (
                    {x.i for p in self._phrase_tokens(tok) if p.dep_ == "prep" and p.lower_ in AIMED_PREPS for x in p.subtree}
                    if tok.dep_ in ("nsubj", "nsubjpass", "pobj")
                    else set()
                )
                inside = [t for t in self._phrase_tokens(tok) if t.i in by_tok and t.i not in aimed]
                named = [t for t in inside if by_tok[t.i].kind != "pronoun"]
                for t in (named or inside)[:1]:
                    for m in self._mentions_at(t, by_tok, deep=False):
                        add(m)
        for c in tok.children:
            if c.dep_ == "conj":
                for m in self._mentions_at(c, by_tok, deep):
                    add(m)
        return out

    def _phrase_tokens(self, tok):
        """Tokens of the noun phrase headed by ``tok``, nearest first, not entering clauses."""
        out = []
        stack = [tok]
        while stack:
            t = stack.pop(0)
            out.append(t)
            for c in t.children:
                if c.dep_ in ARG_STOP or c.dep_ == "conj" or c.dep_ == "cc":
                    continue
                stack.append(c)
        return out[1:]

    @staticmethod
    def _lost_clause(verb, by_tok) -> bool:
        """A finite verb with no subject where the parser made a noun phrase of its clause: a root
        or modifier verb ("Macron hosted Scholz" as "Macron-hosted Scholz"; "authorities have since
        banned civilians" with "banned" a modifier of "civilians")."""
        if verb.dep_ not in ("ROOT", "amod", "compound", "nmod"):
            return False
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "agent") for c in verb.children):
            return False
        if verb.tag_ in ("VBD", "VBZ", "VBP"):
            return True
        if verb.tag_ != "VBN" or verb.head.i < verb.i or verb.doc[verb.i - 1].text == "-":
            return False
        if verb.head.pos_ == "PROPN":
            return True
        prev = verb.doc[verb.i - 1]
        while prev.i > 0 and prev.pos_ in ("ADV", "AUX", "PART"):
            prev = verb.doc[prev.i - 1]
        return verb.head.i in by_tok and prev.i in by_tok and by_tok[prev.i] is not by_tok[verb.head.i]
        # (an actor right before the verb, other than the one it modifies: its verb, not a modifier)

    @staticmethod
    def _linear_roles(verb, by_tok, right: bool = True) -> list:
        """[left actor token, right actor token] (either may be missing) within the verb's stretch
        of the sentence: no other verb and no clause punctuation in between."""
        doc = verb.doc

        def scan(rng):
            for i in rng:
                t = doc[i]
                if t.pos_ == "VERB" or t.text in (";", ":", ".", '"', "\u201c", "\u201d") or t.lower_ in ("that", "which", "who"):
                    return None
                if i in by_tok and any(a.code for a in by_tok[i].actors) and not by_tok[i].location:
                    return t
            return None

        left = scan(range(verb.i - 1, -1, -1))
        after = scan(range(verb.i + 1, len(doc))) if right else None
        return ([left] if left is not None else []) + ([after] if after is not None else [])

    def _received(self, noun, verb, source, target, by_tok, offset):
        """ "Ukraine received aid from the US", "the deal has the backing of India": the giver does
        the act and the receiver (the verb's subject) is its target."""
        givers = [
            p
            for h in (noun, verb)
            for c in h.children
            if c.dep_ == "prep" and (c.lower_ == "from" or (c.lower_ == "of" and h is noun))
            for p in c.children
            if p.dep_ == "pobj"
        ]
        givers += [c for c in noun.children if c.dep_ == "poss"] + self._modifier_agents(noun, by_tok)
        given = self._role_actors(givers, by_tok, offset, allow_unknown=False)
        if given:
            return given, [a for a in source if a not in given]
        if verb.lemma_.lower() == "have":
            return source, target
        return [], source

    def _indirect_question(self, chain) -> bool:
        """The act is what a question asks about: "asked whether he might back off his threats",
        "wondered if Moscow would retaliate" (a clause opened by "whether", or by "if" under a verb
        of asking), no event."""
        for v in chain:
            if v is None:
                continue
            for c in v.children:
                if c.dep_ == "mark" and (
                    c.lower_ == "whether" or (c.lower_ == "if" and v.head.lemma_.lower() in self.lex.question_verbs)
                ):
                    return True
        return False

    def _asks_a_question(self, verb) -> bool:
        """ "asked whether/if/how ...": the clause a verb of asking governs is a question."""
        if verb.lemma_.lower() not in self.lex.question_verbs:
            return False
        for c in verb.children:
            if c.dep_ in ("ccomp", "advcl", "xcomp", "dobj") and c.pos_ in ("VERB", "AUX"):
                first = c.doc[c.left_edge.i]
                marks = [x.lower_ for x in c.children if x.dep_ in ("mark", "advmod", "nsubj", "dobj", "attr")]
                if first.lower_ in self.lex.question_words or any(m in self.lex.question_words for m in marks):
                    return True
        return False

    @staticmethod
    def _place_like(obj, by_tok) -> bool:
        """A name, an actor or a place noun ("Badme", "the town", "parts of northern Syria")."""
        if obj is None:
            return False
        toks = [obj] + [c for c in obj.children if c.dep_ in ("compound", "amod")]
        toks += [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        return any(
            t.i in by_tok or t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "LOC", "FAC") or t.lemma_.lower() in PLACE_NOUNS
            for t in toks
        )

    def _done_alone(self, trig: Trigger, source: list[Actor], target: list[Actor]) -> bool:
        """A joint act with one party: one doer, one country among its actors, nothing calling it joint."""
        codes = {a.code for a in source + target if a.code}
        joint = trig.noun is not None and any(c.lower_ in self.lex.joint_words for c in trig.noun.children)
        return len(source) <= 1 and len(codes) <= 1 and not joint

    @staticmethod
    def _prep_objects(heads: list, preps: tuple[str, ...]) -> list:
        """The objects of the given prepositions under any of ``heads``: "drills near Taiwan"."""
        return [
            p
            for h in heads
            if h is not None
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children
            if p.dep_ == "pobj"
        ]

    def _modifier_agents(self, noun, by_tok) -> list:
        """The doer of an event noun named by its modifier: "a Turkish offensive", "Washington
        sanctions", "Chinese funding", "the Washington-led war"; a place ("the Bouake attack") or a
        modifier that belongs to another word is not."""
        out = []
        for c in noun.children:
            if c.dep_ not in ("amod", "compound", "nmod", "npadvmod") or c.i > noun.i:
                continue
            if c.lemma_.lower() in self.lex.agent_modifiers or c.lower_ in self.lex.agent_modifiers:
                inner = [x for x in c.children if x.i in by_tok]  # "Washington-led"
                if inner:
                    out.append(inner[0])
                continue
            m = by_tok.get(c.i)
            if (
                m is not None
                and m.kind in ("adjective", "country", "capital", "org", "person")
                and not m.location
                and any(a.code for a in m.actors)
            ):
                out.append(c)
        return out[:1]

    def _np_actor(self, tok, offset: int) -> Actor | None:
        """An argument with no known actor: kept as an unknown actor with its text."""
        if (
            tok is None
            or tok.pos_ not in ("NOUN", "PROPN")
            or tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT")
            or tok.lemma_.lower() in TIME_NOUNS
        ):
            return None
        span = self._phrase_span(tok)
        # "imposed the ban", "fired tear gas", "shelled the positions": a common noun that names no
        # one is a thing, not an actor; it holds a role while roles are worked out, and a target
        # that is only a thing is left out of the record (``_actors_only``)
        thing = tok.pos_ == "NOUN" and tok.ent_type_ not in NAMED_ENTS and not any(c.pos_ == "PROPN" for c in tok.lefts)
        return Actor(
            text=span.text,
            start=offset + span.start_char,
            end=offset + span.end_char,
            known=False,
            how="thing" if thing else "argument",
        )

    def _targets(self, trig: Trigger, verb, by_tok, offset):
        """Objects, then the trigger's prepositional frame."""
        cands = []
        if trig.kind in ("verb", "flip") and verb is not None:
            for c in verb.children:
                if c.dep_ in ("dobj", "obj", "dative", "iobj"):
                    cands.append(c)
                if c.dep_ == "nsubjpass":
                    cands.append(c)
            if not cands:
                # "attacking and fighting Kenyan troops": conjoined verbs share the object
                cands = [
                    o
                    for c in verb.children
                    if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i
                    for o in c.children
                    if o.dep_ in ("dobj", "obj")
                ][:1]
        preps = trig.spec.preps or TARGET_PREPS_DEFAULT
        heads = [h for h in (trig.noun, verb if trig.kind != "noun" else None) if h is not None]
        if trig.kind == "frame" and trig.noun is not None:
            heads = [trig.noun, verb]
        if trig.spec.type in ("REQUEST", "THREATEN"):
            # "called for the Taliban to lift the ban", "a proposal made for the Council to lift
            # sanctions": the subject of the for-to clause is the one asked
            for h in heads + [c for n in heads if n.pos_ == "NOUN" for c in n.children if c.dep_ == "acl" and c.tag_ == "VBN"]:
                for c in h.children:
                    if c.dep_ == "advcl" and _infinitive(c) and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children):
                        cands += [x for x in c.children if x.dep_ == "nsubj"]
                    if c.dep_ == "prep" and c.lower_ == "for":
                        cands += [
                            p
                            for p in c.children
                            if p.dep_ == "pobj" and any(a.dep_ == "advcl" and _infinitive(a) and a.i > p.i for a in h.children)
                        ]
        for h in heads:
            for c in h.children:
                if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            cands.append(p)
        # "the object of the frame owns the target": "recalled its ambassador from Tehran"
        return cands

    def _phrase_span(self, tok):
        """The argument phrase headed by ``tok`` (its subtree without conjuncts): what the event is about."""
        keep = [tok]
        stack = [tok]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ in ("conj", "cc") or (c.dep_ == "punct" and c.i > tok.i and c.text in ",;"):
                    continue
                if c.dep_ in ("relcl", "acl", "appos", "advcl") and c.i > tok.i:
                    continue
                keep.append(c)
                stack.append(c)
        lo = min(t.i for t in keep)
        hi = max(t.i for t in keep)
        while hi > lo and tok.doc[hi].is_punct:
            hi -= 1
        return tok.doc[lo : hi + 1]

    def _as_argument(self, act: Actor, tok, offset) -> Actor:
        """The actor as the event sees it: offsets of the whole argument phrase ("six Philippine Army
        soldiers"), the resolved identity of the mention inside it."""
        if tok.dep_ == "ROOT" or act.start is None:
            return act  # a misparsed clause: its "phrase" would be the whole sentence
        span = self._phrase_span(tok)
        s, e = offset + span.start_char, offset + span.end_char
        if s <= act.start and act.end <= e and (s, e) != (act.start, act.end):
            return replace(act, start=s, end=e, text=span.text)
        return act

    def _role_actors(self, toks, by_tok, offset, allow_unknown=True) -> list[Actor]:
        """The actors an argument stands for: its own mention (widened to the argument phrase), its
        conjuncts, a coded mention inside it ("the regime of President Assad"), else the phrase itself
        as an unknown actor."""
        toks = [_appositive(_antecedent(t), by_tok) for t in toks]
        for t in toks:
            ms = self._mentions_at(t, by_tok)
            if not ms:
                continue
            if not any(a.code for m in ms for a in m.actors):
                # not inside a relative clause: "the government, which believed the vessels were the
                # Chinese military's, demanded ..." is not China
                rel = relative_clause_tokens(t)
                inner = [by_tok[x.i] for x in self._phrase_tokens(t) if x.i in by_tok and by_tok[x.i].actor.code] or [
                    by_tok[x.i] for x in t.subtree if x.i in by_tok and by_tok[x.i].actor.code and x.i != t.i and x.i not in rel
                ]
                if inner:
                    ms = self._mentions_at(t.doc[inner[0].start], by_tok, deep=False)
            # "Cameroon and C.A.R. officials": the conjoined place shares the head's agent
            ms = ms + [
                by_tok[x.i]
                for x in self._phrase_tokens(t)
                if x.i in by_tok and by_tok[x.i] not in ms and by_tok[x.i].actor.how.endswith("shared-agent")
            ]
            acts: list[Actor] = []
            for m in ms:
                for a in m.actors:
                    if a not in acts:
                        acts.append(a)
            if len(acts) == 1:
                return [self._as_argument(acts[0], t, offset)]
            return acts
        if allow_unknown:
            for t in toks:
                unknown = self._np_actor(t, offset)
                if unknown:
                    self._apposition_code(unknown, t, by_tok)
                    return [unknown]
        return []

    @staticmethod
    def _apposition_code(actor: Actor, tok, by_tok) -> None:
        """A name the tagger could not resolve, renamed by an apposition that names its body or
        country, belongs there: "Kenzo Oshima, the United Nations Emergency Relief Coordinator"."""
        if tok.pos_ != "PROPN":
            return
        for c in tok.children:
            if c.dep_ != "appos":
                continue
            inner = [by_tok[x.i] for x in c.subtree if x.i in by_tok and by_tok[x.i].actor.code and not by_tok[x.i].location]
            m = next((x for x in inner if x.kind in ("org", "country", "adjective", "capital", "agent")), None)
            if m is not None:
                actor.code = m.actor.code
                actor.sector = m.actor.sector or ("GOV" if m.kind in ("country", "adjective", "capital") else None)
                actor.how = "argument+apposition"
                return

    # -- modality, attribution, date ----------------------------------------------------------
    def _modality(self, trig: Trigger, chain, doc, ctx: CoderContext) -> tuple[list[str], str | None]:
        mods: list[str] = ["intended"] if trig.kind == "commit" else []
        attributed = None
        toks = list(chain)
        if trig.noun is not None and trig.kind == "noun":
            toks = [trig.noun] + [a for a in trig.noun.ancestors][:3]
        for v in toks:
            low = v.lemma_.lower()
            if low in self.lex.control and v is not chain[0]:
                m = self.lex.control[low]
                if m not in mods:
                    mods.append(m)
            if (
                v.lower_ in INTENT_ADJ
                and v.pos_ in ("ADJ", "VERB")
                and v is not chain[0]
                and not (v.lower_ in ("going", "about") and not any(c.dep_ == "xcomp" for c in v.children))
            ):
                # ("going to sign" is a plan; "talks have been going on" are under way)
                if "intended" not in mods:
                    mods.append("intended")
            if v.dep_ == "acl" and v.head.lower_ in self.lex.intent_nouns and "intended" not in mods:
                mods.append("intended")  # "efforts to improve ties", "an attempt to overthrow"
            for c in v.children:
                cl = c.lower_
                if (
                    (c.dep_ == "neg" or (cl in NEG and c.dep_ in ("neg", "advmod", "det")))
                    and not (c.i + 1 < len(doc) and doc[c.i + 1].lower_ in ("only", "just", "merely"))
                    or (cl in ("longer", "more") and any(x.lower_ == "no" for x in c.children))
                ):  # "no longer"
                    if "negated" not in mods:
                        mods.append("negated")
                if c.dep_ == "aux" and cl in FUTURE_AUX and "intended" not in mods:
                    mods.append("intended")
                if c.dep_ == "aux" and cl in HYPOTHETICAL_MODALS and "hypothetical" not in mods:
                    mods.append("hypothetical")
                if cl in ALLEGED_ADV and "alleged" not in mods:
                    mods.append("alleged")
                if c.dep_ == "mark" and cl in ("if", "unless", "whether") and "hypothetical" not in mods:
                    mods.append("hypothetical")
                if (
                    c.dep_ == "advcl"
                    and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
                    and any(x.dep_ == "aux" and x.lower_ in ("can", "could", "may", "might", "would") for x in v.children)
                    and "hypothetical" not in mods
                ):
                    mods.append("hypothetical")  # "sanctions can snap back if Tehran does not comply"
            if (
                v.dep_ == "pcomp"
                and v.head.dep_ == "prep"
                and v.head.lower_ in ("of", "with")
                and v.head.head.lemma_.lower() in self.lex.accusing_verbs
                and "alleged" not in mods
            ):
                mods.append("alleged")  # "was accused of aiding rebels", "charged him with terrorizing"
        # reporting clause above the event: "X said (that) ...", "it was reported that"
        top = chain[-1]
        node = top
        for _ in range(4):
            if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in PRESUPPOSING_MARKS for c in node.children):
                break  # "X said ..., although Duterte and Suga spoke by phone": a fact the speaker presupposes
            if node.dep_ in ("ccomp", "parataxis"):
                rep = node.head
                if rep.lemma_.lower() in self.lex.denial_verbs and "negated" not in mods:
                    mods.append("negated")
                if rep.lemma_.lower() in REPORTING or rep.lemma_.lower() in self.lex.denial_verbs:
                    subj = next((c for c in rep.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is not None and subj.lower_ not in ("it",):
                        attributed = doc[subj.left_edge.i : subj.right_edge.i + 1].text
                    if rep.lemma_.lower() in ("allege", "claim") and "alleged" not in mods:
                        mods.append("alleged")
                    if rep.lemma_.lower() in self.lex.factive_verbs and not any(c.dep_ == "neg" for c in rep.children):
                        attributed = None
                        break  # "confirmed that ...": presupposed, stated as fact
                    if "reported" not in mods:
                        mods.append("reported")
                    break
            if node.head.i == node.i:
                break
            node = node.head
        # "X said" after the clause: the root is the reporting verb and the event is its ccomp (handled);
        # the event verb may be the root with a parataxis "Palestinian sources said"
        root = doc[:].root
        if attributed is None:
            for c in root.children:
                # "..., officials said": a reporting verb after the event with no clause of its own
                # (not "after intelligence reports indicated that ...", a clause about something else)
                if (
                    c.lemma_.lower() in REPORTING
                    and c.i != top.i
                    and (
                        c.dep_ == "parataxis"
                        or (
                            c.dep_ == "ccomp" and c.i > top.i and not any(x.dep_ in ("ccomp", "mark", "dobj") for x in c.children)
                        )
                    )
                ):  # not "must maintain sanctions"
                    subj = next((x for x in c.children if x.dep_ in ("nsubj",)), None)
                    if subj is not None:
                        attributed = doc[subj.left_edge.i : subj.right_edge.i + 1].text
                        if "reported" not in mods:
                            mods.append("reported")
        # "according to X"
        for t in doc:
            if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                pobj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    src = doc[pobj.left_edge.i : pobj.right_edge.i + 1].text
                    if (
                        pobj.lower_ in ("report", "reports", "statement", "sources", "source")
                        and ctx.last_source
                        and not any(c.dep_ in ("compound", "amod", "poss") for c in pobj.children)
                    ):
                        src = ctx.last_source if pobj.lower_ in ("report", "reports", "statement") else src
                    attributed = attributed or src
                    if "reported" not in mods:
                        mods.append("reported")
        # "reportedly" or "allegedly" on the main clause covers the events below it, not its neighbours
        root_advs = {c.lower_ for c in doc[:].root.children if c.dep_ == "advmod"}
        if (
            root_advs & {"reportedly", "allegedly"}
            and "alleged" not in mods
            and any(t is doc[:].root for t in [chain[-1]] + list(chain[-1].ancestors))
        ):
            mods.append("alleged")
        if not mods:
            mods = ["asserted"]
        return mods, attributed

    def _date(self, trig: Trigger, chain, doc, ctx: CoderContext, intended: bool) -> tuple[str | None, float]:
        """The event's own date: a time expression in its clause, else the sentence, else inherited."""
        heads = set(t.i for t in chain) | ({trig.noun.i} if trig.noun is not None else set())
        if chain[-1].dep_ in ("relcl", "acl") and chain[-1].head.pos_ in ("NOUN", "PROPN"):
            heads.add(chain[-1].head.i)  # "the 2004 bombing that killed ten": the killing is dated 2004
        best = None
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            # attached to the event's clause?
            anc = {a.i for a in ent.root.ancestors} | {ent.root.i}
            near = bool(anc & heads)
            r = dates.resolve(ent.text, ctx.pub_date, future=intended)
            if r:
                if near:
                    return r[0], 0.9
                best = best or r
        if best:
            return best[0], 0.6
        past_perfect = any(c.lower_ == "had" and c.dep_ == "aux" for t in chain for c in t.children)
        root = doc[:].root
        background = past_perfect or any(
            c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for t in list(chain) + [root] for c in t.children
        )
        if ctx.paragraph_year and (background or trig.kind in ("noun", "flipnoun")):
            return ctx.paragraph_year, 0.5
        if past_perfect or self._before_reference(chain):
            return None, 0.3  # history with no recoverable time: undated, not dated as news
        return (ctx.pub_date.isoformat() if ctx.pub_date else None), 0.4

    @staticmethod
    def _before_reference(chain) -> bool:
        """ "... before the Syrian civil war, when the sides broke off their ties": a clause
        hanging on the object of "before"/"prior to"/"until" tells of an earlier time."""
        top = chain[-1]
        if top.dep_ not in ("relcl", "advcl", "acl"):
            return False
        head = top.head
        return (
            head.dep_ == "pobj"
            and head.head.lower_ in ("before", "until", "prior", "to")
            and (head.head.lower_ != "to" or head.head.head.lower_ == "prior")
        )

    def _pick_target(self, toks, source, by_tok, offset) -> list[Actor]:
        """The first argument that names someone other than the source: in "offered its troops to
        Lebanon's president" the troops are the thing given, the president the target."""
        same = {(a.entity, a.code, a.sector) for a in source}
        own = {(a.entity, a.code) for a in source if a.code}
        fallback: list[Actor] = []
        owned: list[Actor] = []
        for t in toks:
            acts = [a for a in self._role_actors([t], by_tok, offset) if (a.entity, a.code, a.sector) not in same or not a.code]
            if any(a.code for a in acts) and not all((a.entity, a.code) in own for a in acts if a.code):
                return acts
            if acts and any(a.code for a in acts) and not owned:
                owned = acts  # "offered its troops": the source's own, the target only if nothing else
            elif acts and not fallback:
                fallback = acts
        return owned or fallback

    def _implied_target(self, spec, source) -> list[Actor]:
        """CAMEO's convention for domestic events with no named target: a protest by citizens,
        opposition or rebels is aimed at their own state; a concession or coercion by a government
        falls on its own country."""
        if not source or not source[0].code or source[0].code in ("IGO", "NGO", "IMG"):
            return []
        a = source[0]
        if spec.type == "PROTEST" and a.sector not in ("GOV", "MIL", "COP", "JUD", "LEG"):
            return [Actor(text="", start=None, end=None, entity=None, code=a.code, sector="GOV", how="implied-state")]
        if spec.type in ("CONCEDE",) and a.sector in (None, "GOV", "JUD", "LEG"):
            return [Actor(text="", start=None, end=None, entity=None, code=a.code, sector=None, how="implied-country")]
        return []

    def _topic(self, doc, by_tok, offset) -> list[Actor]:
        root = doc[:].root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return []
        acts = self._role_actors([subj], by_tok, offset, allow_unknown=False)
        return [a for a in acts if a.code][:1]

    def _committed(self, trig: Trigger, chain) -> bool:
        """A promise, agreement, offer or "will" governs the event ("promised support": a
        commitment verb lending its object's act)."""
        c = self.lex.commitment
        if (
            trig.kind in ("light", "frame")
            and trig.arg_verb is not None
            and trig.arg_verb.lemma_.lower() in c.get("object_verbs", ())
        ):
            return True
        for v in chain:
            if v is not chain[0] and v.lemma_.lower() in c.get("verbs", ()):
                return True
            if v is not chain[0] and v.lower_ in c.get("adjectives", ()):
                return True
            if any(x.dep_ == "aux" and x.lower_ in c.get("auxiliaries", ()) for x in v.children):
                return True
        return False

    @staticmethod
    def _future_in_past(chain) -> bool:
        """ "said it would allow": "would" on a clause reported by a verb of saying is the reported
        "will" (not "could" or "might", and not a condition's "would")."""
        top = chain[-1]
        return (
            any(x.dep_ == "aux" and x.lower_ == "would" for v in chain for x in v.children)
            and top.dep_ == "ccomp"
            and top.head.lemma_.lower() in REPORTING
        )

    def _primary(self, trig: Trigger, chain) -> bool:
        """Is the event asserted by the sentence's main clause (not a participle or relative clause)?"""
        node = chain[-1]
        for _ in range(6):
            if node.dep_ == "ROOT":
                return True
            if node.dep_ == "ccomp" and node.head.lemma_.lower() not in REPORTING | self.lex.denial_verbs:
                return False
            if node.dep_ in ("conj", "xcomp", "nsubj", "nsubjpass", "dobj", "ccomp", "parataxis", "attr", "oprd"):
                node = node.head
                continue
            if (
                node.dep_ == "advcl"
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
                and any(c.dep_ == "mark" and c.lower_ in ASSERTED_MARKS for c in node.children)
            ):
                node = node.head  # "came after X held talks": a dated event of its own
                continue
            if node.dep_ == "pobj" and node.head.dep_ == "agent":
                node = node.head.head
                continue
            if (
                node is chain[-1]
                and trig.kind == "noun"
                and node.dep_ == "pobj"
                and node.head.lower_ in ("on", "as")
                and node.head.head.pos_ in ("VERB", "AUX")
            ):
                node = node.head.head  # "went on strike", "held civilians as human shields": the predicate
                continue
            if node.i == chain[-1].i and self._culprit(node) is not None:
                adj = node.head.head  # "X is responsible for the killings": asserted of X
                node = adj.head if adj.dep_ in ("acomp", "oprd") else adj
                continue
            return False
        return False

    def _stated_place(self, trig: Trigger, chain, by_tok, etype: str) -> Place | None:
        """Where the event happened, as the sentence says it: a locative phrase of the event or of
        its arguments ("in Kharkiv", "outside the embassy in Kabul", "the town of Samarra"), the
        destination of a visit or deployment ("a visit to Beijing"), where it was said.  Its roles
        play no part, so it is found once per event (``_implied_place`` is the fallback; the
        previous sentence's scene is carried by ``code_sentence``; ``geo`` resolves the place;
        docs/geo.md)."""
        heads = list(chain) + ([trig.noun] if trig.noun is not None else [])
        top = chain[-1]
        if top.dep_ in ("ccomp", "parataxis") and top.head.lemma_.lower() in REPORTING:
            heads.append(top.head)  # "said during a visit to Beijing that he would urge ...": where it was said
        if top.dep_ == "relcl" and top.head.pos_ == "NOUN":
            # "the shelling of an army post in Mali that killed six soldiers": the act the clause
            # tells more of happened where the noun it hangs on says
            heads.append(top.head)
        modified = -1  # a noun the event's verb modifies
        if top.dep_ in ("acl", "amod") and top.pos_ == "VERB" and top.head.pos_ in ("NOUN", "PROPN"):
            # "troops deployed in Mali", or a clause the parser hung on a noun ("the king received
            # the envoy at the palace" read as "received the envoy"): the noun's phrase after the verb
            modified = top.head.i
            heads.append(top.head)
        to = ("to",) if etype in ("CONSULT", "MOBILIZE", "AID") else ()
        away = ("from",) if etype == "RETREAT" else ()  # "the withdrawal of troops from the country"
        # nearest first: the event's own words, then its arguments' phrases ("a bomb near X killed",
        # "attacked positions in Idlib province"), never inside another clause
        seen = {h.i for h in heads}
        layer = [(h, True) for h in heads]
        for _ in range(3):
            nxt = []
            for h, own in layer:
                for c in h.children:
                    if h.i == modified and c.i < top.i:
                        continue  # the modified noun's own phrases before the verb are not the verb's
                    if c.dep_ == "prep" and (
                        c.lower_ in LOCATIVE_PREPS
                        or c.lower_ in away
                        or (c.lower_ == "from" and _removal(h))
                        or (own and c.lower_ in to)
                        or (c.lower_ == "to" and h.lemma_.lower() in TRAVEL_NOUNS)
                    ):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                place = self._place_phrase(p, by_tok)
                                if place is not None:
                                    return place
                    elif (
                        c.dep_ in ("dobj", "obj", "nsubj", "nsubjpass", "pobj", "prep", "agent")
                        or (c.dep_ in ("advcl", "xcomp", "acl") and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children))
                    ) and c.i not in seen:
                        # (and a purpose: "launched an operation to drive the rebels from the hills")
                        seen.add(c.i)
                        nxt.append((c, False))
                    if (
                        own
                        and etype == "CONSULT"
                        and c.dep_ in ("dobj", "obj")
                        and c.i in by_tok
                        and by_tok[c.i].kind in ("country", "capital", "place")
                    ):
                        return self._place_phrase(c, by_tok)  # "Scholz will visit Beijing"
            layer = nxt
        return None

    @staticmethod
    def _implied_place(etype: str, source: list[Actor], target: list[Actor]) -> Place | None:
        """Where an event the sentence does not place happened, from its roles: the place an attack
        or seizure hit, else the attack target's territory or that of the authorities who arrest
        or ban."""
        if etype in ("ASSAULT", "COERCE"):
            hit = next((a for a in target if a.how in ("place", "capital")), None)
            if hit is not None:
                return Place(name=hit.text, country=hit.code, how="target-place")
            named = next(
                (
                    a
                    for a in target
                    if not a.known and a.how in ("argument", "thing") and a.text[:1].isupper() and len(a.text.split()) <= 3
                ),
                None,
            )
            if named is not None:
                # "called for shuttering Dadaab": a name the base lacks may be a place the gazetteer
                # knows (kept only if it does)
                return Place(name=named.text, how="target-name")
        if etype == "ASSAULT":
            # an attack happens where its target is; arrests, bans and protests where their doers rule or live
            state = next((a for a in target if a.code and a.code not in NON_STATE), None)
            if state is not None and state.code:
                return Place(name=state.code, country=state.code, precision="country", how="target-territory")
            states = {a.code for a in source if a.code and a.code not in NON_STATE}
            if not target and len(states) == 1:
                # "fighting between rebels and Malian forces": a fight among one country's parties
                # happens in that country
                code = states.pop()
                return Place(name=code, country=code, precision="country", how="source-territory")
        if etype in ("PROTEST", "COERCE"):
            state = next((a for a in source if a.code and a.code not in NON_STATE), None)
            if state is not None and state.code:
                return Place(name=state.code, country=state.code, precision="country", how="source-territory")
        return None

    def _place_phrase(self, p, by_tok, depth: int = 0) -> Place | None:
        """The place a locative phrase's object names, if it names one."""
        doc = p.doc
        m = by_tok.get(p.i)
        if m is not None and m.kind in ("country", "capital", "place"):
            span = doc[m.start : m.end]
            precision = MENTION_PRECISION.get(m.kind)
            side = [c for c in p.children if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in COMPASS and c.i < m.start]
            if side:  # "northeast Syria", "central Somalia": a region of it
                return Place(name=doc[side[0].i : m.end].text, country=m.actor.code, precision="region", how="locative")
            return Place(name=span.text, country=m.actor.code, precision=precision, how="locative")
        if m is not None and m.kind == "descriptor" and m.actor.code and m.actor.actor_id == m.actor.code:
            # "entering the country", "in the Southeast Asian nation": the country just named
            return Place(name=doc[m.start : m.end].text, country=m.actor.code, precision="country", how="locative")
        if p.pos_ == "PROPN" and m is None:
            # "at its Sohae Satellite Launching Ground": a site named after a place
            span = _name_span(p)
            inner = next(
                (by_tok[t.i] for t in span if t.i in by_tok and by_tok[t.i].kind in ("country", "capital", "place")), None
            )
            if inner is not None:
                return Place(name=span.text, country=inner.actor.code, precision="site", how="locative")
        if m is not None and not m.actor.known and p.pos_ == "PROPN" and p.lower_ in LANDFORMS:
            return Place(name=_name_span(p).text, precision="region", how="locative")
        if (
            m is not None
            and m.kind == "org"
            and m.actor.code
            and m.actor.code not in NON_STATE
            and (
                p.head.lower_ in ("in", "at", "inside", "outside")
                or (p.head.lower_ == "to" and p.head.head.lemma_.lower() in TRAVEL_NOUNS | {"go"})
            )
        ):
            # "received the minister at the Elysee", "talks at the Kremlin": the body's seat
            return Place(name=doc[m.start : m.end].text, country=m.actor.code, precision="site", how="locative")
        if p.lemma_.lower() in TIME_NOUNS or p.ent_type_ in ("DATE", "TIME", "PERSON", "NORP"):
            return None
        low = p.lemma_.lower()
        if p.pos_ == "NOUN" and low not in PLACE_NOUNS and low not in PARTITIVE_PLACES:
            # "in the Kabul bombing", or a name the parser folded into a noun ("judges in The
            # Hague hearing ..."): the place a name before the noun gives
            for c in p.children:
                if c.dep_ != "compound" or c.pos_ != "PROPN":
                    continue
                cm = by_tok.get(c.i)
                if cm is not None and cm.kind in ("country", "capital", "place"):
                    # the name as it stands (no compass word: "the South China Sea fight" is no region)
                    name = doc[cm.start : cm.end].text
                    return Place(name=name, country=cm.actor.code, precision=MENTION_PRECISION.get(cm.kind), how="locative")
                if cm is None and c.ent_type_ in ("GPE", "LOC", "FAC"):
                    start = c.left_edge.i
                    if start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].ent_type_ == c.ent_type_:
                        start -= 1  # "The Hague": the article is part of the name
                    return Place(name=doc[start : c.i + 1].text, how="locative")
        if low == "capital" and p.pos_ == "NOUN":
            # "the Turkish capital", "Ukraine's capital": the capital of the country named beside it
            own = next(
                (
                    by_tok[c.i]
                    for c in p.children
                    if c.i in by_tok and c.dep_ in ("amod", "poss", "compound") and by_tok[c.i].actor.code not in NON_STATE
                ),
                None,
            )
            if own is not None and own.actor.code:
                named = next((c for c in p.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
                if named is not None:  # "in Qatar's capital, Doha": the capital's name
                    return Place(name=_name_span(named).text, country=own.actor.code, precision="city", how="locative")
                span = doc[p.left_edge.i : p.i + 1]
                return Place(name=span.text, country=own.actor.code, precision="city", how="capital-of")
        if low in PARTITIVE_PLACES and depth == 0:
            # "in parts of Tigray", "on the outskirts of Kabul": somewhere within the place named
            for c in p.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    inner = next((x for x in c.children if x.dep_ == "pobj"), None)
                    within = self._place_phrase(inner, by_tok, depth + 1) if inner is not None else None
                    if within is not None:
                        within.precision = "region" if within.precision in ("country", None) else within.precision
                        return within
            return None
        if low in PLACE_NOUNS:
            # "the town of Samarra", "Idlib province", "the embassy in Kabul"
            pl: Place | None
            for c in p.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    inner = next((x for x in c.children if x.dep_ == "pobj"), None)
                    if inner is not None and inner.pos_ == "PROPN":
                        pl = self._place_phrase(inner, by_tok, depth + 1) or Place(name=_name_span(inner).text)
                        pl.precision = PLACE_NOUNS[low]
                        pl.how = "locative"
                        return pl
                if c.dep_ == "compound" and c.pos_ == "PROPN" and PLACE_NOUNS[low] in ("region", "site"):
                    # "Idlib province", "the Zamzam camp": the name with its noun
                    return Place(name=doc[c.left_edge.i : p.i + 1].text, precision=PLACE_NOUNS[low], how="locative")
            if depth == 0:
                for c in p.children:
                    if c.dep_ == "prep" and c.lower_ in ("in", "near", "outside"):
                        inner = next((x for x in c.children if x.dep_ == "pobj"), None)
                        pl = self._place_phrase(inner, by_tok, depth + 1) if inner is not None else None
                        if pl is not None:
                            if PLACE_NOUNS[low] == "site":
                                pl.precision = pl.precision or "city"
                            return pl
                if (
                    low in SITE_NOUNS
                    and p.pos_ == "NOUN"
                    and any(c.dep_ == "det" and c.lower_ == "the" for c in p.children)
                    and not any(c.dep_ == "prep" and c.lower_ == "of" for c in p.children)  # "at the base of the hill"
                ):
                    # "at the detention facility": a site the story has named, kept as written
                    return Place(name=doc[p.left_edge.i : p.i + 1].text, precision="site", how="locative")
            return None
        if p.pos_ == "PROPN" and p.ent_type_ in ("GPE", "LOC", "FAC", "") and (m is None or m.actor.how.endswith("+place")):
            # (a name the base lacks, or the place inside "the parliament in Kampala")
            span = _name_span(p)
            if span.text[:1].isupper():
                return Place(
                    name=span.text,
                    country=m.actor.code if m is not None else None,
                    precision="site" if p.ent_type_ == "FAC" else None,
                    how="locative",
                )
        return None

    def _measure_scene(self, trig: Trigger, verb, by_tok, stated: Place | None) -> list[Actor]:
        """ "declared a state of siege in Puno", "lifted the curfew in Harare": a measure that binds a
        territory, with no one else named, is aimed at the people of the place it is declared in."""
        nouns = [trig.noun] if trig.noun is not None else []
        if verb is not None:
            nouns += [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        measures = self.lex.territorial_measures
        if not any(t.lower_ in measures or f"{t.lower_} {t.head.lower_}" in measures for n in nouns for t in n.subtree):
            return []
        if stated is None or stated.how != "locative" or not stated.country:
            return []
        for m in {id(m): m for m in by_tok.values()}.values():
            if m.kind in ("place", "capital", "country") and m.actor.code == stated.country and m.actor.text in stated.name:
                return [replace(m.actor, sector="CVL", how=m.actor.how + "+measure-scene")]
        return []

    @staticmethod
    def _scene_agents(source: list[Actor], place: Place | None) -> list[Actor]:
        """ "A rebel commander surrendered in Mozambique": an unnamed domestic agent with no
        country of its own belongs to the country where the sentence says it acted (``place``; a
        meeting's venue says nothing of who met, hence not for CONSULT)."""
        if place is None or place.how != "locative" or not place.country or place.country in NON_STATE:
            return source
        return [replace(a, code=place.country, how=a.how + "+scene") if _scene_agent(a) else a for a in source]

    def _emit(self, spec: EventSpec, source: list[Actor], target: list[Actor]) -> bool:
        """The emission policy of ``CoderSettings``: enough coded actors for the evidence."""
        st = self.settings
        src_coded = any(a.code for a in source)
        tgt_coded = any(a.code for a in target)
        if st.require_coded_actor and not (src_coded or tgt_coded):
            if not st.keep_identified or not any(_identified(a) for a in source + target):
                return False
        if st.require_coded_source and not src_coded and not st.keep_identified:
            return False  # who acted is the one thing an event cannot do without
        if st.fallback_needs_dyad and spec.origin == "cameo-dictionary":
            reciprocal = spec.reciprocal or not target
            return src_coded and (tgt_coded or (reciprocal and sum(1 for a in source if a.code) >= 2))
        return True

    # -- one sentence ---------------------------------------------------------------------------
    def code_sentence(
        self, doc, mentions: list[Mention], ctx: CoderContext, offset: int, triggers: list[Trigger] | None = None
    ) -> list[Event]:
        """The events of one parsed sentence; ``triggers``: its ``triggers(doc)`` when already found."""
        ctx.sentence_no += 1
        by_tok: dict[int, Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                by_tok[i] = m
        if not doc.has_annotation("DEP"):
            return []
        low = doc.text.lower()
        if any(c in low for c in self.lex.credit_lines):
            return []  # a byline or credit line is about the report, not the news
        events: list[Event] = []
        here: tuple[Place | None] | None = None  # the sentence's scene, found when first needed
        for trig in self.triggers(doc) if triggers is None else triggers:
            source: list[Actor] = []
            target: list[Actor] = []

            def reject(reason: str, trig=trig) -> None:
                # the roles as found so far in this iteration (read when called, hence no binding)
                if ctx.rejected is None:
                    return
                ctx.rejected.append(
                    {
                        "trigger": trig.words,
                        "type": trig.spec.type,
                        "reason": reason,
                        "source": [a.to_dict() for a in source],  # noqa: B023
                        "target": [a.to_dict() for a in target],  # noqa: B023
                        "sentence": doc.text,
                        "sentence_start": offset,
                    }
                )

            verb = trig.arg_verb
            spec = trig.spec
            if trig.kind in ("flip", "commit", "demand"):
                chain = self._climb(trig.tok)
            elif trig.kind == "claimed":
                chain = self._climb(trig.arg_verb)
            elif trig.kind == "flipnoun":
                chain = [trig.noun]
            else:
                chain = self._climb(verb) if verb is not None else [trig.noun]
            primary = self._primary(trig, chain)
            linear = None
            source = []
            target = []
            if trig.kind == "flipnoun":
                n = trig.noun
                assert n is not None  # a flipnoun trigger has its noun
                src_toks = [c for c in n.children if c.dep_ == "poss"]
                if not src_toks and n.dep_ in ("dobj", "pobj") and n.head.pos_ == "VERB":
                    s_, _ = self._subject(n.head, self._climb(n.head))
                    src_toks = [s_] if s_ is not None else []
                source = self._role_actors(src_toks, by_tok, offset)
                comp = trig.arg_verb
                assert comp is not None  # and the verb it governs
                target = self._role_actors(
                    [c for c in comp.children if c.dep_ in ("dobj", "obj")]
                    + [p for c in comp.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"],
                    by_tok,
                    offset,
                )
            elif trig.kind == "claimed":
                subj, _ = self._subject(trig.arg_verb, chain)
                source = self._role_actors([subj] if subj is not None else [], by_tok, offset)
                target = self._pick_target(self._targets(trig, None, by_tok, offset), source, by_tok, offset)
            elif trig.kind == "noun":
                n = trig.noun
                assert n is not None  # a noun trigger is its noun
                src_toks = [c for c in n.children if c.dep_ == "poss"] or self._modifier_agents(n, by_tok)
                prenominal_doer = bool(src_toks)
                if not src_toks and spec.of_agent:
                    # "the withdrawal of U.S. and NATO troops from the country": they withdraw
                    src_toks = [
                        p for c in n.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"
                    ]
                if not src_toks and n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.pos_ == "NOUN":
                    # "Trump's imposition of sanctions", "Kenya's announcement of the closure": the
                    # possessor of the governing noun does the act
                    gov = n.head.head
                    src_toks = [c for c in gov.children if c.dep_ == "poss"] or self._modifier_agents(gov, by_tok)
                if not src_toks:
                    # "threats of Washington sanctions": the doer of the act threatened
                    for c in n.children:
                        if c.dep_ == "prep" and c.lower_ == "of":
                            inner = next((p for p in c.children if p.dep_ == "pobj" and self._noun_spec(p)), None)
                            if inner is not None:
                                src_toks = [x for x in inner.children if x.dep_ == "poss"] or self._modifier_agents(inner, by_tok)
                if not src_toks and spec.type not in ("RETREAT", "MOBILIZE", "CONSULT"):
                    # "support from France", "criticism from Berlin": who it comes from ("the
                    # withdrawal from Afghanistan" names a place left, not a doer)
                    src_toks = [
                        p for c in n.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children if p.dep_ == "pobj"
                    ]
                for c in n.children:
                    if c.dep_ == "prep" and c.lower_ == "by":
                        src_toks += [p for p in c.children if p.dep_ == "pobj"]
                    if c.dep_ == "agent":
                        src_toks += [p for p in c.children if p.dep_ == "pobj"]
                # "condemnation as a terrorist group by US President Donald Trump": "by" may hang lower
                if not src_toks:
                    for t in n.subtree:
                        if t.dep_ in ("prep", "agent") and t.lower_ == "by" and t.head.i != n.i:
                            src_toks += [p for p in t.children if p.dep_ == "pobj"]
                            break
                undergone = n.dep_ == "pobj" and n.head.lower_ == "under"
                # a noun that is the object of a verb: "sought talks" -> that verb's subject; but
                # "remain under sanctions", "came under attack": the subject undergoes it, and
                # "the bill enjoys support", "received backing": the subject gets it from others
                received = (
                    n.dep_ == "dobj"
                    and n.head.lemma_.lower() in self.lex.receiving_verbs
                    and n.head.lemma_.lower() != "have"
                    and not spec.reciprocal
                ) or (  # ("sought talks": a party)
                    n.dep_ == "pobj" and n.head.lower_ == "with" and n.head.head.lemma_.lower() == "meet"
                )
                if not src_toks and n.dep_ in ("dobj", "pobj", "nsubjpass") and not undergone and not received:
                    gov = n.head if n.dep_ != "pobj" else n.head.head
                    glemma = gov.lemma_.lower()
                    if (
                        n.dep_ == "dobj"
                        and glemma in self.lex.verbs
                        and glemma not in self.lex.light_verbs
                        and glemma not in self.lex.control
                    ):
                        pass  # "welcomed the release", "condemned the attack": the reaction's subject did not do it
                    elif gov.pos_ in ("VERB",):
                        s, _ = self._subject(gov, self._climb(gov))
                        if s is None and glemma in PARTICIPATION and n.head.lower_ == "in":
                            # "soldiers were involved in the attack": those engaged do it
                            s = next((c for c in gov.children if c.dep_ == "nsubjpass"), None)
                        if s is not None:
                            src_toks.append(s)
                    elif (culprit := self._culprit(n)) is not None:
                        src_toks.append(culprit)
                by_source = any(t.dep_ == "pobj" and t.head.lower_ == "by" for t in src_toks)
                source = self._role_actors(src_toks, by_tok, offset)
                tgt_toks = self._targets(trig, None, by_tok, offset)
                if prenominal_doer and not spec.of_agent and not spec.reciprocal:
                    # "Ankara's military backing of the Libyan government": with the doer before the
                    # noun, its "of" phrase is what the act is done to
                    tgt_toks += [
                        p for c in n.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"
                    ]
                if not tgt_toks and n.dep_ == "pobj" and n.head.lower_ == "as" and n.head.head.pos_ == "VERB":
                    # "held civilians as human shields": what the verb holds is what the act is done to
                    tgt_toks = [c for c in n.head.head.children if c.dep_ in ("dobj", "obj")]
                if undergone and not tgt_toks:
                    gov = n.head.head
                    s_, _ = self._subject(gov, self._climb(gov)) if gov.pos_ in ("VERB", "AUX") else (None, False)
                    tgt_toks = [s_] if s_ is not None else []
                if by_source and not tgt_toks:
                    # "X's disassociation ... along with condemnation by Y": Y condemned X
                    owner = n
                    for _ in range(4):
                        poss = [c for c in owner.children if c.dep_ == "poss"]
                        if poss or owner.dep_ not in ("conj", "pobj", "prep"):
                            break
                        owner = owner.head
                    tgt_toks = [c for c in owner.children if c.dep_ == "poss"]
                target = self._pick_target(tgt_toks, source, by_tok, offset)
                if received and source and not any(a.code for a in target):
                    # "North Korea is seeking assistance from Russia": the one who gets it
                    gov = n.head.head if n.dep_ == "pobj" else n.head
                    s_, _ = self._subject(gov, self._climb(gov))
                    target = self._role_actors([s_], by_tok, offset, allow_unknown=False) if s_ is not None else target
                if by_source and not target and spec.type in ("ACCUSE", "REJECT", "SUPPORT", "SANCTION", "THREATEN"):
                    # "... along with condemnation as a terrorist group by Y": the one condemned is
                    # the sentence's topic, its main subject
                    target = [a for a in self._topic(doc, by_tok, offset) if a not in source]
            else:
                assert verb is not None  # verb, light, frame, flip, commit and demand triggers have their verb
                subj, _ = self._subject(verb, chain)
                subj = self._user_of(subj)
                issued = self._issuer(_antecedent(subj)) if subj is not None else None
                subj = issued if issued is not None else subj  # "a report that urges": its issuer urges
                if trig.kind == "light":
                    subj2, _ = self._subject(verb, self._climb(verb))
                    subj = subj or subj2
                if trig.kind == "demand":
                    subj, _ = self._subject(trig.tok, self._climb(trig.tok))
                if trig.kind in ("flip", "commit"):
                    # the rejecting (promising) word's subject is the source: "Hamas rejected Trump's linking it ..."
                    top_verb = trig.tok if trig.tok.pos_ != "ADJ" else trig.tok.head
                    subj, _ = self._subject(top_verb, self._climb(top_verb))
                source = self._role_actors([subj] if subj is not None else [], by_tok, offset)
                tgt_toks = self._targets(trig, verb, by_tok, offset)
                if subj is None and trig.kind == "verb" and self._lost_clause(verb, by_tok):
                    # the parse lost the clause ("Macron hosted Scholz" read as a noun phrase): the
                    # nearest actors left and right of the finite verb, as a shallow coder reads it
                    linear = self._linear_roles(verb, by_tok)
                    if len(linear) == 2:
                        source = list(by_tok[linear[0].i].actors)
                        target = list(by_tok[linear[1].i].actors)
                    tgt_toks = []
                elif (
                    subj is None
                    and trig.kind == "frame"
                    and verb.dep_ in ("ccomp", "ROOT", "conj")
                    and verb.tag_ in ("VBD", "VBZ", "VBP")
                    and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children)
                ):
                    # "said Ankara ... imposed controls on U.S. operations" with Ankara read as the
                    # object of "said": the nearest actor left of the verb is its doer
                    left = self._linear_roles(verb, by_tok, right=False)
                    if left:
                        linear = left
                        source = list(by_tok[left[0].i].actors)
                if (
                    not tgt_toks
                    and trig.kind == "verb"
                    and verb.dep_ == "amod"
                    and verb.head.pos_ == "PROPN"
                    and verb.head.i > verb.i
                ):
                    tgt_toks = [verb.head]  # "Macron hosted Scholz" parsed as "Macron-hosted Scholz"
                if trig.kind in ("flip", "demand"):
                    own_toks = [c for c in verb.children if c.dep_ in ("nsubj", "poss", "nsubjpass")]
                    tgt_toks = own_toks + ([] if trig.kind == "demand" else tgt_toks)
                if spec.passive_source and any(c.dep_ == "nsubjpass" for c in verb.children):
                    subj = next(c for c in verb.children if c.dep_ == "nsubjpass")
                    source = self._role_actors([subj], by_tok, offset)
                    tgt_toks = [t for t in tgt_toks if t.i != subj.i]
                if trig.kind == "light" and trig.noun is not None:
                    tgt_toks += [
                        p
                        for c in trig.noun.children
                        if c.dep_ == "prep" and c.lower_ in (spec.preps or TARGET_PREPS_DEFAULT)
                        for p in c.children
                        if p.dep_ == "pobj"
                    ]
                if trig.kind == "frame" and trig.noun is not None:
                    # "cut off its aid to the movement": the target hangs on the object noun
                    tgt_toks = [
                        p
                        for c in trig.noun.children
                        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS_DEFAULT
                        for p in c.children
                        if p.dep_ == "pobj"
                    ] + [
                        p
                        for c in verb.children
                        if c.dep_ in ("prep", "dative") and c.lower_ in TARGET_PREPS_DEFAULT
                        for p in c.children
                        if p.dep_ == "pobj"
                    ]
                    # "gave the mission 30 days to leave": an indirect object (or a direct one
                    # beside the frame's own noun) is the one aimed at
                    tgt_toks += [
                        c
                        for c in verb.children
                        if (c.dep_ in ("dative", "iobj") and c.pos_ != "ADP")
                        or (c.dep_ in ("dobj", "obj") and c.i != trig.noun.i)
                    ]
                target = self._pick_target(tgt_toks, source, by_tok, offset) if not linear else target
                if trig.kind == "light" and verb.lemma_.lower() in self.lex.receiving_verbs:
                    source, target = self._received(trig.noun, verb, source, target, by_tok, offset)
                deep = trig.noun if trig.kind == "frame" else (verb if trig.kind == "commit" else None)
                if not target and deep is not None:
                    src_ids = {id(a) for a in source}
                    for t in deep.subtree:
                        if (
                            t.i in by_tok
                            and t.i != deep.i
                            and by_tok[t.i].actor.code
                            and not any(id(a) in src_ids for a in by_tok[t.i].actors)
                        ):
                            target = list(by_tok[t.i].actors)
                            break
                if not target and trig.kind == "verb" and spec.type in ("REJECT", "ACCUSE", "SUPPORT", "PROTEST", "REQUEST"):
                    for c in verb.children:
                        if c.dep_ in ("ccomp", "xcomp"):
                            subj = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass", "poss", "csubj")), None)
                            if subj is not None:
                                target = self._role_actors([subj], by_tok, offset, allow_unknown=False)
                                if not target and trig.words != verb.text:
                                    # "warned that cooperation between Russia and North Korea is
                                    # dangerous": the parties of the judged subject
                                    seen: list[Actor] = []
                                    for x in subj.subtree:
                                        mention = by_tok.get(x.i)
                                        if (
                                            mention is not None
                                            and mention.actor.code
                                            and mention.actor not in seen
                                            and not mention.location
                                        ):
                                            seen.append(mention.actor)
                                    target = seen
                                break
            if not target and not spec.reciprocal and spec.type in PURPOSE_TYPES:
                target = self._purpose_target(trig, verb, source, by_tok, offset)
            # reciprocal events: everyone in source ("a war against X" with a named doer is directed)
            against = (
                trig.kind == "noun"
                and target
                and source
                and trig.noun is not None
                and any(c.dep_ == "prep" and c.lower_ == "against" for c in trig.noun.children)
            )
            if not against and (spec.reciprocal or (spec.reciprocal_if_no_target and not target) or spec.reciprocal_if_with):
                with_toks = self._prep_objects([verb, trig.noun], ("with", "between"))
                with_acts = self._role_actors(with_toks, by_tok, offset, allow_unknown=False)
                if spec.reciprocal or spec.reciprocal_if_no_target or with_acts:
                    if with_acts:
                        source = source + [a for a in with_acts if a not in source]
                        target = [a for a in target if a not in with_acts]
                    if len(source) >= 2 or spec.reciprocal:
                        source = source + [a for a in target if a not in source]
                        target = []
            if spec.verbal is not None and (self._aimed_at_words(trig, verb) or _between_people(source, target)):
                spec = replace(spec.verbal, preps=spec.preps)  # "attacked the decision": criticism
            if spec.alone is not None and self._done_alone(trig, source, target):
                # "China held military drills near Taiwan": no partner, no joint act, a show of force
                alone = spec.alone
                target = self._role_actors(self._prep_objects([verb, trig.noun], alone.preps), by_tok, offset) or target
                spec = alone
            if trig.kind == "verb" and verb is not None and self._asks_a_question(verb):
                reject("a question, not a request")
                continue  # "asked China whether it would join the talks"
            if spec.place_object and trig.kind == "verb" and verb is not None and not self._place_like(self._obj(verb), by_tok):
                reject("this sense needs a place or an actor as its object")
                continue  # "occupied a gray area" is no occupation
            dobj = self._obj(verb) if spec.object_actor and trig.kind == "verb" else None
            if (
                spec.object_actor
                and trig.kind == "verb"
                and (not any(a.code or a.sector for a in target) or (dobj is not None and not self._mentions_at(dobj, by_tok)))
            ):
                reject("this sense needs an actor as its object")
                continue  # "received $94 million" is no visit: this sense needs an actor as object
            if spec.not_doers and source and all(a.sector in spec.not_doers for a in source):
                reject("the doers are not actors of this act (not_doers)")
                continue  # "jets flew", "refugees arrived": not a state visit
            act = self.lex.repeated_lemma(verb.lower_) if verb is not None else None
            act = act or (verb.lemma_.lower() if verb is not None else "")
            if (
                not source
                and trig.kind == "verb"
                and verb is not None
                and act in self.lex.implied_agents
                and any(c.dep_ == "auxpass" for c in verb.children)
                and not any(c.dep_ in ("nsubjpass", "agent") for c in verb.children)
                and verb.dep_ in ("pcomp", "advcl")
                and not any(a.code for a in target)
            ):
                # "thanked his supporters after being freed": the one freed is the clause's subject
                gov = verb.head.head if verb.dep_ == "pcomp" else verb.head
                subj, _ = self._subject(gov, self._climb(gov)) if gov.pos_ in ("VERB", "AUX") else (None, False)
                target = (self._role_actors([subj], by_tok, offset, allow_unknown=False) if subj is not None else []) or target
            if (
                not source
                and trig.kind == "verb"
                and verb is not None
                and act in self.lex.implied_agents
                and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
                and not any(c.dep_ == "agent" for c in verb.children)
            ):
                source = self._implied_agent(self.lex.implied_agents[act], target, ctx)
            if (
                not source
                and trig.kind == "noun"
                and trig.noun is not None
                and trig.noun.lemma_.lower() in self.lex.implied_agent_nouns
            ):
                # "Topuz is on trial", "the reporter had been in pretrial detention": the holder of
                # the state is the patient, the authorities the doer
                if not target:
                    noun_gov = trig.noun.head.head if trig.noun.dep_ == "pobj" else None
                    subj = (
                        next((c for c in noun_gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                        if noun_gov is not None and noun_gov.pos_ in ("AUX", "VERB")
                        else None
                    )
                    target = self._role_actors([subj], by_tok, offset, allow_unknown=False) if subj is not None else []
                source = self._implied_agent(self.lex.implied_agent_nouns[trig.noun.lemma_.lower()], target, ctx)
            if not source and not target:
                reject("no actor on either side")
                continue
            primary = primary or bool(linear and len(linear) == 2)
            stated: Place | None = None
            placed = False  # ``stated`` found (once per event: it does not depend on the roles)
            if source and spec.type != "CONSULT" and not any(a.code for a in source) and _scene_agent_in(source):
                stated, placed = self._stated_place(trig, chain, by_tok, spec.type or ""), True
                source = self._scene_agents(source, stated)
            if not self._emit(spec, source, target):
                reject("emission policy: no coded doer (or no coded dyad for a fallback verb)")
                continue
            # self-directed events with the same single actor on both sides are parse noise
            same = {(a.entity, a.code, a.sector) for a in source}
            target = [a for a in target if (a.entity, a.code, a.sector) not in same or not a.code]
            # "North Korea's envoy defended Pyongyang and Moscow's treaty": the doer's own state
            # beside another party is not a target of its own act
            own = {a.code for a in source if a.code and a.code not in ("IGO", "NGO", "IMG")}
            if own and any(a.code and a.code not in own for a in target):
                target = [a for a in target if a.code not in own]
            if (
                not primary
                and trig.kind == "noun"
                and trig.tok.dep_ == "pobj"
                and trig.tok.head.lower_ in ("despite", "amid", "after", "following", "over")
                and self._wants_context_target(spec, source, target)
            ):
                # "Turkey tested the system despite U.S. threats": an act named in an adverbial is
                # aimed at the subject of the clause it modifies (the sentence's, at the top)
                own_ids = {(a.entity, a.code) for a in source}
                host = trig.tok.head.head
                if host.dep_ == "ROOT":
                    cands = self._topic(doc, by_tok, offset)
                elif host.pos_ in ("VERB", "AUX"):
                    subj, _ = self._subject(host, self._climb(host))
                    cands = self._role_actors([subj], by_tok, offset, allow_unknown=False) if subj is not None else []
                else:
                    cands = []
                target = [replace(a, how=f"topic({a.how})") for a in cands if (a.entity, a.code) not in own_ids] or target
            if (
                not primary
                and spec.type in self.settings.subordinate_context_types
                and self._wants_context_target(spec, source, target)
            ):
                # "which Moscow denied", "triggered by U.S. sanctions": a denial or a sanction in a
                # subordinate clause answers or hits the party of the preceding context
                target = self._context_target(source, ctx) or target
            coded = sum(1 for a in source + target if a.code)
            if not primary and not ((any(a.code for a in source) and any(a.code for a in target)) or (not target and coded >= 2)):
                reject("subordinate clause without a coded doer and a coded target")
                continue  # circumstances in participles and relative clauses need a known doer and a known target
            if not target and not spec.reciprocal and len(source) == 1 and primary:
                target = self._implied_target(spec, source)
            if self._wants_context_target(spec, source, target):
                target = self._context_target(source, ctx) or target
            act_type = spec.type
            mods, attributed = self._modality(trig, chain, doc, ctx)
            committed = self._committed(trig, chain)
            if (
                not committed
                and self._future_in_past(chain)
                and attributed
                and self._self_report(attributed, source)
                and not self._conditional(chain)
            ):
                # "Myanmar said it would allow UN agencies access": the reported "will" of the
                # speaker's own act is a commitment, as "Myanmar said it will allow" is
                committed = True
                mods = ["intended" if m == "hypothetical" else m for m in mods]
            if committed:
                spec = self.lex.committed(spec) or spec
            if trig.kind == "claimed":
                mods = [m for m in mods if m != "asserted"] + ["reported"]
                attributed = attributed or (source[0].text if source else None)
            first_person = bool(source) and all(a.text.lower() in FIRST_PERSON for a in source)
            if (
                "reported" in mods
                and attributed
                and trig.kind != "claimed"
                and (
                    first_person
                    or ((self._announced(chain) or spec.type in SPEECH_TYPES) and self._self_report(attributed, source))
                )
            ):
                # "'We condemn the decision,' the minister said": the speech act is the speaker's own
                # "Mogadishu announced it was cutting ties": the doer's own announcement is the act
                mods = [m for m in mods if m != "reported"] or ["asserted"]
            if spec.negated is not None and "negated" in mods:
                # "does not allow them to go" restricts; "doesn't support the measure" rejects it
                spec = replace(spec.negated, preps=spec.preps)
                mods = [m for m in mods if m != "negated"] or ["asserted"]
            if self.settings.drop_considered and self._deliberated(trig):
                reject("an option under consideration, not an act")
                continue
            if self.settings.drop_speculation and (self._speculative(mods, attributed, doc) or self._indirect_question(chain)):
                reject("speculation (question or analyst's scenario)")
                continue
            if act_type in CONDITIONAL_THREATS and (
                (self._conditional(chain) and ({"intended", "hypothetical"} & set(mods) or committed))
                or (
                    act_type in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE")
                    and attributed
                    and any(c.dep_ == "aux" and c.lower_ in ("could", "might", "may") for v in chain for c in v.children)
                    and self._self_report(attributed, source)
                )
            ):
                # "will withdraw its troops unless ...", "sanctions could follow if ...", "Beijing
                # hinted that it could retaliate": a conflictual act held out by its doer is a threat
                spec = replace(spec, type="THREATEN", cameo="130", mode=None)
                mods = [m for m in mods if m not in ("intended", "hypothetical")] or ["asserted"]
                if "reported" in mods and attributed and self._self_report(attributed, source):
                    mods = [m for m in mods if m != "reported"] or ["asserted"]  # the threat is the saying
            if (committed or trig.kind == "commit") and "negated" in mods and spec.type == "AGREE":
                # "will not lift sanctions": a refusal, asserted (CAMEO 12)
                spec = replace(spec, type="REJECT", cameo="120", mode=None)
                mods = [m for m in mods if m not in ("negated", "intended")] or ["asserted"]
            if self.settings.drop_negated and "negated" in mods:
                reject("negated: the act did not happen")
                continue
            if attributed:
                ctx.last_source = (
                    _shorten_source(attributed) if not ctx.last_source or "report" not in attributed.lower() else ctx.last_source
                )
            # a plan's date lies ahead, but "In March, they agreed to ..." dates the agreeing
            date, date_conf = self._date(trig, chain, doc, ctx, intended="intended" in mods and chain[-1].tag_ != "VBD")
            etype = spec.type
            if not etype:
                reject("the CAMEO code has no PLOVER type")
                continue  # a CAMEO code with no PLOVER type (statements) is not an event
            if (
                etype == "CONSULT"
                and verb is not None
                and verb.lemma_.lower() in self.lex.interview_verbs
                and any(a.sector == "MED" for a in source + target)
            ):
                reject("a news outlet's interview, not a political meeting")
                continue  # "VOA spoke with Armitage about his trip"
            if etype == "CONSULT" and not target and trig.noun is not None:
                # "attended a U.N.-organized meeting": the organiser or host is the other party
                target = [
                    a
                    for a in self._role_actors(self._modifier_agents(trig.noun, by_tok), by_tok, offset, allow_unknown=False)
                    if a.code and a not in source
                ]
            if etype == "CONSULT" and not target and len(source) < 2:
                reject("a meeting with one party")
                continue  # a meeting needs two parties: "Wood spoke ahead of a meeting" names one
            if (
                self.settings.require_coded_target
                and etype not in UNTARGETED_TYPES
                and not spec.reciprocal
                and not any(a.code for a in target)
                and not (not target and sum(1 for a in source if a.code) >= 2)
            ):
                reject("emission policy: a directed act without a coded target")
                continue
            if etype in ("MOBILIZE", "AID"):
                # "mobilized troops", "sent in police": the forces moved are the doer's means
                own = {a.code for a in source if a.code}
                target = [
                    a
                    for a in target
                    if not (a.sector in ("MIL", "COP") and a.how.startswith("agent") and (a.code is None or a.code in own))
                ]
            if not placed:
                stated = self._stated_place(trig, chain, by_tok, etype)
            target = [a for a in target if a.how != "thing"] or self._measure_scene(trig, verb, by_tok, stated)
            source, target = _by_name(source, mentions), _by_name(target, mentions)
            score = self.lex.score(etype, spec.mode)
            conf, factors = self._confidence(spec, source, target, mods, primary, bool(linear), date_conf)
            ev = Event(
                type=etype,
                source=source,
                target=target,
                sentence=doc.text,
                sentence_start=offset,
                mode=spec.mode,
                context=spec.context,
                cameo=spec.cameo,
                score=score,
                date=date,
                published=ctx.published,
                modality=mods,
                attributed_to=attributed,
                confidence=conf,
                trigger=trig.words,
            )
            ev.place = stated or self._implied_place(etype, source, target)
            if stated is None and ctx.place is not None and ctx.sentence_no - ctx.place[0] <= SCENE_SENTENCES and _there(chain):
                # "were held there": the place the text last set
                ev.place = replace(ctx.place[1], how="there")
            elif ev.place is not None and ev.place.how == "locative":
                ctx.place = (ctx.sentence_no, ev.place)
            elif (here := self._sentence_scene(doc, by_tok, here))[0] is not None and (
                ev.place is None or ev.place.how.endswith("-territory")
            ):
                # where the sentence says, outside the event's own phrase ("the court in The Hague
                # rules on ...", "Speaking in Geneva, the envoy accused ...")
                ev.place = replace(here[0], how="sentence")
            elif ctx.place is not None and (
                (ev.place is None and ctx.sentence_no - ctx.place[0] <= SCENE_SENTENCES)
                or (ev.place is not None and ev.place.how.endswith("-territory") and ctx.sentence_no - ctx.place[0] <= 1)
            ):
                # the scene the previous sentence set ("Officials met in Bangui. They signed ..."),
                # and, for an event that says nothing of where, a scene set a few sentences before
                ev.place = replace(ctx.place[1], how="context")
            # ``location``: the place as the text writes it (none for a territory it only implies)
            ev.location = ev.place.name if ev.place and not ev.place.how.endswith("-territory") else None
            ev.explanation = {
                "trigger": {
                    "words": trig.words,
                    "kind": "linear" if linear else trig.kind,
                    "lexicon": {"cameo": spec.cameo, "type": etype, "mode": spec.mode, "origin": spec.origin},
                },
                "clause": "main" if primary else "subordinate",
                "source": [{"text": a.text, "how": a.how} for a in source],
                "target": [{"text": a.text, "how": a.how} for a in target],
                "modality": {"value": mods, "cues": self._modality_cues(chain, doc), "attributed_to": attributed},
                "date": {"value": date, "evidence": date_conf},
                "confidence": {"value": conf, "factors": factors},
            }
            events.append(ev)
        if not any(e.place is not None and e.place.how == "locative" for e in events):
            # the scene a sentence sets without an event of its own ("The talks were held in Doha.")
            here = self._sentence_scene(doc, by_tok, here)
            if here[0] is not None:
                ctx.place = (ctx.sentence_no, here[0])
        ctx.recent.append([a for m in mentions for a in m.actors if a.code and not m.location and m.kind != "place"])
        del ctx.recent[:-CONTEXT_SENTENCES]
        return _dedupe(events)

    def _sentence_scene(self, doc, by_tok, known: tuple[Place | None] | None) -> tuple[Place | None]:
        """The first place the sentence puts something "in" or "at" (found once per sentence:
        ``known`` is the earlier answer, a one-tuple, or None)."""
        if known is not None:
            return known
        scene = next(
            (
                pl
                for t in doc
                if t.dep_ == "pobj"
                and t.head.dep_ == "prep"
                and t.head.lower_ in ("in", "at")
                and (pl := self._place_phrase(t, by_tok)) is not None
                and pl.how == "locative"
            ),
            None,
        )
        return (scene,)

    def _deliberated(self, trig: Trigger) -> bool:
        """The act is the object of deliberation: "is considering giving money", "is exploring the
        possibility of sending aid", "is weighing new sanctions" (not "is considered to have
        supplied", an allegation)."""

        def weighed(node) -> bool:
            for _ in range(5):
                if node.dep_ not in ("xcomp", "dobj", "obj", "pcomp", "pobj", "prep") or node.head.i == node.i:
                    return False
                node = node.head
                if node.pos_ == "VERB" and node.lemma_.lower() in self.lex.deliberation_verbs:
                    return not any(c.dep_ == "auxpass" for c in node.children)
                if node.pos_ == "VERB":
                    return False
            return False

        # the act's own verb ("sending" in "considering sending aid"), else its noun or word
        return any(weighed(t) for t in (trig.arg_verb, trig.noun, trig.tok) if t is not None)

    def _speculative(self, mods: list[str], attributed: str | None, doc) -> bool:
        """Analysts' scenarios and questions: "analysts say Tehran would welcome ...", "which area
        do you think poses the biggest threat?" state no event."""
        if doc.text.rstrip(" \"\u201d\u2019'").endswith("?"):
            return True
        if attributed and set(mods) & {"hypothetical", "intended", "reported", "alleged"}:
            # "experts think X will ...", "analysts claim it will add to ...", "according to
            # analysts, Japan wants to ...": commentary, not a report of an event (a speculator
            # word inside a name does not count: the "Observer Mission" reports)
            toks = attributed.replace(",", " ").split()
            words = {
                w.lower()
                for i, w in enumerate(toks)
                if w.islower()
                or (not (i + 1 < len(toks) and toks[i + 1][:1].isupper()) and not (i > 0 and toks[i - 1][:1].isupper()))
            }
            return bool(words & self.lex.speculators)
        return False

    def _confidence(
        self,
        spec: EventSpec,
        source: list[Actor],
        target: list[Actor],
        mods: list[str],
        primary: bool,
        linear: bool,
        date_conf: float,
    ) -> tuple[float, dict[str, float]]:
        """How much the event rests on: the lexicon entry (curated or the CAMEO fallback), how the
        roles were found (parse, or inferred from context, position or convention), whether both
        sides are coded, the clause, the modality and the date evidence.  A product of factors,
        each listed in ``--explain``."""
        inferred = [a for a in source + target if a.how.startswith(("context", "topic", "implied"))]
        coded_sides = bool(any(a.code for a in source)) + bool(
            any(a.code for a in target) or (not target and sum(1 for a in source if a.code) >= 2)
        )
        f = {
            "lexicon": 0.85 if spec.origin == "patterns" else 0.55,
            "roles": 0.7 if linear else (0.8 if inferred else 1.0),
            "actors": {2: 1.0, 1: 0.8}.get(coded_sides, 0.5),
            "clause": 1.0 if primary else 0.85,
            "modality": 1.0 if mods == ["asserted"] else (0.95 if "reported" in mods and len(mods) == 1 else 0.85),
            "date": round(0.8 + 0.2 * date_conf, 3),
        }
        conf = 1.0
        for v in f.values():
            conf *= v
        return round(min(0.99, conf), 3), f

    @staticmethod
    def _modality_cues(chain, doc) -> list[str]:
        """The words that set the modality: auxiliaries, negations, conditions, the reporting verb."""
        cues = []
        for v in chain:
            for c in v.children:
                if c.dep_ in ("aux", "neg", "mark") or c.lower_ in ALLEGED_ADV:
                    cues.append(f"{c.dep_} '{c.text}'")
        top = chain[-1]
        if top.dep_ in ("ccomp", "parataxis") and top.head.i != top.i:
            cues.append(f"reported by '{top.head.text}'")
        if any(t.lower_ == "according" for t in doc):
            cues.append("'according to'")
        return cues

    def _aimed_at_words(self, trig: Trigger, verb) -> bool:
        """The object (or the noun's target phrase) is a decision, a remark, a plan: a verbal act."""
        heads = []
        if trig.kind == "verb" and verb is not None:
            obj = self._obj(verb)
            heads += [obj] if obj is not None else []
            heads += self._prep_objects([verb], ("at", "on", "against"))
        heads += self._prep_objects([trig.noun], ("on", "against"))
        return any(h.lemma_.lower() in self.lex.verbal_objects or h.lower_ in self.lex.verbal_objects for h in heads)

    def _purpose_target(self, trig: Trigger, verb, source: list[Actor], by_tok, offset: int) -> list[Actor]:
        """ "launched an operation to flush out al-Shabab", "sent troops to fight the rebels": the
        target of a purpose clause is the target of the act it serves."""
        own = {(a.entity, a.code) for a in source}
        for h in [x for x in (trig.noun, verb) if x is not None]:
            for c in h.children:
                # "threatened that it would strike Israeli bases": what a threat says it will hit
                said = c.dep_ == "ccomp" and trig.spec.type == "THREATEN"
                if (c.dep_ in ("advcl", "xcomp", "acl") and _infinitive(c)) or said:
                    objs = [x for x in c.children if x.dep_ in ("dobj", "obj")] + [
                        p for x in c.children if x.dep_ == "prep" for p in x.children if p.dep_ == "pobj"
                    ]
                    acts = [
                        a
                        for a in self._role_actors(objs, by_tok, offset, allow_unknown=False)
                        if a.code and (a.entity, a.code) not in own
                    ]
                    if acts:
                        return acts
        return []

    @staticmethod
    def _announced(chain) -> bool:
        """Under a verb of announcing ("announced it was cutting ties"): the act is performed by saying it."""
        top = chain[-1]
        return top.dep_ in ("ccomp", "parataxis") and top.head.lemma_.lower() in ANNOUNCING

    @staticmethod
    def _self_report(attributed: str, source: list[Actor]) -> bool:
        who = attributed.lower().strip()
        who = who[4:] if who.startswith("the ") else who
        if who in ("he", "she", "it", "they", "we", "i"):
            return bool(source)
        if source and all(a.text.lower() in ("he", "she", "it", "they", "we", "i") for a in source):
            return True  # "Mogadishu announced it was cutting ties": "it" is the announcer
        for a in source:
            for name in (a.text, a.entity):
                if name and len(name) > 2 and (name.lower() in who or who in name.lower()):
                    return True
        return False

    @staticmethod
    def _conditional(chain) -> bool:
        """An "unless" clause, or an "if" clause, hanging on the event's own clause."""
        for v in chain:
            for c in v.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children):
                    return True
        return False

    def _implied_agent(self, sector: str, target: list[Actor], ctx: CoderContext) -> list[Actor]:
        """ "He was arrested": the authorities of the arrested person's country (else the story's).
        A state is not arrested or tried by its own authorities: "China has been accused of ..."
        names no accuser."""
        if target and all(
            a.how.split("+")[0].split(":")[-1] in ("kb-country", "capital", "adjective") and a.sector in (None, "GOV")
            for a in target
        ):
            return []
        code = next((a.code for a in target if a.code and a.code not in ("IGO", "NGO", "IMG")), None)
        if code is None:
            counts: dict[str, int] = {}
            for a in (x for sent in ctx.recent for x in sent):
                if a.code and a.code not in ("IGO", "NGO", "IMG"):
                    counts[a.code] = counts.get(a.code, 0) + 1
            if counts:
                code, n = max(counts.items(), key=lambda kv: kv[1])
                if n * 2 < sum(counts.values()):
                    code = None
        if code is None:
            return []
        return [Actor(text="", start=None, end=None, entity=None, code=code, sector=sector, known=False, how="implied-authority")]

    def _wants_context_target(self, spec: EventSpec, source: list[Actor], target: list[Actor]) -> bool:
        """A directed act by a known doer whose sentence names no coded target, only a thing."""
        return (
            not spec.reciprocal
            and spec.type in self.settings.context_target_types
            and any(a.code for a in source)
            and not any(a.code for a in target)
            and (not target or all(a.how in ("argument", "thing") for a in target))
        )

    @staticmethod
    def _context_target(source: list[Actor], ctx: CoderContext) -> list[Actor]:
        """The party an act is aimed at when the sentence names only a thing ("denounced the
        delay", "rejected the accusations", "welcomed the release"): the latest actor of the
        preceding sentences other than the doer, as a reader resolves it."""
        own = {(a.entity, a.code) for a in source}
        kinds = {(a.code, a.sector) for a in source}
        # a guessed target is never the doer's own state: "Duterte welcomed the vaccines" is not
        # aimed at the Philippines
        states = {a.code for a in source if a.code and a.code not in NON_STATE and a.sector in (None, "GOV")}
        cands = [
            a
            for sent in reversed(ctx.recent)
            for a in reversed(sent)
            if (a.entity, a.code) not in own
            and a.sector not in ("MED", "EDU", "BUS")  # not the reporter, analyst or a firm
            and (a.code, a.sector) not in kinds  # nor the doer's own kind: its title, its institution
            and not (a.code in states and a.sector in (None, "GOV"))
        ]
        # a political actor before bystanders: civilians are rarely the addressee of an act named as a thing
        pick = next((a for a in cands[:6] if a.sector != "CVL"), cands[0] if cands else None)
        return [replace(pick, how=f"context({pick.how})" if pick.how else "context")] if pick else []


def _is_person(a: Actor) -> bool:
    return "person" in (a.how or "") or (a.how or "").startswith("title")


POLITICAL_SECTORS = ("GOV", "LEG", "OPP", "PTY", "ELI", "JUD", "MED")


def _between_people(source: list[Actor], target: list[Actor]) -> bool:
    """A politician "attacking" another person or a news outlet attacks with words: "Trump
    attacked The Wall Street Journal", "Erdogan tore into Macron" (a state, an army or a town
    attacked by a leader is a strike by the state; a gunman's attack on a reporter is material)."""
    return (
        bool(source)
        and bool(target)
        and all(_is_person(a) and a.sector in POLITICAL_SECTORS for a in source)
        and all(_is_person(a) or a.sector == "MED" for a in target)
    )


def _by_name(actors: list[Actor], mentions: list[Mention]) -> list[Actor]:
    """A pronoun's actor is shown by the name it stands for when that name is in the same
    sentence ("Hungary says it will not accept ...": the doer is written "Hungary"); the record
    says how it was found ("pronoun:...")."""
    out = []
    for a in actors:
        if a.how.startswith("pronoun") and a.start is not None:
            named = [
                x
                for m in mentions
                if m.kind != "pronoun"
                for x in m.actors
                if x.end is not None and x.end <= a.start and (x.code, x.entity, x.actor_id) == (a.code, a.entity, a.actor_id)
            ]
            if named:
                n = max(named, key=lambda x: x.end or 0)
                a = replace(a, text=n.text, start=n.start, end=n.end)
        out.append(a)
    return out


def _appositive(tok, by_tok):
    """ "another key Egyptian ally, France": a common noun renamed by an apposition that is an
    actor stands for that actor (the adjective inside the noun phrase only describes it)."""
    if tok.pos_ == "NOUN" and tok.i not in by_tok:
        app = next((c for c in tok.children if c.dep_ == "appos" and c.i in by_tok and by_tok[c.i].actor.code), None)
        if app is not None:
            return app
    return tok


def _removal(tok) -> bool:
    """A verb of driving out, or its object ("drove the rebels from ..." read either way)."""
    if tok.dep_ in ("dobj", "obj"):
        tok = tok.head
    return tok.lemma_.lower() in REMOVAL_VERBS


def _scene_agent(a: Actor) -> bool:
    """An unnamed agent of the kind that belongs to the country where it acts (SCENE_SECTORS)."""
    return a.sector in SCENE_SECTORS and a.how.startswith("agent")


def _scene_agent_in(actors: list[Actor]) -> bool:
    return any(_scene_agent(a) for a in actors)


def _there(chain) -> bool:
    """The event's verb is placed by "there" (a place adverb, not the existential "there is")."""
    return any(c.lower_ == "there" and c.dep_ == "advmod" for h in chain for c in h.children)


def _name_span(tok):
    """A proper name with its compound parts ("Nangarhar" in "Nangarhar province", "New Delhi")."""
    left = tok
    for c in tok.children:
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < left.i:
            left = c
    return tok.doc[left.i : tok.i + 1]


def _antecedent(tok):
    """A relative pronoun stands for the noun its clause modifies: "Mauritius, which argues ...",
    "Gachagua, who was impeached ..." (the parser attaches the relative clause to that noun)."""
    if (
        tok.lower_ in ("which", "who", "whom", "that")
        and tok.tag_ in ("WDT", "WP")
        and tok.dep_ in ("nsubj", "nsubjpass", "dobj")
    ):
        clause = tok.head
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ == "relcl":
            return clause.head
    return tok


def _infinitive(tok) -> bool:
    """A "to"-infinitive: "to improve", "to flush out"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _identified(a: Actor) -> bool:
    """An actor a user can place without a country: a kind of actor ("the police", "rebels") or a
    name; a bare phrase the parse took as an argument ("the hotel", "a law") is not."""
    return bool(a.sector) or (a.how not in ("argument", "thing") and bool(a.text[:1].isupper()))


def _shorten_source(text: str) -> str:
    """ "London-based Arab language newspaper Asharq Al-Awsat" -> keep as written, trimmed."""
    return text.strip().strip(",")


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per type and roles in a sentence; and "killed two youths and wounded five others":
    a same-type act of the same doer whose target names no one coded (or no one) adds nothing to
    the one that does."""

    def side(actors: list[Actor]) -> tuple:
        return tuple(sorted(a.code or a.text for a in actors))

    seen = set()
    out = []
    for e in events:
        key = (e.type, side(e.source), side(e.target))
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    coded = {(e.type, side(e.source)) for e in out if any(a.code for a in e.target)}
    return [e for e in out if any(a.code for a in e.target) or (e.type, side(e.source)) not in coded]
