"""expand_inputs (folders, globs, URLs) and format detection by extension and content."""

import subprocess
import sys

from tieline.ingest import expand_inputs
from tieline.ingest.detect import detect


def test_expand_folders_recursively_sorted_without_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/2.txt", "b/1.html", "a.txt", ".hidden.txt", ".git/x.txt"):
        (tmp_path / name).write_text("x")
    got = list(expand_inputs([str(tmp_path)]))
    assert got == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "1.html"), str(tmp_path / "b" / "2.txt")]


def test_expand_globs_files_and_urls(tmp_path):
    for name in ("x1.txt", "x2.txt", "y.html"):
        (tmp_path / name).write_text("x")
    got = list(expand_inputs([str(tmp_path / "x*.txt"), "https://example.org/a", str(tmp_path / "y.html")]))
    assert got == [str(tmp_path / "x1.txt"), str(tmp_path / "x2.txt"), "https://example.org/a", str(tmp_path / "y.html")]


def test_missing_plain_path_is_passed_on_for_read_source_to_report(tmp_path):
    assert list(expand_inputs([str(tmp_path / "missing.txt")])) == [str(tmp_path / "missing.txt")]


def test_detect_by_extension_and_by_content():
    assert detect("a.txt", b"Plain words here.") == "text"
    assert detect("a.txt", b"<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert detect("a.xml", b"<?xml version='1.0'?><rss version='2.0'><channel>") == "feed"
    assert detect("a", b"<feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert detect("a.warc.gz", b"WARC/1.0\r\n") == "warc"
    assert detect("dump", b'{"text": "x"}\n{"text": "y"}') == "jsonl"
    assert detect("a.csv", b"title,text\nA,B\n") == "csv"
    assert detect("noext", b"title,text,url\nA,B,C\nD,E,F\n") == "csv"


def test_importing_ingest_stays_light():
    code = (
        "import sys, tieline.ingest; heavy = [m for m in ('trafilatura', 'feedparser', 'warcio', 'dateparser', "
        "'py3langid', 'lxml', 'yaml') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_paths_may_be_pathlib_objects(fixtures):
    from tieline.ingest import read_source

    [art] = read_source(fixtures / "page-harbor-ledger.txt")
    assert art.path == str(fixtures / "page-harbor-ledger.txt")
    assert list(expand_inputs([fixtures / "records.csv"])) == [str(fixtures / "records.csv")]
