"""Plain-text page dumps: the text of a whole web page, menus, appeals and comments included.

How the body is found (see docs/ingest.md for the measurements):
1. every non-blank line gets a score from general features: long sentence-like prose scores its
   length, short lines without sentence punctuation (menus, labels, names, dates) score a fixed
   penalty, lines carrying a furniture cue (share, caption, cookie, reading time ...; data/
   boilerplate.yaml) or an appeal to the reader score a larger penalty, short lines repeated on the
   page and breaks of two or more blank lines add a penalty;
2. the body is the contiguous run of lines with the highest total score (maximum subarray); a
   comments header is a barrier and prose after it counts a quarter, prose above the on-page
   headline counts half;
3. inside that run, furniture lines, appeals, photo credits and credit lines are dropped (credit
   lines become Article.credit) and a teaser that the body repeats later is dropped;
4. title, publication date, byline and publisher are looked for in the lines around the body.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..records import Article
from . import IngestError
from .boilerplate import (
    WORD,
    Cues,
    add_new,
    credit_names,
    cue_kind,
    cues,
    effective_length,
    is_appeal,
    norm_words,
    section_kind,
    sentence_like,
    stop_ratio,
)
from .metadata import byline_authors, copyright_holder, find_date, find_date_at, guess_publisher, language, split_title

# scores (characters of prose are worth +1 each)
SHORT_PENALTY = -45  # a short line that is not prose: menu item, label, name
CUE_PENALTY = -90  # a short line with a furniture cue
SECTION_BARRIER = -1e6  # a line that opens the comments section
RELATED_PENALTY = -200  # a 'Related stories' header: often an inline box inside the article
REPEAT_PENALTY = -40  # a short line seen more than once on the page
BREAK_PENALTY = -30  # two or more blank lines before a line
PROSE_MIN = 70  # effective characters from which a line counts as prose
PRE_HEADLINE_WEIGHT = 0.5  # weight of prose above the on-page headline
TAIL_WEIGHT = 0.25  # weight of prose after a comments header
MEDIUM_MIN = 35  # a shorter sentence-like line still counts, at a discount

# furniture kinds dropped from inside the body run
DROP_KINDS = {
    "reading_time",
    "share",
    "navigation",
    "subscribe",
    "legal",
    "cookie",
    "comment_meta",
    "advert",
    "related",
    "caption",
    "label",
    "url",
    "image",
}


@dataclass
class Line:
    text: str
    index: int  # position among non-blank lines
    blanks_before: int
    words: list
    kind: str | None = None  # furniture cue kind
    section: str | None = None  # opens a tail section
    appeal: bool = False
    credit: list | None = None
    score: float = 0.0


def _unwrap(raw_lines: list[str]) -> list[str]:
    """Join hard-wrapped paragraphs (e-mail style, ~70 columns) back into one line each."""
    paras: list[list[str] | None] = []
    cur: list[str] = []
    for ln in raw_lines:
        if ln.strip():
            cur.append(ln.strip())
        else:
            if cur:
                paras.append(cur)
            cur = []
            paras.append(None)
    if cur:
        paras.append(cur)
    multi = [p for p in paras if p and len(p) >= 3]

    def wrapped(p):
        body = p[:-1]
        return sum(1 for l in body if 45 <= len(l) <= 100 and not sentence_like(l)) >= 0.6 * len(body)

    if not multi or sum(map(wrapped, multi)) < 0.5 * len(multi):
        return raw_lines
    out = []
    for p in paras:
        if p is None:
            out.append("")
        elif len(p) >= 2 and wrapped(p + [""]):
            out.append(" ".join(p))
        else:
            out.extend(p)
    return out


def page_lines(text: str, c: Cues) -> list[Line]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    raw = _unwrap(raw)
    lines: list[Line] = []
    blanks = 0
    for r in raw:
        s = " ".join(r.split())
        if not s:
            blanks += 1
            continue
        words = WORD.findall(s)
        ln = Line(s, len(lines), blanks, words)
        ln.kind = cue_kind(s, c)
        ln.section = section_kind(s, c)
        ln.appeal = len(words) >= 3 and is_appeal(s, words, c)  # 1-2 words: a menu item at most
        ln.credit = credit_names(s, c)
        lines.append(ln)
        blanks = 0
    return lines


def score_lines(lines: list[Line], c: Cues) -> None:
    repeats = Counter(l.text.lower() for l in lines if len(l.text) < 80)
    prev_kind = None
    for ln in lines:
        n = effective_length(ln.text)
        teaser, prev_kind = prev_kind == "label", ln.kind
        if ln.section == "comments":
            s = SECTION_BARRIER
        elif ln.section:
            s = RELATED_PENALTY
        elif ln.appeal or teaser:  # a line after an 'Excerpt'/'Summary' label is a teaser
            s = -max(100, n)
        elif ln.credit is not None:
            s = SHORT_PENALTY / 2
        elif ln.kind:
            s = CUE_PENALTY
        elif n >= PROSE_MIN and (sentence_like(ln.text) or stop_ratio(ln.words, c) >= 0.2 or n >= 150):
            s = n
        elif n >= MEDIUM_MIN and sentence_like(ln.text):
            s = 0.6 * n
        elif ln.text.endswith(":") and len(ln.words) >= 2:
            s = 0  # 'She writes:' introduces a quote
        elif len(ln.words) >= 4 and ln.text[0].isupper() and sentence_like(ln.text) and ln.text.rstrip("\"'”’)")[-1:] in ".!?":
            s = 0.3 * n  # a short full sentence: clean text has them, menus do not
        else:
            s = SHORT_PENALTY
        if len(ln.text) < 80 and repeats[ln.text.lower()] > 1:
            s += REPEAT_PENALTY
        if ln.blanks_before >= 2:
            s += BREAK_PENALTY
        ln.score = s


def best_run(scores: list[float]) -> tuple[int, int]:
    """Maximum-sum contiguous run [start, end) (Kadane)."""
    best, best_se = float("-inf"), (0, 0)
    cur, start = 0.0, 0
    for i, s in enumerate(scores):
        if cur <= 0:
            cur, start = s, i
        else:
            cur += s
        if cur > best:
            best, best_se = cur, (start, i + 1)
    return best_se


def headline_anchor(lines: list[Line]) -> int | None:
    """Index of the on-page headline: the first later line that repeats the page's first line (the
    HTML title of a saved page) or its headline part ('Site » Headline')."""
    if len(lines) < 3:
        return None
    keys = {norm_words(p) for p in split_title(lines[0].text) + [lines[0].text] if len(p.split()) >= 3}
    keys.discard("")
    for ln in lines[1:200]:
        if norm_words(ln.text) in keys:
            return ln.index
    return None


def pick_run(lines: list[Line]) -> tuple[int, int]:
    """The body run.  Prose above the on-page headline counts half (teasers in menus); a comments
    header is a barrier no run crosses, and prose after the first one counts a quarter (reader
    comments are prose too, and often longer than the article)."""
    scores = [l.score for l in lines]
    anchor = headline_anchor(lines)
    if anchor:
        scores = [s * PRE_HEADLINE_WEIGHT if s > 0 else s for s in scores[:anchor]] + scores[anchor:]
    first = next((l.index for l in lines if l.section == "comments"), None)
    if first is not None:
        scores = scores[:first] + [s * TAIL_WEIGHT if s > 0 else s for s in scores[first:]]
    return best_run(scores)


def _headline_like(ln: Line) -> bool:
    n = len(ln.words)
    t = ln.text
    return (
        2 <= n <= 30
        and len(t) <= 250
        and not ln.kind
        and not ln.section
        and not ln.appeal
        and not t.endswith((".", ",", ";"))
        and not find_date(t)
        and (t[0].isupper() or t[0].isdigit() or t[0] in "\"'“‘")
    )


def dateline_index(head: list[Line]) -> int | None:
    """Position of the first line where a date starts (a date may run over up to three lines)."""
    for i, ln in enumerate(head):
        iso, at = find_date_at(" ".join(l.text for l in head[i : i + 3]))
        if iso and at < len(ln.text):
            return i
    return None


def find_title(lines: list[Line], start: int) -> tuple[str | None, str | None, int]:
    """(title, site name from a 'Site » Title' line, index of the title line).

    A page-title line 'Site » Headline' whose headline also stands alone on the page wins;
    otherwise the headline is the last headline-like line above the dateline, or, without a
    dateline, the first headline-like line of four words or more above the body."""
    head = lines[:start] if start > 0 else lines[:1]
    texts: dict[str, str] = {}
    for l in lines:
        texts.setdefault(norm_words(l.text), l.text)
    ln: Line | None  # a line of the head, then the headline line found (None: no headline)
    for ln in head[:40]:
        parts = split_title(ln.text)
        if len(parts) > 1:
            seen = [p for p in parts if norm_words(p) in texts]
            if seen:  # the headline also stands alone on the page
                p = max(seen, key=len)
                others = [q for q in parts if q != p and len(q.split()) <= 6]
                return texts[norm_words(p)], (min(others, key=len) if others else None), ln.index
    date_at = dateline_index(head)
    cands = [l for l in head[:date_at] if _headline_like(l) and len(l.words) >= 3]
    if date_at is not None and cands:
        ln = cands[-1]
    else:
        ln = next((l for l in cands if len(l.words) >= 4), cands[0] if cands else None)
    if ln is None:
        return None, None, -1
    parts = split_title(ln.text)
    if len(parts) > 1:
        longest = max(parts, key=len)
        short = [q for q in parts if q is not longest and len(q.split()) <= 5]
        return longest, (short[-1] if short else None), ln.index
    return ln.text, None, ln.index


def read_text(text: str, path: str | None = None) -> Article:
    c = cues()
    lines = page_lines(text, c)
    if not lines:
        raise IngestError("empty", f"{path}: no text")
    score_lines(lines, c)
    start, end = pick_run(lines)
    credit: list[str] = []
    body: list[str] = []
    for ln in lines[start:end]:
        if ln.credit is not None:
            add_new(credit, ln.credit)
            continue
        if ln.appeal or ln.section or (ln.kind in DROP_KINDS) or ln.score <= SHORT_PENALTY + REPEAT_PENALTY:
            continue
        if ln.kind == "byline" and not sentence_like(ln.text):
            continue
        body.append(ln.text)
    # credit lines just after the body ("Reuters contributed to this report.")
    for ln in lines[end : end + 3]:
        if ln.credit:
            add_new(credit, ln.credit)
    body = _drop_teasers(body)
    while body and cue_kind(body[-1], c) == "bio":  # 'Jane Roe is our Cairo correspondent.'
        body.pop()
    # trim trailing non-prose lines (labels, names) left at the edges of the run
    while body and len(body[-1]) < PROSE_MIN and (not sentence_like(body[-1]) or body[-1].endswith(":")):
        body.pop()
    if not body:
        raise IngestError("no-text", f"{path}: no article text found")
    title, site, t_idx = find_title(lines, start)
    header = lines[max(t_idx, 0) : start]
    published = find_date(" ".join(l.text for l in header)) if header else None
    if published is None:
        published = find_date(" ".join(l.text for l in lines[end : end + 8]))
    authors: list[str] = []
    for ln in header + lines[end : end + 5]:
        for a in byline_authors(ln.text) if ln.kind == "byline" else []:
            if a not in authors:
                authors.append(a)
    outside = [l.text for l in lines[:start] + lines[end:]]
    publisher = site or copyright_holder(outside) or guess_publisher(outside)
    body_text = "\n\n".join(body)
    return Article(
        body=body_text,
        title=title,
        published=published,
        publisher=publisher,
        authors=authors,
        credit=credit,
        language=language(body_text),
        path=path,
        format="text",
    )


def _drop_teasers(body: list[str]) -> list[str]:
    """Drop one of the first lines when a later body line starts with the same words (a teaser)."""
    if len(body) < 3:
        return body
    normed = [norm_words(b) for b in body]
    keep = []
    for i, b in enumerate(body):
        n = normed[i]
        dup = i < 3 and len(n) >= 40 and any(n[:100] in normed[j] for j in range(i + 1, len(body)))
        if not dup:
            keep.append(b)
    return keep
