"""HTML pages: trafilatura underneath (one extraction pass, comments out), metadata from one regex
pass over the page head, then a light post-clean that moves credit lines to metadata and drops
appeals and furniture trafilatura left in."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..records import Article
from . import IngestError
from .boilerplate import WORD, add_new, credit_names, cue_kind, cues, is_appeal, norm_words, section_kind
from .encoding import META_CHARSET
from .metadata import language, normalize_date, split_title

if TYPE_CHECKING:
    from trafilatura.settings import Document

_META_TAG = re.compile(rb"<meta\s[^>]*>", re.I)
_ATTR = re.compile(rb"""(property|name|itemprop|content)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)
_CANONICAL = re.compile(rb"""<link[^>]+rel\s*=\s*["']canonical["'][^>]*>""", re.I)
_HREF = re.compile(rb"""href\s*=\s*["']([^"']+)["']""", re.I)
_JSONLD_DATE = re.compile(rb'"datePublished"\s*:\s*"([^"]+)"')
_TIME_TAG = re.compile(rb"""<time[^>]+datetime\s*=\s*["']([^"']+)["']""", re.I)
_TAG = re.compile(r"<[^>]+>")
_LANG_ATTR = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?([a-zA-Z]{2,3})\b""", re.I)

_KEYS = {
    "title": ("og:title", "twitter:title", "headline", "dc.title"),
    "published": (
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "date",
    ),
    "publisher": ("og:site_name", "application-name", "publisher", "dc.publisher"),
    "author": ("author", "article:author", "dc.creator", "sailthru.author", "byl"),
    "url": ("og:url",),
}
_LOOKUP = {k: field for field, keys in _KEYS.items() for k in keys}


def _unescape(b: bytes, charset: str = "utf-8") -> str:
    import html

    try:
        s = b.decode(charset)
    except (LookupError, UnicodeDecodeError):
        s = b.decode("cp1252", "replace")
    return " ".join(html.unescape(_TAG.sub(" ", s)).split())


def head_metadata(data: bytes) -> dict:
    """Title, publication time, site name, authors and URL from <meta>, <title>, <link
    rel=canonical>, JSON-LD and <time> -- one regex pass over the page head, no second parse."""
    head = data[:300_000]
    found: dict = {}
    m = META_CHARSET.search(head[:4096])
    charset = m.group(1).decode("ascii", "ignore").lower() if m else "utf-8"
    for tag in _META_TAG.findall(head):
        attrs = {}
        for m in _ATTR.finditer(tag):
            attrs[m.group(1).lower()] = m.group(2) if m.group(2) is not None else m.group(3)
        content = attrs.get(b"content")
        key = (attrs.get(b"property") or attrs.get(b"name") or attrs.get(b"itemprop") or b"").decode("utf-8", "ignore").lower()
        field = _LOOKUP.get(key)
        if field and content and field not in found:
            found[field] = _unescape(content, charset)
    if "title" not in found:
        m = _TITLE.search(head)
        if m:
            found["title"] = _unescape(m.group(1), charset)
    if "url" not in found:
        m = _CANONICAL.search(head)
        h = _HREF.search(m.group(0)) if m else None
        if h:
            found["url"] = _unescape(h.group(1), charset)
    m = _LANG_ATTR.search(head[:5000])
    if m:
        found["language"] = m.group(1).decode("ascii").lower()
    date = found.pop("published", None)
    if not date:
        m = _JSONLD_DATE.search(head) or _TIME_TAG.search(head)
        date = m.group(1).decode("utf-8", "ignore") if m else None
    found["published"] = normalize_date(date) if date else None
    if found.get("author") and not found["author"].startswith("http"):
        found["authors"] = [a.strip() for a in re.split(r";|,|\band\b", found["author"]) if a.strip()]
    if found.get("title"):  # "Headline | Site" -> "Headline" (and the site)
        parts = split_title(found["title"])
        site = (found.get("publisher") or "").lower()
        rest = [p for p in parts if p.lower() != site]
        if len(parts) > 1 and rest:
            found["title"] = max(rest, key=len)
            short = [p for p in rest if p != found["title"] and len(p.split()) <= 5]
            if not site and short:
                found["publisher"] = short[0]
    return found


FALLBACK_BELOW = 200  # characters: a fast extraction this short probably missed the article

# furniture kinds dropped from trafilatura's output (short lines only, see boilerplate.yaml)
DROP_KINDS = {"reading_time", "share", "subscribe", "legal", "cookie", "comment_meta", "advert", "caption", "image"}


def clean_paragraphs(paras: list[str]) -> tuple[list[str], list[str]]:
    """(body paragraphs, credit names): credit lines become metadata; appeals to the reader
    (subscribe, donate, follow us, newsletter) and short furniture lines (share, caption, cookie,
    copyright) are dropped, and so is a "Related" header; a comments header ends the body."""
    c = cues()
    credit: list[str] = []
    out: list[str] = []
    last = len(paras) - 3
    for i, p in enumerate(paras):
        sect = section_kind(p, c)
        if sect == "comments" and len(out) >= 3:
            break
        if sect:  # a 'Related' header: the box may sit mid-article
            continue
        names = credit_names(p, c)
        if names is not None:
            add_new(credit, names)
            continue
        if cue_kind(p, c) in DROP_KINDS:
            continue
        words = WORD.findall(p)
        # an appeal inside the text must be short (a sign-up prompt); at the edges any length
        if (len(words) <= 25 or i == 0 or i >= last) and is_appeal(p, words, c):
            continue
        out.append(p)
    return out, credit


def _date_from_page(raw: bytes) -> str | None:
    """Without a date in the head: htmldate's quick search (no extensive scan) of the page, day only."""
    try:
        from htmldate import find_date  # a trafilatura dependency, already loaded with it

        return find_date(raw, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises assorted errors on odd pages
        return None


def read_html(data: bytes | str, path: str | None = None, url: str | None = None) -> Article:
    import trafilatura

    # bare_extraction returns a Document (or None) unless as_dict=True, though it is typed
    # Document | dict | None for both: the ignores below drop the dict
    doc: Document | None
    full: Document | None
    try:
        # fast mode (trafilatura's own extractor, no readability/jusText comparison) is a third
        # faster and as good on news pages; when it finds next to nothing, run the full cascade
        doc = trafilatura.bare_extraction(data, url=url, include_comments=False, fast=True)  # type: ignore[assignment]
        if doc is None or len(doc.text or "") < FALLBACK_BELOW:
            full = trafilatura.bare_extraction(data, url=url, include_comments=False)  # type: ignore[assignment]
            if full is not None and len(full.text or "") > len((doc.text if doc else "") or ""):
                doc = full
    except Exception as e:  # lxml raises on some byte soups
        raise IngestError("malformed", f"{path}: {e}") from None
    if doc is None or not (doc.text or "").strip():
        raise IngestError("no-text", f"{path}: no article text found in the HTML")
    assert doc.text is not None  # checked just above: the text is not empty
    paras = [" ".join(p.split()) for p in doc.text.split("\n") if p.strip()]
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "ignore")
    meta = head_metadata(raw)
    title = meta.get("title") or doc.title
    if title and len(paras) > 1 and norm_words(paras[0]) == norm_words(title):  # the headline is not body text
        paras = paras[1:]
    paras, credit = clean_paragraphs(paras)
    body = "\n\n".join(paras)
    published = meta.get("published") or _date_from_page(raw)
    return Article(
        body=body,
        title=title,
        published=published,
        publisher=meta.get("publisher"),
        authors=meta.get("authors", []),
        credit=credit,
        url=url or meta.get("url"),
        path=path,
        format="html",
        # the page's declared language; the identifier (and its 0.4 s model load) only without one
        language=meta.get("language") or language(body),
    )
