"""spaCy components Tieline puts in the model's pipeline, registered as factories.

``tieline_lemmatizer`` is spaCy's rule lemmatizer with the lemma of each (form, part of speech,
morphology) remembered as a string hash and written with one ``Doc.from_array``: the same lemmas,
without a Python call per token (the stock component spends most of its time there).

``tieline_attribute_ruler`` is spaCy's ``AttributeRuler`` with the same patterns and the same
result, found faster: the stock ruler runs every pattern through the ``Matcher`` on every token
(about a tenth of all coding time), while nearly all of its patterns test one token's tag or
lower-case form.  Here patterns are indexed by that value, so each token is tested only against the
few patterns that can match it; the matches (sorted by rule, later rules win) are applied by
spaCy's own ``set_annotations``.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import AttributeRuler

from .words import PerWord

# token attributes the index understands, compared as string hashes in ``Doc.to_array`` rows; a
# pattern with any other attribute or operator makes the ruler use spaCy's Matcher (same result)
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_SELECTIVE = (1, 2, 0, 3)  # the column a pattern is indexed by: its most selective test first


def _predicate(col: int, spec: Any, strings) -> Callable[[tuple], bool] | None:
    key = (lambda v: int(bool(v))) if _ATTRS[col] == "IS_SPACE" else (lambda v: strings.add(v))
    if not isinstance(spec, dict):
        want = key(spec)
        return lambda row: row[col] == want
    # each takes a row; ``...``: mypy cannot match a lambda that binds values as defaults to Callable[[tuple], bool]
    tests: list[Callable[..., bool]] = []
    for op, val in spec.items():
        if op in ("IN", "NOT_IN"):
            vals = {key(v) for v in val}
            tests.append(
                (lambda row, vals=vals: row[col] in vals) if op == "IN" else (lambda row, vals=vals: row[col] not in vals)
            )
        elif op == "REGEX" and _ATTRS[col] != "IS_SPACE":
            rx = re.compile(val)
            tests.append(lambda row, rx=rx: bool(rx.search(strings[row[col]])))
        else:
            return None
    return lambda row: all(f(row) for f in tests)


def _compile_token(spec: dict, strings) -> Callable[[tuple], bool] | None:
    if any(a not in _ATTRS for a in spec):
        return None
    preds = [_predicate(_ATTRS.index(a), v, strings) for a, v in spec.items()]
    if any(p is None for p in preds):
        return None
    tests = [p for p in preds if p is not None]  # all of them: none is None
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        p, q = tests
        return lambda row: p(row) and q(row)
    return lambda row: all(p(row) for p in tests)


_NONE: list = []


class IndexedAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` whose patterns are looked up by tag or lower-case form."""

    _index: tuple | None = None
    _by_row: PerWord | None = None  # a token's row -> what its own values decide (``_row_matches``)

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = self._by_row = None

    def _build(self) -> tuple | bool:
        """Per column, value hash -> patterns whose first token needs that value; and the
        patterns no equality or IN test indexes (tested on every token)."""
        index: list[dict[int, list]] = [{} for _ in _ATTRS]
        rest: list = []
        strings = self.vocab.strings
        for rule, (key, pats) in enumerate(self._rule_patterns()):
            for pat in pats:
                steps = [_compile_token(tok, strings) for tok in pat]
                if not pat or any(s is None for s in steps):
                    return False
                entry = (rule, key, steps)
                for col in _SELECTIVE:
                    attr = _ATTRS[col]
                    spec = pat[0].get(attr)
                    vals = [spec] if not isinstance(spec, dict) else spec.get("IN") if list(spec) == ["IN"] else None
                    if spec is not None and vals is not None:
                        for v in vals:
                            h = int(bool(v)) if attr == "IS_SPACE" else strings.add(v)
                            index[col].setdefault(h, []).append(entry)
                        break
                else:
                    rest.append(entry)
        return index, rest

    def _rule_patterns(self):
        for i in range(len(self.attrs)):
            key = self.vocab.strings[str(i)]
            yield key, self.matcher.get(key)[1]

    def match(self, doc):
        if self._index is None:
            self._index = self._build()
        if self._index is False:
            return super().match(doc)
        if self._by_row is None:
            self._by_row = PerWord(_ATTRS, lambda vocab, row: self._row_matches(row), kept=100_000)
        rows = [tuple(r) for r in doc.to_array(_ATTRS).tolist()]
        n = len(rows)
        out = set()
        for i, (singles, longer) in enumerate(self._by_row.answers(rows, doc.vocab)):
            for rule, key in singles:
                out.add((rule, key, i, i + 1))
            for rule, key, steps in longer:
                if i + len(steps) <= n and all(step(rows[i + k]) for k, step in enumerate(steps) if k):
                    out.add((rule, key, i, i + len(steps)))
        return sorted(out)

    def _row_matches(self, row: tuple) -> tuple[list, list]:
        """What a token's own values decide, the same wherever it stands: the one-token patterns it
        matches, and the longer patterns whose first token it matches (their other tokens are
        tested where it stands).  Tokens repeat, so ``match`` asks this once per distinct row."""
        assert isinstance(self._index, tuple)
        index, rest = self._index
        cands = [e for col, ix in enumerate(index) for e in ix.get(row[col], _NONE)]
        singles, longer = [], []
        for rule, key, steps in cands + rest if rest else cands:
            if steps[0](row):
                if len(steps) == 1:
                    singles.append((rule, key))
                else:
                    longer.append((rule, key, steps))
        return singles, longer


