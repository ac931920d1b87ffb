"""The event lexicon: patterns.yaml (curated) over cameo_verbs.tsv (converted CAMEO dictionary),
with the CAMEO->PLOVER table and PLOVER scores.  Loaded once, passed to the coder."""

from __future__ import annotations

import csv
import pathlib
from dataclasses import dataclass, field, replace
from functools import lru_cache

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 7x faster


def _yaml_load(text: str):
    return yaml.load(text, Loader=_LOADER)


DATA = pathlib.Path(__file__).parent / "data"
IRREGULAR = {  # past forms the first pass must recognise before any tagging
    "meet": ["met"],
    "hold": ["held"],
    "break": ["broke", "broken"],
    "cut": ["cut"],
    "fight": ["fought"],
    "strike": ["struck", "stricken"],
    "shoot": ["shot"],
    "send": ["sent"],
    "give": ["gave", "given"],
    "seek": ["sought"],
    "take": ["took", "taken"],
    "lead": ["led"],
    "make": ["made"],
    "fly": ["flew", "flown"],
    "withdraw": ["withdrew", "withdrawn"],
    "hit": ["hit"],
    "begin": ["began", "begun"],
    "speak": ["spoke", "spoken"],
    "freeze": ["froze", "frozen"],
    "forgive": ["forgave", "forgiven"],
    "beat": ["beat", "beaten"],
    "bring": ["brought"],
    "tell": ["told"],
    "say": ["said"],
    "set": ["set"],
    "put": ["put"],
    "shut": ["shut"],
    "lay": ["laid"],
    "pay": ["paid"],
    "win": ["won"],
    "lose": ["lost"],
    "sell": ["sold"],
    "buy": ["bought"],
    "hang": ["hanged", "hung"],
    "slay": ["slew", "slain"],
    "bind": ["bound"],
    "stand": ["stood"],
    "throw": ["threw", "thrown"],
    "drive": ["drove", "driven"],
    "ring": ["rang"],
    "rise": ["rose", "risen"],
    "forbid": ["forbade", "forbidden"],
    "overthrow": ["overthrew", "overthrown"],
    "undertake": ["undertook", "undertaken"],
    "sweep": ["swept"],
    "steal": ["stole", "stolen"],
    "shake": ["shook"],
    "arise": ["arose"],
    "bear": ["bore"],
    "feel": ["felt"],
    "keep": ["kept"],
    "leave": ["left"],
    "mean": ["meant"],
    "have": ["had", "has"],
    "be": ["was", "were", "is", "are", "been"],
    "do": ["did", "done", "does"],
    "go": ["went", "gone"],
    "see": ["saw", "seen"],
    "get": ["got", "gotten"],
    "come": ["came"],
    "wage": ["waged"],
    "sign": ["signed"],
}


@dataclass(frozen=True)
class EventSpec:
    """What a trigger word means: PLOVER type, mode, context, CAMEO code, how to find roles."""

    cameo: str
    type: str
    mode: str | None = None
    context: str | None = None
    reciprocal: bool = False
    reciprocal_if_with: bool = False
    reciprocal_if_no_target: bool = False
    preps: tuple[str, ...] = ()
    needs_object: bool = False
    no_object: bool = False  # the sense holds without a direct object ("demonstrated against X", not "demonstrated its strength")
    needs_light: bool = False
    target_from_owner: bool = False
    passive_source: bool = False  # "Israel is opposed to X": the passive subject acts
    object_actor: bool = False  # this sense needs an actor as object ("received a delegation", not "$94 million")
    place_object: bool = False  # this sense needs a place or an actor as object ("occupied Badme", not "a gray area")
    not_doers: tuple[str, ...] = ()  # sectors that cannot do this act ("jets flew", "refugees arrived" are no visits)
    negated: "EventSpec | None" = None  # what a negation makes of it ("does not allow" restricts: COERCE)
    verbal: "EventSpec | None" = None  # its sense when aimed at words or decisions ("attacked the decision": ACCUSE)
    alone: "EventSpec | None" = None  # its sense with one party ("China held drills near Taiwan": a show of force)
    of_agent: bool = False  # "the withdrawal of U.S. troops": the "of" phrase is the doer, not the target
    origin: str = "patterns"  # patterns | cameo-dictionary


