"""Which reader a file needs: by extension first, then by sniffing the first bytes."""

from __future__ import annotations

import re

_EXT = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".arc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<div[\s>]|<p[\s>]|<article[\s>]", re.I)
_FEED = re.compile(rb"<rss[\s>]|<feed[\s>][^>]*|<rdf:RDF[\s>]|<channel[\s>]", re.I)


def ext_format(name: str) -> str | None:
    low = name.lower()
    for suffix in (".gz", ".gzip"):
        if low.endswith(suffix):
            low = low[: -len(suffix)]
    if low.endswith(".warc") or ".warc." in low:
        return "warc"
    dot = low.rfind(".")
    return _EXT.get(low[dot:]) if dot >= 0 else None


def sniff(head: bytes) -> str:
    """Guess from content (already decompressed): warc, feed, html, jsonl, csv or text."""
    h = head.lstrip()[:4096]
    if h.startswith(b"WARC/"):
        return "warc"
    if h.startswith(b"{") or h.startswith(b"["):
        return "jsonl"
    if h.startswith(b"<"):
        if _FEED.search(h[:1024]):
            return "feed"
        if _HTML.search(h):
            return "html"
        if h.startswith(b"<?xml"):
            return "feed" if _FEED.search(h) else "html"
        return "html"
    if _HTML.search(h[:1024]) and h.count(b"<") > 5:
        return "html"
    if _looks_csv(h):
        return "csv"
    return "text"


def _looks_csv(h: bytes) -> bool:
    """A header line naming a text-ish column, and rows with about as many commas."""
    lines = [l for l in h.split(b"\n")[:5] if l.strip()]
    if len(lines) < 2 or len(lines[0]) > 500:
        return False
    n = lines[0].count(b",")
    header = lines[0].decode("utf-8", "ignore").lower()
    return (
        n >= 1
        and any(k in header for k in ("text", "body", "content", "title", "url"))
        and all(abs(l.count(b",") - n) <= n for l in lines[1:])
    )


def detect(name: str, head: bytes) -> str:
    """The reader for a file: content wins where the extension is missing or contradicts it."""
    by_ext = ext_format(name)
    by_content = sniff(head)
    if by_ext is None:
        return by_content
    if by_ext == "text" and by_content in ("html", "feed", "warc"):
        return by_content
    if by_ext == "html" and by_content == "feed":
        return "feed"
    if by_ext == "feed" and by_content == "html":
        return "html"
    if by_ext in ("jsonl", "csv") and by_content in ("html", "feed", "warc"):
        return by_content
    return by_ext
