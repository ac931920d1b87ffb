"""Ties: relation scores per pair of actors over time, trends and the events behind them.

from tieline.ties import tie_report, top_partners, network
tie_report(store, "Iran", "Hamas", by="year")
"""

from typing import Any, Callable

from .keys import ActorKey, fallback_resolver, key_from_strings, resolve_actor
from .series import dyad_events, network, pair_ctes, period_label, reasons, series, tie_report, top_dyads, top_partners
from .indexes import ensure_indexes, sort_tie_index
from .trend import label_trend
from .weights import DEFAULT_MODALITY_WEIGHTS, Weights

__all__ = [
    "dyad_events",
    "top_dyads",
    "ActorKey",
    "fallback_resolver",
    "key_from_strings",
    "resolve_actor",
    "network",
    "pair_ctes",
    "period_label",
    "reasons",
    "series",
    "tie_report",
    "top_partners",
    "ensure_indexes",
    "sort_tie_index",
    "label_trend",
    "DEFAULT_MODALITY_WEIGHTS",
    "Weights",
    "render_tie_table",
    "render_network_table",
    "plot_ties",
]


def __getattr__(name: str) -> Callable[..., Any]:  # rich / altair are imported only when rendering
    if name == "render_tie_table":
        from .render import render_tie_table

        return render_tie_table
    if name == "render_network_table":
        from .render import render_network_table

        return render_network_table
    if name == "plot_ties":
        from .render import plot_ties

        return plot_ties
    raise AttributeError(name)
