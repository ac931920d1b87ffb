"""Showing a tie report: a rich table with a sparkline, and charts (.png/.svg/.html) via Altair.

Charts are rendered offline by vl-convert; ``.html`` files carry the Vega JavaScript inline
(no CDN), so they open without a network.
"""

from __future__ import annotations

import re

import pathlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt
    from rich.console import Group
    from rich.table import Table

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None], lo: float = -10.0, hi: float = 10.0) -> str:
    """One character per value on a fixed -10..+10 scale (blank for a missing value)."""
    out = []
    for v in values:
        if v is None:
            out.append(" ")
            continue
        x = (min(max(float(v), lo), hi) - lo) / (hi - lo)
        out.append(SPARK[min(len(SPARK) - 1, int(x * len(SPARK)))])
    return "".join(out)


def _bar(score: float | None, width: int = 10) -> str:
    if score is None:
        return ""
    n = int(round(abs(score) / 10 * width))
    return ("█" * n).rjust(width) + "│" if score < 0 else " " * width + "│" + "█" * n


def render_tie_table(report: dict[str, Any]) -> Group:
    """A rich renderable: one row per period (score, bar around zero, events), the sparkline of
    the series in the title, then the trend label and the events that moved it."""
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    a, b = report.get("dyad", ["?", "?"])
    periods = report.get("periods", [])
    trend = report.get("trend") or {}
    spark = sparkline([p.get("score") for p in periods])
    w = report.get("weights") or {}
    thr = w.get("count_threshold")
    counted = (f"events: confidence >= {thr:g}, " if thr else "events: ") + "one per type and date"
    t = Table(
        title=f"{a} – {b}  {spark}",
        title_justify="left",
        caption=f"{counted}; {report.get('n', 0)} events from {report.get('reports', 0)} reports",
        caption_justify="left",
    )
    t.add_column("period")
    t.add_column("score", justify="right")
    t.add_column("−10 … 0 … +10", no_wrap=True)
    t.add_column("level (90%)", justify="right")
    t.add_column("events", justify="right")
    t.add_column("net coop.", justify="right")
    for p in periods:
        s = p.get("score")
        style = "green" if (s or 0) > 0 else "red" if (s or 0) < 0 else ""
        mark = " ←" if p.get("period") == trend.get("period") else ""
        band = p.get("band") or [None, None]
        level = "" if p.get("level") is None else f"{p['level']:+.1f} [{band[0]:+.1f}, {band[1]:+.1f}]"
        net = p.get("net_cooperation")
        t.add_row(
            p["period"] + mark,
            Text("" if s is None else f"{s:+.2f}", style=style),
            Text(_bar(s), style=style),
            level,
            str(p.get("events", "")),
            "" if net is None else f"{net:+d}",
        )
    label = trend.get("label", "")
    colour = {"warming": "green", "cooling": "red"}.get(label, "yellow")
    verdict = trend.get("verdict") if trend.get("verdict") not in (None, label) else ""
    cap = [
        f"[bold {colour}]{label}[/]{' (' + verdict + ')' if verdict else ''} {trend.get('period') or ''} "
        f"(sure {trend.get('sure', 0):.2f}, {trend.get('confidence', 'low')}): {escape(trend.get('why', ''))}",
        "level: the relation's level as known at each period, with its 90% interval (local-level model, docs/ties.md); "
        "net coop.: cooperative minus conflictual events",
    ]
    if trend.get("reasons"):
        cap.append("events that moved the level most (their share of the change, in points):")
    for r in trend.get("reasons", [])[:5]:
        src = ", ".join(r.get("source") or [])
        tgt = ", ".join(r.get("target") or [])
        mod = ",".join(m for m in (r.get("modality") or []) if m != "asserted")
        who = f" per {r['attributed_to']}" if r.get("attributed_to") else ""
        line = (
            f"{r.get('type')} {src}{' → ' + tgt if tgt else ''} {r.get('date') or ''}"
            f'{" (" + mod + ")" if mod else ""}{who}: "{(r.get("sentence") or "")[:160]}"'
        )
        cap.append(f"  {r.get('contribution', 0):+.2f} " + escape(line))
    return Group(t, Text.from_markup("\n".join(cap)))


