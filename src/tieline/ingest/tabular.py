"""JSONL (or a JSON array) and CSV/TSV dumps: one Article per record, fields named by ReadOptions.
Bad records are skipped; the file fails only when no record could be read."""

from __future__ import annotations

import csv
import io
import json
import re

from ..records import Article, Problem
from . import Articles, IngestError, ReadOptions
from .fragment import fragment_paragraphs, looks_like_html, text_paragraphs
from .encoding import clean_chars
from .metadata import language, normalize_date


_WHOLE_PAGE = re.compile(r"\s*(<!--.*?-->\s*)*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html[\s>])", re.I | re.S)


def _pick(rec: dict, names: list[str]):
    low = {str(k).lower(): v for k, v in rec.items()}
    for n in names:
        v = low.get(n.lower())
        if v not in (None, ""):
            return v
    return None


def record_article(rec: dict, path: str, options: ReadOptions, fmt: str) -> Article | None:
    text = _pick(rec, options.text_fields)
    if not isinstance(text, str) or not text.strip():
        return None
    text = clean_chars(text)  # a lone surrogate from a broken escape, a NUL byte
    title = _pick(rec, options.title_fields)
    url = _pick(rec, options.url_fields)
    page = None
    if _WHOLE_PAGE.match(text):
        # a scraper's dump of the whole page (doctype, head, menus, comments): the article is
        # extracted as from an .html file, and the record's own fields win over the page's
        from .html import read_html

        try:
            page = read_html(text, path=path, url=str(url) if url else None)
        except IngestError:
            return None
        paras = page.paragraphs
    else:
        paras = fragment_paragraphs(text) if looks_like_html(text) else text_paragraphs(text)
    if not paras:
        return None
    body = "\n\n".join(paras)
    if page is not None:
        title = title or page.title
        url = url or page.url
    authors = _pick(rec, ["authors", "author", "byline"])
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.replace(";", ",").split(",") if a.strip()]
    lang = _pick(rec, ["language", "lang"])
    return Article(
        body=body,
        title=str(title) if title else None,
        published=normalize_date(_pick(rec, options.date_fields)) or (page.published if page else None),
        publisher=_pick(rec, ["publisher", "source", "site", "sitename", "outlet"]) or (page.publisher if page else None),
        authors=[str(a) for a in authors or [] if a] or (page.authors if page else []),
        credit=page.credit if page else [],
        url=str(url) if url else None,
        language=str(lang) if lang else (page.language if page else None) or language(body),
        path=path,
        format=fmt,
    )


def finish(out: list, bad: int, total: int, path: str) -> list[Article]:
    """The records read, or the file's error when none could be read."""
    if not out:
        if total and bad == total:
            raise IngestError("malformed", f"{path}: none of {total} records parses")
        raise IngestError("no-text", f"{path}: no record has a text field")
    return out


def read_jsonl(text: str, path: str, options: ReadOptions | None = None) -> list[Article]:
    options = options or ReadOptions()
    stripped = text.strip()
    whole = None
    if stripped.startswith(("[", "{")) and stripped.endswith(("]", "}")):
        try:  # one pretty-printed document, not JSON lines
            whole = json.loads(stripped)
        except (ValueError, RecursionError):
            whole = None
    if isinstance(whole, dict):
        whole = whole.get("articles") or whole.get("items") or whole.get("records") or [whole]
    if isinstance(whole, list):  # a JSON array of records
        recs = whole
        out = [
            a
            for i, r in enumerate(recs, 1)
            if isinstance(r, dict)
            for a in [record_article(r, f"{path}#{i}", options, "jsonl")]
            if a
        ]
        return finish(out, sum(not isinstance(r, dict) for r in recs), len(recs), path)
    out, skipped, total, bad = jsonl_lines(text, path, options)
    arts = Articles(finish(out, bad, total, path))
    arts.skipped = skipped
    return arts


def jsonl_lines(text: str, path: str, options: ReadOptions, first_line: int = 1) -> tuple[list[Article], list[Problem], int, int]:
    """The records of JSON lines (``first_line``: the number of the text's first line in its file,
    so a shard names records as the whole file does): (articles, skipped, records, bad records)."""
    out: list[Article] = []
    bad = total = 0
    skipped: list[Problem] = []
    for i, line in enumerate(text.splitlines(), first_line):
        if not line.strip():
            continue
        total += 1
        try:
            rec = json.loads(line)
            a = record_article(rec, f"{path}#{i}", options, "jsonl") if isinstance(rec, dict) else None
        except (ValueError, RecursionError, TypeError) as e:  # bad JSON, nesting too deep, odd values
            bad += 1
            skipped.append(Problem(path=f"{path}#{i}", reason="malformed", detail=f"line {i}: {type(e).__name__}: {e}"[:300]))
            continue
        if not isinstance(rec, dict):
            bad += 1
            skipped.append(Problem(path=f"{path}#{i}", reason="malformed", detail=f"line {i}: not a JSON object"))
            continue
        if a:
            out.append(a)
    return out, skipped, total, bad


def read_csv(text: str, path: str, options: ReadOptions | None = None, *, rows: tuple[int, int] | None = None) -> list[Article]:
    """The records of a CSV/TSV text; with ``rows`` (k, n) only those of the k-th of n equal chunks
    of its rows, named as in the whole file and without the whole file's no-text check (``records``:
    how many rows the chunk has), so that workers can share a file (``shards.py``)."""
    options = options or ReadOptions()
    csv.field_size_limit(1 << 30)
    delim = "\t" if path.lower().rstrip(".gz").endswith(".tsv") else None
    if delim is None:
        try:
            delim = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delim = ","
    try:
        table = list(csv.DictReader(io.StringIO(text), delimiter=delim))
    except csv.Error as e:
        raise IngestError("malformed", f"{path}: {e}") from None
    lo, hi = 0, len(table)
    if rows is not None:
        k, n = rows
        lo, hi = k * len(table) // n, (k + 1) * len(table) // n
    out = []
    for i in range(lo, hi):
        row = table[i]
        a = record_article({k: v for k, v in row.items() if k is not None}, f"{path}#row-{i + 1}", options, "csv")
        if a:
            out.append(a)
    if rows is not None:
        chunk = Articles(out)
        chunk.records = hi - lo
        return chunk
    return finish(out, 0, len(table), path)
