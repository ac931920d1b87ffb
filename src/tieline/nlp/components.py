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

``tieline_parser`` and ``tieline_ner`` are spaCy's dependency parser and entity recogniser with the
same weights and the same transitions, their greedy loop driven one step at a time from Python
(``greedy_steps``).  spaCy's own loop runs without the GIL, but the transition system's validity
tests in spaCy 3.8.11 and later (built with Cython 3.2 or 3.3) take the GIL back on nearly every
call: a profile of the recogniser put half its time in acquiring and releasing it.  Stepping from
Python holds the GIL throughout, so those calls cost nothing; each step is one feature sum and one
matrix product for the whole batch, as in spaCy's loop.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import numpy
from spacy import util
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import AttributeRuler, DependencyParser, EntityRecognizer
from spacy.pipeline.dep_parser import DEFAULT_PARSER_MODEL
from spacy.pipeline.ner import DEFAULT_NER_MODEL
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

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


# -- the transition-based parser and recogniser, stepped from Python -------------------------------
def greedy_steps(parser, docs: list) -> list:
    """The parse states of ``docs`` after spaCy's greedy (beam width 1) parse, found step by step
    with the GIL held: at each step every unfinished state's features are summed (spaCy's own
    ``precompute_hiddens``), scored by the model's output layer, and its best valid transition
    applied (spaCy's ``transition_states``).  The output layer multiplies with the model's own ops
    (numpy's BLAS as ``NLP`` loads it; spaCy's loop calls blis): the same transitions as
    ``Parser.greedy_parse`` on every sentence tested."""
    parser._ensure_labels_are_added(docs)
    batch = parser.moves.init_batch(docs)
    model = parser.model.predict(docs)  # the tokens' vectors and their precomputed features
    state2vec, upper = model.state2vec, model.vec2scores
    weights, bias = upper.get_param("W"), upper.get_param("b")
    unseen = numpy.flatnonzero(model._class_mask == 0)  # classes the model never saw in training
    states = [s for s in batch if not s.is_final()]
    while states:
        scores = upper.ops.gemm(state2vec.predict(model.get_token_ids(states)), weights, trans2=True)
        scores += bias
        if unseen.size:  # never chosen: their scores are set to the lowest, as spaCy does
            low = scores.min()
            scores[:, unseen] = numpy.nanmin(scores) if numpy.isnan(low) else low
        states = parser.transition_states(states, scores)
    model.clear_memory()
    return batch


STEP_STATES = 64  # parse states stepped together (spaCy steps a quarter of its batch, 16 of 64)


class _Stepped:
    """``predict`` by ``greedy_steps`` where spaCy would parse greedily (beam width 1, a model with
    an output layer); anything else is left to spaCy.  ``pipe`` steps up to STEP_STATES documents
    together: a step costs nearly the same for 16 states as for 64, and the parser and recogniser
    took about a quarter less time so (same parses: each state is stepped alone)."""

    def pipe(self, docs, *, batch_size: int = 256):
        handle = self.get_error_handler()  # type: ignore[attr-defined]
        for batch in util.minibatch(docs, size=batch_size):
            batch = list(batch)
            try:
                for part in util.minibatch(sorted(batch, key=len), size=STEP_STATES):
                    part = list(part)
                    self.set_annotations(part, self.predict(part))  # type: ignore[attr-defined]
                yield from batch
            except Exception as e:
                handle(self.name, self, batch, e)  # type: ignore[attr-defined]

    def predict(self, docs):
        if not isinstance(docs, list):
            docs = [docs] if isinstance(docs, Doc) else list(docs)
        cfg, layers = self.cfg, self.model.attrs
        if cfg.get("beam_width", 1) != 1 or not layers.get("has_upper", True) or not any(len(d) for d in docs):
            return super().predict(docs)
        return greedy_steps(self, docs)


class SteppedEntityRecognizer(_Stepped, EntityRecognizer):
    """spaCy's ``EntityRecognizer``, stepped from Python (``greedy_steps``)."""


class SteppedDependencyParser(_Stepped, DependencyParser):
    """spaCy's ``DependencyParser``, stepped from Python (``greedy_steps``)."""