def tie_chart(report: dict[str, Any]) -> alt.LayerChart | alt.FacetChart:
    """An Altair chart of the series: a line, a zero rule and points coloured by sign."""
    import altair as alt

    a, b = report.get("dyad", ["?", "?"])
    rows = [
        {
            "period": p["period"],
            "score": p["score"],
            "events": p.get("events", 0),
            "sign": "positive" if p["score"] > 0 else "negative" if p["score"] < 0 else "zero",
            "level": p.get("level"),
            "low": (p.get("band") or [None, None])[0],
            "high": (p.get("band") or [None, None])[1],
        }
        for p in report.get("periods", [])
        if p.get("score") is not None
    ]
    # plain records: no DataFrame library needed (altair's generated Data.__init__ is unannotated)
    df = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    # a true time axis: every period from the first to the last, empty ones left as gaps
    from .trend import timeline

    labels = [
        p if isinstance(p, str) else p["period"]
        for p in timeline([p for p in report.get("periods", []) if p.get("score") is not None], report.get("by"))
    ]
    x = alt.X("period:O", sort=labels, scale=alt.Scale(domain=labels), title=report.get("by", "period"))
    y = alt.Y("score:Q", scale=alt.Scale(domain=[-10, 10]), title="relation score (PLOVER, weighted mean)")
    base = alt.Chart(df)
    # the filtered level and its 90% band (local-level model): where the relation stands, and how sure
    band = base.mark_area(color="#4a78b5", opacity=0.18).encode(
        x=x, y=alt.Y("low:Q", scale=alt.Scale(domain=[-10, 10])), y2="high:Q"
    )
    level = base.mark_line(color="#4a78b5").encode(x=x, y=alt.Y("level:Q", scale=alt.Scale(domain=[-10, 10])))
    line = base.mark_line(color="#888", strokeDash=[2, 2]).encode(x=x, y=y)
    points = base.mark_circle().encode(
        x=x,
        y=y,
        size=alt.Size("events:Q", title="events"),
        color=alt.Color(
            "sign:N",
            scale=alt.Scale(domain=["negative", "zero", "positive"], range=["#c0392b", "#888888", "#27ae60"]),
            title=None,
        ),
        tooltip=["period:O", "score:Q", "events:Q"],
    )
    zero_data = alt.Data(values=[{"y": 0}])  # type: ignore[no-untyped-call]  # as above
    zero = alt.Chart(zero_data).mark_rule(color="black", strokeDash=[4, 3]).encode(y="y:Q")
    trend = report.get("trend") or {}
    # actor labels are the user's words: no markup in a chart that may be saved as HTML
    title = re.sub(r"[<>&\"'`]", "", f"{a} – {b}: {trend.get('label', '')} ({trend.get('period', '')})")
    return alt.layer(band, zero, level, line, points).properties(title=title, width=max(300, 40 * len(rows)), height=260)


def plot_ties(report: dict[str, Any], path: str | pathlib.Path) -> pathlib.Path:
    """Write the chart to ``path``; the suffix picks the format: .png, .svg or .html (self-contained)."""
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".html"):
        raise ValueError(f"plot format must be .png, .svg or .html, not {suffix or path.name!r}")
    try:
        import altair  # noqa: F401
        import vl_convert  # noqa: F401
    except ImportError:
        raise ValueError("writing charts needs the charts extra (Altair, vl-convert): pip install 'tieline[charts]'") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    chart = tie_chart(report)
    if suffix == ".html":
        import vl_convert as vlc

        path.write_text(vlc.vegalite_to_html(chart.to_dict(), bundle=True), encoding="utf-8")
    elif suffix == ".svg":
        import vl_convert as vlc

        path.write_text(vlc.vegalite_to_svg(chart.to_dict()), encoding="utf-8")
    else:
        import vl_convert as vlc

        path.write_bytes(vlc.vegalite_to_png(chart.to_dict(), scale=2))
    return path


def render_network_table(report: dict[str, Any]) -> Table:
    """A rich table of :func:`tieline.ties.network`'s matrix: "score / events" per pair, coloured by sign."""
    from rich.table import Table
    from rich.text import Text

    actors = report.get("actors", [])
    scores, counts = report.get("matrix", []), report.get("events", [])
    t = Table(title="relations (score / events)")
    t.add_column("")
    for a in actors:
        t.add_column(str(a), justify="right")
    for i, a in enumerate(actors):
        row: list[Any] = [str(a)]
        for j in range(len(actors)):
            s = scores[i][j] if i < len(scores) and j < len(scores[i]) else None
            if i == j or s is None:
                row.append("")
            else:
                style = "green" if s > 0 else "red" if s < 0 else ""
                row.append(Text(f"{s:+.1f} / {counts[i][j]}", style=style))
        t.add_row(*row)
    return t
