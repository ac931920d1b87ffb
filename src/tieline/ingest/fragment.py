"""An HTML fragment (a feed item's content, a JSONL field holding markup) to paragraphs, with lxml:
no boilerplate detection, the fragment is the article."""

from __future__ import annotations

import re

_BLOCK = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "section",
    "article",
    "figure",
    "figcaption",
    "header",
    "footer",
    "dd",
    "dt",
}
_TAGLIKE = re.compile(r"<(p|div|br|span|a|b|i|em|strong|img|li|h\d|blockquote|figure|table)\b[^>]*>", re.I)


def looks_like_html(s: str) -> bool:
    return bool(_TAGLIKE.search(s[:5000]))


def fragment_paragraphs(markup: str) -> list[str]:
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml: empty or unparsable fragment
        return text_paragraphs(re.sub(r"<[^>]+>", " ", markup))
    for bad in root.xpath(".//script|.//style|.//noscript|.//iframe"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    return text_paragraphs(root.text_content())


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of clean text: blank-line separated blocks, or lines where there are no blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [p for p in (" ".join(b.split()) for b in blocks) if p]
