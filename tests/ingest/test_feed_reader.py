"""RSS and Atom feeds: one Article per item, full content preferred over the summary."""

import pytest

from tieline.ingest import IngestError, read_source


def test_rss_items_with_full_content_and_summary_fallback(fixtures):
    path = str(fixtures / "feed-rss.xml")
    arts = read_source(path)
    assert [a.path for a in arts] == [f"{path}#item-1", f"{path}#item-2"]  # the empty item is skipped
    first, second = arts
    assert first.body.startswith("Fisheries ministers from the two coastal states")  # content:encoded, not the teaser
    assert "teaser" not in first.body
    assert first.credit == ["Reuters"] and "contributed" not in first.body
    assert first.published == "2023-06-05T09:30:00+02:00"
    assert first.url == "https://ledger.example/world/fisheries-accord"
    assert first.authors == ["Ana Costa"]
    assert first.publisher == "The Harbor Ledger"  # "The Harbor Ledger » World" -> site
    assert first.format == "feed"
    assert second.body.startswith("Dock workers at the city's main port")  # the summary, tags stripped
    assert second.published == "2023-06-04T18:00:00+00:00"


def test_atom_entry_content_and_dates(fixtures):
    [art] = read_source(str(fixtures / "feed-atom.xml"))
    assert art.title == "Regional leaders pledge to share wildfire crews"
    assert len(art.paragraphs) == 2
    assert art.published == "2023-07-01T10:45:00-05:00"
    assert art.authors == ["Jon Reyes"]
    assert art.url == "https://courier.example/2023/07/wildfire-crews"
    assert art.publisher == "Valley Courier"


def test_malformed_feed_is_reported(tmp_path):
    p = tmp_path / "broken.rss"
    p.write_text("<?xml version='1.0'?><rss><channel><title>x</title><item><title>unclosed", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        read_source(str(p))
    assert e.value.reason in ("malformed", "no-text")
