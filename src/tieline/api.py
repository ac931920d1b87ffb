"""Tieline's Python API: one object that owns the loaded pipeline, knowledge base and lexicon.

    tl = Tieline()
    tl.tag("Iran's Revolutionary Guards ...", date="2017-05-30")    -> [Actor, ...]
    tl.code("Iran cut off aid to Hamas.", date="2012-03-01")        -> [Event, ...]
    tl.analyse_article(article)                                       -> Analysis(mentions, events)

The CLI, the ingest pipeline and the web app all go through this class.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .actors.kb import KnowledgeBase, load_kb, norm_key
from .actors.tagger import ActorTagger, DocumentContext, Mention
from .events.coder import CoderContext, EventCoder
from .events import dates as _dates
from .events.lexicon import Lexicon, load_lexicon
from .nlp import NLP
from .records import Actor, Article, Event

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class Analysis:
    mentions: list[Actor]
    events: list[Event]
    sentences: int = 0
    parsed: int = 0


class Tieline:
    def __init__(self, kb: KnowledgeBase | None = None, lexicon: Lexicon | None = None, nlp: NLP | None = None,
                 kb_files: list[str] | None = None, lexicon_file: str | None = None) -> None:
        from .config import load_config
        self.kb = kb or load_kb(kb_files)
        self.lexicon = lexicon or load_lexicon(lexicon_file or load_config().get("lexicon"))
        self.nlp = nlp or NLP()
        self.tagger = ActorTagger(self.kb)
        self.coder = EventCoder(self.lexicon)
        self._actor_words = self._candidate_words()

    def _candidate_words(self) -> set[str]:
        words = set()
        for k in list(self.kb.by_name) + list(self.kb.by_adjective) + list(self.kb.by_capital) + list(self.kb.agent_sector):
            words.add(k.split()[0])
        return words

    # -- the first pass: which sentences deserve a full parse --------------------------------
    def worth_parsing(self, tokens) -> bool:
        has_actor = has_pred = False
        for i, t in enumerate(tokens):
            low = t.lower_.replace(".", "") if t.lower_ != "." else "."
            if not has_actor and (low in self._actor_words or (i > 0 and t.text[:1].isupper() and t.is_alpha)):
                has_actor = True
            if not has_pred and self.lexicon.maybe_trigger(t.lower_):
                has_pred = True
            if has_actor and has_pred:
                return True
        return False

    # -- main entry --------------------------------------------------------------------------
    def analyse(self, text: str, date: str | None = None, article_id: str | None = None,
                parse_all: bool = False, code: bool = True) -> Analysis:
        pub = _dates.parse_published(date)
        tctx = DocumentContext(date=pub)
        cctx = CoderContext(published=date, pub_date=pub, article_id=article_id)
        sents = self.nlp.split(text)
        selected = []
        for s in sents:
            if parse_all or self.worth_parsing(self.nlp.tokenize(s.text)):
                selected.append(s)
        parsed = dict(zip((id(s) for s in selected), self.nlp.parse(s.text for s in selected)))
        mentions: list[Actor] = []
        events: list[Event] = []
        for s in sents:
            doc = parsed.get(id(s)) or self.nlp.tokenize(s.text)
            if s.paragraph != cctx.paragraph:
                cctx.paragraph = s.paragraph
                cctx.paragraph_year = None
            ms = self.tagger.tag_doc(doc, tctx, offset=s.start)
            mentions.extend(a for m in ms for a in m.actors)
            if code and id(s) in parsed:
                evs = self.coder.code_sentence(doc, ms, cctx, offset=s.start)
                events.extend(evs)
            years = [y for y in _YEAR.findall(s.text) if not pub or int(y) != pub.year]
            if years:
                cctx.paragraph_year = years[-1]
        for i, e in enumerate(events):
            e.assign_id(article_id, i)
        return Analysis(mentions=mentions, events=events, sentences=len(sents), parsed=len(selected))

    def tag(self, text: str, date: str | None = None) -> list[Actor]:
        return self.analyse(text, date, parse_all=True, code=False).mentions

    def code(self, text: str, date: str | None = None, article_id: str | None = None) -> list[Event]:
        return self.analyse(text, date, article_id=article_id).events

    def analyse_article(self, article: Article) -> Analysis:
        text = article.body
        return self.analyse(text, article.published, article_id=article.id)