# the same settings as spaCy's "ner" and "parser" (a trained model's config gives them all)
@Language.factory(
    "tieline_ner",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "model": DEFAULT_NER_MODEL,
        "incorrect_spans_key": None,
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_ner(nlp: Language, name: str, model, moves, update_with_oracle_cut_size: int, incorrect_spans_key, scorer):
    return SteppedEntityRecognizer(
        nlp.vocab,
        model,
        name=name,
        moves=moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size,
        incorrect_spans_key=incorrect_spans_key,
        scorer=scorer,
    )


@Language.factory(
    "tieline_parser",
    assigns=["token.dep", "token.head", "token.is_sent_start", "doc.sents"],
    default_config={
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "learn_tokens": False,
        "min_action_freq": 30,
        "model": DEFAULT_PARSER_MODEL,
        "scorer": {"@scorers": "spacy.parser_scorer.v1"},
    },
    default_score_weights={
        "dep_uas": 0.5,
        "dep_las": 0.5,
        "dep_las_per_type": None,
        "sents_p": None,
        "sents_r": None,
        "sents_f": 0.0,
    },
)
def make_parser(
    nlp: Language, name: str, model, moves, update_with_oracle_cut_size: int, learn_tokens: bool, min_action_freq: int, scorer
):
    return SteppedDependencyParser(
        nlp.vocab,
        model,
        name=name,
        moves=moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size,
        learn_tokens=learn_tokens,
        min_action_freq=min_action_freq,
        scorer=scorer,
    )


STEPPED_FACTORIES = {"parser": "tieline_parser", "ner": "tieline_ner"}  # spaCy's factory -> Tieline's


def _model_config(model: str) -> tuple[Any, dict] | None:
    """The data folder and the ``config.cfg`` (not interpolated) of a model package or folder."""
    from pathlib import Path

    root = Path(model) if Path(model).exists() else util.get_package_path(model) if util.is_package(model) else None
    if root is None:
        return None
    files = [root / "config.cfg"] if (root / "config.cfg").is_file() else sorted(root.glob("*/config.cfg"))
    if not files:
        return None
    return files[0].parent, util.load_config(files[0], interpolate=False)


def load_overrides(model: str, *, stepped: bool = True, extra_infixes: tuple[str, ...] = ()) -> dict:
    """Config overrides for ``spacy.load(model)``, read from the model's ``config.cfg`` (a
    package's or a folder's), as ``NLP`` loads it: the tokenizer as a ``SavedTokenizer`` with
    ``extra_infixes`` where the model reads spaCy's stock tokenizer from its folder; with
    ``stepped``, its greedy parser and recogniser from Tieline's factories (the weights load into
    them as into spaCy's).  spaCy refuses overrides of components a model lacks, and other
    factories (``beam_ner``, a custom parser or tokenizer) are left as they are."""
    found = _model_config(model)
    return {**_tokenizer_swap(found, extra_infixes), **(_stepped_swap(found) if stepped else {})}


def _stepped_swap(found: tuple[Any, dict] | None) -> dict:
    components = found[1].get("components", {}) if found else {}
    swap = {
        n: {"factory": STEPPED_FACTORIES[b["factory"]]} for n, b in components.items() if b.get("factory") in STEPPED_FACTORIES
    }
    return {"components": swap} if swap else {}


def join_infixes(pattern: str, extra: tuple[str, ...]) -> str:
    """A tokenizer's infix pattern with ``extra`` alternatives after its own, added once (a
    pipeline saved with them already has them)."""
    added = "|".join(extra)
    if not added or pattern == added or pattern.endswith(f"|{added}"):
        return pattern
    return f"{pattern}|{added}" if pattern else added


class SavedTokenizer(Tokenizer):
    """spaCy's ``Tokenizer`` for a model whose tokenizer is read from its folder, built empty and
    given its rules once, with ``extra_infixes`` joined to the model's own infix pattern as it is
    read.  ``spacy.load`` builds the stock tokenizer from the language's defaults (some 4,000
    special cases added, three large regular expressions compiled), then ``from_disk`` resets every
    rule and pattern and reads the model's own; changing the infixes afterwards compiles the
    pattern again and adds every special case again.  Here each is done once: the same tokenizer
    (tested), a cold start 0.2-0.3 s shorter."""

    def __init__(self, vocab: Any, *args: Any, extra_infixes: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(vocab, *args, **kwargs)
        self.extra_infixes = tuple(extra_infixes)

    def from_bytes(self, bytes_data: bytes, *, exclude: Any = tuple()) -> "SavedTokenizer":
        import srsly

        data = srsly.msgpack_loads(bytes_data)
        own = data.get("infix_finditer") or ""
        joined = join_infixes(own, self.extra_infixes) if isinstance(own, str) else own
        if joined != own:
            data["infix_finditer"] = joined
            bytes_data = srsly.msgpack_dumps(data)
        super().from_bytes(bytes_data, exclude=exclude)
        return self


@util.registry.tokenizers("tieline.SavedTokenizer.v1")
def saved_tokenizer(extra_infixes: list[str] | None = None) -> Callable[[Language], Tokenizer]:
    """``SavedTokenizer`` for ``spacy.load``: the rules and patterns come from the model's folder."""
    return lambda nlp: SavedTokenizer(nlp.vocab, extra_infixes=tuple(extra_infixes or ()))


def _tokenizer_swap(found: tuple[Any, dict] | None, extra_infixes: tuple[str, ...]) -> dict:
    if found is None or not (found[0] / "tokenizer").is_file():
        return {}
    if found[1].get("nlp", {}).get("tokenizer", {}).get("@tokenizers") != "spacy.Tokenizer.v1":
        return {}
    return {"nlp": {"tokenizer": {"@tokenizers": "tieline.SavedTokenizer.v1", "extra_infixes": list(extra_infixes)}}}


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
