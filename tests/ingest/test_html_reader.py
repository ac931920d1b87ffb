"""HTML pages: trafilatura body, head metadata, credit lines and reader appeals moved out."""

from tieline.ingest import read_source

from .conftest import PARAS, html_page


def test_html_body_metadata_and_credit(fixtures):
    [art] = read_source(str(fixtures / "article-harbor-ledger.html"))
    assert art.body.startswith("Engineers and diplomats from the three river states")
    assert art.body.endswith("at the end of each round.")
    assert "Reuters contributed" not in art.body
    assert "newsletter" not in art.body.lower()
    assert "All rights reserved" not in art.body
    assert art.title == "Flood barrier talks resume after a year of delays"
    assert art.published == "2023-04-02T08:15:00+02:00"
    assert art.publisher == "The Harbor Ledger"
    assert art.authors == ["Tomas Berg"]
    assert art.credit == ["Reuters"]
    assert art.url == "https://ledger.example/world/flood-barrier-talks"
    assert art.language == "en"
    assert art.format == "html"


def test_gzipped_html_is_read_transparently(fixtures, gz):
    raw = (fixtures / "article-harbor-ledger.html").read_bytes()
    [plain] = read_source(str(fixtures / "article-harbor-ledger.html"))
    [zipped] = read_source(str(gz("page.html.gz", raw)))
    assert zipped.body == plain.body and zipped.id == plain.id


def test_html_saved_with_a_txt_name_is_sniffed_as_html(tmp_path):
    p = tmp_path / "saved.txt"
    p.write_bytes(html_page("River commission agrees drought rules", PARAS))
    [art] = read_source(str(p))
    assert art.format == "html"
    assert art.body.startswith("The river commission met on Friday")
    assert "<p>" not in art.body


def test_html_title_without_site_suffix_and_site_as_publisher(tmp_path):
    p = tmp_path / "a.html"
    p.write_bytes(html_page("Provinces publish water figures | Valley Courier", PARAS))
    [art] = read_source(str(p))
    assert art.title == "Provinces publish water figures"
    assert art.publisher == "Valley Courier"


def test_malformed_html_still_yields_its_text(tmp_path):
    p = tmp_path / "broken.html"
    p.write_bytes(
        b"<html><body><div><p>" + PARAS[0].encode() + b"<p>" + PARAS[1].encode() + b"</div></span><p>" + PARAS[2].encode()
    )
    [art] = read_source(str(p))
    assert "river commission met on Friday" in art.body
