"""Bad input is reported with a short reason; wrongly encoded text is decoded, not refused."""

import pytest

from tieline.ingest import IngestError, ReadOptions, read_source

TEXT = (
    "Ministers from both countries met in the capital on Monday and agreed to resume direct flights, "
    "according to a statement from the foreign ministry.\n\n"
    "Flights had been suspended for more than a year after a dispute over landing rights at the main airport.\n"
)


def reason(path, options=None):
    with pytest.raises(IngestError) as e:
        read_source(str(path), options)
    return e.value.reason


def test_empty_file(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"  \n\n")
    assert reason(tmp_path / "e.txt") == "empty"


def test_binary_file(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert reason(tmp_path / "img.txt") == "binary"


def test_truncated_gzip(tmp_path, gz):
    full = gz("page.txt.gz", TEXT.encode() * 20).read_bytes()
    (tmp_path / "cut.txt.gz").write_bytes(full[: len(full) // 2])
    assert reason(tmp_path / "cut.txt.gz") == "gzip"


def test_gz_name_without_gzip_data(tmp_path):
    (tmp_path / "fake.txt.gz").write_bytes(TEXT.encode())
    assert reason(tmp_path / "fake.txt.gz") == "gzip"


def test_missing_file_url_and_folder(tmp_path):
    assert reason(tmp_path / "nope.txt") == "not-found"
    assert reason("https://example.org/story") == "unsupported"
    assert reason(tmp_path) == "unsupported"


def test_too_large(tmp_path):
    (tmp_path / "big.txt").write_text(TEXT * 10, encoding="utf-8")
    assert reason(tmp_path / "big.txt", ReadOptions(max_bytes=100)) == "too-large"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_wrongly_encoded_text_is_decoded(tmp_path, encoding):
    text = "Café owners in Zürich said the négociations were “difficult”, according to Señor Muñoz.\n\n" + TEXT
    if encoding == "latin-1":
        text = text.replace("“", '"').replace("”", '"')
    p = tmp_path / f"{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    [art] = read_source(str(p))
    assert "Zürich" in art.body and "Muñoz" in art.body and "négociations" in art.body


def test_html_with_declared_legacy_charset(tmp_path):
    p = tmp_path / "legacy.html"
    html = (
        "<html><head><meta charset='windows-1252'><title>Négociations à Genève</title></head><body><article>"
        "<p>Negotiators in Genève said the talks on the border régime had made progress on Tuesday, "
        "and that a second round would follow in the spring after both delegations consult their governments.</p>"
        "<p>The mediators thanked both sides for their patience during what they called a difficult week of meetings.</p>"
        "</article></body></html>"
    )
    p.write_bytes(html.encode("cp1252"))
    [art] = read_source(str(p))
    assert "Genève" in art.body and "régime" in art.body
    assert art.title == "Négociations à Genève"
