"""Issue 12: the faster NLP gives the same annotations and the same events.

Tieline's components (``tieline_attribute_ruler``, ``tieline_lemmatizer``, ``tieline_parser``,
``tieline_ner``) replace the model's own with the same output; the entity recogniser runs only where
an event can use its entities."""

from __future__ import annotations

import importlib.metadata

import pytest

# sentences written for the project that reach every kind of attribute-ruler pattern in the
# English model: tag map, pronouns, auxiliaries, negation, contractions, "gonna", "there is",
# determiners used as pronouns, subordinating "that", space tokens
SENTENCES = [
    "I'm gonna tell them that we'd have done it, y'all.",
    "Let's see whether there is a deal; it ain't over and they got nothing  in return.",
    "She didn't say those were hers, but the minister's aides had been told otherwise.",
    "Somethin' happened: nobody could've known that anyone was doin' anything.",
    "Iran's foreign minister met his Turkish counterpart in Ankara on Monday and they signed an accord.",
    "The 12 ministers won't accept it, he said, because this is what everybody wanted.",
]


def _wikinews_texts() -> list[str]:
    """The article texts of the 2019 Wikinews half, where the shared data is present ([] if not)."""
    import csv
    import pathlib

    corpus = pathlib.Path(__file__).resolve().parents[1].parent / "shared/data/corpora/wikinews/wikinews_2019.csv"
    if not corpus.is_file():
        return []
    csv.field_size_limit(10**7)
    with corpus.open(encoding="utf-8", newline="") as f:
        return [row["text"] for row in csv.DictReader(f)]


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_fast_components_give_the_stock_annotations(tl):
    import spacy

    stock = spacy.load(tl.nlp.model_name, exclude=["senter", "ner"])
    ours = tl.nlp.full
    assert type(ours.get_pipe("attribute_ruler")).__name__ == "IndexedAttributeRuler"
    assert type(ours.get_pipe("lemmatizer")).__name__ == "CachedLemmatizer"
    for text in SENTENCES:
        assert _annotations(ours(text)) == _annotations(stock(text)), text


def test_networks_multiply_on_numpys_blas_with_the_stock_annotations(tl):
    """The networks are loaded with numpy's matrix product, not blis (3-4x faster on the measuring
    machine); tags, parses and entities are those of the stock load."""
    import spacy

    ours = tl.nlp.full
    assert all(not p.model.ops.use_blis for _, p in ours.pipeline if getattr(p, "model", None) is not None)
    stock = spacy.load(tl.nlp.model_name, exclude=["senter"])
    assert stock.get_pipe("ner").model.ops.use_blis  # thinc's default, left alone for other code
    for text in SENTENCES:
        a, b = ours(text), stock(text)
        assert _annotations(a) == _annotations(b), text
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents], text


def test_parser_and_recogniser_stepped_from_python_give_spacys_parses_and_entities(tl):
    """``tieline_parser`` and ``tieline_ner`` (spaCy's greedy loop stepped from Python, the GIL
    held) parse and recognise as spaCy's own components do, in batches of sentences of differing
    lengths: the project's sentences, and the first 600 sentences of the Wikinews corpus where
    the shared data is present."""
    from tieline.nlp import NLP

    ours = tl.nlp.full
    assert type(ours.get_pipe("parser")).__name__ == "SteppedDependencyParser"
    assert type(ours.get_pipe("ner")).__name__ == "SteppedEntityRecognizer"
    texts = list(SENTENCES)
    for article in _wikinews_texts():
        texts += [s.text for s in tl.nlp.split(article)]
        if len(texts) > 600:
            break
    stock = NLP(tl.nlp.model_name, stepped=False).full
    assert type(stock.get_pipe("ner")).__name__ == "EntityRecognizer"
    for a, b in zip(ours.pipe(texts, batch_size=64), stock.pipe(texts, batch_size=64)):
        assert _annotations(a) == _annotations(b), a.text
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents], a.text


def test_sentences_are_split_as_spacys_sentencizer_splits_them(tl):
    """``SentenceBounds`` reads the sentencizer's rule from token values: the same sentences, at
    the same offsets, as the sentencizer on the same tokens (Wikinews too, where it is present)."""
    from spacy.pipeline import Sentencizer
    from tieline.nlp import split_sentences

    texts = [
        " ".join(SENTENCES),
        "",
        "  \n ",
        "Really?! Yes... (He left.) “It is over.” Then: nothing. U.S. forces left at 3 p.m. on Monday.",
        "No final punctuation at all",
        "!!! ??? ...",
    ]
    texts += _wikinews_texts()
    sentencizer = Sentencizer()

    def stock_bounds(chunk: str) -> list[tuple[int, int]]:
        return [(s.start_char, s.end_char) for s in sentencizer(tl.nlp.full.make_doc(chunk)).sents]

    for text in texts:
        stock = split_sentences(text, stock_bounds)
        assert tl.nlp.split(text) == stock, text[:80]


