"""RSS and Atom feeds (feedparser): one Article per item, with the full content when the feed carries
it (content:encoded, Atom content), else the summary; title, link, date, authors kept."""

from __future__ import annotations

from ..records import Article
from . import IngestError, ReadOptions
from .fragment import fragment_paragraphs, looks_like_html, text_paragraphs
from .html import clean_paragraphs
from .metadata import language, normalize_date, split_title


def _entry_text(e) -> str:
    contents = e.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = e.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def read_feed(text: str, path: str, options: ReadOptions | None = None) -> list[Article]:
    import feedparser

    parsed = feedparser.parse(text)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise IngestError("malformed", f"{path}: {parsed.get('bozo_exception')}")
        raise IngestError("no-text", f"{path}: feed without items")
    feed = parsed.feed
    publisher = split_title(feed["title"])[0] if feed.get("title") else None  # "Site » Section" -> "Site"
    feed_lang = (feed.get("language") or "").split("-")[0].lower() or None
    out: list[Article] = []
    for n, e in enumerate(parsed.entries, 1):
        raw = _entry_text(e)
        paras = fragment_paragraphs(raw) if looks_like_html(raw) else text_paragraphs(raw)
        paras, credit = clean_paragraphs(paras)
        if not paras:
            continue  # an item without text: skip, keep the others
        body = "\n\n".join(paras)
        authors = [a.get("name") for a in e.get("authors") or [] if a.get("name")] or ([e["author"]] if e.get("author") else [])
        published = normalize_date(e.get("published") or e.get("updated") or e.get("created"))
        out.append(
            Article(
                body=body,
                title=e.get("title") or None,
                published=published,
                publisher=publisher,
                authors=authors,
                credit=credit,
                url=e.get("link") or None,
                language=feed_lang or language(body),
                path=f"{path}#item-{n}",
                format="feed",
            )
        )
    if not out:
        raise IngestError("no-text", f"{path}: no item with text")
    return out
