"""Fixtures for the ingest tests: the project's own sample files, generated broken files and
a `shared_data` fixture that skips integration tests when ../shared/data is absent."""

from __future__ import annotations

import gzip
import io
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "ingest"
SHARED = REPO.parent / "shared" / "data"


@pytest.fixture
def fixtures() -> pathlib.Path:
    return FIXTURES


@pytest.fixture
def shared_data() -> pathlib.Path:
    if not SHARED.is_dir():
        pytest.skip(f"integration data not found at {SHARED} (../shared/data)")
    return SHARED


def html_page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html lang='en'><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    ).encode("utf-8")


PARAS = [
    "The river commission met on Friday to agree on new rules for sharing water during droughts, officials said after the meeting.",
    "Delegates from the upstream and downstream provinces spent two days discussing how much water each side may take in a dry summer.",
    "The new rules will be reviewed after one year, and both provinces promised to publish the amounts they take each month.",
]


@pytest.fixture
def warc_file(tmp_path) -> pathlib.Path:
    """A small gzipped WARC: two HTML responses, one image, one 404 page and a request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)

    def response(url, payload, ctype="text/html; charset=utf-8", status="200 OK", date=None):
        hh = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        headers = {"WARC-Date": date} if date else None
        rec = w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=hh, warc_headers_dict=headers)
        w.write_record(rec)

    response("https://news.example/a", html_page("River commission agrees drought rules", PARAS), date="2023-05-01T10:00:00Z")
    response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ctype="image/png")
    response("https://news.example/missing", b"<html><body>Not found</body></html>", status="404 Not Found")
    response(
        "https://news.example/b", html_page("Provinces publish water figures", list(reversed(PARAS))), date="2023-05-02T11:30:00Z"
    )
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(buf.getvalue())
    return p


@pytest.fixture
def gz(tmp_path):
    """gz(name, data) -> path of a gzipped copy."""

    def make(name: str, data: bytes) -> pathlib.Path:
        p = tmp_path / name
        p.write_bytes(gzip.compress(data))
        return p

    return make