@dataclass
class Lexicon:
    verbs: dict[str, EventSpec]
    nouns: dict[str, EventSpec]
    fallback_verbs: dict[str, EventSpec]
    light_verbs: set[str]
    control: dict[str, str]
    flips: dict[str, EventSpec]
    frames: list[tuple[frozenset, frozenset, EventSpec]]
    amod_shift: list[tuple[frozenset, frozenset, EventSpec]]
    scores: dict[tuple[str, str], float]
    cameo_table: dict[str, tuple[str, str, str]]
    commitment: dict = field(default_factory=dict)
    demand: EventSpec | None = None
    denial_verbs: set[str] = field(default_factory=set)
    responsibility_verbs: set[str] = field(default_factory=set)
    responsibility_nouns: set[str] = field(default_factory=set)
    demand_modals: set[str] = field(default_factory=set)
    flip_nouns: dict[str, EventSpec] = field(default_factory=dict)
    surface: set[str] = field(default_factory=set)  # words of the curated lexicon
    surface_fallback: set[str] = field(default_factory=set)  # words of the CAMEO dictionary fallback
    credit_lines: tuple[str, ...] = ()  # "contributed to this report": bylines, never events
    _form_lemma: dict[str, str] = field(default_factory=dict, repr=False)  # inflected form -> verb, built on first use
    verbal_objects: set[str] = field(default_factory=set)  # "decision", "remarks": objects of verbal attacks
    joint_words: set[str] = field(default_factory=set)  # "joint", "combined": an act done together
    quantifiers: set[str] = field(default_factory=set)  # "some of", "700 kg of": the object is after "of"
    frame_heads: set[str] = field(default_factory=set)  # "a mediation mission": the modifier's act
    means_verbs: set[str] = field(default_factory=set)  # "used tear gas to disperse": the object is a means
    territorial_measures: set[str] = field(default_factory=set)  # curfew, state of emergency: bind a territory
    cameo_frames: dict[tuple[str, str], EventSpec] = field(default_factory=dict)  # CAMEO dictionary verb+object
    question_verbs: set[str] = field(default_factory=set)  # "asked whether ...": a question, no request
    question_words: set[str] = field(default_factory=set)  # whether, if, what, how ... opening the question
    speculators: set[str] = field(default_factory=set)  # "analysts", "experts": their scenarios are no events
    content_nouns: set[str] = field(default_factory=set)  # "demand to sever": the infinitive is only talked about
    intent_nouns: set[str] = field(default_factory=set)  # "efforts to improve": the infinitive is intended
    implied_agents: dict[str, str] = field(default_factory=dict)  # passive act -> sector of its unnamed doer
    implied_agent_nouns: dict[str, str] = field(default_factory=dict)  # legal state noun -> sector of its doer
    characterize_verbs: set[str] = field(default_factory=set)
    evaluations: dict[str, str] = field(default_factory=dict)  # judgement word -> negative | positive
    evaluative_adjectives: dict[str, EventSpec] = field(default_factory=dict)
    agent_modifiers: set[str] = field(default_factory=set)  # "X-led", "X-backed": X is the doer
    receiving_verbs: set[str] = field(default_factory=set)  # "received aid from X": X gives, the subject gets
    continuation_words: set[str] = field(default_factory=set)  # "press ahead", "push on": carrying on
    interview_verbs: set[str] = field(default_factory=set)  # "VOA spoke with X": an interview, no meeting
    warning_verbs: set[str] = field(default_factory=set)  # "warned that X is dangerous": criticism
    factive_verbs: set[str] = field(default_factory=set)  # "confirmed that X did Y": a fact, not an account
    reception_nouns: set[str] = field(default_factory=set)  # "met with opposition": how a thing was received
    accusing_verbs: set[str] = field(default_factory=set)  # "accused of aiding": the aiding is alleged
    instruments: set[str] = field(default_factory=set)  # "missiles fired by X struck": X is the doer
    culpability_adjectives: set[str] = field(default_factory=set)  # "responsible for the killings": the doer
    document_nouns: set[str] = field(default_factory=set)  # "issued a statement calling on": the issuer calls
    unsaid: set[str] = field(default_factory=set)  # "declined to comment": refusing to speak, no event
    deliberation_verbs: set[str] = field(default_factory=set)  # "is considering sending aid": an option, not an act

    def committed(self, spec: EventSpec) -> EventSpec | None:
        """The AGREE / THREATEN event that a commitment to ``spec`` is."""
        c = self.commitment
        if spec.type in c.get("cooperative", ()):
            root = spec.cameo[:2]
            code = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "03": spec.cameo}.get(root, "030")
            return replace(spec, cameo=code, type="AGREE", mode=None, reciprocal=spec.reciprocal)
        if spec.type in c.get("conflictual", ()):
            code = {"18": "138", "19": "138", "20": "138", "17": "137", "16": "131", "15": "138"}.get(spec.cameo[:2], "130")
            return replace(spec, cameo=code, type="THREATEN", mode=None)
        return None

    def score(self, type_: str, mode: str | None) -> float | None:
        return self.scores.get((type_, mode or ""), self.scores.get((type_, "")))

    def verb(self, lemma: str) -> EventSpec | None:
        return self.verbs.get(lemma) or self.fallback_verbs.get(lemma)

    def frame(self, verb: str, obj: str) -> EventSpec | None:
        for vs, objs, spec in self.frames:
            if verb in vs and obj in objs:
                return spec
        return None

    def shift(self, noun: str, adjectives: set[str]) -> EventSpec | None:
        for ns, adjs, spec in self.amod_shift:
            if noun in ns and adjectives & adjs:
                return spec
        return None

    def with_verb_forms(self, exceptions: dict[str, list[str]]) -> "Lexicon":
        """This lexicon with the irregular forms of its verbs ("struck", "withdrew", "sought") among
        the first-pass words, from a lemma-exception table (form -> lemmas: the model's "lemma_exc"
        for verbs); ``_forms`` gives the regular ones.  A new Lexicon: the loaded one is shared."""
        curated = {k.split()[0] for k in list(self.verbs) + list(self.flips) + list(self.commitment.get("verbs", ()))} | {
            v.split()[0] for vs, _, _ in self.frames for v in vs
        }
        fallback = {k.split()[0] for k in self.fallback_verbs} - curated
        surface, surface_fallback = set(self.surface), set(self.surface_fallback)
        for form, lemmas in exceptions.items():
            if any(lem in curated for lem in lemmas):
                surface.add(form)
                surface_fallback.discard(form)
            elif form not in surface and any(lem in fallback for lem in lemmas):
                surface_fallback.add(form)
        return replace(self, surface=surface, surface_fallback=surface_fallback)

    def maybe_trigger(self, word: str, fallback: bool = False) -> bool:
        """Cheap first-pass test on a surface word (no tagging yet); "rearrested" as "arrested"."""
        w = word.lower()
        return (
            w in self.surface
            or (fallback and w in self.surface_fallback)
            or (w.startswith("re") and len(w) > 6 and w[2:].lstrip("-") in self.surface)
        )

    def repeated(self, word: str) -> EventSpec | None:
        """The act of a re- verb the tagger does not know ("rearrested", "re-imposed")."""
        lemma = self.repeated_lemma(word)
        return self.verbs.get(lemma) if lemma else None

    def repeated_lemma(self, word: str) -> str | None:
        w = word.lower()
        if not w.startswith("re") or len(w) < 7:
            return None
        if not self._form_lemma:
            for k in self.verbs:
                if " " not in k:
                    for f in _forms(k):
                        self._form_lemma.setdefault(f, k)
        return self._form_lemma.get(w[2:].lstrip("-"))


