"""Line features and cues for telling article text from page furniture in plain-text dumps.

The cue phrases live in ``data/boilerplate.yaml``; this module only compiles them and computes
general, measurable line features (length, sentence-likeness, stop-word ratio, reader-facing
pronouns, repetition).  ``text.py`` turns the features into a score per line and picks the body.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data")
WORD = re.compile(r"\w+", re.UNICODE)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
SENTENCE_END = re.compile(r"""[.!?…:;؟۔。！？]["'”’»)\]]*\s*$|["”’]\s*$""")
QUOTES = "\"“‘'«„"
TRUNCATED = re.compile(r"(\.\.\.|…)\s*$")


def load_yaml(name: str) -> dict:
    import yaml

    with open(DATA / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _alt(patterns) -> re.Pattern | None:
    """One case-insensitive pattern for a list of cues.  The word boundary most cues start with is
    factored out (r'\b(?:a|b|c)'), which makes the search about four times faster."""
    pats = list(patterns or [])
    if not pats:
        return None
    bounded = [p[2:] for p in pats if p.startswith("\\b")]
    other = [p for p in pats if not p.startswith("\\b")]
    parts = ([r"\b(?:" + "|".join(f"(?:{p})" for p in bounded) + ")"] if bounded else []) + [f"(?:{p})" for p in other]
    return re.compile("|".join(parts), re.I)


@dataclass
class Cues:
    short_max: int
    line: dict[str, re.Pattern]
    strong: dict[str, re.Pattern]
    section: dict[str, re.Pattern]
    appeal_strong: re.Pattern | None
    appeal_any: re.Pattern | None
    appeal_weak: re.Pattern | None
    pronouns: frozenset
    min_pronoun_ratio: float
    credit: list[re.Pattern]
    stopwords: frozenset
    publisher_nouns: frozenset
    publisher_suffixes: tuple


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    d = load_yaml("boilerplate.yaml")

    def comp(group):
        return {k: _alt(v) for k, v in (d.get(group) or {}).items()}

    ap = d.get("appeal") or {}
    return Cues(
        short_max=int(d.get("short_max", 90)),
        line=comp("line"),
        strong=comp("strong"),
        section=comp("section"),
        appeal_strong=_alt(ap.get("strong")),
        appeal_weak=_alt(ap.get("weak")),
        appeal_any=_alt((ap.get("strong") or []) + (ap.get("weak") or [])),
        pronouns=frozenset(w.lower() for w in ap.get("pronouns", [])),
        min_pronoun_ratio=float(ap.get("min_pronoun_ratio", 0.04)),
        credit=[re.compile(p, re.I) for p in d.get("credit") or []],
        stopwords=frozenset(str(w).lower() for w in d.get("stopwords") or []),
        publisher_nouns=frozenset(d.get("publisher_nouns") or []),
        publisher_suffixes=tuple(d.get("publisher_suffixes") or []),
    )


def cue_kind(line: str, c: Cues | None = None) -> str | None:
    """The kind of page furniture a line looks like ('share', 'caption', ...) or None."""
    c = c or cues()
    for kind, rx in c.strong.items():
        if rx and rx.search(line):
            return kind
    if len(line) <= c.short_max:
        for kind, rx in c.line.items():
            if rx and rx.search(line):
                return kind
    return None


def section_kind(line: str, c: Cues | None = None) -> str | None:
    """'comments' or 'related' when the line opens a tail section of the page."""
    c = c or cues()
    if len(line) > 60:
        return None
    for kind, rx in c.section.items():
        if rx and rx.search(line.strip()):
            return kind
    return None


def appeal_weight(line: str, c: Cues | None = None) -> int:
    """2 per distinct strong appeal cue, 1 per distinct weak one."""
    c = c or cues()
    if not c.appeal_any or not c.appeal_any.search(line):
        return 0
    w = 0
    for rx, k in ((c.appeal_strong, 2), (c.appeal_weak, 1)):
        if rx:
            w += k * len({m.group(0).lower() for m in rx.finditer(line)})
    return w


def is_appeal(line: str, words: list[str], c: Cues | None = None) -> bool:
    """Prose that addresses the reader and asks for money, a subscription or a sign-up (weights
    and thresholds in data/boilerplate.yaml, section appeal)."""
    c = c or cues()
    if line[:1] in QUOTES:  # a quotation inside the story, not the site talking
        return False
    w = appeal_weight(line, c)
    if w < 2:
        return False
    if len(words) <= 12 or w >= 3:
        return True
    pron = sum(1 for x in words if x.lower() in c.pronouns)
    return pron / len(words) >= c.min_pronoun_ratio


def credit_names(line: str, c: Cues | None = None) -> list[str] | None:
    """['Reuters'] for 'Reuters contributed to this report.'; None when not a credit line."""
    c = c or cues()
    s = line.strip()
    if len(s) > 160:
        return None
    for rx in c.credit:
        m = rx.match(s)
        if m:
            who = m.group("who")
            names = [n.strip(" .;:()") for n in re.split(r",|\band\b|&|;", who)]
            names = [re.sub(r"^staff of\s+", "", n, flags=re.I) for n in names]
            return [n for n in names if n and len(n.split()) <= 6]
    return None


def norm_words(s: str) -> str:
    """Lower-case words joined by single spaces: compares lines across quote/space variants."""
    return " ".join(WORD.findall(s.lower()))


def add_new(items: list, new) -> None:
    """Append the items of ``new`` not yet in ``items`` (keeps first-seen order)."""
    items.extend(n for n in new or [] if n not in items)


def stop_ratio(words: list[str], c: Cues | None = None) -> float:
    c = c or cues()
    if not words:
        return 0.0
    return sum(1 for w in words if w.lower() in c.stopwords) / len(words)


def effective_length(line: str) -> int:
    """Characters, with CJK characters counted three times (one carries about a word)."""
    return len(line) + 2 * len(CJK.findall(line))


def sentence_like(line: str) -> bool:
    """Ends like a sentence; a short line cut off with '...' is a link teaser, not a sentence."""
    if len(line) < 200 and TRUNCATED.search(line):
        return False
    return bool(SENTENCE_END.search(line))