def test_components_are_registered_as_spacy_factories():
    """A pipeline saved with Tieline's components loads in plain spaCy code (entry points)."""
    names = {ep.name for ep in importlib.metadata.entry_points(group="spacy_factories")}
    if not names:
        pytest.skip("tieline is not installed (no entry points)")
    assert {"tieline_attribute_ruler", "tieline_lemmatizer", "tieline_parser", "tieline_ner"} <= names
    tokenizers = {ep.name for ep in importlib.metadata.entry_points(group="spacy_tokenizers")}
    assert "tieline.SavedTokenizer.v1" in tokenizers


def test_the_tokenizer_built_empty_then_read_from_the_model_is_spacys(tl, tmp_path):
    """``tieline.SavedTokenizer.v1`` skips building the language's default rules that loading the
    model replaces, and joins Tieline's infix to the model's as it is read: the loaded tokenizer
    holds the same rules, patterns and exceptions as spaCy's stock load with the infix set
    afterwards (its serialised form is the same bytes), splits texts alike, and a pipeline saved
    with it loads with the infix once."""
    import re

    import spacy
    from tieline.nlp.components import load_overrides
    from tieline.nlp.pipeline import ABBREV_HYPHEN

    override = load_overrides(tl.nlp.model_name, stepped=False, extra_infixes=(ABBREV_HYPHEN,))
    assert override == {"nlp": {"tokenizer": {"@tokenizers": "tieline.SavedTokenizer.v1", "extra_infixes": [ABBREV_HYPHEN]}}}
    only_tokenizer = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"]
    ours = spacy.load(tl.nlp.model_name, exclude=only_tokenizer, config=override).tokenizer
    stock = spacy.load(tl.nlp.model_name, exclude=only_tokenizer).tokenizer
    stock.infix_finditer = re.compile(f"{stock.infix_finditer.__self__.pattern}|{ABBREV_HYPHEN}").finditer
    assert ours.to_bytes(exclude=["vocab"]) == stock.to_bytes(exclude=["vocab"])
    assert tl.nlp.full.tokenizer.to_bytes(exclude=["vocab"]) == stock.to_bytes(exclude=["vocab"])
    for text in SENTENCES + ["U.S.-led forces and U.N.-organized talks."] + _wikinews_texts()[:40]:
        assert [t.text for t in ours(text)] == [t.text for t in stock(text)]
    tl.nlp.full.to_disk(tmp_path / "saved")
    again = spacy.load(tmp_path / "saved", exclude=only_tokenizer).tokenizer
    assert again.to_bytes(exclude=["vocab"]) == stock.to_bytes(exclude=["vocab"])


def test_a_model_whose_tokenizer_is_not_spacys_saved_one_keeps_its_own(tmp_path):
    """No override where the folder has no saved tokenizer, or another tokenizer factory."""
    from tieline.nlp.components import load_overrides

    def tokenizer_override(model: str) -> dict:
        return load_overrides(model, stepped=False)

    (tmp_path / "config.cfg").write_text('[nlp]\nlang = "en"\ntokenizer = {"@tokenizers":"spacy.Tokenizer.v1"}\n')
    assert tokenizer_override(str(tmp_path)) == {}  # no tokenizer file
    (tmp_path / "tokenizer").write_bytes(b"")
    assert tokenizer_override(str(tmp_path))
    (tmp_path / "config.cfg").write_text('[nlp]\nlang = "zh"\ntokenizer = {"@tokenizers":"spacy.zh.ChineseTokenizer"}\n')
    assert tokenizer_override(str(tmp_path)) == {}


def test_tielines_processes_import_spacy_without_spacys_own_command_line():
    """The CLI and its workers import spaCy leaving ``spacy.cli`` out (a third of spaCy's import
    time); ``spacy.info`` still answers and ``spacy.cli`` still imports when asked for."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from tieline.nlp.pipeline import import_spacy_without_its_cli\n"
        "import_spacy_without_its_cli()\n"
        "import spacy\n"
        "assert 'spacy' in sys.modules and not [m for m in sys.modules if m.startswith('spacy.cli')]\n"
        "assert spacy.info()['spacy_version'] == spacy.__version__\n"
        "import spacy.cli\n"
        "assert callable(spacy.cli.download) and spacy.cli.info.__module__ == 'spacy.cli.info'\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, timeout=120)


@pytest.mark.parametrize(
    "build, cli_imported",
    [
        ("from tieline.cli import _tieline; tl = _tieline()", False),  # the commands that code text
        ("from tieline.api import Tieline; tl = Tieline()", True),  # a program using the API
    ],
)
def test_the_cli_loads_the_model_without_spacys_cli_and_the_api_keeps_spacys_import(build, cli_imported):
    """Which processes leave ``spacy.cli`` out: the CLI's analyser does when it loads the model; an
    analyser built through the API leaves spaCy's import as it is."""
    import subprocess
    import sys

    probe = f"import sys\n{build}\ntl.nlp\nassert ('spacy.cli' in sys.modules) is {cli_imported}\n"
    subprocess.run([sys.executable, "-c", probe], check=True, timeout=120)


