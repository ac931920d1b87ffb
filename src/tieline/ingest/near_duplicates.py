"""Near-duplicate articles: syndicated or lightly edited copies of a story already stored.

A story reaches Tieline several times with small differences: a feed item and the page it links
to, an agency story re-run with a new headline, a paragraph moved or a credit line added.  Exact
copies already share an id (the hash of the body).  Near copies are found by the overlap of
their word 3-shingles (Broder 1997): two bodies are copies when the smaller shingle set is at
least ``THRESHOLD`` contained in the larger (see ``best_copy``).  News stories are short (a few
hundred words), so moving a paragraph changes a noticeable share of the shingles at its edges; the
threshold leaves room for that (copies of the demo stories with a new headline, a paragraph moved and a credit line added
score 0.93 and above) while different stories on the same subject share few 3-shingles (0.25 at
most among the demo's 128 stories).

Candidates come from MinHash locality-sensitive hashing (Broder 1997; Leskovec, Rajaraman & Ullman,
*Mining of Massive Datasets*, ch. 3): ``PERMUTATIONS`` min-hashes in ``BANDS`` bands of ``ROWS``;
two bodies with Jaccard similarity s share a band with probability 1 - (1 - s^ROWS)^BANDS (0.9997
at s = 0.6), and each candidate is then checked exactly.  Bodies with fewer than ``MIN_SHINGLES``
shingles are not compared: in a few lines a shared lead is not evidence of a shared story.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections import Counter

import numpy as np
from dataclasses import dataclass, field

THRESHOLD = 0.6
MIN_SHINGLES = 30
SHINGLE = 3
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
_WORD = re.compile(r"\w+", re.UNICODE)
_PRIME = (1 << 31) - 1
# (a * h + b) mod p with h, a, b < p (a Mersenne prime): a universal family whose products stay
# inside 64 bits, so numpy computes all permutations at once.  Fixed, so that fingerprints stay
# comparable across runs and machines.
_A = np.array(
    [int.from_bytes(hashlib.blake2b(b"a%d" % i, digest_size=8).digest(), "big") % (_PRIME - 1) + 1 for i in range(PERMUTATIONS)],
    dtype=np.uint64,
)
_B = np.array(
    [int.from_bytes(hashlib.blake2b(b"b%d" % i, digest_size=8).digest(), "big") % _PRIME for i in range(PERMUTATIONS)],
    dtype=np.uint64,
)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + k]) for i in range(max(0, len(words) - k + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def band_keys(sh: set[str]) -> list[int] | None:
    """The LSH band keys of a shingle set (signed 64-bit integers, one per band), or None for a
    body too short to compare."""
    if len(sh) < MIN_SHINGLES:
        return None
    # each shingle's 8-byte BLAKE2b digest read as a big-endian integer, modulo the prime: the
    # digests joined and read by numpy at once (the same values as one int.from_bytes each)
    digests = b"".join([hashlib.blake2b(x.encode("utf-8"), digest_size=8).digest() for x in sh])
    hs = np.frombuffer(digests, dtype=">u8").astype(np.uint64) % np.uint64(_PRIME)
    mins = ((_A[:, None] * hs[None, :] + _B[:, None]) % np.uint64(_PRIME)).min(axis=1).tolist()
    out = []
    for i in range(BANDS):
        raw = struct.pack(">I" + "Q" * ROWS, i, *mins[i * ROWS : (i + 1) * ROWS])
        out.append(int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big", signed=True))
    return out


def fingerprint(text: str) -> list[int]:
    """The band keys of a text ([] for a body too short to compare): what ``Article.fingerprint``
    holds, computed where the article is read (on a Dask worker, off the client's serial path)."""
    return band_keys(shingles(text)) or []


@dataclass
class PendingIndex:
    """Band keys and texts of the articles read in this run but not yet stored (the store answers
    for the rest); a text's shingles are made when it is first a candidate."""

    by_key: dict[int, list[str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    sets: dict[str, set[str]] = field(default_factory=dict)
    keys: dict[str, list[int]] = field(default_factory=dict)

    def add(self, article_id: str, keys: list[int], text: str) -> None:
        self.texts[article_id] = text
        self.keys[article_id] = keys
        for k in keys:
            self.by_key.setdefault(k, []).append(article_id)

    def candidates(self, keys: list[int]) -> list[tuple[str, set[str]]]:
        """(id, shingles) of the articles sharing a band key with ``keys``, in id order."""
        ids = sorted({aid for k in keys for aid in self.by_key.get(k, ())})
        for aid in ids:
            if aid not in self.sets:
                self.sets[aid] = shingles(self.texts[aid])
        return [(aid, self.sets[aid]) for aid in ids]

    def remove(self, article_id: str) -> None:
        """Forget an article (it has been stored: the store answers for it now)."""
        self.texts.pop(article_id, None)
        self.sets.pop(article_id, None)
        for k in self.keys.pop(article_id, ()):
            ids = self.by_key.get(k, [])
            if article_id in ids:
                ids.remove(article_id)
                if not ids:
                    del self.by_key[k]


def best_copy(sh: set[str], candidates) -> tuple[str, float] | None:
    """The most similar candidate (id, shingle set) at or above the threshold, with its similarity.

    Similarity is the containment of the smaller set in the larger (a feed item's summary inside
    the page it links to is a copy), each shingle weighted by 1 / the number of candidates that
    hold it: page furniture (menus, comment boxes, "related stories") repeated on every page of a
    site weighs little, so two different stories from one site do not look alike."""
    cands = [(aid, other) for aid, other in candidates]
    df = Counter(x for _, other in cands for x in other)

    def weight(xs) -> float:
        return sum(1.0 / df[x] if df[x] else 1.0 for x in xs)

    wa = weight(sh)
    best: tuple[str, float] | None = None
    for aid, other in cands:
        small = min(wa, weight(other))
        if small <= 0:
            continue
        s = weight(sh & other) / small
        if s >= THRESHOLD and (best is None or s > best[1] or (s == best[1] and aid < best[0])):
            best = (aid, s)
    return best
