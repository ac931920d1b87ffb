"""Integration checks on ../shared/data (skipped when it is absent): the seed article, the Global
Voices page texts and feed, and a sample of the extraction benchmark pages.  Expected values are read
from the shared gold files at run time; no third-party text is kept in the repo."""

import collections
import json
import re

import pytest

from tieline.ingest import read_source
from tieline.ingest.text import read_text

pytestmark = pytest.mark.shared
WORD = re.compile(r"\w+")


def norm(s):
    return " ".join(re.findall(r"[a-z0-9]+", (s or "").lower().replace("\u2019", "'").replace("'s", "s")))


def bag_f1(pairs):
    ps, rs = [], []
    for pred, gold in pairs:
        p = collections.Counter(w.lower() for w in WORD.findall(pred))
        g = collections.Counter(w.lower() for w in WORD.findall(gold))
        tp = sum((p & g).values())
        ps.append(tp / sum(p.values()) if p else 0.0)
        rs.append(tp / sum(g.values()) if g else 1.0)
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return 2 * p * r / (p + r) if p + r else 0.0


def test_seed_article_fields(shared_data):
    path = shared_data / "seed" / "jpost-2017-05-30-iran-hamas.txt"
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))["article"]
    [art] = read_source(str(path))
    assert norm(art.title) == norm(gold["title"])
    assert art.published.startswith(gold["published"])
    assert norm(gold["publisher"]) in norm(art.publisher) or norm(art.publisher) in norm(gold["publisher"])
    assert all(norm(c) in norm(" ".join(art.credit)) for c in gold["credit"])
    assert norm(art.body).startswith(norm(gold["body_first_words"]))
    assert norm(art.body).endswith(norm(gold["body_last_words"]))
    assert not [s for s in gold["not_in_body"] if norm(s) in norm(art.body)]


def gv_rows(shared_data):
    src = shared_data / "corpora" / "globalvoices-2009" / "derived" / "gv-pagetext-vs-rss-body.jsonl"
    return [json.loads(l) for l in src.open(encoding="utf-8")]


def test_globalvoices_page_texts_f1(shared_data):
    rows = gv_rows(shared_data)
    arts = [read_text(r["raw_page_text"], r["id"]) for r in rows]
    assert bag_f1([(a.body, r["gold_body_text"]) for a, r in zip(arts, rows)]) >= 0.95
    assert all(norm(a.title) == norm(r["title"]) for a, r in zip(arts, rows))
    assert all(a.published and a.published[:10] in _iso_day(r["pubDate"]) for a, r in zip(arts, rows))


def _iso_day(rfc822):
    from email.utils import parsedate_to_datetime

    return parsedate_to_datetime(rfc822).date().isoformat()


def test_globalvoices_feed_items_match_the_pages(shared_data):
    feed = shared_data / "corpora" / "globalvoices-2009" / "globalvoices-2009.rss"
    arts = read_source(str(feed))
    assert len(arts) == 15
    gold = {r["title"]: r["gold_body_text"] for r in gv_rows(shared_data)}
    pairs = [(a.body, gold[a.title]) for a in arts if a.title in gold]
    assert len(pairs) == 15 and bag_f1(pairs) >= 0.95
    assert all(a.published and a.url and a.authors for a in arts)


def test_extraction_benchmark_pages_read_without_error(shared_data):
    pages = sorted((shared_data / "extraction" / "scrapinghub" / "html").glob("*.html.gz"))[:15]
    for p in pages:
        [art] = read_source(str(p))
        assert len(art.body) > 200 and art.format == "html"
