"""Settings from a small TOML file, for what users set once: their own knowledge-base files,
their own lexicon, the database.

Looked up in this order: ``$TIELINE_CONFIG``, ``./tieline.toml``, ``~/.config/tieline/config.toml``.
Command-line options and environment variables (``--db``/``TIELINE_DB``, ``--kb``/``TIELINE_KB``)
win over the file.

    # tieline.toml
    db = "news.duckdb"
    kb = ["my-actors.yaml"]          # merged over the built-in knowledge base, later files win
    lexicon = "my-patterns.yaml"     # merged over the built-in event lexicon

    [coder]                          # what the coder emits (tieline.events.coder.CoderSettings)
    keep_identified = true           # also events whose doer is named but has no country code

    [ingest]                         # how inputs are read (tieline.ingest.ReadOptions)
    max_bytes = 100_000_000          # largest file read (default 50 MB); --max-bytes wins
    text_fields = ["story"]          # JSONL/CSV field names tried first; --text-field wins

    [geo]                            # where events happened (tieline.geo.Geocoder)
    enabled = false                  # keep places as written, unresolved (no gazetteer loaded)

    [live]                           # how pages and feeds are fetched (tieline.live.FetchSettings)
    user_agent = "MyProject/1.0 (+mailto:me@example.org)"
    min_interval = 2.0               # seconds between two requests to one host, at least
"""

from __future__ import annotations

import os
import pathlib
import tomllib
from typing import Any


def config_path() -> pathlib.Path | None:
    for p in (os.environ.get("TIELINE_CONFIG"), "tieline.toml", "~/.config/tieline/config.toml"):
        if p and pathlib.Path(p).expanduser().is_file():
            return pathlib.Path(p).expanduser()
    return None


def load_config() -> dict[str, Any]:
    """The settings, with relative paths resolved against the file's folder; {} when there is none."""
    path = config_path()
    if path is None:
        return {}
    try:
        cfg = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{path}: not valid TOML: {e}") from e

    def rel(p: str) -> str:
        q = pathlib.Path(p).expanduser()
        return str(q if q.is_absolute() or "://" in p else path.parent / q)

    if isinstance(cfg.get("kb"), str):
        cfg["kb"] = [cfg["kb"]]
    if cfg.get("kb"):
        cfg["kb"] = [rel(p) for p in cfg["kb"]]
    for key in ("lexicon", "db"):
        if cfg.get(key) and not str(cfg[key]).startswith(("postgresql://", "postgres://")):
            cfg[key] = rel(cfg[key])
    return cfg