def test_saved_pipeline_round_trips(tl, tmp_path):
    import spacy

    tl.nlp.full.to_disk(tmp_path / "model")
    again = spacy.load(tmp_path / "model", exclude=["ner"])
    assert "tieline_attribute_ruler" in again.config["components"]["attribute_ruler"]["factory"]
    text = SENTENCES[4]
    assert _annotations(again(text)) == _annotations(tl.nlp.full(text))


def test_entities_only_where_an_event_can_use_them(tl):
    """The recogniser runs on parsed sentences with an event trigger; the others keep their parse."""
    text = (
        "Sergei Lavrov is a veteran diplomat with a long memory.\n\n"
        "Russia accused Ukraine on Tuesday of shelling the Zaporizhzhia plant."
    )
    an = tl.analyse(text, date="2022-08-10")
    assert [e.type for e in an.events] == ["ACCUSE"]
    assert an.events[0].date.startswith("2022-08")
    # the same text, every sentence fully analysed: the same events
    full = tl.analyse(text, date="2022-08-10", parse_all=True)
    assert [(e.type, e.date, e.source[0].code) for e in full.events] == [(e.type, e.date, e.source[0].code) for e in an.events]


@pytest.mark.parametrize(
    "text,needs",
    [
        ("Iran condemned Israel.", False),  # every name known: nothing to find
        ("The ministry rejected the Turkish proposal.", False),
        ("Iran condemned Israel on Monday.", True),  # a date to resolve
        ("Iran condemned Israel over the 2014 war.", True),
        ("Jose Ruben Zamora criticised the government.", True),  # a name the base lacks
        ("Chad Smith visited Egypt.", True),  # a known name inside a longer one
        ("Hundreds of protesters attacked the embassy.", True),  # a quantity, not an actor
    ],
)
def test_the_recogniser_runs_only_where_it_can_change_an_event(tl, text, needs):
    doc = next(tl.nlp.parse([text], entities=False))
    assert tl.needs_entities(doc) is needs


def test_tieline_events_component_in_a_plain_spacy_pipeline(tl, tmp_path):
    """Issue 12: Tieline's coder as a registered spaCy component; in a plain pipeline it finds the
    events the API finds, and the pipeline saves and loads with it."""
    import spacy

    text = (
        "Iran resumed aid to Hamas. Turkey condemned the attack on its embassy in Baghdad on Tuesday.\n\n"
        "Egypt and Qatar signed a trade accord."
    )
    nlp = spacy.load(tl.nlp.model_name, exclude=["senter"])
    nlp.add_pipe("tieline_events", config={"coder": {"keep_identified": False}})
    doc = nlp.make_doc(text)
    doc._.published = "2017-05-30"
    doc = nlp(doc)

    def key(evs):
        return [(e.type, [a.code for a in e.source], [a.code for a in e.target], e.date, e.sentence) for e in evs]

    assert key(doc._.events) == key(tl.analyse(text, date="2017-05-30", parse_all=True).events)
    assert {a.code for a in doc._.actors} >= {"IRN", "PSE", "TUR", "IRQ", "EGY", "QAT"}
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    assert again.get_pipe_config("tieline_events")["coder"] == {"keep_identified": False}
    assert key(again(text)._.events)[0][0] == "AID"


@pytest.mark.parametrize(
    "text,worth",
    [
        ("The evidence from Cairo was thin.", False),  # a frame's object alone ("provide evidence"): no verb
        ("Officials in Cairo provided evidence.", True),  # the frame's verb selects it
        ("Egypt struck targets in Libya.", True),  # an irregular form of a lexicon verb
    ],
)
def test_first_pass_selects_sentences_by_their_verbs(tl, text, worth):
    assert tl.worth_parsing(tl.nlp.tokenize(text)) is worth


def test_per_word_answers_are_made_once_per_distinct_word_and_forgotten_past_their_cap():
    """The first pass and the actor look-up ask per word, not per token (``nlp/words.py``)."""
    import spacy

    from tieline.nlp.words import PerWord

    asked: list[str] = []

    def answer(vocab, h):
        asked.append(vocab.strings[h])
        return vocab.strings[h].upper()

    nlp = spacy.blank("en")
    words = PerWord("LOWER", answer, kept=3)
    assert words(nlp("The envoy met the envoy.")) == ["THE", "ENVOY", "MET", "THE", "ENVOY", "."]
    assert asked == ["the", "envoy", "met", "."]
    words(nlp("the"))  # more than three words known: forgotten, then asked again
    assert asked[-1] == "the" and len(words.known) == 1
