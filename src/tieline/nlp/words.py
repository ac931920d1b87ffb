"""Answers about a word that depend on the word alone, found once per distinct word.

The first pass and the actor look-up ask the same few questions of every token (its look-up key;
is it capitalised, a stop word, a lexicon word).  News repeats a small vocabulary, so an answer is
kept under the word's hash in spaCy's string store, and a Doc's hashes are read with
``Doc.to_array``: no ``Token`` object is made per token.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")

KEPT = 200_000  # distinct words whose answers are kept: a long run meets new words forever


class PerWord(Generic[T]):
    """``answer(vocab, hash)`` for each token of a Doc, by the hash of its ``attr`` (spaCy's
    "ORTH" for the word as written, "LOWER" for its lower case, or a tuple of attributes, whose
    rows are the keys); answers are kept for ``kept`` keys at most, then forgotten, so memory
    stays flat."""

    def __init__(self, attr: str, answer: Callable[[Any, int], T], kept: int = KEPT) -> None:
        self.attr = attr
        self.answer = answer
        self.kept = kept
        self.known: dict[int, T] = {}

    def __call__(self, doc: Any) -> list[T]:
        return self.answers(doc.to_array(self.attr).tolist(), doc.vocab)

    def answers(self, keys: list, vocab: Any) -> list[T]:
        """The answers for keys already read from a Doc (a caller that needs the rows itself)."""
        known = self.known
        if len(known) > self.kept:
            known.clear()
        out = []
        for h in keys:
            a = known.get(h)
            if a is None:
                a = known[h] = self.answer(vocab, h)
            out.append(a)
        return out