def _forms(lemma: str) -> set[str]:
    w = lemma.split()[0]
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing"}
    if w.endswith("e"):
        out |= {w[:-1] + "ing"}
    if w.endswith("y"):
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    out |= set(IRREGULAR.get(w, []))
    return out


def _words(items) -> tuple[str, ...]:
    """YAML 1.1 reads a bare ``on``/``off`` as a boolean; in this lexicon they are prepositions."""
    return tuple({True: "on", False: "off"}[x] if isinstance(x, bool) else str(x) for x in items or ())


def _spec(d: dict, table: dict[str, tuple[str, str, str]], origin: str = "patterns") -> EventSpec:
    cameo = str(d["cameo"])
    t, m, c = table.get(cameo) or table.get(cameo[:3]) or table.get(cameo[:2]) or ("", "", "")
    return EventSpec(
        cameo=cameo,
        type=d.get("type") or t,
        mode=d.get("mode") or (m or None),
        context=d.get("context") or (c or None),
        reciprocal=bool(d.get("reciprocal")),
        reciprocal_if_with=bool(d.get("reciprocal_if_with")),
        reciprocal_if_no_target=bool(d.get("reciprocal_if_no_target")),
        preps=_words(d.get("preps")),
        needs_object=bool(d.get("needs_object")),
        no_object=bool(d.get("no_object")),
        needs_light=bool(d.get("needs_light")),
        target_from_owner=bool(d.get("target_from_owner")),
        passive_source=bool(d.get("passive_source")),
        object_actor=bool(d.get("object_actor")),
        place_object=bool(d.get("place_object")),
        not_doers=_words(d.get("not_doers")),
        negated=_spec(d["negated"], table) if d.get("negated") else None,
        verbal=_spec(d["verbal"], table) if d.get("verbal") else None,
        alone=_spec(d["alone"], table) if d.get("alone") else None,
        of_agent=bool(d.get("of_agent")),
        origin=origin,
    )


