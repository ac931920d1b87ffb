"""Readers: every input format becomes the same Article record.

Public API (used by the CLI and the pipeline):
    expand_inputs(inputs) -> iterator of paths/URLs (folders recursively, globs)
    read_source(path, options=None) -> list[Article]       raises IngestError
"""
from __future__ import annotations

from dataclasses import dataclass, field


class IngestError(Exception):
    """An input that cannot be read; ``reason`` is a short code kept in the quarantine table."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class ReadOptions:
    """Field names for JSONL/CSV dumps and limits; defaults suit most dumps."""

    text_fields: list[str] = field(default_factory=lambda: ["text", "body", "content", "article", "maintext"])
    title_fields: list[str] = field(default_factory=lambda: ["title", "headline"])
    date_fields: list[str] = field(default_factory=lambda: ["date", "published", "pubdate", "publish_date", "datetime", "timestamp"])
    url_fields: list[str] = field(default_factory=lambda: ["url", "link", "source_url"])
    max_bytes: int = 50_000_000
