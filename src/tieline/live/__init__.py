"""Following the news live: fetching (``fetch``), politeness (``schedule``), URLs and discovery
in feeds and sitemaps (``urls``), the frontier and the polling loop (``watch``)."""

from .fetch import Fetcher, FetchError, FetchSettings
from .watch import PollReport, list_sources, parse_every, poll, read_source_options, read_sources

__all__ = [
    "Fetcher",
    "FetchError",
    "FetchSettings",
    "PollReport",
    "list_sources",
    "parse_every",
    "poll",
    "read_source_options",
    "read_sources",
]