def _read_tsv(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as f:
        return list(csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t"))


_SOURCES = ("patterns.yaml", "cameo_plover.tsv", "plover_scores.tsv", "cameo_verbs.tsv", "cameo_frames.tsv")


@lru_cache(maxsize=4)
def load_lexicon(extra: str | None = None) -> Lexicon:
    """The lexicon of the bundled files and ``extra`` (a user's patterns file), compiled once and
    then read from the cache (compiling it takes a fifth of a second of every cold start)."""
    from ..cache import content_key, load_or_build

    parts = [pathlib.Path(__file__)] + [DATA / f for f in _SOURCES] + ([pathlib.Path(extra)] if extra else [])
    return load_or_build("lexicon", content_key("lexicon", *parts), lambda: _build_lexicon(extra), Lexicon)


def _build_lexicon(extra: str | None) -> Lexicon:
    table = {r["cameo"]: (r["type"], r["mode"], r["context"]) for r in _read_tsv("cameo_plover.tsv")}
    scores = {(r["type"], r["mode"]): float(r["score"]) for r in _read_tsv("plover_scores.tsv")}
    docs = [_yaml_load((DATA / "patterns.yaml").read_text(encoding="utf-8"))]
    if extra:
        docs.append(_yaml_load(pathlib.Path(extra).read_text(encoding="utf-8")))
    control: dict[str, str]
    verbs, nouns, control, flips, flip_nouns, commitment = {}, {}, {}, {}, {}, {}
    light: set[str] = set()
    frames, shifts = [], []
    for doc in docs:
        for k, v in (doc.get("verbs") or {}).items():
            verbs[k] = _spec(v, table)
        for k, v in (doc.get("nouns") or {}).items():
            nouns[k] = _spec(v, table)
        light |= set(doc.get("light_verbs") or [])
        control.update(doc.get("control") or {})
        for k, v in (doc.get("flips") or {}).items():
            flips[k] = replace(_spec(v, table), reciprocal=False) if not v.get("keep") else _spec(v, table)
        for k, v in (doc.get("flip_nouns") or {}).items():
            flip_nouns[k] = _spec(v, table)
        for k, v in (doc.get("commitment") or {}).items():
            commitment[k] = set(v)
        for fr in doc.get("frames") or []:
            frames.append((frozenset(_words(fr["verbs"])), frozenset(_words(fr["objects"])), _spec(fr, table)))
        for sh in doc.get("amod_shift") or []:
            shifts.append((frozenset(sh["nouns"]), frozenset(sh["adjectives"]), _spec(sh, table)))

    def words(key: str, lower: bool = False) -> set[str]:
        """A word list of the lexicon files, all files together."""
        return {str(w).lower() if lower else str(w) for doc in docs for w in (doc.get(key) or [])}

    demand_modals = words("demand_modals")
    demand_code = next((str(doc["demand_cameo"]) for doc in reversed(docs) if doc.get("demand_cameo")), "100")
    stop = {w for doc in docs for key in ("fallback_stop", "fallback_stop_reporting") for w in (doc.get(key) or [])}
    # one (frozen) spec per CAMEO code and origin: the dictionary tables repeat a few hundred codes
    # over thousands of rows, and building each anew is most of the lexicon's start-up
    by_code: dict[tuple[str, str], EventSpec] = {}

    def code_spec(code: str, origin: str) -> EventSpec:
        if (code, origin) not in by_code:
            by_code[(code, origin)] = _spec({"cameo": code}, table, origin=origin)
        return by_code[(code, origin)]

    fallback = {}
    for r in _read_tsv("cameo_verbs.tsv"):
        code = r["cameo"]
        if code.startswith("01") or r["lemma"] in verbs or r["lemma"] in stop:
            continue  # statements are not PLOVER events
        spec = code_spec(code, "cameo-dictionary")
        if spec.type:
            fallback[r["lemma"]] = spec
    # the CAMEO dictionary's verb+object patterns, for verbs the curated lexicon leaves out
    cameo_frames: dict[tuple[str, str], EventSpec] = {}
    for r in _read_tsv("cameo_frames.tsv"):
        spec = code_spec(r["cameo"], "cameo-pattern")
        if spec.type and r["lemma"] not in verbs:
            cameo_frames[(r["lemma"], r["object"])] = spec
    # Light and control verbs ("hold", "decide") only matter with an event word beside them, which
    # selects the sentence by itself; so they are not first-pass words.
    surface: set[str] = set()
    for k in list(verbs) + list(flips) + [v for vs, _, _ in frames for v in vs] + list(commitment.get("verbs", ())):
        surface |= _forms(k)
    for k in nouns:
        # (a sense keyed by a preposition, "on strike", "strike for", is selected by its noun)
        surface |= {w for w in (k.split()[0], k.split()[-1]) if w not in ("on", "for", "over", "of", "in", "to", "with")}
    # a frame needs its verb, which is a first-pass word itself: its objects ("talks", "aid",
    # "water") need not be (irregular verb forms are added from the model: ``with_verb_forms``)
    surface |= set(flip_nouns)
    characterize = words("characterize_verbs")
    eval_adjs = {str(k): _spec(v, table) for doc in docs for k, v in (doc.get("evaluative_adjectives") or {}).items()}
    for k in characterize:
        surface |= _forms(k)
    surface |= set(eval_adjs)
    surface_fallback: set[str] = set()
    for k in fallback:
        surface_fallback |= _forms(k)
    surface_fallback -= surface
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        fallback_verbs=fallback,
        light_verbs=light,
        control=control,
        flips=flips,
        frames=frames,
        amod_shift=shifts,
        scores=scores,
        cameo_table=table,
        surface=surface,
        surface_fallback=surface_fallback,
        commitment=commitment,
        flip_nouns=flip_nouns,
        demand=_spec({"cameo": demand_code}, table),
        demand_modals=demand_modals,
        credit_lines=tuple(str(w).lower() for doc in docs for w in (doc.get("credit_lines") or [])),
        implied_agents={str(k): str(v) for doc in docs for k, v in (doc.get("implied_agents") or {}).items()},
        implied_agent_nouns={str(k): str(v) for doc in docs for k, v in (doc.get("implied_agent_nouns") or {}).items()},
        characterize_verbs=characterize,
        speculators=words("speculators", lower=True),
        content_nouns=words("content_nouns", lower=True),
        intent_nouns=words("intent_nouns", lower=True),
        verbal_objects=words("verbal_objects", lower=True),
        joint_words=words("joint_words", lower=True),
        quantifiers=words("quantifiers", lower=True),
        frame_heads=words("frame_heads", lower=True),
        means_verbs=words("means_verbs", lower=True),
        territorial_measures=words("territorial_measures", lower=True),
        cameo_frames=cameo_frames,
        question_verbs=words("question_verbs", lower=True),
        question_words=words("question_words", lower=True),
        evaluations={str(w).lower(): pol for doc in docs for pol, ws in (doc.get("evaluations") or {}).items() for w in ws},
        evaluative_adjectives=eval_adjs,
        agent_modifiers=words("agent_modifiers"),
        receiving_verbs=words("receiving_verbs"),
        continuation_words=words("continuation_words"),
        interview_verbs=words("interview_verbs"),
        warning_verbs=words("warning_verbs"),
        factive_verbs=words("factive_verbs"),
        reception_nouns=words("reception_nouns"),
        accusing_verbs=words("accusing_verbs"),
        instruments=words("instruments"),
        culpability_adjectives=words("culpability_adjectives"),
        document_nouns=words("document_nouns", lower=True),
        unsaid=words("unsaid"),
        deliberation_verbs=words("deliberation_verbs"),
        denial_verbs=words("denial_verbs"),
        responsibility_verbs=words("responsibility_verbs"),
        responsibility_nouns=words("responsibility_nouns"),
    )
