"""WARC crawls: HTML responses become Articles with their target URI and offset."""

import pytest

from tieline.ingest import IngestError, read_source


def test_warc_html_responses_become_articles(warc_file):
    arts = read_source(str(warc_file))
    assert [a.url for a in arts] == ["https://news.example/a", "https://news.example/b"]  # image and 404 skipped
    assert all(a.path.startswith(f"{warc_file}#") for a in arts)
    offsets = [int(a.path.rsplit("#", 1)[1]) for a in arts]
    assert offsets[0] == 0 and offsets[1] > offsets[0]
    assert arts[0].title == "River commission agrees drought rules"
    assert arts[0].body.startswith("The river commission met on Friday")
    assert arts[0].published.startswith("2023-05-01T10:00:00")  # WARC-Date when the page has none
    assert arts[0].format == "warc"


def test_warc_offset_points_at_the_record(warc_file):
    import io

    from warcio.archiveiterator import ArchiveIterator

    arts = read_source(str(warc_file))
    raw = warc_file.read_bytes()
    off = int(arts[1].path.rsplit("#", 1)[1])
    rec = next(iter(ArchiveIterator(io.BytesIO(raw[off:]))))
    assert rec.rec_headers.get_header("WARC-Target-URI") == "https://news.example/b"


def test_truncated_warc_keeps_the_records_before_the_cut(warc_file, tmp_path):
    raw = warc_file.read_bytes()
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(raw[: len(raw) - 40])
    arts = read_source(str(p))
    assert [a.url for a in arts][:1] == ["https://news.example/a"]


def test_malformed_warc_is_reported(tmp_path):
    p = tmp_path / "bad.warc"
    p.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nonsense\r\n\r\ngarbage")
    with pytest.raises(IngestError) as e:
        read_source(str(p))
    assert e.value.reason in ("malformed", "no-text")
