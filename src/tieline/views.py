"""Terminal rendering for the CLI (rich tables); kept apart so the CLI stays thin."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table


def _console() -> Console:
    return Console()


def print_rows(rows: list[dict[str, Any]], fmt: str = "table", title: str = "") -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    if fmt == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False, default=str))
        return
    if fmt == "csv":
        if rows:
            w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        return
    t = Table(title=title or None)
    for k in rows[0] if rows else {}:
        t.add_column(str(k), overflow="fold")
    for r in rows:
        t.add_row(*[("" if v is None else str(v))[:80] for v in r.values()])
    _console().print(t if rows else f"no {title or 'rows'}")


def _actors(acts: list[dict]) -> str:
    return ", ".join(
        f"{a.get('entity') or a.get('text')} ({a.get('code') or '?'}{'/' + a['sector'] if a.get('sector') else ''})" for a in acts
    )


def print_events(evs: list[dict], fmt: str = "table") -> None:
    if fmt in ("json",):
        print(json.dumps(evs, ensure_ascii=False, indent=1))
        return
    if fmt == "jsonl":
        for e in evs:
            print(json.dumps(e, ensure_ascii=False))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["event_id", "date", "type", "cameo", "score", "source", "target", "modality", "attributed_to", "sentence"])
        for e in evs:
            w.writerow(
                [
                    e["event_id"],
                    e["date"],
                    e["type"],
                    e["cameo"],
                    e["score"],
                    _actors(e["source"]),
                    _actors(e["target"]),
                    ";".join(e["modality"]),
                    e["attributed_to"] or "",
                    e["sentence"],
                ]
            )
        sys.stdout.write(buf.getvalue())
        return
    # what this view counts, beside what `tieline ties` counts, so the two numbers can be told apart
    t = Table(
        title=f"{len(evs)} events stored (every report, any confidence; `tieline ties` counts only "
        f"confidence >= 0.4, one per type and date)",
        title_justify="left",
    )
    for col in ("date", "type", "source", "target", "modality", "sentence"):
        t.add_column(col, overflow="fold")
    for e in evs:
        t.add_row(
            e["date"] or "",
            e["type"],
            _actors(e["source"]),
            _actors(e["target"]),
            ", ".join(e["modality"]),
            (e["sentence"] or "")[:140],
        )
    _console().print(t)


def print_stats(st: dict, runs: list[dict]) -> None:
    c = _console()
    t = Table(title="Tieline database", show_header=False)
    for k, v in st.items():
        if isinstance(v, dict):
            v = ", ".join(f"{a} {b}" for a, b in v.items())
        t.add_row(k, str(v))
    c.print(t)
    if runs:
        print_rows(runs, "table", "recent runs")


def print_article(a: dict) -> None:
    c = _console()
    c.print(f"[bold]{a.get('title') or '(no title)'}[/]")
    c.print(f"{a.get('publisher') or ''}  {a.get('published') or ''}  {a.get('url') or ''}")
    c.print(f"sources: {', '.join(a.get('sources') or [])}")
    if a.get("copy_of"):
        c.print(f"near copy of {a['copy_of']} (similarity {a.get('similarity') or 0:.2f}): not coded again")
    for cp in a.get("copies") or []:
        c.print(
            f"copy {cp['id'][:12]} ({cp.get('similarity') or 0:.2f}) {cp.get('publisher') or ''} "
            f"{cp.get('title') or ''}: {', '.join(cp.get('sources') or [])}",
            markup=False,
            highlight=False,
        )
    c.print()
    c.print(a.get("body") or "", markup=False, highlight=False)
    if a.get("events"):
        c.print()
        print_events(a["events"], "table")


def print_demo(res: dict) -> None:
    from .ties import render_tie_table

    c = _console()
    st, ing = res["stats"], res["ingest"]
    c.print(
        f"[bold]Tieline demo[/]: {st['articles']} articles, {st['events']} events, "
        f"{st['mentions']} actor mentions ({st['unknown_mentions']} unknown) in {st['database']}"
    )
    c.print(f"this run: {ing['articles_new']} new, {ing['articles_seen']} already stored, {len(ing['problems'])} problems")
    for a, rep in res["partners"].items():
        warm = ", ".join(f"{p.get('name') or p['partner']} {p['score']:+.1f}" for p in rep["warmest"]) or "-"
        cold = ", ".join(f"{p.get('name') or p['partner']} {p['score']:+.1f}" for p in rep["coldest"]) or "-"
        c.print(f"{a}: warmest {warm}; coldest {cold}")
    for name, rep in res["dyads"].items():
        if name == "Iran-Hamas":
            c.print(render_tie_table(rep))
        else:
            tr = rep.get("trend") or {}
            c.print(f"{name}: {rep.get('n', 0)} events, latest {tr.get('period')} {tr.get('label')}")
    c.print("next: tieline ties Iran Hamas --by year | tieline events --dyad Iran --dyad Hamas | tieline serve")