@Language.factory("tieline_attribute_ruler", default_config={"validate": False, "scorer": None})
def make_attribute_ruler(nlp: Language, name: str, validate: bool, scorer):
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def use_indexed_attribute_ruler(nlp: Language) -> None:
    """Swap the model's ``attribute_ruler`` for ``tieline_attribute_ruler`` with its patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("attribute_ruler")
    if isinstance(old, IndexedAttributeRuler):
        return
    new = nlp.replace_pipe("attribute_ruler", "tieline_attribute_ruler")
    new.add_patterns(old.patterns)  # type: ignore[attr-defined]  # spaCy types pipes as Doc -> Doc callables


class _WordList(list):
    """A list of words whose ``in`` is a set lookup.  The rule lemmatizer asks ``form in index``
    of word lists thousands long, once per rule: three quarters of all its time."""

    def __init__(self, words) -> None:
        super().__init__(words)
        self._set = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self._set


class CachedLemmatizer(EnglishLemmatizer):
    """spaCy's English lemmatizer, one lookup per distinct (form, POS, morphology), its word
    lists searched as sets."""

    def __call__(self, doc):
        if not self._validated:
            self._validate_tables()
        if not getattr(self, "_indexed", False) and self.lookups.has_table("lemma_index"):
            index = self.lookups.get_table("lemma_index")
            for pos in list(index.keys()):  # keys are hashes, set back as they are
                if isinstance(index[pos], list) and not isinstance(index[pos], _WordList):
                    index[pos] = _WordList(index[pos])
            self._indexed = True
        if self.mode != "rule" or not len(doc):
            return super().__call__(doc)
        memo = self.__dict__.setdefault("_memo", {})
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.overwrite:
                continue
            h = memo.get((orth, pos, morph))
            if h is None:
                h = memo[(orth, pos, morph)] = self.vocab.strings.add(self.lemmatize(doc[i])[0])
            rows[i, 3] = h
            changed = True
        if changed:
            doc.from_array([LEMMA], rows[:, 3:4])
        return doc


@Language.factory("tieline_lemmatizer", default_config={"model": None, "mode": "rule", "overwrite": False, "scorer": None})
def make_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool, scorer):
    return CachedLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def use_fast_components(nlp: Language) -> None:
    """Swap the model's attribute ruler and rule lemmatizer for Tieline's faster equivalents,
    keeping their patterns and lookup tables (the output is the same; tested)."""
    use_indexed_attribute_ruler(nlp)
    if "lemmatizer" in nlp.pipe_names:
        old = nlp.get_pipe("lemmatizer")
        if type(old) is EnglishLemmatizer and old.mode == "rule":
            new = nlp.replace_pipe("lemmatizer", "tieline_lemmatizer", config={"overwrite": old.overwrite})
            new.initialize(lookups=old.lookups)  # type: ignore[attr-defined]  # spaCy types pipes as Doc -> Doc callables


# -- Tieline's coder inside anyone's spaCy pipeline ------------------------------------------------
def _extensions() -> None:
    from spacy.tokens import Doc

    for name in ("published", "actors", "events"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class EventComponent:
    """Actors and events of a parsed Doc, sentence by sentence, as ``Tieline.analyse`` finds them
    when it parses every sentence (its sentences come from the parser here, from a sentencizer
    there, so long texts can differ where the two split differently):
    ``doc._.actors`` (mentions, with codes) and ``doc._.events``.  Set ``doc._.published``
    ("YYYY-MM-DD") before the component runs to resolve dates and date-aware actors.

    For reusing Tieline in spaCy code of one's own; ``Tieline`` itself stays the fast path (it
    parses only the sentences worth it, and entities only where an event needs them)."""

    def __init__(self, nlp: Language, name: str, kb: list[str], lexicon: str | None, coder: dict) -> None:
        from ..actors.kb import load_kb
        from ..actors.tagger import ActorTagger
        from ..events.coder import CoderSettings, EventCoder
        from ..events.lexicon import load_lexicon

        _extensions()
        self.name = name
        self.kb_files, self.lexicon_file, self.coder_cfg = list(kb), lexicon, dict(coder)
        from ..geo import Geocoder

        kb_ = load_kb(self.kb_files or None)
        self.tagger = ActorTagger(kb_)
        self.coder = EventCoder(load_lexicon(lexicon), CoderSettings.from_config(self.coder_cfg))
        self.geocoder = Geocoder(kb_)

    def __call__(self, doc):
        from ..api import analyse_sentences
        from .pipeline import Sentence

        parsed = doc.has_annotation("DEP")

        def sentences():
            for sent in doc.sents if parsed or doc.has_annotation("SENT_START") else [doc[:]]:
                para = doc.text.count("\n\n", 0, sent.start_char)  # paragraphs, as the API counts them
                yield sent.as_doc(), Sentence(sent.text.strip(), sent.start_char, para), parsed, None

        an = analyse_sentences(self.tagger, self.coder, sentences(), doc._.published, geocoder=self.geocoder)
        for e in an.events:
            e.sentence = e.sentence.rstrip()  # as_doc() keeps the space after the last word
        doc._.actors, doc._.events = an.mentions, an.events
        return doc


@Language.factory("tieline_events", default_config={"kb": [], "lexicon": None, "coder": {}})
def make_events(nlp: Language, name: str, kb: list[str], lexicon: str | None, coder: dict) -> EventComponent:
    return EventComponent(nlp, name, kb, lexicon, coder)
