"""One URL per story: the canonical form the frontier keys on, and the article links of feeds and
sitemaps (Google News sitemaps included)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# query parameters that track the reader, not the page (campaign tags, click ids)
TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|"
    r"ref|ref_src|cmpid|ocid|at_medium|at_campaign|icid|ito|xtor|smid|partner)$",
    re.I,
)


def canonical(url: str) -> str:
    """Lower-case scheme and host, default port and fragment dropped, tracking parameters removed,
    the rest of the query kept in its order ("?id=7" can be the story)."""
    p = urlsplit(url.strip())
    host = (p.hostname or "").lower()
    port = p.port
    netloc = host if port is None or (p.scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True) if not TRACKING.match(k)])
    return urlunsplit((p.scheme.lower(), netloc, p.path or "/", query, ""))


def host_of(url: str) -> str:
    """The politeness unit: host and port ("example.org", "127.0.0.1:8080")."""
    p = urlsplit(url)
    return (p.hostname or "").lower() + (f":{p.port}" if p.port else "")


def discover(content: bytes, base_url: str) -> tuple[str, list[tuple[str, str | None]]]:
    """What a source lists: ("feed" | "sitemap" | "sitemapindex" | "page", [(url, published)]).
    A sitemap index lists sitemaps; a feed or sitemap lists article URLs; anything else is a page."""
    head = content[:2048].lstrip().lower()
    if (
        b"<urlset" in head
        or b"<sitemapindex" in head
        or (b"<?xml" in head and (b"<urlset" in content[:8192].lower() or b"<sitemapindex" in content[:8192].lower()))
    ):
        return _sitemap(content, base_url)
    if (
        b"<rss" in head
        or b"<feed" in head
        or b"<rdf:rdf" in head
        or (b"<?xml" in head and (b"<rss" in content[:8192].lower() or b"<feed" in content[:8192].lower()))
    ):
        import feedparser

        parsed = feedparser.parse(content)
        items = []
        for e in parsed.entries:
            link = e.get("link")
            if link:
                items.append((urljoin(base_url, link), e.get("published") or e.get("updated")))
        return "feed", items
    return "page", []


def _sitemap(content: bytes, base_url: str) -> tuple[str, list[tuple[str, str | None]]]:
    from lxml import etree

    try:
        root = etree.fromstring(
            content, parser=etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
        )
    except etree.XMLSyntaxError:
        return "sitemap", []
    if root is None:
        return "sitemap", []
    kind = "sitemapindex" if etree.QName(root).localname == "sitemapindex" else "sitemap"
    out = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = date = None
        for child in node.iter():
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "loc" and child.text and loc is None:
                loc = child.text.strip()
            elif name in ("publication_date", "lastmod") and child.text and date is None:
                date = child.text.strip()  # news:publication_date (Google News), else lastmod
        if loc:
            out.append((urljoin(base_url, loc), date))
    return kind, out
