"""A user's own knowledge-base file: `tieline actors add` appends to it; it merges over the built-in base."""

from __future__ import annotations

import pathlib
import re

import yaml

from .kb import KBError, parse_file


def add_actor(
    path: str, name: str, code: str, sector: str | None, kind: str = "org", aliases: list[str] | None = None
) -> pathlib.Path:
    p = pathlib.Path(path).expanduser()
    doc = yaml.safe_load(p.read_text(encoding="utf-8")) if p.exists() else None
    doc = doc or {"schema": "tieline-kb/1"}
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    entry: dict[str, str | list[str] | list[dict[str, str]] | None]
    if kind == "person":
        entry = {"id": slug, "name": name, "aliases": aliases or [], "roles": [{"code": code.upper(), "sector": sector or "GOV"}]}
        key = "people"
    else:
        entry = {"id": slug, "name": name, "aliases": aliases or [], "code": code.upper(), "sector": sector}
        key = "organizations"
    items = [e for e in doc.get(key) or [] if e.get("id") != slug]
    doc[key] = items + [entry]
    tmp = p.with_suffix(p.suffix + ".tmp")
    tmp.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        parse_file(tmp)  # never write a file the loader would refuse
    except KBError:
        tmp.unlink()
        raise
    tmp.replace(p)
    return p
