"""Near copies of a story (new headline, a paragraph moved, a credit line added) are stored,
linked to the first copy and not coded again, so relations count the story once."""

from __future__ import annotations

import json
import pathlib

import pytest

from tieline.ingest import read_source
from tieline.ingest.near_duplicates import THRESHOLD, band_keys, jaccard, shingles
from tieline.pipeline import ingest
from tieline.ties import tie_report

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "src" / "tieline" / "demo" / "corpus"
DYADS = [("Iran", "Hamas"), ("Israel", "Hamas"), ("United States", "Iran"), ("Turkey", "Israel"), ("Iran", "Saudi Arabia")]


def demo_articles(n=None):
    from tieline.demo import corpus_inputs
    from tieline.ingest import expand_inputs

    arts = [a for p in expand_inputs(corpus_inputs()) for a in read_source(p, None)]
    return arts[:n] if n else arts


def syndicated(a) -> dict:
    """The same story as another outlet runs it: a new headline, the second paragraph moved to
    the end, a credit line added."""
    paras = a.body.split("\n\n")
    if len(paras) > 2:
        paras.append(paras.pop(1))
    paras.append("Reuters contributed to this report.")
    return {
        "title": "Update: " + (a.title or "story"),
        "text": "\n\n".join(paras),
        "date": a.published,
        "url": (a.url or "https://example.org/x") + "?syndicated=1",
        "publisher": "Wire copy",
    }


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def as_row(a) -> dict:
    return {"title": a.title, "text": a.body, "date": a.published, "url": a.url, "publisher": a.publisher}


def test_copies_are_close_and_different_stories_are_not():
    arts = demo_articles()
    sets = [shingles(a.body) for a in arts]
    copies = [shingles(syndicated(a)["text"]) for a in arts]
    assert min(jaccard(s, c) for s, c in zip(sets, copies)) >= THRESHOLD
    worst = max(jaccard(sets[i], sets[j]) for i in range(len(sets)) for j in range(i + 1, len(sets)))
    assert worst < THRESHOLD / 2
    # every copy shares a band with its original (the candidates the store is asked about)
    assert all(set(band_keys(s)) & set(band_keys(c)) for s, c in zip(sets, copies))


def test_a_short_text_is_not_compared():
    assert band_keys(shingles("Iran and Hamas held talks in Tehran on Monday.")) is None


def test_copies_in_the_same_and_in_a_later_run_are_linked_not_coded(store, tl, tmp_path):
    arts = demo_articles(6)
    first = write_jsonl(tmp_path / "first.jsonl", [as_row(a) for a in arts[:3]] + [syndicated(arts[0])])
    rep = ingest(store, [first], tl)
    assert (rep.new, rep.copies) == (3, 1)
    later = write_jsonl(tmp_path / "later.jsonl", [syndicated(a) for a in arts[1:3]] + [as_row(arts[3])])
    rep2 = ingest(store, [later], tl)
    assert (rep2.new, rep2.copies) == (1, 2)
    rows = store.query("SELECT COUNT(*) FROM articles WHERE copy_of IS NOT NULL AND coded = FALSE")
    assert rows[0][0] == 3
    assert (
        store.query("SELECT COUNT(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE a.copy_of IS NOT NULL")[0][0] == 0
    )
    original = store.query("SELECT copy_of FROM articles WHERE publisher = 'Wire copy' ORDER BY id LIMIT 1")[0][0]
    shown = store.article(original)
    assert shown["copies"] and all(c["sources"] for c in shown["copies"])
    assert all(c["similarity"] >= THRESHOLD for c in shown["copies"])


def test_keep_copies_codes_every_report(store, tl, tmp_path):
    """``tieline ingest --keep-copies``: a near copy is an article of its own, coded (every report
    counted, as GDELT does)."""
    arts = demo_articles(2)
    path = write_jsonl(tmp_path / "both.jsonl", [as_row(arts[0]), syndicated(arts[0])])
    rep = ingest(store, [path], tl, link_copies=False)
    assert (rep.new, rep.copies) == (2, 0)
    assert store.query("SELECT COUNT(*) FROM articles WHERE copy_of IS NULL AND coded")[0][0] == 2


def test_copies_are_linked_the_same_with_workers(tl, tmp_path, monkeypatch):
    """Batches in flight in worker processes are not yet stored: a copy of one of their stories is
    still found (and linked to the same original as in a serial run)."""
    import tieline.pipeline as pl
    from tieline.store import open_store

    monkeypatch.setattr(pl, "BATCH", 2)
    arts = demo_articles(6)
    path = write_jsonl(tmp_path / "mixed.jsonl", [as_row(a) for a in arts] + [syndicated(a) for a in arts[:4]])
    links = []
    for n in (1, 2):
        s = open_store(str(tmp_path / f"w{n}.duckdb"))
        rep = pl.ingest(s, [path], tl, workers=n)
        assert (rep.new, rep.copies) == (6, 4)
        links.append(s.query("SELECT id, copy_of FROM articles ORDER BY id"))
        s.close()
    assert links[0] == links[1]


def test_demo_with_syndicated_copies_gives_the_same_ties(tl, tmp_path):
    from tieline.demo import corpus_inputs
    from tieline.store import open_store

    arts = demo_articles()
    extra = write_jsonl(tmp_path / "copies.jsonl", [syndicated(a) for a in arts[::3]])
    a, b = open_store(str(tmp_path / "a.duckdb")), open_store(str(tmp_path / "b.duckdb"))
    ingest(a, corpus_inputs(), tl)
    rep = ingest(b, corpus_inputs() + [extra], tl)
    assert rep.copies == len(arts[::3])
    for x, y in DYADS:
        ra, rb = tie_report(a, x, y, by="year"), tie_report(b, x, y, by="year")
        assert ra["periods"] == rb["periods"] and ra["trend"]["label"] == rb["trend"]["label"], (x, y)
    a.close()
    b.close()


def test_a_whole_page_in_a_jsonl_record_is_extracted_like_an_html_file(store, tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Site » Chad and Sudan sign border pact</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Chad and Sudan sign border pact</h1>"
        + "".join(
            f"<p>Paragraph {i}: the two governments agreed on joint patrols along the frontier and on "
            f"returning refugees, officials in N'Djamena said on Tuesday.</p>"
            for i in range(6)
        )
        + "</article><footer>Copyright 2009. All rights reserved.</footer></body></html>"
    )
    path = write_jsonl(tmp_path / "pages.jsonl", [{"content": page, "url": "https://example.org/chad-sudan"}])
    [art] = list(read_source(path, None))
    assert "<" not in art.body and "DOCTYPE" not in art.body and "Home" not in art.body
    assert art.title and "border pact" in art.title and art.url == "https://example.org/chad-sudan"


@pytest.mark.shared
def test_global_voices_feed_items_and_their_pages_are_one_story_each(store, tmp_path):
    gv = pathlib.Path(__file__).resolve().parents[3] / "shared" / "data" / "corpora" / "globalvoices-2009"
    if not gv.exists():
        pytest.skip("needs ../shared/data")
    rep = ingest(store, [str(gv / "globalvoices-2009.rss"), str(gv / "stories")], None)
    links = store.query("SELECT a.title, o.title FROM articles a JOIN articles o ON o.id = a.copy_of")
    assert rep.copies == len(links) >= 10
    assert all(x == y for x, y in links)
