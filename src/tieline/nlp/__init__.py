"""spaCy set-up: one loaded pipeline, reused; cheap sentence splitting for the first pass."""

from .pipeline import NLP, Sentence, split_sentences

__all__ = ["NLP", "Sentence", "split_sentences"]
