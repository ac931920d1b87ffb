"""Tieline's Python API: one object that owns the loaded pipeline, knowledge base and lexicon.

    tl = Tieline()
    tl.tag("Iran's Revolutionary Guards ...", date="2017-05-30")    -> [Actor, ...]
    tl.code("Iran cut off aid to Hamas.", date="2012-03-01")        -> [Event, ...]
    tl.analyse_article(article)                                       -> Analysis(mentions, events)

The CLI, the ingest pipeline and the web app all go through this class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .actors.kb import KnowledgeBase, load_kb
from .actors.tagger import ActorTagger, DocumentContext
from .events.coder import CoderContext, CoderSettings, EventCoder
from .events import dates as _dates
from .events.lexicon import Lexicon, load_lexicon
from .geo import Geocoder
from .nlp import NLP
from .nlp.pipeline import MODEL
from .nlp.words import PerWord
from .records import Actor, Article, Event, Place

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .events.coder import Trigger
    from .nlp import Sentence

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class Analysis:
    mentions: list[Actor]
    events: list[Event]
    sentences: int = 0
    parsed: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)  # event candidates not emitted and why (--explain)


class Tieline:
    """One loaded pipeline (spaCy model, knowledge base, lexicon, coder settings), built once and
    reused: loading costs a second or two (the model on first use), coding a sentence
    milliseconds.  The CLI, the ingest pipeline and the workers all go through it."""

    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        lexicon: Lexicon | None = None,
        nlp: NLP | None = None,
        kb_files: list[str] | None = None,
        lexicon_file: str | None = None,
        coder_settings: CoderSettings | None = None,
        spacy_cli: bool = True,
    ) -> None:
        """``spacy_cli`` False: if the model is loaded here and spaCy is not imported yet, import it
        without its own command line (``nlp.pipeline.import_spacy_without_its_cli``), as Tieline's
        CLI does; a program of one's own keeps spaCy's import as it is."""
        from .config import load_config

        cfg = load_config()
        self.kb = kb or load_kb(kb_files)
        self._lexicon = lexicon or load_lexicon(lexicon_file or cfg.get("lexicon"))
        self._nlp = nlp
        self.model_name = nlp.model_name if nlp is not None else MODEL
        self._spacy_cli = spacy_cli
        self._coder_settings = coder_settings or CoderSettings.from_config(cfg.get("coder"))
        self.tagger = ActorTagger(self.kb)
        # where events happened ([geo] enabled = false in tieline.toml leaves places unresolved names)
        self.geocoder = Geocoder(self.kb) if (cfg.get("geo") or {}).get("enabled", True) else None
        self._actor_words = self._candidate_words()
        # what the first pass asks of a token depends on its word alone: asked once per word
        self._word_tests: PerWord[tuple[bool, ...]] = PerWord("ORTH", self._tests_of)

    # the model and what depends on it are made on first use: a process that hands all coding to
    # workers (``--workers``, ``--dask``) never loads a model it would not use
    @cached_property
    def nlp(self) -> NLP:
        return self._nlp or NLP(self.model_name, spacy_cli=self._spacy_cli)

    @cached_property
    def lexicon(self) -> Lexicon:
        return self._lexicon.with_verb_forms(self.nlp.verb_exceptions())  # "struck", "withdrew"

    @cached_property
    def coder(self) -> EventCoder:
        return EventCoder(self.lexicon, self._coder_settings)

    def worker_spec(self) -> tuple[KnowledgeBase, Lexicon, CoderSettings, str]:
        """What a worker process needs to build the same analyser (the model it loads itself, and
        the lexicon gains that model's verb forms there)."""
        settings = self.__dict__["coder"].settings if "coder" in self.__dict__ else self._coder_settings
        return (self.kb, self._lexicon, settings, self.model_name)

    def _candidate_words(self) -> set[str]:
        words = set()
        for k in list(self.kb.by_name) + list(self.kb.by_adjective) + list(self.kb.by_capital) + list(self.kb.agent_sector):
            words.add(k.split()[0])
        return words

    # -- the first pass: which sentences deserve a full parse --------------------------------
    def _tests_of(self, vocab: Any, orth: int) -> tuple[bool, ...]:
        """The first pass's tests of a word (``_word_tests``, by its ORTH hash): knowledge-base
        word, capital, alphabetic, stop word, lexicon word, fallback lexicon word, number or time
        word."""
        w = vocab[orth]
        low = w.lower_.replace(".", "") if w.lower_ != "." else "."
        return (
            low in self._actor_words,
            w.orth_[:1].isupper(),
            w.is_alpha,
            w.is_stop,
            self.lexicon.maybe_trigger(w.lower_),
            self.lexicon.maybe_trigger(w.lower_, fallback=True),
            w.like_num or any(c.isdigit() for c in w.orth_) or w.lower_ in _dates.TIME_WORDS,
        )

    def worth_parsing(self, tokens: Doc) -> bool:
        """A sentence deserves the full parse when it names an actor candidate (a knowledge-base
        word, or a capitalised word inside the sentence) and a predicate candidate (a lexicon word
        written in lower case: "March" and "United" are names, not predicates)."""
        kb_actor = name = pred = fallback_pred = False
        for i, (actor_word, cap, alpha, stop, trigger, fallback, _) in enumerate(self._word_tests(tokens)):
            if actor_word:
                kb_actor = True
            elif cap and alpha and (i > 0 or not stop):
                name = True  # "Exantus described ...": a name may open the sentence
            if i > 0 and cap:
                continue
            if trigger:
                pred = True
            elif fallback:
                fallback_pred = True
        return (pred and (kb_actor or name)) or (fallback_pred and kb_actor)

    def needs_entities(self, doc: Doc) -> bool:
        """Whether the entity recogniser can change the events of a parsed sentence with a
        trigger: it holds a digit or a time or number word (a date to resolve, a quantity that is
        no actor), or a run of capitalised words that is not one knowledge-base name (a name the
        base lacks, or a known name inside a longer one: "Chad Smith").  Otherwise the recogniser
        is skipped: it costs as much as the parse."""
        if any(t[6] for t in self._word_tests(doc)):  # a number, a digit or a time word
            return True
        atom_of = {i: k for k, a in enumerate(self.tagger.atoms(doc)) for i in range(a.start, a.end)}
        prev = None  # the atom of the previous capitalised word, when it was one
        for t in doc:
            if not t.text[:1].isupper() or (t.i == 0 and t.is_stop):
                prev = None
                continue
            k = atom_of.get(t.i)
            if k is None or (prev is not None and k != prev):
                return True
            prev = k
        return False

    # -- main entry --------------------------------------------------------------------------
    def analyse(
        self,
        text: str,
        date: str | None = None,
        article_id: str | None = None,
        parse_all: bool = False,
        code: bool = True,
        explain: bool = False,
    ) -> Analysis:
        """Actors and events of one text; ``date`` (YYYY-MM-DD, the publication date) anchors relative
        dates and picks the actors that held office then; ``parse_all`` parses every sentence (and
        recognises entities everywhere), as ``tag`` needs; ``explain`` keeps the rejected candidates."""
        return self.analyse_many([(text, date, article_id)], parse_all=parse_all, code=code, explain=explain)[0]

    def analyse_many(
        self, items: list[tuple[str, str | None, str | None]], parse_all: bool = False, code: bool = True, explain: bool = False
    ) -> list[Analysis]:
        """Several texts at once: the selected sentences of all of them go through one spaCy
        stream, which is faster than one call per text.  ``items``: (text, date, article_id).
        ``explain``: also list the event candidates not emitted (``Analysis.rejected``)."""
        split = [self.nlp.split(text) for text, _, _ in items]
        first_pass: dict[tuple[int, int], Doc] = {}
        selected: list[tuple[int, int]] = []
        for i, sents in enumerate(split):
            for j, s in enumerate(sents):
                toks = self.nlp.tokenize(s.text)
                first_pass[(i, j)] = toks
                if parse_all or self.worth_parsing(toks):
                    selected.append((i, j))
        docs = list(self.nlp.parse((first_pass[k] for k in selected), entities=parse_all))
        triggers = {k: self.coder.triggers(d) for k, d in zip(selected, docs)} if code else {}
        if not parse_all:
            # entities decide actors and dates of events; a sentence without a trigger has none
            self.nlp.recognise([d for k, d in zip(selected, docs) if triggers.get(k) and self.needs_entities(d)])
        parsed = dict(zip(selected, docs))
        return [
            self._analyse_one(split[i], first_pass, parsed, i, date, article_id, code, explain, triggers)
            for i, (_, date, article_id) in enumerate(items)
        ]

    def _analyse_one(
        self,
        sents: list[Sentence],
        first_pass: dict[tuple[int, int], Doc],
        parsed: dict[tuple[int, int], Doc],
        i: int,
        date: str | None,
        article_id: str | None,
        code: bool,
        explain: bool = False,
        triggers: dict[tuple[int, int], list[Trigger]] | None = None,
    ) -> Analysis:
        def sentences() -> Iterator[tuple[Doc, Sentence, bool, list[Trigger] | None]]:
            for j, s in enumerate(sents):
                doc = parsed.get((i, j))
                yield (doc if doc is not None else first_pass[(i, j)]), s, doc is not None, (triggers or {}).get((i, j))

        return analyse_sentences(self.tagger, self.coder, sentences(), date, article_id, code, explain, self.geocoder)

    def tag(self, text: str, date: str | None = None) -> list[Actor]:
        """Every actor mention of ``text`` (the `tieline tag` contract), every sentence analysed."""
        return self.analyse(text, date, parse_all=True, code=False).mentions

    def code(self, text: str, date: str | None = None, article_id: str | None = None) -> list[Event]:
        """The events of ``text`` (the `tieline code` contract), with ids from ``article_id``."""
        return self.analyse(text, date, article_id=article_id).events

    def analyse_article(self, article: Article) -> Analysis:
        """Actors and events of an ingested ``Article`` (its body, publication date and id)."""
        return self.analyse(article.body, article.published, article_id=article.id)

    def analyse_articles(self, articles: list[Article]) -> list[Analysis]:
        """Several articles in one spaCy stream (faster than one by one); results in order."""
        return self.analyse_many([(a.body, a.published, a.id) for a in articles])


def _country_code(tagger: ActorTagger, name: str) -> str | None:
    """The code of a country written in a dateline ("Afghanistan"), if the base knows it."""
    for e in tagger.kb.by_name.get(name.strip().lower(), []) if name.strip() else []:
        if e.kind == "country":
            return e.code
    return None


def analyse_sentences(
    tagger: ActorTagger,
    coder: EventCoder,
    sentences: Iterable[tuple[Doc, Sentence, bool, list[Trigger] | None]],
    date: str | None,
    article_id: str | None = None,
    code: bool = True,
    explain: bool = False,
    geocoder: Geocoder | None = None,
) -> Analysis:
    """One text's actors and events from its sentences in reading order, each (doc, Sentence,
    parsed, triggers or None): the context a reader carries across them (who was named, the
    paragraph's year) is built here, once for the API and for the ``tieline_events`` component."""
    pub = _dates.parse_published(date)
    tctx = DocumentContext(date=pub)
    cctx = CoderContext(published=date, pub_date=pub, article_id=article_id, rejected=[] if explain else None)
    mentions: list[Actor] = []
    events: list[Event] = []
    n = n_parsed = 0
    filed: Place | None = None  # where the story was filed, from its dateline
    for doc, s, is_parsed, trigs in sentences:
        n += 1
        n_parsed += is_parsed
        if s.dateline and filed is None:
            name, _, country = s.dateline.partition(",")
            filed = Place(name=name.strip().title(), how="dateline", country=_country_code(tagger, country))
        if s.paragraph != cctx.paragraph:
            cctx.paragraph = s.paragraph
            cctx.paragraph_year = None
        ms = tagger.tag_doc(doc, tctx, offset=s.start)
        mentions.extend(a for m in ms for a in m.actors)
        if code and is_parsed:
            events.extend(coder.code_sentence(doc, ms, cctx, offset=s.start, triggers=trigs))
        years = [y for y in _YEAR.findall(s.text) if not pub or int(y) != pub.year]
        if years:
            cctx.paragraph_year = years[-1]
    if filed is not None:
        # a weak fallback: where a story was filed is often, not always, where its events happened
        for e in events:
            if e.place is None:
                e.place = replace(filed)
                e.location = filed.name
    if geocoder is not None:
        geocoder.place_events(events, mentions)
    for k, e in enumerate(events):
        e.assign_id(article_id, k)
    return Analysis(mentions=mentions, events=events, sentences=n, parsed=n_parsed, rejected=cctx.rejected or [])
